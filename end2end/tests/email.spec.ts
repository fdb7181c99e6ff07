import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, freshEmail, hydrated, linkInMail, signIn, signUp } from './helpers';

// Confirming an email address, and an invitation that waits for it. Links are read from the
// mail as delivered (the server's mail folder, --mail-dir); the portal itself never shows them.
// One run (on the phone): sign-ups are limited per address, and every test comes from 127.0.0.1.

test('an invitation waits until the invited address is confirmed by its emailed link', async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one run is enough');
  const colleague = freshEmail('colleague');

  // The representative invites a colleague from the co-op's profile.
  const repPage = await browser.newPage();
  await signIn(repPage, 'rep4@demo.coop', DEMO_PASSWORD);
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

  // The colleague signs up with that address: until it is confirmed, the home and account
  // pages say so, and the invitation cannot be taken.
  await signUp(page, 'Colin Colleague', colleague, 'colin passphrase 2026');
  await expect(page.getByRole('heading', { name: 'Confirm your email address' })).toBeVisible();
  await page.goto(invitation);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: `Join ${coop}` })).toBeVisible();
  await expect(page.getByText(/is not confirmed yet/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Join the co-op' })).toHaveCount(0);

  await page.goto('/account');
  await hydrated(page);
  await expect(page.locator('[data-email-confirmed="false"]')).toContainText('Not yet');
  await page.getByRole('button', { name: 'Send the link again' }).click();
  await expect(page.getByText('We have sent a new link.')).toBeVisible();
  // The message list shows the messages without their links.
  await page.reload();
  await expect(page.locator('.outbox__body').first()).toContainText('[link sent by e-mail]');
  const confirm = await linkInMail(colleague, '/confirm?token=');
  expect(await page.content()).not.toContain(confirm.split('token=')[1]);

  // The emailed link confirms the address, once.
  await page.goto(confirm);
  await hydrated(page);
  await expect(page.getByText(`Confirm that ${colleague} is your address`)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
  await expect(page.locator('[data-email-confirmed="true"]')).toContainText('Yes');
  await expect(page.getByRole('button', { name: 'Send the link again' })).toHaveCount(0);
  await page.goto(confirm);
  await expect(page.getByText('This link has expired or was already used')).toBeVisible();

  // Now the invitation can be taken.
  await page.goto(invitation);
  await hydrated(page);
  await page.getByRole('button', { name: 'Join the co-op' }).click();
  await expect(page.getByRole('heading', { level: 1, name: coop })).toBeVisible();
  await expect(page.locator('.people__item', { hasText: 'Colin Colleague' })).toBeVisible();
});
