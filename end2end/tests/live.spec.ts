import { test, expect, Browser, Page } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, nextYear, scheduleMeeting, signIn } from './helpers';

// A mini live session on phones: a facilitator and two participants in three browser contexts.
// Check-in, the timer, a poll hidden then revealed, an action that lands on the co-op's
// programme — and one participant who drops off the network and catches up.

async function phone(browser: Browser, email: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
  return page;
}

test('a mini session: check-in, timer, hidden poll, action, a phone that drops and catches up', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'three phones of its own');
  test.setTimeout(120_000);
  const title = `Live governance ${Date.now()}`;

  const facilitator = await phone(browser, 'facilitator@demo.coop', 'Priya Patel');
  await scheduleMeeting(facilitator, {
    title, date: `${nextYear()}-07-02`, how: 'Face to face', where: 'Unity House, Manchester',
    agenda: 'Check-in | 5\nBoard elections | 20',
  });
  await facilitator.getByRole('button', { name: 'Start the live session' }).click();
  await expect(facilitator.getByRole('heading', { name: "Facilitator's console" })).toBeVisible();
  await hydrated(facilitator);
  await expect(facilitator.locator('[data-connection="live"]')).toBeVisible();
  const code = (await facilitator.getByTestId('code').innerText()).trim();
  const room = facilitator.url();

  // Tom joins with the code; Sam (rep2) opens the link.
  const tom = await phone(browser, 'member@demo.coop', 'Tom Whitaker');
  await tom.goto('/live');
  await hydrated(tom);
  await tom.getByLabel('Session code').fill(code.toLowerCase());
  await tom.getByRole('button', { name: 'Join' }).click();
  await expect(tom.locator('[data-connection="live"]')).toBeVisible();
  await tom.getByRole('button', { name: 'Check in' }).click();
  await expect(tom.getByRole('button', { name: 'Raise my hand' })).toBeVisible();

  const sam = await phone(browser, 'rep2@demo.coop', 'Representative of Pennine Housing Co-op');
  await sam.goto(room);
  await hydrated(sam);
  await expect(sam.locator('[data-connection="live"]')).toBeVisible();
  await sam.getByRole('button', { name: 'Check in' }).click();
  await expect(sam.getByRole('button', { name: 'Raise my hand' })).toBeVisible();
  await expect(facilitator.locator('.live__people')).toContainText('Tom Whitaker');
  await expect(facilitator.locator('.live__people')).toContainText('Representative of Pennine Housing Co-op');

  // The first item starts; everyone sees it and its timer counting down.
  await facilitator.locator('.live__agenda li').first().getByRole('button', { name: 'Start' }).click();
  await expect(tom.getByTestId('current-item')).toHaveText('Check-in');
  await expect(sam.getByTestId('current-item')).toHaveText('Check-in');
  await expect(tom.getByTestId('timer')).toContainText(/0[45]:\d\d/);
  // Screen readers hear the new item once, politely (the clock itself is not announced).
  await expect(tom.getByTestId('announcer')).toHaveText('Now: Check-in');
  await expect(tom.getByTestId('announcer')).toHaveAttribute('aria-live', 'polite');
  await expect(tom.getByTestId('timer')).toHaveAttribute('aria-live', 'off');
  const first = await tom.getByTestId('timer').innerText();
  await expect(tom.getByTestId('timer')).not.toHaveText(first, { timeout: 5_000 });

  // A hand goes up and the facilitator gives the floor.
  await tom.getByRole('button', { name: 'Raise my hand' }).click();
  await expect(facilitator.locator('.live__queue')).toContainText('Tom Whitaker');
  await facilitator.locator('.live__queue li', { hasText: 'Tom Whitaker' }).getByRole('button', { name: 'Give the floor' }).click();
  await expect(tom.getByRole('button', { name: 'Raise my hand' })).toBeVisible();
  await expect(tom.getByTestId('announcer')).toHaveText('Your turn to speak');
  await expect(sam.getByTestId('announcer')).toHaveText('Now: Check-in');

  // A poll without its question is refused, in words (the refusal names its text by key: the
  // room reads it among the words it was given), and the error goes once the poll opens.
  await facilitator.getByRole('button', { name: 'Open the poll' }).click();
  await expect(facilitator.locator('.error-summary')).toContainText('That does not fit the session as it is now');
  // A consensus check with hidden results; Sam's phone drops off meanwhile.
  await facilitator.locator('#poll-question').fill('Ready to vote on the board?');
  await facilitator.locator('#poll-kind').selectOption('thumbs');
  await facilitator.getByRole('button', { name: 'Open the poll' }).click();
  const tomPoll = tom.locator('.live__poll', { hasText: 'Ready to vote on the board?' });
  await expect(tomPoll).toContainText('Results are hidden');
  await sam.context().setOffline(true);
  await expect(sam.locator('[data-connection="reconnecting"]')).toBeVisible({ timeout: 20_000 });
  await tomPoll.getByLabel('👍').check();
  await tomPoll.getByRole('button', { name: 'Vote' }).click();
  await expect(tomPoll).toContainText('1 voted');
  await expect(tomPoll.getByTestId('results')).toHaveCount(0);
  await facilitator.getByRole('button', { name: 'Show the results' }).click();
  await expect(tomPoll.getByTestId('results')).toContainText('👍');
  await facilitator.locator('.live__agenda li').nth(1).getByRole('button', { name: 'Start' }).click();
  await expect(tom.getByTestId('current-item')).toHaveText('Board elections');

  // Back online, Sam's phone catches up with everything it missed.
  await sam.context().setOffline(false);
  await expect(sam.getByTestId('current-item')).toHaveText('Board elections', { timeout: 20_000 });
  await expect(sam.locator('.live__poll', { hasText: 'Ready to vote on the board?' }).getByTestId('results')).toBeVisible();
  await expect(sam.locator('[data-connection="live"]')).toBeVisible();

  // An action for Tom's co-op (a section of the console to open), then the session closes.
  await facilitator.locator('summary', { hasText: 'Capture an action' }).click();
  await facilitator.locator('#action-what').fill('Rewrite the board election rules');
  await facilitator.locator('#action-org').selectOption({ label: 'Mill Lane Bakery Co-operative' });
  await facilitator.locator('#action-who').fill('Tom');
  await facilitator.locator('#action-due').fill(`${nextYear()}-09-01`);
  await facilitator.getByRole('button', { name: 'Add the action' }).click();
  await expect(tom.locator('.live__actions')).toContainText('Rewrite the board election rules');
  // Closing asks first (a second step that needs no JavaScript).
  await facilitator.locator('summary', { hasText: 'Close and keep the summary' }).click();
  await facilitator.getByRole('button', { name: 'Yes, close the session' }).click();
  await expect(tom.getByText('This session is closed.')).toBeVisible();

  // The action reaches the co-op's activity programme as a proposal, linked to its session;
  // Tom accepts it into a goal (the date said in the session comes along) and marks it done.
  await tom.goto('/coops');
  await tom.getByRole('link', { name: 'Mill Lane Bakery Co-operative' }).click();
  await expect(tom.getByText(/^\d+ proposed in circle sessions, waiting for a decision$/)).toBeVisible();
  await tom.getByRole('link', { name: 'Open the activity programme' }).click();
  const proposal = tom.locator('.proposal', { hasText: 'Rewrite the board election rules' });
  await expect(proposal.getByRole('link', { name: title })).toBeVisible();
  await proposal.getByRole('link', { name: 'Accept or drop' }).click();
  await expect(tom.getByLabel('Due', { exact: true })).toHaveValue(`${nextYear()}-09-01`);
  await tom.getByLabel('Goal', { exact: true }).selectOption({ label: 'Get members to take responsibility' });
  await tom.getByLabel('Who carries it out').selectOption({ label: 'Tom Whitaker' });
  await tom.getByRole('button', { name: 'Accept into the programme' }).click();
  await expect(tom.getByRole('status')).toHaveText('The proposal is now an activity of the programme.');
  const goal = tom.locator('section.goal', { hasText: 'Get members to take responsibility' });
  const activity = goal.locator('.activity', { hasText: 'Rewrite the board election rules' });
  await expect(activity.getByRole('link', { name: title })).toBeVisible();
  await expect(activity).toContainText(`due ${nextYear()}-09-01`);
  await activity.getByRole('link', { name: /Update/ }).click();
  await tom.getByLabel('Status').selectOption({ label: 'Done' });
  await tom.getByRole('button', { name: 'Save the activity' }).click();
  await expect(activity).toHaveAttribute('data-status', 'done');
  await expect(goal.locator('.progress')).toHaveText('1 of 1 activities done');

  // From the closed session's meeting, a progress report starts with what was said there for
  // Tom's co-op: who took part (other co-ops' people counted, not named), the poll, the action.
  await activity.getByRole('link', { name: title }).click();
  await tom.getByRole('button', { name: 'Start a report for Mill Lane Bakery Co-operative' }).click();
  await expect(tom.getByRole('heading', { level: 1, name: `Progress report: ${title}` })).toBeVisible();
  const said = tom.getByLabel('What happened since the last report');
  await expect(said).toHaveValue(/took part, 1 from our co-op \(Tom Whitaker\)/);
  await expect(said).not.toHaveValue(/Pennine/);
  await expect(tom.getByLabel('What you learned')).toHaveValue(/Ready to vote on the board\?: 👍 \(1\)/);
  await expect(tom.getByLabel('What comes next')).toHaveValue(/Rewrite the board election rules \(Tom, \d{4}-09-01\)/);

  // A photo of the flip chart from the phone's camera (the file chooser), attached: the
  // pre-filled answers stay, the photo is listed and downloads as the very same bytes.
  const photo = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
  const chooser = tom.waitForEvent('filechooser');
  await tom.getByLabel('Evidence').click();
  await (await chooser).setFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
  await tom.getByRole('button', { name: 'Attach' }).click();
  await expect(tom.locator('.notice[role=status]')).toHaveText('The file is attached, and your answers are saved.');
  await expect(said).toHaveValue(/took part, 1 from our co-op \(Tom Whitaker\)/);
  const link = tom.getByTestId('files-evidence').getByRole('link', { name: 'IMG_2041.jpg' });
  const download = await tom.request.get((await link.getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toContain('attachment; filename="IMG_2041.jpg"');
  expect(Buffer.compare(await download.body(), photo)).toBe(0);
  // Checked and sent, with the photo: the advisor's part is in reports.spec.ts.
  await tom.getByLabel('On track').check();
  await tom.getByRole('button', { name: 'Continue' }).click();
  await expect(tom.locator('.report__answers')).toContainText('IMG_2041.jpg');
  await tom.getByRole('button', { name: 'Send the report' }).click();
  await expect(tom.getByTestId('report-status')).toHaveText('Sent, waiting for an advisor');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a participant sees the state on reload and raises a hand by posting a form', async ({ page, browser }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'one run is enough');
    // The facilitator (with JavaScript) starts a session.
    const context = await browser.newContext({ javaScriptEnabled: true });
    const facilitator = await context.newPage();
    await signIn(facilitator, 'facilitator@demo.coop', DEMO_PASSWORD);
    await expect(facilitator.getByRole('heading', { level: 1, name: 'Hello, Priya Patel' })).toBeVisible();
    await scheduleMeeting(facilitator, {
      title: `No-script session ${Date.now()}`, date: `${nextYear()}-07-03`, time: '10:00',
      how: 'By phone', where: '0330 088 1234, PIN 4455#', agenda: 'Round | 5',
    });
    await facilitator.getByRole('button', { name: 'Start the live session' }).click();
    await expect(facilitator.getByRole('heading', { name: "Facilitator's console" })).toBeVisible();
    const room = facilitator.url();

    await page.goto('/signin');
    await page.getByLabel('Email address').fill('member@demo.coop');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(room);
    await expect(page.locator('[data-connection="offline"]')).toBeVisible();
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('button', { name: 'Raise my hand' }).click();
    await expect(page.getByRole('button', { name: 'Lower my hand' })).toBeVisible();
    await expect(page.locator('.live__queue')).toContainText('Tom Whitaker');
    await expect(facilitator.locator('.live__queue')).toContainText('Tom Whitaker');
    await context.close();
  });
});
