import { Page, expect } from '@playwright/test';

export const DEMO_PASSWORD = 'circles-demo-2026';

/** An email address no other test (or earlier run) has used. */
export function freshEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.coop`;
}

/** Wait until the page has hydrated: the WASM bundle has taken over the server's HTML. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__coopHydrated === true, null, { timeout: 30_000 });
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
