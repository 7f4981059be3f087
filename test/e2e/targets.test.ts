// The targets pages in real Chromium: axe (WCAG 2.2 AA) on each, forms used as a person would,
// with and without JavaScript.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_REPORT_DATE, seedTargetsDemo } from '../../src/targets/targets.demo.js';
import { assertAccessible, hasChromium, launch, newContext, screenshot } from './support/browser.js';
import { serve } from './support/server.js';

const PASSWORD = 'correct horse battery staple';

test('targets pages are accessible and work end to end', { skip: !hasChromium() && 'no Chromium' }, async (t) => {
  let ids: { target: string; action: string; priority: string } = { target: '', action: '', priority: '' };
  const { url } = await serve(t, async (services) => {
    const office = await services.auth.createOffice({ slug: 'hampshire', name: 'Hampshire OPCC', area: 'Hampshire and Isle of Wight' });
    const u = await services.auth.createUser({
      officeId: office.id,
      input: { email: 'editor@hants.example.org', name: 'Hants editor', password: PASSWORD, role: 'admin' },
      by: null,
    });
    const by = { userId: u.id, name: 'Hants editor', officeId: office.id, role: 'admin' as const };
    await services.plan.createPlan({
      by,
      input: { title: 'Police and Crime Plan 2016-2021', periodStart: '2016-04-01', periodEnd: '2021-03-31', status: 'published' },
    });
    const seeded = await seedTargetsDemo({ services, by, officeId: office.id });
    const targets = await services.targets.listTargets(office.id);
    const actions = await services.targets.listActions(office.id);
    ids = { target: targets.find((x) => x.statement.startsWith('Over three years'))?.id ?? '', action: actions[0].id, priority: seeded.priorityIds[0] };
  });
  const browser = await launch(t);

  for (const js of [true, false]) {
    const ctx = await newContext(browser, { javaScriptEnabled: js });
    const page = await ctx.newPage();
    const label = js ? 'js' : 'nojs';
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Email address').fill('editor@hants.example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/`);

    const check = async (path: string, name: string) => {
      const res = await page.goto(`${url}${path}`);
      assert.equal(res?.status(), 200, path);
      // axe runs as page script, so only where JavaScript is on; without it the same markup is served.
      if (js) {
        await assertAccessible(page, name);
        await screenshot(page, `targets-${name}`);
      }
    };
    await check('/targets', 'list');
    await check(`/targets/${ids.target}`, 'target');
    await check(`/targets/report?date=${DEMO_REPORT_DATE}`, 'report');
    await check('/targets/new', 'target-new');
    await check(`/targets/${ids.target}/edit`, 'target-edit');
    await check(`/targets/${ids.target}/observations/new`, 'observation-new');
    await check(`/targets/${ids.target}/override`, 'override');
    await check('/targets/settings', 'settings');
    await check(`/actions/${ids.action}`, 'action');
    await check('/actions/new', 'action-new');
    await check(`/actions/${ids.action}/edit`, 'action-edit');
    await check(`/actions/${ids.action}/updates/new`, 'update-new');

    // The chart is an image with a text alternative, and its data table is beside it.
    await page.goto(`${url}/targets/${ids.target}`);
    const alt = await page.locator('img.app-target-chart').getAttribute('alt');
    assert.match(alt ?? '', /^Line chart of percentage point gap over time/);
    assert.ok(await page.getByRole('table', { name: /Data for the chart/ }).isVisible());
    const nat = await page.locator('img.app-target-chart').evaluate((img: HTMLImageElement) => img.naturalWidth);
    assert.ok(nat > 100, 'the SVG loads as an image');

    // A failed form: the error summary links to the field, answers kept, page still accessible.
    await page.goto(`${url}/targets/${ids.target}/observations/new`);
    await page.getByLabel(/Value \(/).fill('7.1');
    await page.getByRole('button', { name: 'Save observation' }).click();
    assert.equal(await page.locator('.govuk-error-summary').isVisible(), true);
    if (js) await assertAccessible(page, 'observation error');
    assert.equal(await page.getByLabel(/Value \(/).inputValue(), '7.1');
    await page.getByRole('link', { name: 'Enter the date the value is as at' }).click();
    // A date input since issue 11 (defect 11): the link goes to its day box; 31/03/2014 style answers.
    if (js) assert.equal(await page.evaluate(() => document.activeElement?.id), 'asAt-day');
    if (js) await screenshot(page, 'targets-observation-error');
    await page.fill('#asAt-day', js ? '31' : '28');
    await page.fill('#asAt-month', js ? '03' : '02');
    await page.fill('#asAt-year', '2014');
    await page.getByLabel('Current performance').fill('Gap reduced to 7.1%');
    await page.getByRole('button', { name: 'Save observation' }).click();
    await page.waitForURL(`${url}/targets/${ids.target}`);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Observation added\. RAG status: Green/);
    if (js) await assertAccessible(page, 'target after observation');

    // A delivery update.
    await page.goto(`${url}/actions/${ids.action}/updates/new`);
    await page.fill('#asAt-day', '15');
    await page.fill('#asAt-month', '4');
    await page.fill('#asAt-year', '2014');
    await page.getByLabel('Update', { exact: true }).fill(`Meeting with the CCG held (${label})`);
    await page.getByRole('button', { name: 'Save update' }).click();
    await page.waitForURL(`${url}/actions/${ids.action}`);
    assert.match(await page.locator('main').innerText(), new RegExp(`Update Apr 14\\s+Meeting with the CCG held \\(${label}\\)`));
    await ctx.close();
  }
});
