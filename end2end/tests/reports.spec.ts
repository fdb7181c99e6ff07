import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, nextYear, signIn } from './helpers';

// Reports on a phone: Mill Lane (co-op 1, Tom's) writes a progress report on its induction goal
// as the form saves itself, checks and sends it; an advisor comments on a section and asks for
// changes; Tom changes it and sends it again; the advisor accepts it with a follow-up date.
// (The follow-up the job queue raises on that date is tested on the server: reports.rs.)

async function signInAs(page: Page, email: string, name: string) {
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
}

// From Mill Lane's reports page: a progress report on its induction goal, its form awake.
// Returns the report's address.
async function startInductionReport(page: Page): Promise<string> {
  await page.getByLabel('Progress report').check();
  await page.getByLabel('On', { exact: true }).selectOption({ label: 'Update our induction process' });
  await page.getByRole('button', { name: 'Start the report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Progress report: Update our induction process' })).toBeVisible();
  await hydrated(page);
  return page.url();
}

test('a report is written as it saves itself, sent, sent back with a comment, changed, and accepted', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'changes the demo reports: once');
  test.setTimeout(120_000);
  const tom = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signInAs(tom, 'member@demo.coop', 'Tom Whitaker');
  await tom.goto('/coops/1/programme');
  await tom.getByRole('link', { name: 'Reports on the programme' }).click();
  await expect(tom.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  // The demo's reports, in every status.
  for (const status of ['Accepted', 'Sent, waiting for an advisor', 'Changes asked for', 'Draft']) {
    await expect(tom.locator('.reports')).toContainText(status);
  }
  const reportUrl = await startInductionReport(tom);

  // Typing saves by itself; a reload keeps it.
  const summary = 'The welcome pack went to four newcomers; two asked for a buddy straight away.';
  await tom.getByLabel('What happened since the last report').fill(summary);
  await expect(tom.locator('.draft-status')).toHaveText('All your answers are saved.', { timeout: 20_000 });
  await tom.reload();
  await expect(tom.getByLabel('What happened since the last report')).toHaveValue(summary);
  // The programme's activities are in the report as they stand.
  await expect(tom.locator('.report__activities')).toContainText('Pilot a buddy scheme with the next three newcomers');

  // Continue: a required section left empty is named by its field.
  await tom.getByRole('button', { name: 'Continue' }).click();
  await expect(tom.locator('.error-summary')).toContainText('Where the work stands: Answer this section');
  await tom.getByLabel('Some delay').check();
  await tom.getByLabel('People involved').fill('6');
  await tom.getByRole('button', { name: 'Continue' }).click();
  await expect(tom.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
  await expect(tom.locator('.report__answers')).toContainText('6 people');
  await expect(tom.locator('.report__answers')).toContainText('Some delay');
  await tom.getByRole('button', { name: 'Send the report' }).click();
  await expect(tom.getByRole('status')).toHaveText('The report is sent. An advisor will read it.');
  await expect(tom.getByTestId('report-status')).toHaveText('Sent, waiting for an advisor');

  // The advisor finds it in the queue, comments on a section and asks for changes.
  const advisor = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signInAs(advisor, 'advisor@demo.coop', 'Gareth Jones');
  await advisor.goto('/reports');
  await expect(advisor.getByRole('heading', { level: 1, name: 'Reports to read' })).toBeVisible();
  await advisor.getByRole('link', { name: 'Progress report: Update our induction process' }).last().click();
  await expect(advisor).toHaveURL(reportUrl);
  const section = advisor.locator('#section-summary');
  await section.locator('summary', { hasText: 'Comment on this section' }).click();
  await section.getByLabel('Comment').fill('Which two? Name the buddies (first names are enough).');
  await section.getByRole('button', { name: 'Add the comment' }).click();
  await expect(advisor.getByRole('status')).toHaveText('The comment is added.');
  await advisor.getByLabel('Ask for changes').check();
  await advisor.getByRole('button', { name: 'Record the decision' }).click();
  await expect(advisor.locator('#reason-error')).toContainText('Say what should change');
  // The choice made is still made.
  await expect(advisor.getByLabel('Ask for changes')).toBeChecked();
  await advisor.getByLabel('Why, in a few words').fill('Add who the buddies are, then send it again.');
  await advisor.getByRole('button', { name: 'Record the decision' }).click();
  await expect(advisor.getByTestId('report-status')).toHaveText('Changes asked for');

  // Tom sees why, with the comment beside its section, changes it and sends it again.
  await tom.goto(reportUrl);
  await expect(tom.locator('.notice--warning')).toContainText('Add who the buddies are, then send it again.');
  await expect(tom.getByTestId('comments-summary')).toContainText('Name the buddies');
  await hydrated(tom);
  await tom.getByLabel('What happened since the last report').fill(`${summary} Buddies: Ana and Sam.`);
  await tom.getByRole('button', { name: 'Continue' }).click();
  await tom.getByRole('button', { name: 'Send the report' }).click();
  await expect(tom.getByTestId('report-status')).toHaveText('Sent, waiting for an advisor');

  // Accepted, with a follow-up date.
  await advisor.goto(reportUrl);
  await advisor.getByLabel('Accept it').check();
  await advisor.getByLabel('Follow-up on (optional)').fill(`${nextYear()}-03-01`);
  await advisor.getByRole('button', { name: 'Record the decision' }).click();
  await expect(advisor.getByTestId('report-status')).toHaveText('Accepted');
  await expect(advisor.getByText(`A follow-up is planned for ${nextYear()}-03-01.`)).toBeVisible();
  await advisor.locator('summary', { hasText: 'History of the report' }).click();
  await expect(advisor.getByTestId('report-history')).toContainText('Gareth Jones · Changes asked for: Add who the buddies are');
  await expect(advisor.getByTestId('report-history')).toContainText('Gareth Jones · Accepted');
});

