// Signing in as a police body needs it (issue 13), in real Chromium: an admin must set up a second
// factor before anything else, keeps the recovery codes, signs in again with a code from the app,
// changes their password, sees and ends a session, and reads the security log; axe (WCAG 2.2 AA)
// finds nothing on any of these pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { totpCode } from '../../src/platform/auth/totp.js';
import { PASSWORD } from '../helpers.js';
import { assertAccessible, hasChromium, launch, newContext } from './support/browser.js';
import { seedOffice } from './support/office-seed.js';
import { serve } from './support/server.js';

test('an admin sets up two-factor authentication, signs in with a code, changes the password, ends a session, reads the security log', {
  skip: !hasChromium() && 'no Chromium',
}, async (t) => {
  const { url } = await serve(t, async (services) => void (await seedOffice(services)), { config: { mfaForAdmins: true } });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const other = await (await newContext(browser)).newPage();
  const submit = async (p: typeof page, name: string) => {
    await Promise.all([p.waitForLoadState('load'), p.getByRole('button', { name, exact: true }).click()]);
    await p.waitForLoadState('load');
  };
  const signIn = async (p: typeof page, password = PASSWORD) => {
    await p.goto(`${url}/sign-in`);
    await p.getByLabel('Email address').fill('admin@north.example.org');
    await p.getByLabel('Password').fill(password);
    await submit(p, 'Sign in');
  };

  await signIn(page);
  assert.equal(new URL(page.url()).pathname, '/account/two-factor');
  assert.match(await page.locator('h1').innerText(), /Set up two-factor authentication/);
  await assertAccessible(page, 'two-factor-set-up');
  // Anywhere else waits for the second factor.
  await page.goto(`${url}/projects`);
  assert.equal(new URL(page.url()).pathname, '/account/two-factor');
  await page.getByLabel('Code from the app').fill('12345');
  await submit(page, 'Turn on two-factor authentication');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the 6 numbers your app shows/);
  await assertAccessible(page, 'two-factor-error');
  const secret = (await page.locator('#secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(totpCode(secret, new Date()));
  await submit(page, 'Turn on two-factor authentication');
  assert.match(await page.locator('h1').innerText(), /Save your recovery codes/);
  assert.equal(await page.locator('#recovery-codes li').count(), 10);
  await assertAccessible(page, 'recovery-codes');
  await page.getByRole('button', { name: 'I have saved my codes: continue' }).click();
  await page.waitForURL(`${url}/`);

  // A second browser: the code step, with the code of the next time step (a code works once).
  await signIn(other);
  assert.equal(new URL(other.url()).pathname, '/sign-in/code');
  await assertAccessible(other, 'sign-in-code');
  const nextStep = new Date(Math.ceil(Date.now() / 30_000) * 30_000 + 1000);
  await other.getByLabel('Code').fill(totpCode(secret, nextStep));
  await submit(other, 'Continue');
  assert.equal(new URL(other.url()).pathname, '/');

  // Your account, the password, the sessions.
  await page.goto(`${url}/account`);
  assert.match(await page.locator('#account-details').innerText(), /On, 10 recovery codes left/);
  await assertAccessible(page, 'account');
  await page.goto(`${url}/account/password`);
  await assertAccessible(page, 'password');
  await page.getByLabel('Current password').fill('not it at all');
  await page.getByLabel('New password', { exact: true }).fill('kettle orbit marmalade');
  await page.getByLabel('New password again').fill('kettle orbit marmalade');
  await submit(page, 'Change password');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Your current password is not right/);
  await assertAccessible(page, 'password-error');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('kettle orbit marmalade');
  await page.getByLabel('New password again').fill('kettle orbit marmalade');
  await submit(page, 'Change password');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your other sessions have ended/);
  await other.goto(`${url}/projects`);
  assert.equal(new URL(other.url()).pathname, '/sign-in', 'the other browser was signed out');

  await page.goto(`${url}/account/sessions`);
  assert.match(await page.locator('#sessions-table').innerText(), /This session/);
  await assertAccessible(page, 'sessions');

  await page.goto(`${url}/admin/security`);
  const log = await page.locator('#security-log').innerText();
  for (const event of ['Two-factor set up', 'Signed in', 'Password changed']) assert.match(log, new RegExp(event));
  await assertAccessible(page, 'security');
  await page.selectOption('#kind', 'password_changed');
  await submit(page, 'Show events');
  assert.doesNotMatch(await page.locator('#security-log tbody').innerText(), /Two-factor set up/);
  await assertAccessible(page, 'security-filtered');
});
