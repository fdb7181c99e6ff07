import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { DEMO_PASSWORD, hydrated, nextYear, scheduleMeeting, signIn, signUp, freshEmail, startApplication } from './helpers';

// What a phone downloads to show each main page: every JS, WASM and CSS file the browser
// fetches until the page's islands have taken over, lazy chunks included, counted as brotli
// (quality 11, as `cargo leptos build -P` stores them). Pages of forms and text fetch no WASM at
// all; the application form (its autosave) and the live room fetch what their islands need.
// A page growing past its budget fails here, in the test command, not months later.

const SITE = path.resolve(__dirname, '..', '..', 'target', 'site');
// Issue 9's budgets. A page of forms and text meets its budget with room to spare (it fetches
// CSS and no script).
const FORM_BUDGET = 60 * 1024;
// The two pages with islands do not meet theirs yet (60 KB for the application form, 150 KB
// for the live room: see issue 9's note for the figures and the levers left). Until they do,
// these ceilings, a little above what they measure today, stop them growing unnoticed. The
// application form's share of the split bundle varies between builds of the same commit (98.5
// KB built in one checkout, 124.4 KB in a fresh clone: wasm-split draws the line between the
// main module and the live room's chunk differently), hence the wider ceiling. What stays
// steady is their sum: about 199 KB brotli, which the live room ceiling holds.
const AUTOSAVE_CEILING = 140 * 1024;
const LIVE_CEILING = 215 * 1024;

const brotliSizes = new Map<string, number>();
function brotliSize(pathname: string): number {
  let size = brotliSizes.get(pathname);
  if (size === undefined) {
    const bytes = fs.readFileSync(path.join(SITE, pathname));
    size = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    brotliSizes.set(pathname, size);
  }
  return size;
}

type Row = { route: string; files: number; wasm: number; js: number; css: number; total: number; budget: number };
const rows: Row[] = [];
const overBudget: string[] = [];

function printTable() {
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
  console.log('\nfirst load per route (KB brotli):');
  console.log(`  ${'route'.padEnd(22)} files    wasm      js     css   total  budget`);
  for (const r of rows) {
    console.log(`  ${r.route.padEnd(22)} ${String(r.files).padStart(5)} ${kb(r.wasm)} ${kb(r.js)} ${kb(r.css)} ${kb(r.total)} ${kb(r.budget)}`);
  }
}

async function measure(page: Page, route: string, budget: number) {
  const fetched = new Set<string>();
  const listener = (response: { url(): string }) => {
    const url = new URL(response.url());
    if (/\.(js|wasm|css)$/.test(url.pathname)) fetched.add(url.pathname);
  };
  page.on('response', listener);
  await page.goto(route);
  await hydrated(page);
  await page.waitForLoadState('networkidle');
  page.off('response', listener);
  const row: Row = { route, files: fetched.size, wasm: 0, js: 0, css: 0, total: 0, budget };
  for (const file of fetched) {
    const size = brotliSize(file);
    const kind = file.split('.').pop() as 'wasm' | 'js' | 'css';
    row[kind] += size;
    row.total += size;
  }
  rows.push(row);
  if (row.total > budget) overBudget.push(`${route}: ${row.total} bytes > ${budget}`);
  const islands = await page.locator('leptos-island').count();
  return { islands, wasmFetched: [...fetched].some((f) => f.endsWith('.wasm')) };
}

test('every main page loads within its first-load budget on a phone', async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'measured once, as a phone loads it');
  test.setTimeout(120_000);

  // Signed out: plain HTML, no WASM.
  for (const route of ['/', '/signin', '/signup']) {
    const { islands, wasmFetched } = await measure(page, route, FORM_BUDGET);
    expect(islands, `${route} has no island`).toBe(0);
    expect(wasmFetched, `${route} fetches no WASM`).toBe(false);
  }

  // A new person's application form: the autosave island.
  await signUp(page, 'Budget Person', freshEmail('budget'), 'a long enough password 1');
  const id = await startApplication(page);
  const form = await measure(page, `/apply/${id}`, AUTOSAVE_CEILING);
  expect(form.islands, 'the application form has its autosave island').toBe(1);

  // A member's pages.
  const member = await browser.newPage();
  await signIn(member, 'member@demo.coop', DEMO_PASSWORD);
  await expect(member.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  for (const route of ['/account', '/account/record', '/circles', '/circles/1', '/coops', '/coops/1/programme', '/coops/1/reports', '/coops/1/portfolio']) {
    const { wasmFetched } = await measure(member, route, FORM_BUDGET);
    expect(wasmFetched, `${route} fetches no WASM`).toBe(false);
  }
  const profile = await member.locator('main a[href^="/coops/"]').first().getAttribute('href');
  await measure(member, profile!, FORM_BUDGET);
  // A report's draft: the same autosave island as the application form.
  await member.goto('/coops/1/reports');
  const draft = await member.locator('.report-item[data-status="draft"] a').first().getAttribute('href');
  const report = await measure(member, draft!, AUTOSAVE_CEILING);
  expect(report.islands, 'a report draft has its autosave island').toBe(1);

  // The advisor's queue.
  const advisor = await browser.newPage();
  await signIn(advisor, 'advisor@demo.coop', DEMO_PASSWORD);
  await expect(advisor.getByRole('heading', { level: 1 })).toBeVisible();
  const queue = await measure(advisor, '/advice', FORM_BUDGET);
  expect(queue.wasmFetched, '/advice fetches no WASM').toBe(false);

  // The live room, as the facilitator opens it: its lazy chunk is fetched too.
  const facilitator = await browser.newPage();
  await signIn(facilitator, 'facilitator@demo.coop', DEMO_PASSWORD);
  await expect(facilitator.getByRole('heading', { level: 1, name: 'Hello, Priya Patel' })).toBeVisible();
  await scheduleMeeting(facilitator, {
    title: `Budget ${Date.now()}`, date: `${nextYear()}-08-03`, how: 'Face to face', where: 'Unity House',
    agenda: 'Check-in | 5',
  });
  await facilitator.getByRole('button', { name: 'Start the live session' }).click();
  await expect(facilitator.getByRole('heading', { name: "Facilitator's console" })).toBeVisible();
  const live = await measure(facilitator, new URL(facilitator.url()).pathname, LIVE_CEILING);
  expect(live.islands, 'the live room is an island').toBe(1);

  printTable();
  expect(overBudget, overBudget.join('\n')).toEqual([]);
});
