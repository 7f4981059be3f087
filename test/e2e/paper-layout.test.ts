// The office's paper layout in real Chromium (issue 18): the admin page passes axe, works without
// JavaScript, uploads a logo and refuses an SVG with the error summary; the quarterly paper's page
// then opens on the office's cover and its contents, which link to the sections.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { seedDemo, type DemoAccount } from '../../src/demo/demo.js';
import { assertAccessible, hasChromium, launch, newContext } from './support/browser.js';
import { serve } from './support/server.js';

const LOGO = join(import.meta.dirname, '../../src/reports/fixtures/office-logo.png');

test('paper layout: accessible admin page, logo upload, SVG refused, the paper’s cover and contents', {
  skip: !hasChromium() && 'Chromium not installed',
}, async (t) => {
  let accounts: DemoAccount[] = [];
  const { url } = await serve(t, async (services) => {
    accounts = (await seedDemo({ services })).accounts;
  });
  const browser = await launch(t);
  const admin = accounts.find((a) => a.role === 'admin') as DemoAccount;
  for (const js of [true, false]) {
    const context = await newContext(browser, { javaScriptEnabled: js });
    const page = await context.newPage();
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${url}/admin`);
    await page.getByRole('link', { name: 'Paper layout' }).click();
    if (js) await assertAccessible(page, 'paper layout page');
    const cover = page.getByRole('group', { name: /Does the paper open with a cover and contents/ });
    await cover.getByLabel('Yes, a cover page and a contents page').check();
    await page.getByLabel('Title on the cover (optional)').fill('Delivery Progress to the Panel');
    // An SVG is refused, the answers kept.
    await page
      .locator('input[type=file]#logo')
      .setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    await page.getByRole('button', { name: 'Save' }).click();
    assert.ok(await page.getByRole('link', { name: /The selected file is an SVG/ }).isVisible());
    assert.equal(await page.getByLabel('Title on the cover (optional)').inputValue(), 'Delivery Progress to the Panel');
    if (js) await assertAccessible(page, 'paper layout page with an error');
    await page.locator('input[type=file]#logo').setInputFiles(LOGO);
    await page.getByLabel('Reason for the change (optional)').fill(`The Panel asked (js ${js})`);
    await page.getByRole('button', { name: 'Save' }).click();
    assert.ok(await page.getByText('Paper layout saved').isVisible());
    assert.ok(await page.getByRole('img', { name: 'The office’s current logo' }).isVisible());
    assert.ok(await page.getByRole('cell', { name: `The Panel asked (js ${js})` }).isVisible());
    if (js) await assertAccessible(page, 'paper layout page saved');

    await page.goto(`${url}/reports/2017-18-Q4`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Delivery Progress to the Panel');
    assert.ok(await page.getByRole('img', { name: /OPCC logo$|Isle of Wight logo$/ }).isVisible());
    const contents = page.getByRole('navigation', { name: 'Contents' });
    await contents.getByRole('link', { name: 'Delivery Plan Review' }).click();
    assert.match(page.url(), /#section-2$/);
    if (js) await assertAccessible(page, 'report page with cover and contents');
    await context.close();
  }
});
