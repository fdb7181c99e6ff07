import { test, expect, Browser, Page } from '@playwright/test';
import { DEMO_PASSWORD, freshEmail, hydrated, nextYear, scheduleMeeting, signIn, signUp, startApplication } from './helpers';

// Issue 10, "tried on a phone as a new user": each numbered item that was confusing or lost
// people, checked on a phone so it stays fixed.

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'phone items, run once on the phone');
});

async function phone(browser: Browser, email: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
  return page;
}

test('8: a new account is offered "Apply" on its home page', async ({ page }) => {
  await signUp(page, 'Nia New', freshEmail('nia'), 'a long enough password');
  await page.getByRole('link', { name: 'Apply for your co-operative' }).click();
  await expect(page).toHaveURL(/\/apply$/);
});

test('9: a member refused the advice queue sees only the refusal, with a 403', async ({ page }) => {
  await signIn(page, 'member@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  const response = await page.goto('/advice');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access' })).toBeVisible();
  await expect(page.locator('form.filters')).toHaveCount(0);
  await expect(page.locator('details.propose')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Applications to review' })).toHaveCount(0);
});

test('10: an advisor reads how an application came in, and is not offered "Apply"', async ({ browser }) => {
  const advisor = await phone(browser, 'advisor@demo.coop', 'Gareth Jones');
  await expect(advisor.locator('nav').getByRole('link', { name: 'Apply', exact: true })).toHaveCount(0);
  await advisor.goto('/advice');
  await advisor.locator('.queue .card__title a').first().click();
  const channel = advisor.locator('[data-channel]');
  await expect(channel).toHaveText(/^(Sent online by the co-op|Entered by an advisor after a phone call|Entered by an advisor after an email)$/);
  await expect(advisor.locator('main')).not.toContainText('received by');
});

test('7 and 2: the error summary names each question, and "Change" links say what they change and land on the field', async ({ page }) => {
  await signUp(page, 'Ola Applicant', freshEmail('ola'), 'a long enough password');
  const id = await startApplication(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Sector: Choose one of the options' })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Legal form: Choose one of the options' })).toBeVisible();
  // No two lines the same.
  const lines = await summary.locator('li').allInnerTexts();
  expect(new Set(lines).size).toBe(lines.length);

  await page.goto(`/apply/${id}/check`);
  const change = page.getByRole('link', { name: 'Change number of members' });
  await expect(change).toHaveCount(1);
  await change.click();
  await expect(page).toHaveURL(new RegExp(`/apply/${id}#members_count$`));
  await hydrated(page);
  await expect(page.locator('#members_count')).toBeFocused();
});

test('1: words typed just before a reload are on the reloaded page, and typing on does not erase them', async ({ page, context }) => {
  await signUp(page, 'Rae Reload', freshEmail('rae'), 'a long enough password');
  await startApplication(page);
  const url = page.url();
  await page.getByLabel('Name of the co-operative').fill('Riverside Reloaded');
  // Reload at once, before the autosave's pause is over.
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Name of the co-operative')).toHaveValue('Riverside Reloaded');
  // Let the page settle: it may have put back the words kept in the tab and saved them, or
  // (when the words sent as the old page left arrived first) taken that newer draft.
  await page.waitForLoadState('networkidle');
  await hydrated(page);
  await expect(page.locator('.draft-status')).toHaveText(/^(|All your answers are saved\.)$/, { timeout: 20_000 });
  await expect(page.getByLabel('Name of the co-operative')).toHaveValue('Riverside Reloaded');
  // Typing on from the reloaded page saves without erasing the words.
  await page.getByLabel('Website').fill('https://riverside.example.coop');
  await expect(page.locator('.draft-status')).toHaveText('All your answers are saved.', { timeout: 20_000 });
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByLabel('Name of the co-operative')).toHaveValue('Riverside Reloaded');
  await expect(other.getByLabel('Website')).toHaveValue('https://riverside.example.coop');
  await other.close();
});

