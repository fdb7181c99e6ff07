import { test, expect, Page } from '@playwright/test';
import { DEMO_PASSWORD, signIn } from './helpers';

// Activity programmes on a phone: the demo's Mill Lane Bakery (co-op 1, Tom's) traces its
// programme from its needs analysis, like co-operative XYZ in the seed. All plain pages: every
// form posts without JavaScript.

const PROGRAMME = '/coops/1/programme';

async function signInAs(page: Page, email: string, name: string) {
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

test('the representative reads the programme from its needs, drops a proposal with a reason, adds a goal and an activity', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'changes the demo programme: once');
  await signInAs(page, 'member@demo.coop', 'Tom Whitaker');
  await page.goto('/coops');
  await page.getByRole('link', { name: 'Mill Lane Bakery Co-operative' }).click();
  await expect(page.getByRole('heading', { name: 'Activity programme' })).toBeVisible();
  await page.getByRole('link', { name: 'Open the activity programme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity programme' })).toBeVisible();

  // Each goal names the needs it answers; progress counts done out of all, dropped left out.
  const induction = page.locator('section.goal', { hasText: 'Update our induction process' });
  await expect(induction.locator('.goal__issues')).toHaveText('Answers: Induction of newcomers');
  await expect(induction.locator('.progress')).toHaveText('1 of 3 activities done · 1 overdue');
  const late = induction.locator('.activity', { hasText: 'Pilot a buddy scheme' });
  await expect(late).toContainText('Overdue');
  await expect(late).toContainText('The circle');
  await expect(induction.locator('.activity', { hasText: 'Record an induction video' }))
    .toContainText('Dropped because: Members said they would rather meet someone than watch a video.');
  await expect(page.getByTestId('comments')).toContainText('Good to see the buddy pilot');

  // A proposal from a circle session: dropping it needs a reason, which is kept.
  const proposal = page.locator('.proposal', { hasText: 'Share the induction checklist with the circle' });
  await expect(proposal).toContainText('Tom · next month');
  await proposal.getByRole('link', { name: 'Accept or drop' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accept or drop' })).toBeVisible();
  await noSidewaysScroll(page);
  await page.getByRole('button', { name: 'Drop this proposal' }).click();
  await expect(page.locator('.error-summary')).toContainText('Say why it is dropped');
  await expect(page.locator('#reason-error')).toContainText('Say why it is dropped');
  await page.getByLabel('Why is it dropped?').fill('The circle already has the checklist from Pennine.');
  await page.getByRole('button', { name: 'Drop this proposal' }).click();
  await expect(page.getByRole('status')).toHaveText('The proposal was dropped; its reason is kept.');
  await expect(page.locator('.proposal', { hasText: 'Share the induction checklist' })).toHaveCount(0);
  await page.locator('summary', { hasText: 'Proposals already decided' }).click();
  await expect(page.locator('details', { hasText: 'Proposals already decided' }))
    .toContainText('The circle already has the checklist from Pennine.');

  // A new goal: every problem named by its field, and what was typed is kept.
  const goal = `Train two new board members ${Date.now()}`;
  await page.getByRole('link', { name: 'Add a goal' }).click();
  await noSidewaysScroll(page);
  await page.getByLabel('Goal', { exact: true }).fill(goal);
  await page.getByRole('button', { name: 'Save the goal' }).click();
  await expect(page.locator('#issues-error')).toContainText('Choose at least one need this goal answers');
  await expect(page.locator('#outcome-error')).toContainText('Say what will be different');
  await expect(page.getByLabel('Goal', { exact: true })).toHaveValue(goal);
  await expect(page.getByLabel('Members taking responsibility')).not.toBeChecked();
  await page.getByLabel('Members taking responsibility').check();
  await page.getByLabel('Outcome').fill('Two members ready to stand for the board next spring.');
  await page.getByRole('button', { name: 'Save the goal' }).click();
  await expect(page.getByRole('status')).toHaveText('The goal is saved.');
  const added = page.locator('section.goal', { hasText: goal });
  await expect(added.locator('.goal__issues')).toHaveText('Answers: Members taking responsibility');

  // An activity under it: a due date before its start is refused by the field.
  await added.getByRole('link', { name: 'Add an activity' }).click();
  await expect(page.getByLabel('Goal', { exact: true })).toHaveValue(/\d+/);
  await page.getByLabel('What', { exact: true }).fill('Shadow the board for two meetings');
  await page.getByLabel('Who carries it out').selectOption({ label: 'Tom Whitaker' });
  await page.getByLabel('Starts').fill('2031-03-10');
  await page.getByLabel('Due', { exact: true }).fill('2031-03-01');
  await page.getByRole('button', { name: 'Save the activity' }).click();
  await expect(page.locator('#due_on-error')).toContainText('The due date must be on or after the start');
  await expect(page.getByLabel('What', { exact: true })).toHaveValue('Shadow the board for two meetings');
  await expect(page.getByLabel('Who carries it out')).toHaveValue(/^person:\d+$/);
  await page.getByLabel('Due', { exact: true }).fill('2031-05-01');
  await page.getByRole('button', { name: 'Save the activity' }).click();
  await expect(page.getByRole('status')).toHaveText('The activity is saved.');
  await expect(added.locator('.activity')).toContainText('Tom Whitaker · from 2031-03-10 · due 2031-05-01');
  await expect(added.locator('.progress')).toHaveText('0 of 1 activities done');

  // Who did what, and when.
  await page.locator('summary', { hasText: 'History of changes' }).click();
  await expect(page.getByTestId('history')).toContainText(`Tom Whitaker · Goal added — ${goal}`);
  await expect(page.getByTestId('history')).toContainText('Proposal dropped — Share the induction checklist with the circle');
});

