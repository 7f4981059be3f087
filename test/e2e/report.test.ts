// The quarterly report in real Chromium: the page, its edit form and the published paper pass axe
// (WCAG 2.2 AA), work without JavaScript, and the PDF download is a tagged PDF.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDemo, type DemoAccount } from '../../src/demo/demo.js';
import { assertAccessible, hasChromium, launch, newContext, screenshot } from './support/browser.js';
import { serve } from './support/server.js';

test('Delivery Progress Update: accessible page, edit form, publish and PDF', { skip: !hasChromium() && 'Chromium not installed' }, async (t) => {
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
    await page.goto(`${url}/reports`);
    if (js) await assertAccessible(page, `reports list (js ${js})`); // axe is a script: it runs only where JavaScript does
    // DPU-2018-04's quarter, by its address (the list offers it too, under 2017/18).
    await page.goto(`${url}/reports/2017-18-Q4`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Police and Crime Plan Delivery Progress Update: Q4 2017/18');
    assert.ok(await page.getByRole('heading', { name: '4 projects delivered' }).isVisible());
    assert.ok(await page.getByRole('img', { name: /Bar chart of current projects per strand/ }).isVisible());
    assert.ok(await page.getByRole('table', { name: /Summary of changes to the Delivery Plan/ }).isVisible());
    // DPU-2018-04's six notices, the first approved in December: the demo starts the list on 1 December.
    assert.ok(await page.getByRole('heading', { name: 'Decision notices approved from 1 December 2017 to 31 March 2018' }).isVisible());
    if (js) await assertAccessible(page, `report page (js ${js})`); // axe is a script: it runs only where JavaScript does
    if (js) await screenshot(page, 'report-2017-18-Q4');

    await page.getByRole('link', { name: /Edit the Panel meeting date/ }).click();
    // GOV.UK date inputs: a fieldset per date, with Day, Month and Year boxes.
    const date = (legend: RegExp) => {
      const g = page.getByRole('group', { name: legend });
      return {
        fill: async (d: string, m: string, y: string) => {
          await g.getByLabel('Day').fill(d);
          await g.getByLabel('Month').fill(m);
          await g.getByLabel('Year').fill(y);
        },
        value: async () =>
          [await g.getByLabel('Day').inputValue(), await g.getByLabel('Month').inputValue(), await g.getByLabel('Year').inputValue()].join('/'),
      };
    };
    const meeting = date(/Police and Crime Panel meeting date/);
    const from = date(/Decision notices approved from/);
    assert.equal(await from.value(), '1/12/2017');
    await meeting.fill('31', '4', '2018');
    await from.fill('1', '4', '2018');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.ok(await page.getByRole('link', { name: 'Police and Crime Panel meeting date must be a real date' }).isVisible());
    assert.equal(await from.value(), '1/4/2018', 'answers kept');
    // A wrong date is reported first; the quarter's rule on the other date once both are dates.
    await meeting.fill('13', '4', '2018');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.ok(await page.getByRole('link', { name: /^The date decision notices are approved from must be on or before 31 March 2018/ }).isVisible());
    assert.equal(await from.value(), '1/4/2018', 'answers kept');
    if (js) await assertAccessible(page, `edit form with errors (js ${js})`); // axe is a script: it runs only where JavaScript does
    await meeting.fill('13', '4', '2018');
    await from.fill('1', '12', '2017');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/reports\/2017-18-Q4$/);
    assert.ok(await page.getByText('For the Police and Crime Panel meeting on 13 April 2018').first().isVisible());

    if (js) {
      const pdf = await page.request.get(`${url}/reports/2017-18-Q4.pdf`);
      assert.equal(pdf.status(), 200);
      const raw = Buffer.from(await pdf.body()).toString('latin1');
      assert.match(raw, /\/StructTreeRoot/);
      await page.getByRole('button', { name: 'Publish to Panel' }).click();
      await page.waitForURL(/\/reports\/published\//);
      assert.ok(await page.getByText('is the same as the one published').isVisible());
      await assertAccessible(page, 'published paper');
    }
    await context.close();
  }
});
