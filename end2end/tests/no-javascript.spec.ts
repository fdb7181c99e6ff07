import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers';

test.use({ javaScriptEnabled: false });

test('sign in works with JavaScript off, errors included', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email address').fill('member@demo.coop');
  await page.getByLabel('Password', { exact: true }).fill('wrong wrong wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email address or password is not right');
  await expect(page.getByLabel('Email address')).toHaveValue('member@demo.coop');

  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
});
