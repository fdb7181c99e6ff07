import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, freshEmail, hydrated, signIn, signUp } from './helpers';

const PASSWORD = 'correct horse battery';

test('a new person signs up, sees their home page, and signs out', async ({ page }) => {
  const email = freshEmail('signup');
  await signUp(page, 'Ada Lovelace', email, PASSWORD);
  await expect(page.getByText('You have no role yet')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Learn with other co-operatives');
});

test('sign-up errors appear by the fields and what was typed stays', async ({ page }) => {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Email address').fill('grace-at-example');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('There is a problem');
  await expect(summary.getByRole('link', { name: /email address in the right format/ })).toBeVisible();
  await expect(page.locator('#email-error')).toContainText('Enter an email address in the right format');
  await expect(page.locator('#password-error')).toContainText('at least 10 characters');
  await expect(page.getByLabel('Full name')).toHaveValue('Grace Hopper');
  await expect(page.getByLabel('Email address')).toHaveValue('grace-at-example');
  // With JavaScript the error came back without leaving the page.
  expect(page.url()).not.toContain('error=');
});

test('a wrong password says so, then the right one signs in', async ({ page }) => {
  await signIn(page, 'member@demo.coop', 'not the password at all');
  await expect(page.getByRole('alert')).toContainText('The email address or password is not right');
  await expect(page.getByLabel('Email address')).toHaveValue('member@demo.coop');
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  await page.getByRole('link', { name: 'My account' }).click();
  await expect(page.getByText('member@demo.coop')).toBeVisible();
  await expect(page.getByText('This device')).toBeVisible();
});

test('a signed-out visitor is sent to sign in and then back', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?next=\/account/);
  await hydrated(page);
  await page.getByLabel('Email address').fill('member@demo.coop');
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
});

test('a member is refused the admin pages; an admin can use them', async ({ page }) => {
  await signIn(page, 'member@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Tom Whitaker' })).toBeVisible();
  const response = await page.goto('/admin/people');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access');
  await expect(page.getByRole('link', { name: 'People and roles' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await signIn(page, 'admin@demo.coop', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Aisha Rahman' })).toBeVisible();
  await page.getByRole('link', { name: 'People and roles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'People and roles' })).toBeVisible();
  await expect(page.locator('[data-person="member@demo.coop"]')).toContainText('Member');
});

test('the language switch turns the portal French and remembers it', async ({ page }) => {
  const email = freshEmail('lang');
  await signUp(page, 'Marie Curie', email, PASSWORD);
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('button', { name: 'Change' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour, Marie Curie');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.reload();
  await expect(page.getByRole('link', { name: 'Mon compte' })).toBeVisible();
  // Back to English for whoever uses this browser next.
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('button', { name: 'Changer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Marie Curie');
});

test('the page fits a 320px screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/', '/signin', '/signup']) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test('the keyboard reaches the main content through the skip link', async ({ page }) => {
  await page.goto('/signin');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});
