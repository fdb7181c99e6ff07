import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, freshEmail, hydrated, linkInMail, signIn, signUp } from './helpers';

// Confirming an email address, and an invitation that waits for it. Links are read from the
// mail as delivered (the server's mail folder, --mail-dir); the portal itself never shows them.

test('a new account confirms its address with the emailed link', async ({ page }) => {
  const email = freshEmail('confirm');
  await signUp(page, 'Cora Confirm', email, 'cora passphrase 2026');
  // Until then the home and account pages say so, with a button that sends the link again.
  await expect(page.getByRole('heading', { name: 'Confirm your email address' })).toBeVisible();
  await page.goto('/account');
  await hydrated(page);
  await expect(page.locator('[data-email-confirmed="false"]')).toContainText('Not yet');
  await page.getByRole('button', { name: 'Send the link again' }).click();
  await expect(page.getByText('We have sent a new link.')).toBeVisible();
  // The message list shows the messages without their links.
  await page.reload();
  await expect(page.locator('.outbox__body').first()).toContainText('[link sent by e-mail]');

  const link = await linkInMail(email, '/confirm?token=');
  expect(await page.content()).not.toContain(link.split('token=')[1]);
  await page.goto(link);
  await hydrated(page);
  await expect(page.getByText(`Confirm that ${email} is your address`)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
  await expect(page.locator('[data-email-confirmed="true"]')).toContainText('Yes');
  await expect(page.getByRole('button', { name: 'Send the link again' })).toHaveCount(0);

  // The link works once.
  await page.goto(link);
  await expect(page.getByText('This link has expired or was already used')).toBeVisible();
});

test('an invitation waits until the invited address is confirmed', async ({ page, browser }, testInfo) => {
  const rep = testInfo.project.name === 'phone' ? 'rep4@demo.coop' : 'rep5@demo.coop';
  const colleague = freshEmail('colleague');

  // The representative invites a colleague from the co-op's profile.
  const repPage = await browser.newPage();
  await signIn(repPage, rep, DEMO_PASSWORD);
  await expect(repPage.getByRole('heading', { level: 1, name: /^Hello, Representative of/ })).toBeVisible();
  await repPage.goto('/coops');
  await repPage.locator('.card__title a').first().click();
  await expect(repPage.getByLabel('Their email address')).toBeVisible();
  await hydrated(repPage);
  const coop = (await repPage.getByRole('heading', { level: 1 }).innerText()).trim();
  await repPage.getByLabel('Their email address').fill(colleague);
  await repPage.getByRole('button', { name: 'Send invitation' }).click();
  await expect(repPage.getByText('Invitation sent.')).toBeVisible();
  await repPage.close();
  const invitation = await linkInMail(colleague, '/invite?token=');

  // The colleague signs up with that address: the invitation cannot be taken yet.
  await signUp(page, 'Colin Colleague', colleague, 'colin passphrase 2026');
  await page.goto(invitation);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: `Join ${coop}` })).toBeVisible();
  await expect(page.getByText(/is not confirmed yet/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Join the co-op' })).toHaveCount(0);

  // Confirmed, it can.
  const confirm = await linkInMail(colleague, '/confirm?token=');
  await page.goto(confirm);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
  await page.goto(invitation);
  await hydrated(page);
  await page.getByRole('button', { name: 'Join the co-op' }).click();
  await expect(page.getByRole('heading', { level: 1, name: coop })).toBeVisible();
  await expect(page.locator('.people__item', { hasText: 'Colin Colleague' })).toBeVisible();
});
