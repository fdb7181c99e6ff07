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
// CSS and no script). So do the long forms (the application, a report): their autosave island
// wakes on first use, so loading them fetches no script either; what touching the form then
// fetches is held under AUTOSAVE_CEILING, a little above what it measures today, so that it
// cannot grow unnoticed. The application form's share of the split bundle varies between builds
// of the same commit (98.5 KB built in one checkout, 124.4 KB in a fresh clone: wasm-split draws
// the line between the main module and the live room's chunk differently), hence the room.
const FORM_BUDGET = 60 * 1024;
const AUTOSAVE_CEILING = 140 * 1024;
// The live room does not meet its budget yet (150 KB: see issue 9's note for the figures and
// the levers left); until it does, this ceiling stops it growing unnoticed.
const LIVE_CEILING = 195 * 1024;

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

type Sizes = { files: number; wasm: number; js: number; css: number; total: number };
type Row = Sizes & { route: string; budget: number; onUse?: Sizes };
const rows: Row[] = [];
const overBudget: string[] = [];

function printTable() {
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
  console.log('\nfirst load per route (KB brotli; "on first use": all fetched once a form with islands is touched):');
  console.log(`  ${'route'.padEnd(22)} files    wasm      js     css   total  budget  on first use`);
  for (const r of rows) {
    const use = r.onUse ? `${kb(r.onUse.total)} (${r.onUse.files} files)` : '';
    console.log(`  ${r.route.padEnd(22)} ${String(r.files).padStart(5)} ${kb(r.wasm)} ${kb(r.js)} ${kb(r.css)} ${kb(r.total)} ${kb(r.budget)}  ${use}`);
  }
}

function sizes(files: Set<string>): Sizes {
  const s: Sizes = { files: files.size, wasm: 0, js: 0, css: 0, total: 0 };
  for (const file of files) {
    const size = brotliSize(file);
    s[file.split('.').pop() as 'wasm' | 'js' | 'css'] += size;
    s.total += size;
  }
  return s;
}

/** Load `route` as a phone would and count what it fetches. With `onUseCeiling`, its islands
 *  wake on first use: the first load is counted before anything is touched, then the form is
 *  touched and everything fetched by the time the islands have taken over is held to the
 *  ceiling. */
async function measure(page: Page, route: string, budget: number, onUseCeiling?: number) {
  const fetched = new Set<string>();
  const listener = (response: { url(): string }) => {
    const url = new URL(response.url());
    if (/\.(js|wasm|css)$/.test(url.pathname)) fetched.add(url.pathname);
  };
  page.on('response', listener);
  await page.goto(route);
  if (onUseCeiling === undefined) await hydrated(page);
  await page.waitForLoadState('networkidle');
  const row: Row = { route, budget, ...sizes(fetched) };
  const wasmFetched = [...fetched].some((f) => f.endsWith('.wasm'));
  if (onUseCeiling !== undefined) {
    await hydrated(page);
    await page.waitForLoadState('networkidle');
    row.onUse = sizes(fetched);
    if (row.onUse.total > onUseCeiling) overBudget.push(`${route} on first use: ${row.onUse.total} bytes > ${onUseCeiling}`);
  }
  page.off('response', listener);
  rows.push(row);
  if (row.total > budget) overBudget.push(`${route}: ${row.total} bytes > ${budget}`);
  const islands = await page.locator('leptos-island').count();
  return { islands, wasmFetched, wasmOnUse: row.onUse ? row.onUse.wasm > 0 : wasmFetched };
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
  const form = await measure(page, `/apply/${id}`, FORM_BUDGET, AUTOSAVE_CEILING);
  expect(form.islands, 'the application form has its autosave island').toBe(1);
  expect(form.wasmFetched, 'the application form fetches no WASM until it is touched').toBe(false);
  expect(form.wasmOnUse, 'touching the application form wakes its island').toBe(true);

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
  const report = await measure(member, draft!, FORM_BUDGET, AUTOSAVE_CEILING);
  expect(report.islands, 'a report draft has its autosave island').toBe(1);
  expect(report.wasmFetched, 'a report draft fetches no WASM until it is touched').toBe(false);
  expect(report.wasmOnUse, 'touching a report draft wakes its island').toBe(true);

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
