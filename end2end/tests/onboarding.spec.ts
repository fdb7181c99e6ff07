import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD, freshEmail, hydrated, signIn, signUp, startApplication } from './helpers';

// The onboarding journey on a phone: apply (reloading half-way), an advisor approves with the
// recommendations in view, the new member asks to join a recommended circle, the facilitator
// accepts, and the circle shows on the co-op's profile.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const CIRCLE = 'Democratic governance in practice';

async function fillFirstPart(page: Page, coop: string) {
  await page.getByLabel('Name of the co-operative').fill(coop);
  await page.getByLabel('Legal form').selectOption({ label: 'Worker co-operative' });
  await page.getByLabel('Sector', { exact: true }).selectOption({ label: 'Food and drink' });
  await page.getByLabel('Nation').selectOption({ label: 'England' });
  await page.getByLabel('Region').selectOption('London');
}

async function fillSecondPart(page: Page) {
  await page.getByLabel('Number of members').fill('14');
  await page.getByLabel('Number of staff').fill('3');
  await page.getByLabel('How should we contact you?').selectOption({ label: 'Email' });
  await page.getByLabel('How do you prefer to meet?').selectOption({ label: 'Online' });
  await page.getByLabel('Governance: boards, general meetings, decisions').check();
  await page.locator('#co_operative-urgency').selectOption('high');
  await page.locator('#co_operative-words').fill('Our general meetings are poorly attended.');
}