test.describe('without JavaScript, on a 320px screen', () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });

  test('a final report is written and sent by posting forms', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'changes the demo reports: once');
    await signInAs(page, 'member@demo.coop', 'Tom Whitaker');
    await page.goto('/coops/1/reports');
    await page.getByLabel('Final report').check();
    await page.getByRole('button', { name: 'Start the report' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Final report' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByLabel('The outcome').fill('Newcomers now meet a buddy in their first week.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.locator('.notice[role=status]')).toHaveText('Your draft is saved. You can come back to it at any time.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('#section-lasting-error')).toContainText('Answer this section');
    await expect(page.getByLabel('The outcome')).toHaveValue('Newcomers now meet a buddy in their first week.');
    await page.getByLabel('How it will last').fill('Two members run the buddy rota; it is in the handbook.');
    // A PDF attached by posting the form: what was just typed is saved with it. A file that is
    // not a photo, a PDF or an office document is refused by the field, whatever its name.
    await page.getByLabel('Evidence').setInputFiles({ name: 'rota.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('just some words, not a photo') });
    await page.getByRole('button', { name: 'Attach' }).click();
    await expect(page.locator('#section-evidence-error')).toContainText('That file was not attached');
    await expect(page.getByLabel('How it will last')).toHaveValue('Two members run the buddy rota; it is in the handbook.');
    await page.getByLabel('Evidence').setInputFiles({ name: 'buddy-rota.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n') });
    await page.getByRole('button', { name: 'Attach' }).click();
    await expect(page.locator('.notice[role=status]')).toHaveText('The file is attached, and your answers are saved.');
    await expect(page.getByTestId('files-evidence')).toContainText('buddy-rota.pdf');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.report__answers')).toContainText('buddy-rota.pdf');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await expect(page.getByTestId('report-status')).toHaveText('Sent, waiting for an advisor');
    await expect(page.getByTestId('files-evidence').getByRole('link', { name: 'buddy-rota.pdf' })).toBeVisible();
  });
});

// The follow-up the job queue raises on its date: the demo's "last winter" report was accepted
// with a follow-up that fell due yesterday, so the real worker raises it soon after the server
// starts. The co-op finds it as a draft that points back at the report it follows.
test('a follow-up that fell due is raised by the job queue and waits for the co-op', async ({ page }) => {
  await signInAs(page, 'member@demo.coop', 'Tom Whitaker');
  const followUp = page.locator('.report-item', { hasText: 'Follow-up: Progress report: last winter' });
  await expect
    .poll(async () => {
      await page.goto('/coops/1/reports');
      return followUp.count();
    }, { timeout: 30_000 })
    .toBe(1);
  await expect(followUp).toContainText('Draft');
  await followUp.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Follow-up: Progress report: last winter' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Follows up Progress report: last winter');
  await expect(page.getByTestId('report-status')).toHaveText('Draft');
});

// A choice (one of a group of radio buttons) kept in the tab and put back after a reload is the
// choice made: the tab keeps the ticked one's value, and putting it back ticks that one and
// leaves every choice's own value alone. (It once kept every choice's value and, putting them
// back, gave each the first one's: "Some delay" ticked was sent as "On track".)
test('a choice made just before a reload is the one put back and saved', async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'starts a demo report: once');
  await signInAs(page, 'member@demo.coop', 'Tom Whitaker');
  await page.goto('/coops/1/reports');
  const url = await startInductionReport(page);
  // The server hears nothing until after the reload, as on a phone that lost its signal: the
  // saves fail and the words sent as the page goes are lost on the way. They stay in the tab.
  await context.route('**/api/reports/save', (route) => route.abort());
  await page.evaluate(() => { navigator.sendBeacon = () => true; });
  await page.getByLabel('What happened since the last report').fill('Two newcomers joined the buddy scheme.');
  await page.getByLabel('Some delay').check();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('What happened since the last report')).toHaveValue('Two newcomers joined the buddy scheme.');
  await expect(page.getByLabel('Some delay')).toBeChecked();
  await expect(page.getByLabel('On track')).not.toBeChecked();
  // Let the server hear again: the autosave sends what was put back.
  await context.unroute('**/api/reports/save');
  await page.getByLabel('People involved').fill('3');
  await expect(page.locator('.draft-status')).toHaveText('All your answers are saved.', { timeout: 20_000 });
  const other = await context.newPage();
  await other.goto(`${url}/check`);
  await expect(other.locator('.report__answers')).toContainText('Some delay');
  await expect(other.locator('.report__answers')).not.toContainText('On track');
  await other.close();
});
