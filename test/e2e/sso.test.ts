// Single sign-on in Chromium against a real OpenID provider (oidc-provider) started here on loopback:
// sign-in, the ID token checks (audience, nonce, expiry), who is refused, and sign-out at both ends.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildApp, createServices } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { freshDb, PASSWORD } from '../helpers.js';
import { AppPage } from './pages/app.js';
import { hasChromium, launch, newContext } from './support/browser.js';
import { seedOffice } from './support/office-seed.js';
import { startProvider } from './support/oidc-provider.js';

async function freePort() {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('single sign-on with OpenID Connect, in the browser', { skip: !hasChromium() && 'no Chromium' }, async (t) => {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const op = await startProvider(t, {
    clientId: 'pcp-tracker',
    clientSecret: 'a-client-secret-the-pages-never-show',
    appUrl: base,
    accounts: {
      viewer: { email: 'Viewer@north.example.org', name: 'Val Viewer' },
      editor: { email: 'editor@north.example.org', name: 'Ed Editor' },
      stranger: { email: 'stranger@north.example.org', name: 'Sam Stranger' },
      outsider: { email: 'someone@elsewhere.example.com', name: 'Oz Outsider' },
      unverified: { email: 'admin@north.example.org', name: 'Not Verified', emailVerified: false },
      newcomer: { email: 'nia@north.example.org', name: 'Nia Newcomer', groups: ['pcp-editors'] },
      promoted: { email: 'viewer@north.example.org', name: 'Val Viewer', groups: ['all-staff', 'pcp-editors'] },
      entra: { email: 'admin@north.example.org', name: 'North admin via Entra', xmsEdov: true },
    },
  });
  const database = await freshDb(t);
  // The app's log, read for the reason each tampered token was refused and searched for secrets.
  const log: string[] = [];
  const config = testConfig({ publicUrl: base, logLevel: 'warn' });
  const services = createServices({ db: database.db, config });
  const north = await seedOffice(services);
  await services.oidc.saveSettings({
    by: north.admin,
    input: {
      enabled: 'true',
      providerName: 'Test ID',
      issuer: op.issuer,
      clientId: 'pcp-tracker',
      clientSecret: 'a-client-secret-the-pages-never-show',
      allowedDomains: 'north.example.org',
      roleSource: 'invited',
      passwordSignIn: 'true',
    },
  });
  const app = await buildApp({ config, services, logStream: { write: (line) => log.push(line) } });
  await app.listen({ host: '127.0.0.1', port });
  t.after(() => app.close());
  const browser = await launch(t);

  /** From our sign-in page to the provider's login form and back; answers the status of our callback. */
  async function ssoSignIn(page: Page, login: string) {
    await page.goto(`${base}/sign-in`);
    await page.click('button:has-text("Sign in with Test ID")');
    await page.waitForSelector('input[name="login"]');
    assert.equal(new URL(page.url()).origin, op.issuer, 'at the provider');
    await page.fill('input[name="login"]', login);
    // The dev login form wants a password and takes any.
    await page.fill('input[name="password"]', 'any');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${base}/sign-in/sso/callback`)),
      page.click('button:has-text("Sign-in")'),
    ]);
    await page.waitForLoadState('load');
    return res.status();
  }
  const heading = (page: Page) => page.locator('h1').innerText();
  const signedIn = async (page: Page) => (await page.context().cookies(base)).some((c) => c.name === '__Host-pcp_session');

  await t.test('sign-in succeeds, and sign-out ends the session here and at the provider', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const ui = new AppPage(page, base);
    await ui.goto('/sign-in');
    assert.match(await page.locator('#sso').innerText(), /Sign in with Test ID[\s\S]*For staff of North OPCC/);
    await ui.check('sign in with single sign-on', 'sso-sign-in');
    assert.equal(await ssoSignIn(page, 'viewer'), 303);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.locator('.app-header__user').innerText(), 'North viewer (viewer)');
    await ui.goto('/projects');
    assert.equal(new URL(page.url()).pathname, '/projects');

    await ui.signOut();
    await page.waitForSelector('button:has-text("Yes, sign me out")');
    assert.equal(new URL(page.url()).origin, op.issuer, 'sign-out goes on to the provider');
    await page.click('button:has-text("Yes, sign me out")');
    await page.waitForURL(`${base}/sign-in`);
    assert.match(await page.locator('body').innerText(), /You have signed out/);
    assert.equal(await signedIn(page), false);
    await ui.goto('/projects');
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'our session has ended');
    // The provider's session ended too: it asks who you are again.
    await page.click('button:has-text("Sign in with Test ID")');
    await page.waitForSelector('input[name="login"]');
    await context.close();
  });

  for (const [tamper, label, why] of [
    ['aud', 'an ID token for another app (wrong audience)', /\(claim "aud"\)$/],
    ['nonce', 'an ID token with the wrong nonce', /\(claim "nonce"\)$/],
    ['expired', 'an expired ID token', /\(claim "exp"\)$/],
  ] as const) {
    await t.test(`${label} is refused`, async () => {
      op.control.tamper = tamper;
      t.after(() => {
        op.control.tamper = 'none';
      });
      const context = await newContext(browser);
      const page = await context.newPage();
      try {
        assert.equal(await ssoSignIn(page, 'viewer'), 401);
        assert.equal(await heading(page), 'You could not be signed in');
        assert.match(await page.locator('main').innerText(), /The answer from Test ID could not be checked/);
        assert.equal(await signedIn(page), false);
        // Refused by the check named, not by anything else.
        const line = log.filter((l) => l.includes('single sign-on refused')).at(-1) ?? '{}';
        assert.match(JSON.parse(line).detail, why);
        await new AppPage(page, base).check(`refused: ${tamper}`);
        await page.goto(`${base}/projects`);
        assert.equal(new URL(page.url()).pathname, '/sign-in');
      } finally {
        op.control.tamper = 'none';
        await context.close();
      }
    });
  }

  await t.test('an untampered sign-in works again after those (the refusals were the checks, not the set-up)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    assert.equal(await ssoSignIn(page, 'viewer'), 303);
    assert.equal(await signedIn(page), true);
    await context.close();
  });

  await t.test('someone the provider knows but the office never invited is refused', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    assert.equal(await ssoSignIn(page, 'stranger'), 403);
    assert.equal(await heading(page), 'You do not have an account');
    assert.match(await page.locator('main').innerText(), /no account for stranger@north\.example\.org in North OPCC/);
    assert.equal(await signedIn(page), false);
    await new AppPage(page, base).check('refused: unknown user', 'sso-unknown');
    await context.close();
  });

  await t.test('a disabled user is refused', async () => {
    await services.auth.updateUser({ by: north.admin, userId: north.users.editor.id, disabled: true });
    const context = await newContext(browser);
    const page = await context.newPage();
    assert.equal(await ssoSignIn(page, 'editor'), 403);
    assert.equal(await heading(page), 'Your account is switched off');
    assert.equal(await signedIn(page), false);
    await context.close();
  });

  await t.test('an address outside the allowed domains is refused', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    assert.equal(await ssoSignIn(page, 'outsider'), 403);
    assert.equal(await heading(page), 'Your email address cannot be used here');
    assert.equal(await signedIn(page), false);
    await context.close();
  });

  await t.test('an address the provider does not vouch for is refused; Entra ID’s domain-owner claim vouches', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    assert.equal(await ssoSignIn(page, 'unverified'), 403);
    assert.equal(await heading(page), 'Your email address is not confirmed');
    assert.equal(await signedIn(page), false);
    await context.close();
    const entra = await newContext(browser);
    const p2 = await entra.newPage();
    assert.equal(await ssoSignIn(p2, 'entra'), 303);
    assert.equal(await p2.locator('.app-header__user').innerText(), 'North admin (admin)');
    // The settings page as its admin sees it, in Chromium (axe): the secret is not on it.
    const ui = new AppPage(p2, base);
    await ui.goto('/admin/sso');
    assert.equal(await p2.locator('#clientSecret').inputValue(), '');
    assert.equal((await p2.content()).includes('a-client-secret-the-pages-never-show'), false);
    await ui.check('single sign-on settings', 'sso-settings');
    await entra.close();
  });

  await t.test('the provider’s answer taken to another browser is refused (state bound to the browser that started)', async () => {
    // The callback address (code and state) the provider sends the first browser to, caught unfollowed.
    const first = await newContext(browser);
    const a = await first.newPage();
    await a.goto(`${base}/sign-in`);
    await a.click('button:has-text("Sign in with Test ID")');
    await a.waitForSelector('input[name="login"]');
    await a.fill('input[name="login"]', 'viewer');
    await a.fill('input[name="password"]', 'any');
    const [callback] = await Promise.all([a.waitForRequest((r) => r.url().startsWith(`${base}/sign-in/sso/callback`)), a.click('button:has-text("Sign-in")')]);
    const caught = callback.url();
    await a.waitForURL(`${base}/`);
    await first.close();
    assert.match(caught, /[?&]code=/);
    const second = await newContext(browser);
    const b = await second.newPage();
    const res = await b.goto(caught);
    assert.equal(res?.status(), 400);
    assert.equal(await heading(b), 'Your sign-in has expired');
    assert.equal(await signedIn(b), false);
    await second.close();
  });

  await t.test('with password sign-in off, the office signs in only through its provider', async () => {
    await services.oidc.saveSettings({
      by: north.admin,
      input: {
        enabled: 'true',
        providerName: 'Test ID',
        issuer: op.issuer,
        clientId: 'pcp-tracker',
        allowedDomains: 'north.example.org',
        roleSource: 'invited',
        passwordSignIn: 'false',
      },
    });
    const context = await newContext(browser);
    const page = await context.newPage();
    const ui = new AppPage(page, base);
    await ui.goto('/sign-in?office=north');
    assert.equal(await page.locator('#password').count(), 0, 'no password form for this office');
    await ui.check('sign in, single sign-on only', 'sso-only');
    // The general page still has the form (other offices); a right password for this office is refused as a wrong one.
    await ui.goto('/sign-in');
    await page.fill('#email', north.users.admin.email);
    await page.fill('#password', PASSWORD);
    await page.click('form[action="/sign-in"] button');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct email address and password/);
    assert.equal(await signedIn(page), false);
    // The secret saved before is still used: sign-in through the provider works.
    assert.equal(await ssoSignIn(page, 'viewer'), 303);
    assert.equal(await signedIn(page), true);
    await context.close();
  });

  await t.test('roles from a group claim; an account made at first sign-in when the office allows it', async () => {
    await services.oidc.saveSettings({
      by: north.admin,
      input: {
        enabled: 'true',
        providerName: 'Test ID',
        issuer: op.issuer,
        clientId: 'pcp-tracker',
        allowedDomains: 'north.example.org',
        roleSource: 'group_claim',
        groupClaim: 'groups',
        groupRoles: 'pcp-editors = editor\npcp-admins = admin',
        createOnFirstSignIn: 'true',
        passwordSignIn: 'true',
      },
    });
    for (const [login, shown] of [
      ['newcomer', 'Nia Newcomer (editor)'],
      ['promoted', 'North viewer (editor)'],
    ]) {
      const context = await newContext(browser);
      const page = await context.newPage();
      assert.equal(await ssoSignIn(page, login), 303, login);
      assert.equal(await page.locator('.app-header__user').innerText(), shown);
      await context.close();
    }
    const users = await services.auth.listUsers(north.office.id);
    assert.equal(users.find((u) => u.email === 'nia@north.example.org')?.role, 'editor');
    // No group that maps to a role: refused, and no account made.
    const context = await newContext(browser);
    const page = await context.newPage();
    assert.equal(await ssoSignIn(page, 'stranger'), 403);
    assert.equal(await heading(page), 'You do not have a role here');
    assert.equal(
      (await services.auth.listUsers(north.office.id)).some((u) => u.email === 'stranger@north.example.org'),
      false,
    );
    await context.close();
  });

  await t.test('the log holds no client secret, ID token or code', () => {
    const all = log.join('');
    assert.ok(
      log.some((l) => l.includes('single sign-on refused')),
      'the log was read',
    );
    assert.equal(all.includes('a-client-secret-the-pages-never-show'), false);
    assert.doesNotMatch(all, /eyJ[\w-]+\.eyJ/, 'no JWT');
    assert.doesNotMatch(all, /code=/);
  });
});
