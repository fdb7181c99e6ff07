import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, nextYear, signIn } from './helpers';

// A facilitator schedules a meeting from the circle page; a member of a co-op in the circle
// finds it on the co-op's profile, answers, and gets the calendar file.
test('schedule a meeting, find it on the co-op profile, RSVP, add it to a calendar', async ({ page, browser }, testInfo) => {
  const title = `Governance evening ${testInfo.project.name} ${Date.now()}`;
  await signIn(page, 'facilitator@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Priya Patel' })).toBeVisible();
  await page.goto('/circles/1');
  await page.getByRole('link', { name: 'Schedule a meeting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule a meeting' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Date').fill(`${nextYear()}-07-01`);
  await page.getByLabel('Start time').fill('18:30');
  await page.getByLabel('Length in minutes').fill('60');
  await page.getByLabel('How it meets').selectOption({ label: 'Online' });
  await page.getByLabel('Where').fill('https://meet.example.coop/governance');
  await page.getByLabel('Agenda').fill('Check-in round | 10\nBoard elections | 40');
  await page.getByRole('button', { name: 'Save the meeting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Meeting saved');
  await expect(page.locator('.agenda')).toContainText('Board elections');
  await expect(page.locator('time').first()).toContainText(`1 Jul ${nextYear()}, 18:30 BST`);

  const memberContext = await browser.newContext({ viewport: page.viewportSize()! });
  const member = await memberContext.newPage();
  await signIn(member, 'member@demo.coop', DEMO_PASSWORD);
  await expect(member.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await member.goto('/coops');
  await member.getByRole('link', { name: 'Mill Lane Bakery Co-operative' }).click();
  await member.locator('.meetings').getByRole('link', { name: title }).click();
  await expect(member.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await hydrated(member);
  await member.getByLabel('Yes').check();
  await member.getByRole('button', { name: 'Send my answer' }).click();
  await expect(member.locator('.summary')).toContainText('1 yes');

  const ics = await member.request.get(member.url().replace(/\?.*$/, '') + '/calendar.ics');
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  const body = await ics.text();
  expect(body).toContain(`DTSTART;TZID=Europe/London:${nextYear()}0701T183000`);
  expect(body).toContain(`SUMMARY:${title}`);
  await memberContext.close();
});

test('a new calendar feed address is shown once, and the feed reads as iCalendar', async ({ page }) => {
  await signIn(page, 'member@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await page.goto('/account');
  await page.getByRole('button', { name: /Create my feed address|Make a new address/ }).click();
  const shown = page.locator('.feed-url');
  await expect(shown).toHaveText(/\/calendar\/[0-9a-f]{64}\.ics$/);
  // Never in the address bar.
  expect(page.url()).not.toMatch(/[0-9a-f]{64}/);
  const address = (await shown.innerText()).trim();
  const ics = await page.request.get(new URL(address).pathname);
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  // Shown once: a reload no longer shows it.
  await page.reload();
  await expect(page.locator('.feed-url')).toHaveCount(0);
});
