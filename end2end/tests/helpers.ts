import { Page, expect } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

export const DEMO_PASSWORD = 'circles-demo-2026';

/** Next year: dates typed in tests are always in the future, whatever today is. */
export function nextYear(): number {
  return new Date().getFullYear() + 1;
}

/** An email address no other test (or earlier run) has used. */
export function freshEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.coop`;
}

/** Wait until every island on the page runs in the browser (each counts itself in
 *  `window.__coopIslands`, see app/src/ui/island.rs). A page without islands is plain HTML:
 *  there is nothing to wait for. */
export async function hydrated(page: Page) {
  // A page whose islands wake on first use (the long forms' autosave): touch the island, as a
  // person starting on the form would, without moving the focus.
  await page.evaluate(() => {
    if (document.getElementById('cc-islands-later')) {
      document.querySelector('leptos-island')?.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    }
  });
  await page.waitForFunction(
    () => ((window as any).__coopIslands ?? 0) >= document.querySelectorAll('leptos-island').length,
    null,
    { timeout: 30_000 },
  );
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await hydrated(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signUp(page: Page, name: string, email: string, password: string) {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${name}` })).toBeVisible();
}

/** The folder the server writes each message it delivers to, as an .eml file (`--mail-dir`,
 *  set in playwright.config.ts): the mail as sent, the only place its links exist. */
export const MAIL_DIR =
  process.env.E2E_MAIL_DIR ?? path.resolve(__dirname, '..', process.env.E2E_DATA_DIR ?? '.data', 'mail');

/** A message's headers and its text, the transfer encoding undone. */
function readEml(file: string): { headers: string; body: string } {
  const raw = fs.readFileSync(file, 'utf8');
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw : raw.slice(0, split);
  let body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  if (/^content-transfer-encoding:\s*quoted-printable/im.test(headers)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (/^content-transfer-encoding:\s*base64/im.test(headers)) {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, body };
}

/** The newest link to `start` on this site (e.g. '/reset?token=') in the mail delivered to
 *  `email`, as a full address; waits for the mail to arrive. */
export async function linkInMail(email: string, start: string, timeoutMs = 15_000): Promise<string> {
  const to = new RegExp(`^to:.*${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im');
  const link = new RegExp(`https?://\\S+${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{64}`, 'g');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(MAIL_DIR)
      ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith('.eml') && !f.startsWith('.')).sort().reverse()
      : [];
    for (const file of files) {
      const { headers, body } = readEml(path.join(MAIL_DIR, file));
      const found = to.test(headers) ? body.match(link) : null;
      if (found) return found[found.length - 1];
    }
    if (Date.now() > deadline) throw new Error(`no ${start} link in the mail to ${email} in ${MAIL_DIR}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A facilitator's meeting for circle 1, scheduled through the form; returns with its page
 *  open. `javaScript: false` for a page with JavaScript off (nothing to wait for). */
export async function scheduleMeeting(
  page: Page,
  m: { title: string; date: string; time?: string; how: string; where: string; agenda: string },
  { javaScript = true } = {},
) {
  await page.goto('/meetings/new?circle=1');
  if (javaScript) await hydrated(page);
  await page.getByLabel('Title').fill(m.title);
  await page.getByLabel('Date').fill(m.date);
  await page.getByLabel('Start time').fill(m.time ?? '18:30');
  await page.getByLabel('How it meets').selectOption({ label: m.how });
  await page.getByLabel('Where').fill(m.where);
  await page.getByLabel('Agenda').fill(m.agenda);
  await page.getByRole('button', { name: 'Save the meeting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: m.title })).toBeVisible();
}

/** A new person's first application, its form open and hydrated; returns its id. */
export async function startApplication(page: Page): Promise<string> {
  await page.goto('/apply');
  await hydrated(page);
  await page.getByRole('button', { name: 'Start an application' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Membership application' })).toBeVisible();
  await hydrated(page);
  return page.url().match(/\/apply\/(\d+)/)![1];
}