test("an advisor comments but does not edit; a member of another co-op in the same circle sees nothing", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'adds a comment: once');
  await signInAs(page, 'advisor@demo.coop', 'Gareth Jones');
  await page.goto(PROGRAMME);
  await expect(page.getByRole('heading', { level: 1, name: 'Activity programme' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add a goal' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Accept or drop' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Add the comment' }).click();
  await expect(page.locator('#text-error')).toContainText('Enter your comment');
  const words = `Three months on, ask the newcomers how it went ${Date.now()}`;
  await page.getByLabel('About').selectOption({ label: 'Recruit members' });
  await page.getByLabel('Comment', { exact: true }).fill(words);
  await page.getByRole('button', { name: 'Add the comment' }).click();
  await expect(page.getByRole('status')).toHaveText('The comment is added.');
  await expect(page.getByTestId('comments')).toContainText(words);
  await expect(page.getByTestId('comments')).toContainText('Gareth Jones');

  // Severn's representative shares a circle with Mill Lane, but not its programme. (Pennine's,
  // in the same circle, has a new password by now: password-reset.spec.ts.)
  await page.context().clearCookies();
  await signInAs(page, 'rep3@demo.coop', 'Representative of Severn Community Energy');
  const response = await page.goto(PROGRAMME);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  const form = await page.goto(`${PROGRAMME}/goals/new`);
  expect(form?.status()).toBe(404);
});

test.describe('without JavaScript, on a 320px screen', () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });

  test('an activity is marked done by posting its form, and every programme page fits', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'changes the demo programme: once');
    await signInAs(page, 'member@demo.coop', 'Tom Whitaker');
    await page.goto(PROGRAMME);
    await noSidewaysScroll(page);
    const welcome = page.locator('.activity', { hasText: 'Write a one-page welcome pack' });
    await expect(welcome).toHaveAttribute('data-status', 'in_progress');
    await welcome.getByRole('link', { name: /Update/ }).click();
    await noSidewaysScroll(page);
    await page.getByLabel('Status').selectOption({ label: 'Dropped' });
    await page.getByRole('button', { name: 'Save the activity' }).click();
    await expect(page.locator('#drop_reason-error')).toContainText('Say why it is dropped');
    await page.getByLabel('Status').selectOption({ label: 'Done' });
    await page.getByLabel('What happened').fill('Printed 50 copies; the circle added a glossary.');
    await page.getByRole('button', { name: 'Save the activity' }).click();
    await expect(page.getByRole('status')).toHaveText('The activity is saved.');
    await expect(welcome).toHaveAttribute('data-status', 'done');
    await expect(welcome).toContainText('Printed 50 copies; the circle added a glossary.');
    await page.locator('summary', { hasText: 'History of changes' }).click();
    await expect(page.getByTestId('history')).toContainText('Status changed — Write a one-page welcome pack: Done');
  });

  test('the reminder choice is kept on the account page', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'once');
    await signInAs(page, 'member@demo.coop', 'Tom Whitaker');
    await page.goto('/account');
    await expect(page.getByLabel('A mail for each reminder')).toBeChecked();
    await page.getByLabel('One weekly digest, on Mondays').check();
    await page.getByRole('button', { name: 'Save my choice' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'reminders' })).toHaveText('Your choice of reminders is saved.');
    await page.reload();
    await expect(page.getByLabel('One weekly digest, on Mondays')).toBeChecked();
    await noSidewaysScroll(page);
  });
});
