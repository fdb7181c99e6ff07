import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, linkInMail, signIn } from './helpers';

// The whole journey of a forgotten password, with the link read from the mail as delivered
// (the server's mail folder, --mail-dir: no SMTP server is configured in these tests). The
// admin's outbox shows the message without the link.
test('a forgotten password is reset through the emailed link', async ({ page, browser }, testInfo) => {
  const email = testInfo.project.name === 'phone' ? 'rep2@demo.coop' : 'rep3@demo.coop';
  const newPassword = `new passphrase ${testInfo.project.name}`;

  await page.goto('/forgot');
  await hydrated(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses that address');

  const link = await linkInMail(email, '/reset?token=');
  const token = link.split('token=')[1];

  const admin = await browser.newPage();
  await signIn(admin, 'admin@demo.coop', DEMO_PASSWORD);
  await expect(admin.getByRole('heading', { level: 1, name: 'Hello, Aisha Rahman' })).toBeVisible();
  await admin.goto('/admin/outbox');
  const message = admin.locator('.outbox__item', { hasText: email }).first();
  await message.locator('summary').click();
  const body = await message.locator('pre').innerText();
  expect(body).toContain('[link sent by e-mail]');
  expect(body).not.toContain(token);
  expect(await admin.content()).not.toContain(token);
  await admin.close();

  await page.goto(link!);
  await hydrated(page);
  await page.getByLabel('New password').fill(newPassword);
  await page.getByLabel('Confirm password').fill(newPassword);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password has been changed');

  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello, Representative of/ })).toBeVisible();

  // The link works once.
  await page.goto(link!);
  await expect(page.getByText('This link has expired or was already used')).toBeVisible();
});
