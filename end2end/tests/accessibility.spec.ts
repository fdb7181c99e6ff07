import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_PASSWORD, freshEmail, hydrated, nextYear, scheduleMeeting, signIn, signUp, startApplication } from './helpers';

// Every main page, as each kind of person sees it, scanned by axe-core against WCAG 2.2 A and
// AA, on a phone and on a desktop. Any serious or critical violation fails the test, with the
// page, the rule and the elements it found.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function scan(page: Page, found: string[]) {
  await hydrated(page);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const route = new URL(page.url()).pathname;
  for (const v of results.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      found.push(`${route}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`).join(' | ')}`);
    }
  }
}

async function visit(page: Page, routes: string[], found: string[]) {
  for (const route of routes) {
    await page.goto(route);
    await scan(page, found);
  }
}

test('signed-out pages have no serious accessibility problem', async ({ page }) => {
  const found: string[] = [];
  await visit(page, ['/', '/signin', '/signup', '/forgot', '/no-such-page'], found);
  // A form that came back with errors.
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await scan(page, found);
  expect(found, found.join('\n')).toEqual([]);
});

test("a new applicant's pages have no serious accessibility problem", async ({ page }) => {
  const found: string[] = [];
  await signUp(page, 'Axe Applicant', freshEmail('axe'), 'a long enough password 1');
  await scan(page, found);
  const id = await startApplication(page);
  await scan(page, found);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await scan(page, found);
  await visit(page, [`/apply/${id}/check`, '/account', '/circles'], found);
  expect(found, found.join('\n')).toEqual([]);
});

test("a member's pages have no serious accessibility problem", async ({ page }) => {
  const found: string[] = [];
  await signIn(page, 'member@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await scan(page, found);
  await visit(page, ['/account', '/circles', '/circles/1', '/coops', '/live'], found);
  await page.goto('/coops');
  await page.locator('main a[href^="/coops/"]').first().click();
  await scan(page, found);
  // The co-op's programme and its forms, one of them back with errors.
  await visit(page, ['/coops/1/programme', '/coops/1/programme/goals/new'], found);
  await page.getByRole('button', { name: 'Save the goal' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await scan(page, found);
  await page.goto('/coops/1/programme');
  await page.locator('.activity a[href*="/activities/"]').first().click();
  await scan(page, found);
  // Its reports: the list, a draft (the form), one that was sent.
  await visit(page, ['/coops/1/reports'], found);
  await page.locator('.report-item[data-status="draft"] a').first().click();
  await scan(page, found);
  await page.goto('/coops/1/reports');
  await page.locator('.report-item[data-status="accepted"] a').first().click();
  await scan(page, found);
  // Its portfolio: the choices, and back with an error by the field.
  await visit(page, ['/coops/1/portfolio'], found);
  await page.locator('input[id^="place-"]').first().fill('0');
  await page.getByRole('button', { name: 'Save the portfolio' }).click();
  await expect(page.locator('.error-summary')).toBeVisible();
  await scan(page, found);
  // The member's own learning record.
  await visit(page, ['/account/record'], found);
  await page.goto('/coops/1/programme');
  const proposal = page.getByRole('link', { name: 'Accept or drop' });
  if (await proposal.count()) {
    await proposal.first().click();
    await scan(page, found);
  }
  expect(found, found.join('\n')).toEqual([]);
});

test("an advisor's and an admin's pages have no serious accessibility problem", async ({ page }) => {
  const found: string[] = [];
  await signIn(page, 'advisor@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await visit(page, ['/advice'], found);
  await page.locator('main a[href^="/advice/"]').first().click();
  await scan(page, found);
  await visit(page, ['/coops/1/programme', '/coops/1/portfolio', '/reports'], found);
  await page.locator('main a[href^="/reports/"]').first().click();
  await scan(page, found);

  await page.context().clearCookies();
  await signIn(page, 'admin@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await visit(page, ['/admin/people', '/admin/outbox', '/admin/questionnaire', '/admin/templates', '/circles/new'], found);
  expect(found, found.join('\n')).toEqual([]);
});

test("a facilitator's meeting and live room have no serious accessibility problem", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const found: string[] = [];
  await signIn(page, 'facilitator@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Priya Patel' })).toBeVisible();
  await scheduleMeeting(page, {
    title: `Axe ${testInfo.project.name} ${Date.now()}`, date: `${nextYear()}-09-04`, how: 'Face to face',
    where: 'Unity House', agenda: 'Check-in | 5\nDecisions | 20',
  });
  await scan(page, found);
  await page.getByRole('button', { name: 'Start the live session' }).click();
  await expect(page.getByRole('heading', { name: "Facilitator's console" })).toBeVisible();
  await scan(page, found);
  expect(found, found.join('\n')).toEqual([]);
});