test('3, 4, 6, 11, 12, 13: the live room before it starts, the console first on a phone, one "Check in" each, a poll form that empties, closing that asks first and leads to the summary', async ({ browser }) => {
  test.setTimeout(90_000);
  const facilitator = await phone(browser, 'facilitator@demo.coop', 'Priya Patel');
  const title = `Phone fixes ${Date.now()}`;
  await scheduleMeeting(facilitator, {
    title, date: `${nextYear()}-07-04`, how: 'Face to face', where: 'Unity House, Manchester',
    agenda: 'Check-in | 5\nBoard elections | 20',
  });
  await facilitator.getByRole('button', { name: 'Start the live session' }).click();
  await expect(facilitator.getByRole('heading', { name: "Facilitator's console" })).toBeVisible();
  await hydrated(facilitator);

  // 6: before anything has started, the bar says what will happen, and shows no clock.
  await expect(facilitator.getByTestId('current-item')).toHaveText('Waiting for the facilitator to start the first item');
  await expect(facilitator.getByTestId('timer')).toHaveCount(0);
  await expect(facilitator.locator('.live__bar')).not.toContainText('00:00');

  // 4: on a phone the console's controls for now come before everyone's panels; attendance and
  // actions wait behind sections.
  const consoleTop = (await facilitator.getByRole('heading', { name: "Facilitator's console" }).boundingBox())!.y;
  const queueTop = (await facilitator.locator('#queue').boundingBox())!.y;
  expect(consoleTop).toBeLessThan(queueTop);
  await expect(facilitator.locator('.live__agenda').getByRole('button', { name: 'Start' }).first()).toBeInViewport();
  await expect(facilitator.locator('#poll-question')).toBeVisible();
  await expect(facilitator.locator('#action-what')).toBeHidden();
  await facilitator.screenshot({ path: test.info().outputPath('facilitator-console-390.png') });

  // 11: one "Check in" for oneself; the console's is "Check them in".
  await facilitator.locator('summary', { hasText: 'Attendance' }).click();
  await expect(facilitator.getByRole('button', { name: 'Check in', exact: true })).toHaveCount(1);
  await expect(facilitator.getByRole('button', { name: 'Check them in' })).toHaveCount(1);

  // 12: after "Open the poll", the form is empty again.
  await facilitator.locator('#poll-question').fill('Ready to start?');
  await facilitator.locator('#poll-kind').selectOption('thumbs');
  await facilitator.getByRole('button', { name: 'Open the poll' }).click();
  await expect(facilitator.locator('.live__poll', { hasText: 'Ready to start?' })).toBeVisible();
  await expect(facilitator.locator('#poll-question')).toHaveValue('');
  await expect(facilitator.locator('#poll-kind')).toHaveValue('single');

  // 13: closing asks first; the first tap changes nothing.
  await facilitator.locator('summary', { hasText: 'Close and keep the summary' }).click();
  await expect(facilitator.getByText('This session is closed.')).toHaveCount(0);
  await facilitator.getByRole('button', { name: 'Yes, close the session' }).click();

  // 3: the closed room links to the summary.
  await expect(facilitator.getByText('This session is closed.')).toBeVisible();
  await facilitator.getByRole('link', { name: "Read the summary on the meeting's page" }).click();
  await expect(facilitator.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(facilitator.getByRole('heading', { name: 'Session summary' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('13: cancelling a meeting asks first, and works without JavaScript', async ({ page }) => {
    await page.goto('/signin');
    await page.getByLabel('Email address').fill('facilitator@demo.coop');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Hello, Priya Patel' })).toBeVisible();
    const title = `To cancel ${Date.now()}`;
    await scheduleMeeting(page, { title, date: `${nextYear()}-07-05`, how: 'Online', where: 'https://meet.example.coop/x', agenda: 'Round | 5' }, { javaScript: false });
    await expect(page.getByRole('button', { name: 'Yes, cancel the meeting' })).toBeHidden();
    await page.locator('summary', { hasText: 'Cancel this meeting' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the meeting' }).click();
    await expect(page.getByText('This meeting is cancelled.')).toBeVisible();
  });
});

test('5: the needs analysis shows one theme at a time, saying which of seven it is', async ({ page }) => {
  await signUp(page, 'Theo Themes', freshEmail('themes'), 'a long enough password');
  const id = await startApplication(page);
  const themes = page.locator('details.theme');
  await expect(themes).toHaveCount(7);
  await expect(page.locator('details.theme[open]')).toHaveCount(1);
  await expect(themes.nth(2).locator('summary')).toContainText('Theme 3 of 7');
  await expect(themes.nth(6).locator('summary')).toContainText('Theme 7 of 7');
  // The form was about 6,300 px long on this phone with every theme open.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(4000);
  await page.screenshot({ path: test.info().outputPath('application-form-390.png'), fullPage: true });

  // Opening theme 3 closes theme 1 (no script needed); words typed there are kept with the
  // rest even once it is closed again.
  await themes.nth(2).locator('summary').click();
  await expect(themes.nth(2)).toHaveAttribute('open', '');
  await expect(page.locator('details.theme[open]')).toHaveCount(1);
  await page.locator('#people-words').fill('Nobody owns the induction of new members.');
  await themes.nth(0).locator('summary').click();
  await expect(page.locator('#people-words')).toBeHidden();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Your draft is saved')).toBeVisible();
  await page.goto(`/apply/${id}`);
  await themes.nth(2).locator('summary').click();
  await expect(page.locator('#people-words')).toHaveValue('Nobody owns the induction of new members.');

  // A "Change" link to a field in a closed theme opens that theme at the field.
  await page.goto(`/apply/${id}#people-words`);
  await hydrated(page);
  await expect(page.locator('#people-words')).toBeVisible();
});