test('apply, get approved, join a recommended circle', async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one journey is enough; it sets its own phone viewport');
  const coop = `Lea Valley Bakers ${Date.now()}`;
  await signUp(page, 'Lena Applicant', freshEmail('applicant'), 'lena passphrase 2026');

  await page.goto('/apply');
  await hydrated(page);
  await page.getByRole('button', { name: 'Start an application' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Membership application' })).toBeVisible();
  await hydrated(page);
  await fillFirstPart(page, coop);
  await expect(page.getByRole('status').filter({ hasText: 'All your answers are saved.' })).toBeVisible();

  // A reload half-way loses nothing.
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Name of the co-operative')).toHaveValue(coop);
  await expect(page.getByLabel('Region')).toHaveValue('London');

  // Continue with gaps: errors by the fields, and what was typed is still there.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a number (0 if none)');
  await expect(page.locator('#members_count-error')).toBeVisible();
  await expect(page.getByLabel('Name of the co-operative')).toHaveValue(coop);

  await fillSecondPart(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your answers' })).toBeVisible();
  await expect(page.locator('[data-field="org_name"]')).toContainText(coop);
  await expect(page.locator('.needs')).toContainText('Governance: boards, general meetings, decisions');
  await hydrated(page);
  await page.getByRole('button', { name: 'Send application' }).click();
  await expect(page.getByRole('heading', { name: 'Application sent' })).toBeVisible();
  await expect(page.locator('.card', { hasText: coop })).toContainText('Submitted');

  // The advisor reviews it and sees why the circle is recommended.
  const advisorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const advisor = await advisorContext.newPage();
  await signIn(advisor, 'advisor@demo.coop', DEMO_PASSWORD);
  await expect(advisor.getByRole('heading', { level: 1, name: 'Hello, Gareth Jones' })).toBeVisible();
  await advisor.goto('/advice?theme=co_operative');
  await advisor.getByRole('link', { name: coop }).click();
  await expect(advisor.getByRole('heading', { level: 1, name: coop })).toBeVisible();
  await hydrated(advisor);
  await advisor.getByRole('button', { name: 'Take this application' }).click();
  await expect(advisor.locator('[data-status="in_review"]')).toBeVisible();
  const recommendation = advisor.locator('.recommendation').first();
  await expect(recommendation).toContainText(CIRCLE);
  await expect(recommendation).toContainText('works on governance');
  await expect(recommendation).toContainText('meets online');
  await advisor.getByLabel('Approve: the co-op becomes a member').check();
  await advisor.getByLabel('Message to the applicant').fill('Welcome to Co-operatives 2020!');
  await advisor.getByRole('button', { name: 'Record decision' }).click();
  await expect(advisor.locator('[data-status="approved"]')).toBeVisible();
  await advisorContext.close();

  // The new member sees the profile and asks to join the recommended circle.
  await page.goto('/apply');
  await page.locator('.card', { hasText: coop }).getByRole('link', { name: "See your co-op's profile" }).click();
  await expect(page.getByRole('heading', { level: 1, name: coop })).toBeVisible();
  await page.locator('.recommendation', { hasText: CIRCLE }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: CIRCLE })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Message to the facilitator (optional)').fill('We would like to improve our meetings.');
  await page.getByRole('button', { name: `Ask to join for ${coop}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Request sent' })).toBeVisible();

  // The facilitator accepts.
  const facilitatorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const facilitator = await facilitatorContext.newPage();
  await signIn(facilitator, 'facilitator@demo.coop', DEMO_PASSWORD);
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Hello, Priya Patel' })).toBeVisible();
  await facilitator.goto(page.url().split('#')[0].replace(/\?.*$/, ''));
  await hydrated(facilitator);
  const request = facilitator.locator('[data-request]', { hasText: coop });
  await request.getByRole('button', { name: 'Accept' }).click();
  await expect(facilitator.locator('.members')).toContainText(coop);
  await facilitatorContext.close();

  // The circle is on the co-op's profile.
  await page.goto('/coops');
  await page.getByRole('link', { name: coop }).click();
  await expect(page.locator('.profile-circles')).toContainText(CIRCLE);
});

test('what was typed just before leaving the page is saved', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one run is enough');
  await signUp(page, 'Lee Leaver', freshEmail('leaver'), 'lee passphrase 2026');
  await page.goto('/apply');
  await hydrated(page);
  await page.getByRole('button', { name: 'Start an application' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Membership application' })).toBeVisible();
  await hydrated(page);
  const url = page.url();
  await page.getByLabel('Name of the co-operative').fill('Typed Then Gone Co-op');
  // Leave at once, before the autosave's pause is over: the page hands the draft to the browser.
  await page.goto('/circles');
  await page.goto(url);
  await expect(page.getByLabel('Name of the co-operative')).toHaveValue('Typed Then Gone Co-op');
});

test('the form fetches no script until it is used, and words typed before its autosave wakes are saved', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one run is enough');
  await signUp(page, 'Wren Early', freshEmail('early'), 'wren passphrase 2026');
  const id = await startApplication(page);
  // Untouched, the woken form keeps nothing in the tab and saves nothing.
  await page.waitForTimeout(500);
  expect(await page.evaluate((k) => sessionStorage.getItem(k), `cc-draft-${id}`), 'nothing kept for an untouched form').toBeNull();
  await expect(page.locator('.draft-status')).toHaveText('');
  // The form afresh, on a network slow enough that the autosave wakes only after the typing.
  const scripts: string[] = [];
  page.on('request', (r) => { if (/\.(js|wasm)$/.test(new URL(r.url()).pathname)) scripts.push(r.url()); });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`/apply/${id}`);
  await page.waitForLoadState('networkidle');
  expect(scripts, 'loading the form fetches no script').toEqual([]);
  await page.getByLabel('Name of the co-operative').fill('Typed Early Co-op');
  await expect.poll(() => scripts.some((u) => u.endsWith('.wasm')), { message: 'typing wakes the autosave' }).toBe(true);
  release();
  await hydrated(page);
  await expect(page.locator('.draft-status')).toHaveText('All your answers are saved.', { timeout: 20_000 });
  // Saved on the server: a new tab (its own, empty sessionStorage) shows the words.
  const other = await page.context().newPage();
  await other.goto(`/apply/${id}`);
  await expect(other.getByLabel('Name of the co-operative')).toHaveValue('Typed Early Co-op');
  await other.close();
});

test('words typed and left before the autosave has woken are sent as the page goes', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one run is enough');
  await signUp(page, 'Nell Hasty', freshEmail('hasty'), 'nell passphrase 2026');
  const id = await startApplication(page);
  // A network so slow that the autosave never wakes on this visit.
  await page.route('**/*.wasm', () => {});
  await page.goto(`/apply/${id}`);
  await page.getByLabel('Name of the co-operative').fill('Typed And Gone Co-op');
  await page.goto('/circles');
  await page.unroute('**/*.wasm');
  const other = await page.context().newPage();
  await other.goto(`/apply/${id}`);
  await expect(other.getByLabel('Name of the co-operative')).toHaveValue('Typed And Gone Co-op');
  await other.close();
});

test('the onboarding pages fit a 320px screen', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one run is enough');
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, 'advisor2@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Fiona MacLeod' })).toBeVisible();
  for (const path of ['/advice', '/advice/1', '/circles', '/circles/1', '/coops/13', '/apply']) {
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(320);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the application form works by plain posts, errors included', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'one run is enough');
    const coop = `No Script Co-op ${Date.now()}`;
    await page.goto('/signup');
    await page.getByLabel('Full name').fill('Nora Noscript');
    await page.getByLabel('Email address').fill(freshEmail('noscript'));
    await page.getByLabel('Password', { exact: true }).fill('nora passphrase 2026');
    await page.getByLabel('Confirm password').fill('nora passphrase 2026');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Hello, Nora Noscript' })).toBeVisible();

    await page.goto('/apply');
    await page.getByRole('button', { name: 'Start an application' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Membership application' })).toBeVisible();
    await fillFirstPart(page, coop);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByText('Your draft is saved.')).toBeVisible();
    await expect(page.getByLabel('Name of the co-operative')).toHaveValue(coop);

    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert')).toContainText('Tell us about at least one need');
    await expect(page.getByLabel('Region')).toHaveValue('London');

    await fillSecondPart(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your answers' })).toBeVisible();
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect(page.getByRole('heading', { name: 'Application sent' })).toBeVisible();
  });
});
