import { test, expect } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_PASSWORD, linkInMail, signIn } from './helpers';

// The portfolio on a phone: Tom (Mill Lane's representative) opens it from the co-op's page,
// leaves a goal out and writes what the co-op learned on another, exports it, watches the
// export get ready (the page refreshes itself, no script), downloads the ZIP, and opens the
// bundle's index.html in the browser. The ZIP is unpacked by Python's zipfile, not by us.

test('a portfolio is curated, exported, downloaded and read offline', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'changes the demo portfolio: once');
  test.setTimeout(120_000);
  await signIn(page, 'member@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await page.goto('/coops/1');
  await page.getByRole('link', { name: 'Open the portfolio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Portfolio' })).toBeVisible();
  // Gathered from the demo: the accepted report and the goals.
  await expect(page.getByRole('group', { name: 'Accepted reports' })).toContainText('Progress report: spring');
  await expect(page.getByRole('group', { name: 'Goals and activities done' })).toContainText('Update our induction process');

  // Leave a goal out, write on another; nothing horizontal to scroll at this width.
  await page.getByRole('checkbox', { name: 'Include: Get members to take responsibility' }).uncheck();
  const statement = 'The buddy pilot changed how newcomers feel: two of three stayed and took a role.';
  const induction = page.locator('.portfolio-item').filter({ has: page.getByRole('checkbox', { name: 'Include: Update our induction process' }) });
  await induction.getByLabel('What you learned (reflective statement)').fill(statement);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('button', { name: 'Save the portfolio' }).click();
  await expect(page.getByRole('status')).toHaveText('Your choices are saved.');
  await expect(induction.getByLabel('What you learned (reflective statement)')).toHaveValue(statement);
  await expect(page.getByRole('checkbox', { name: 'Include: Get members to take responsibility' })).not.toBeChecked();

  // Export: the page shows how it goes and refreshes itself until it is ready.
  await page.getByRole('button', { name: 'Export the portfolio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Export' })).toBeVisible();
  await expect(page.getByTestId('export-status')).toContainText(/Waiting to start|Preparing: \d+ of \d+ parts|Ready/);
  await expect(page.getByTestId('export-status')).toHaveText('Ready', { timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Download \(/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^portfolio-mill-lane-bakery-co-operative-\d{4}-\d{2}-\d{2}\.zip$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-'));
  const zip = path.join(dir, 'bundle.zip');
  await download.saveAs(zip);
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, path.join(dir, 'out')]);
  for (const name of ['index.html', 'portfolio.pdf', 'portfolio.json', 'portfolio.schema.json']) {
    expect(fs.existsSync(path.join(dir, 'out', name)), name).toBe(true);
  }

  // The bundle's web page, opened from the disk: the same content, no script.
  await page.goto('file://' + path.join(dir, 'out', 'index.html'));
  await expect(page.getByRole('heading', { level: 1, name: 'Portfolio of Mill Lane Bakery Co-operative' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Progress report: spring' })).toBeVisible();
  await expect(page.locator('body')).toContainText(statement);
  await expect(page.locator('body')).not.toContainText('Get members to take responsibility');
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

// For accreditation: Tom freezes a version and sends its link to a named assessor; the assessor
// opens it on a phone without an account; Tom withdraws it and the link opens nothing more.
test('a version is submitted, shared with an assessor by mail, read without an account, and withdrawn', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'changes the demo portfolio: once');
  test.setTimeout(120_000);
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const tom = await (await browser.newContext(phone)).newPage();
  await signIn(tom, 'member@demo.coop', DEMO_PASSWORD);
  await expect(tom.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await tom.goto('/coops/1/portfolio');
  await tom.getByRole('button', { name: 'Submit for accreditation' }).click();
  await expect(tom.getByRole('heading', { level: 1, name: /^Portfolio, version \d+$/ })).toBeVisible();
  await expect(tom.getByRole('status')).toContainText('is submitted and frozen');

  // A mistake is told by its field; then the link goes by mail.
  const email = `assessor-${Date.now()}@assess.example`;
  await tom.getByLabel('Their name').fill('Ash Assessor');
  await tom.getByLabel('Their email address').fill('not an address');
  await tom.getByRole('button', { name: 'Send the link' }).click();
  await expect(tom.locator('.error-summary')).toContainText('Their email address');
  await expect(tom.getByLabel('Their name')).toHaveValue('Ash Assessor');
  await tom.getByLabel('Their email address').fill(email);
  await tom.getByRole('button', { name: 'Send the link' }).click();
  await expect(tom.getByRole('status')).toHaveText('The link is on its way to Ash Assessor.');
  await expect(tom.getByTestId('shares')).toContainText('Ash Assessor');

  // The assessor, on a phone, no account.
  const link = await linkInMail(email, '/shared?token=');
  const ash = await (await browser.newContext(phone)).newPage();
  await ash.goto(link);
  await expect(ash.getByRole('note')).toContainText('Shared with Ash Assessor by Mill Lane Bakery Co-operative');
  await expect(ash.getByRole('heading', { level: 1, name: 'Portfolio of Mill Lane Bakery Co-operative' })).toBeVisible();
  await expect(ash.getByRole('heading', { name: 'Progress report: spring' })).toBeVisible();
  expect(await ash.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await tom.reload();
  await expect(tom.getByTestId('shares')).toContainText('times opened: 1');

  // Withdrawn: the same link now opens nothing.
  await tom.getByRole('button', { name: /^Withdraw\s*: Ash Assessor$/ }).click();
  await expect(tom.getByRole('status')).toHaveText('The link is withdrawn: it no longer opens the portfolio.');
  await ash.reload();
  await expect(ash.locator('main')).toContainText('This link does not open anything');
  await expect(ash.getByRole('heading', { name: 'Progress report: spring' })).toHaveCount(0);
});

// A person's own learning record: Tom finds it from his account, exports it, watches it get
// ready and reads the bundle's web page from the disk: his circles, no co-op's goals.
test('a person exports their own learning record and reads it offline', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'adds an export: once');
  test.setTimeout(120_000);
  await signIn(page, 'member@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await page.goto('/account');
  await page.getByRole('link', { name: 'My learning record' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My learning record' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Learning circles' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Goals and activities done' })).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole('button', { name: 'Export my learning record' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Export' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'My learning record' })).toBeVisible();
  await expect(page.getByTestId('export-status')).toHaveText('Ready', { timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Download \(/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^learning-record-tom-whitaker-\d{4}-\d{2}-\d{2}\.zip$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-'));
  const zip = path.join(dir, 'bundle.zip');
  await download.saveAs(zip);
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, path.join(dir, 'out')]);
  await page.goto('file://' + path.join(dir, 'out', 'index.html'));
  await expect(page.getByRole('heading', { level: 1, name: 'Learning record of Tom Whitaker' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Learning circles' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Accepted reports' })).toHaveCount(0);
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
