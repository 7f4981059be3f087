// The decision notices register in real Chromium: the public pages (no sign-in) and the editor's
// pages, each checked with axe (WCAG 2.2 AA), and the exempt part absent from what the public sees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedDecisionsDemo } from '../../src/decisions/decisions.demo.js';
import type { Actor } from '../../src/platform/errors.js';
import { PASSWORD } from '../helpers.js';
import { assertAccessible, hasChromium, launch, newContext, screenshot } from './support/browser.js';
import { serve } from './support/server.js';

const CANARY = 'CANARY-e2e-exempt-9c1d';

test('decision notices: public register and editor pages pass axe; the exempt part stays private', { skip: !hasChromium() && 'no Chromium' }, async (t) => {
  let noticeId = '';
  const { url } = await serve(t, async (services) => {
    const office = await services.auth.createOffice({ slug: 'hiow', name: 'Hampshire and Isle of Wight OPCC', area: 'Hampshire and the Isle of Wight' });
    const u = await services.auth.createUser({
      officeId: office.id,
      input: { email: 'editor@hiow.example.org', name: 'Edith Editor', password: PASSWORD, role: 'editor' },
      by: null,
    });
    const by: Actor = { userId: u.id, name: 'Edith Editor', officeId: office.id, role: 'editor' };
    await seedDecisionsDemo({ services, by });
    const d = await services.decisions.create({
      by,
      input: {
        reference: 'ID: 520',
        title: 'Custody contract award',
        decisionMaker: 'Police and Crime Commissioner',
        summary: 'Approved the award of the custody healthcare contract.',
        decisionText: 'The PCC approves the award.\n\nThe contract runs for three years.',
        amount: '£1,250,000.50',
        tags: 'Custody',
        backgroundDocuments: 'Report to the PCC | https://www.example.gov.uk/report.pdf',
        exemptText: `Bid prices ${CANARY}`,
        exemption: 'Schedule 12A, paragraph 3',
        exemptReason: 'Commercially sensitive',
      },
    });
    const a = await services.decisions.approve({ by, id: d.id, input: { version: 1, approvedOn: '2020-01-15' } });
    await services.decisions.publish({ by, id: d.id, input: { version: a.version } });
    noticeId = d.id;
  });
  const browser = await launch(t);

  // The register works with JavaScript off (axe itself needs it on, so the checks below use a normal context).
  const noJs = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  await noJs.goto(`${url}/o/hiow/decisions`);
  await noJs.selectOption('#tag', 'Custody');
  await noJs.click('button:has-text("Apply filters")');
  assert.match(await noJs.locator('#results').innerText(), /^1 decision notice$/);
  assert.equal(await noJs.locator('main h3').innerText(), 'Custody contract award');

  const pub = await (await newContext(browser)).newPage();
  await pub.goto(`${url}/o/hiow/decisions`);
  assert.equal(await pub.locator('h1').textContent(), 'Decision notices');
  assert.match(await pub.locator('#results').innerText(), /^17 decision notices$/);
  await assertAccessible(pub, 'public register');
  await screenshot(pub, 'decisions-public-register');

  await pub.selectOption('#tag', 'INVESTMENT in POLICING');
  await pub.selectOption('#year', '2019');
  await pub.click('button:has-text("Apply filters")');
  assert.match(await pub.locator('#results').innerText(), /^7 decision notices$/);
  await assertAccessible(pub, 'public register, filtered');

  await pub.fill('#minAmount', 'abc');
  await pub.click('button:has-text("Apply filters")');
  assert.match(await pub.locator('.govuk-error-summary').innerText(), /Amount in the filter must be a number of pounds/);
  await assertAccessible(pub, 'public register, filter error');

  await pub.goto(`${url}/o/hiow/decisions/${noticeId}`);
  assert.equal(await pub.locator('h1').textContent(), 'Custody contract award');
  assert.match(await pub.locator('main').innerText(), /£1,250,000\.50/);
  assert.ok(!(await pub.content()).includes(CANARY));
  await assertAccessible(pub, 'public notice page');
  await screenshot(pub, 'decisions-public-notice');
  for (const path of ['/o/hiow/decisions', '/o/hiow/decisions.atom', '/o/hiow/decisions.csv']) {
    const r = await pub.request.get(`${url}${path}`);
    assert.equal(r.status(), 200);
    assert.ok(!(await r.text()).includes(CANARY), path);
  }

  // An editor, with JavaScript on.
  const ed = await (await newContext(browser)).newPage();
  await ed.goto(`${url}/sign-in`);
  await ed.fill('#email', 'editor@hiow.example.org');
  await ed.fill('#password', PASSWORD);
  await ed.click('button:has-text("Sign in")');
  await ed.goto(`${url}/decisions`);
  await assertAccessible(ed, 'editor list');
  await ed.goto(`${url}/decisions/new`);
  await ed.fill('#reference', 'ID: 507');
  await ed.fill('#amount', '-5');
  await ed.click('button:has-text("Create draft")');
  const summary = await ed.locator('.govuk-error-summary').innerText();
  assert.match(summary, /already exists/);
  assert.match(summary, /Enter the title/);
  assert.match(summary, /£0 or more/);
  assert.equal(await ed.inputValue('#amount'), '-5');
  await assertAccessible(ed, 'new notice form with errors');
  await screenshot(ed, 'decisions-form-errors');
  await ed.fill('#reference', 'ID: 530');
  await ed.fill('#title', 'Victim services grant');
  await ed.fill('#amount', '£20,000');
  await ed.click('button:has-text("Create draft")');
  assert.match(await ed.locator('.govuk-notification-banner').innerText(), /ID: 530 created as a draft/);
  await assertAccessible(ed, 'notice page with history');
  await ed.click('a:has-text("Approve")');
  await ed.fill('#approvedOn', '30');
  await ed.fill('#approvedOn-month', '2');
  await ed.fill('#approvedOn-year', '2020');
  await ed.fill('#decisionMaker', 'Police and Crime Commissioner');
  await ed.click('button:has-text("Approve")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /Date approved must be a real date/);
  await assertAccessible(ed, 'approve form with errors');
  await ed.fill('#approvedOn', '28');
  await ed.click('button:has-text("Approve")');
  assert.match(await ed.locator('.govuk-notification-banner').innerText(), /approved/);
  await ed.click('a:has-text("Publish")');
  await assertAccessible(ed, 'publish page');
  await ed.click('button:has-text("Publish")');
  assert.match(await ed.locator('.govuk-error-summary').innerText(), /Enter a summary before publishing/);
  await ed.goto(`${url}/decisions/${noticeId}`);
  const mainText = await ed.locator('main').innerText();
  assert.ok(mainText.includes(CANARY), `the editor sees the exempt part: ${mainText.slice(0, 3000)}`);
  await assertAccessible(ed, 'notice page with exempt part');
  await ed.click('a:has-text("Withdraw")');
  await assertAccessible(ed, 'withdraw page');
});
