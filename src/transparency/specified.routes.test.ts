// The Specified Information checklist (issue 16) as an admin sees it: every item of the Order, each
// missing at first; decision notices and papers dated from what the product published; a link the
// office gives, kept with its history; overdue when the last update is older than the item allows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';
import { SPECIFIED_ITEMS } from './specified.items.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
/** The text of one item's row of the checklist. */
const row = (html: string, item: string) => {
  const m = new RegExp(`<tr class="govuk-table__row" id="item-${item}">([\\s\\S]*?)</tr>`).exec(html);
  assert.ok(m, `row ${item}`);
  return text(m[1]).trim();
};

test('the checklist: each item missing, through the product or elsewhere, with how often and overdue; links kept with history', async (t) => {
  const c = clock('2020-02-03T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const admin = new Browser(app);
  await admin.signIn(n.users.admin.email);

  let page = await admin.get('/admin/specified-information');
  assert.equal(page.statusCode, 200);
  assert.equal([...page.body.matchAll(/id="item-/g)].length, SPECIFIED_ITEMS.length);
  assert.match(text(page.body), new RegExp(`${SPECIFIED_ITEMS.length} missing, 0 overdue`));
  assert.equal(
    row(page.body, 'spending'),
    'Each item of spending over £500 (Order 2011) Every month Missing Never Give a link : Each item of spending over £500',
  );
  assert.match(row(page.body, 'decisions'), /Each decision of significant public interest \(Order 2011\) As each one is made or held Missing Never/);
  assert.match(row(page.body, 'complaints'), /Complaints data: how the force and the office handle complaints \(Order 2021\) Every quarter Missing/);

  // The product publishes a decision notice and a quarterly paper: dated from them.
  const d = await w.services.decisions.create({
    by: n.editor,
    input: { reference: 'ID: 700', title: 'Knife crime grant', decisionMaker: 'PCC', summary: 'Approved.' },
  });
  const a = await w.services.decisions.approve({ by: n.editor, id: d.id, input: { version: 1, approvedOn: '2020-01-20' } });
  await w.services.decisions.publish({ by: n.editor, id: d.id, input: { version: a.version } });
  const paper = await w.services.reports.publish({ by: n.admin, periodId: '2019-Q4' });

  // A link given for spending, updated three months ago: overdue (monthly).
  const form = await admin.get('/admin/specified-information/spending');
  assert.match(
    text(form.body),
    /Each item of spending over £500 How often Every month Where it stands Missing Published through PCP Tracker PCP Tracker does not publish this/,
  );
  const bad = await admin.post(
    '/admin/specified-information/spending',
    { url: 'javascript:alert(1)', 'updatedOn-day': '31', 'updatedOn-month': '2', 'updatedOn-year': '2020' },
    { from: '/admin/specified-information/spending' },
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /href="#url">Enter a web address starting https:\/\/ or http:\/\//);
  assert.match(bad.body, /href="#updatedOn-day">/);
  assert.match(bad.body, /value="javascript:alert\(1\)"/, 'answers kept');
  const noDate = await admin.post(
    '/admin/specified-information/spending',
    { url: 'https://north.example.gov.uk/spending' },
    { from: '/admin/specified-information/spending' },
  );
  assert.equal(noDate.statusCode, 400);
  assert.match(noDate.body, /Enter the date it was last updated/);
  const saved = await admin.post(
    '/admin/specified-information/spending',
    { url: 'https://north.example.gov.uk/spending', 'updatedOn-day': '31', 'updatedOn-month': '10', 'updatedOn-year': '2019', reason: 'October’s spending' },
    { from: '/admin/specified-information/spending' },
  );
  assert.equal(saved.statusCode, 303);
  await admin.post(
    '/admin/specified-information/budget',
    { url: 'https://north.example.gov.uk/budget', 'updatedOn-day': '1', 'updatedOn-month': '2', 'updatedOn-year': '2020' },
    { from: '/admin/specified-information/budget' },
  );

  page = await admin.get('/admin/specified-information');
  assert.match(text(page.body), /Success Saved: Budget, precept, and spending and investment strategy for the coming financial year\./);
  assert.equal(
    row(page.body, 'spending'),
    'Each item of spending over £500 (Order 2011) Every month Published elsewhere Overdue https://north.example.gov.uk/spending 31 October 2019 next due by 1 January 2020 Give a link : Each item of spending over £500',
  );
  assert.match(row(page.body, 'budget'), /Published elsewhere https:\/\/north.example.gov.uk\/budget 1 February 2020 next due by 1 February 2021/);
  assert.doesNotMatch(row(page.body, 'budget'), /Overdue/);
  assert.match(row(page.body, 'decisions'), /Published through PCP Tracker Decision notices register 3 February 2020/);
  assert.match(
    row(page.body, 'reports'),
    /Every quarter Published through PCP Tracker Quarterly paper published to the Panel 3 February 2020 next due by 5 June 2020/,
  );
  assert.match(page.body, new RegExp(`href="/reports/published/${paper.id}"`));
  assert.match(text(page.body), new RegExp(`${SPECIFIED_ITEMS.length - 4} missing, 1 overdue`));

  // No longer published elsewhere: missing again, and the history keeps both.
  c.advance(60_000);
  assert.equal(
    (await admin.post('/admin/specified-information/spending', { url: '', reason: 'Site taken down' }, { from: '/admin/specified-information/spending' }))
      .statusCode,
    303,
  );
  assert.match(row((await admin.get('/admin/specified-information')).body, 'spending'), /Missing Never/);
  const hist = text((await admin.get('/admin/specified-information/spending')).body);
  assert.match(
    hist,
    /History When Who Link Note 3 February 2020 at 10:01am north admin Not published elsewhere Site taken down 3 February 2020 at 10:00am north admin https:\/\/north.example.gov.uk\/spending, updated 31 October 2019 October’s spending/,
  );

  // The history is append-only in the database too (migration specified_history_sql).
  const REFUSED = /history cannot be rewritten/;
  await assert.rejects(w.database.exec(`update specified_information_links set actor_name = 'FORGED'`), REFUSED);
  await assert.rejects(w.database.exec('delete from specified_information_links'), REFUSED);
  await assert.rejects(w.database.exec('truncate specified_information_links'), REFUSED);

  // Admins only, their own office only.
  const viewer = new Browser(app);
  await viewer.signIn(n.users.viewer.email);
  assert.equal((await viewer.get('/admin/specified-information')).statusCode, 403);
  const south = new Browser(app);
  await south.signIn(w.south.users.admin.email);
  const southPage = await south.get('/admin/specified-information');
  assert.match(row(southPage.body, 'spending'), /Missing Never/);
  assert.match(row(southPage.body, 'decisions'), /Missing Never/);
  assert.equal((await admin.get('/admin/specified-information/nothing')).statusCode, 404);
});
