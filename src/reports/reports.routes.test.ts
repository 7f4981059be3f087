import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { Browser, apiClient, clock, testApp, world } from '../../test/helpers.js';

async function setup(t: import('node:test').TestContext) {
  const c = clock('2018-04-20T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], objective: 'One service for vulnerable prisoners', forecastEnd: '2019-Q1' };
  const p = await w.services.projects.create({
    by: n.editor,
    input: { ...base, title: 'Services in Police Custody', stage: 'scoping', effectiveOn: '2017-12-01' },
  });
  await w.services.projects.move({ by: n.editor, id: p.id, input: { move: 'hold', version: 1, reason: 'awaiting partners', effectiveOn: '2018-02-01' } });
  await w.services.projects.create({ by: n.editor, input: { ...base, title: 'Revolving Door', effectiveOn: '2018-03-01' } });
  const app = await testApp(t, { config: w.config, services: w.services, now: c.now });
  return { w, n, p, app };
}

test('the report page, its downloads, editing and publishing, with access rules and office isolation', async (t) => {
  const { w, n, p, app } = await setup(t);
  const api = await apiClient(app, w.services, n.editor, 'viewer');
  const viaApi = await api.call('GET', '/reports/2017-18-Q4');
  assert.equal(viaApi.status, 200);
  assert.deepEqual(
    viaApi.body.dashboard.candidates.map((x: { title: string }) => x.title),
    ['Revolving Door'],
  );
  assert.equal((await api.call('GET', '/reports/2017-Q9')).status, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/reports/2018-Q1' })).statusCode, 401);
  const anon = await app.inject({ method: 'GET', url: '/reports/2017-18-Q4' });
  assert.equal(anon.statusCode, 303);

  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  const page = await viewer.get('/reports/2017-18-Q4');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="govuk-heading-xl">Police and Crime Plan Delivery Progress Update: Q4 2017\/18<\/h1>/);
  assert.match(page.body, /1 candidate project identified/);
  assert.match(page.body, /Revolving Door/);
  assert.match(page.body, /Project placed on hold\. Awaiting partners\./);
  assert.doesNotMatch(page.body, /Publish to Panel/, 'viewers cannot publish');
  const list = await viewer.get('/reports');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /href="\/reports\/2018-19-Q1"/);
  const go = await viewer.get('/reports?period=2015-16-q2');
  assert.equal(go.statusCode, 303);
  assert.equal(go.headers.location, '/reports/2015-16-Q2');
  const goBad = await viewer.get('/reports?period=Q2+2015');
  assert.equal(goBad.statusCode, 400);
  assert.match(goBad.body, /govuk-error-summary[\s\S]*href="#period"/);
  assert.match(goBad.body, /value="Q2 2015"/);

  const json = await viewer.get('/reports/2017-18-Q4?format=json');
  assert.equal(json.statusCode, 200);
  assert.deepEqual(
    JSON.parse(json.body).dashboard.candidates.map((x: { title: string }) => x.title),
    ['Revolving Door'],
  );
  const docx = await viewer.get('/reports/2017-18-Q4.docx');
  assert.equal(docx.statusCode, 200);
  assert.match(String(docx.headers['content-disposition']), /attachment; filename="delivery-progress-update-north-2017-18-Q4.docx"/);
  const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
  assert.match(xml, /Services in Police Custody/);
  const bad = await viewer.get('/reports/2018-Q5');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /2018-Q1/);
  assert.equal((await viewer.get('/reports/2018-Q1?format=xls')).statusCode, 400);
  assert.equal((await viewer.get('/reports/2018-Q1/edit')).statusCode, 403);
  const refused = await viewer.post('/reports/2018-Q1/publish', {}, { from: '/reports/2018-Q1' });
  assert.equal(refused.statusCode, 403);

  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  const form = await editor.get('/reports/2018-Q1/edit');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`name="review-${p.id}"`));
  // The Panel date is a GOV.UK date input (issue 11, defect 11): 31 April is refused with the boxes kept.
  const invalid = await editor.post(
    '/reports/2018-Q1/edit',
    { 'panelMeetingOn-day': '31', 'panelMeetingOn-month': '04', 'panelMeetingOn-year': '2018', [`review-${p.id}`]: 'My wording', spotlightIds: p.id },
    { from: '/reports/2018-Q1/edit' },
  );
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /govuk-error-summary/);
  assert.match(invalid.body, /href="#panelMeetingOn-day">Police and Crime Panel meeting date must be a real date/);
  assert.match(invalid.body, /id="panelMeetingOn-day" name="panelMeetingOn-day" type="text" value="31"/, 'answers kept');
  assert.match(invalid.body, />My wording<\/textarea>/);
  const ok = await editor.post(
    '/reports/2018-Q1/edit',
    { panelMeetingOn: '2018-04-13', [`review-${p.id}`]: 'Placed on hold while partners decide.', spotlightIds: p.id },
    { from: '/reports/2018-Q1/edit' },
  );
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/reports/2018-Q1');
  const after = await editor.get('/reports/2018-Q1');
  assert.match(after.body, /settings were saved/);
  assert.match(after.body, /Placed on hold while partners decide\./);
  assert.match(after.body, /For the Police and Crime Panel meeting on 13 April 2018/);
  assert.match(after.body, /<h3 class="govuk-heading-m">Services in Police Custody<\/h3>/);

  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  const pub = await admin.post('/reports/2018-Q1/publish', {}, { from: '/reports/2018-Q1' });
  assert.equal(pub.statusCode, 303);
  const where = String(pub.headers.location);
  assert.match(where, /^\/reports\/published\/[0-9a-f-]{36}$/);
  const shown = await admin.get(where);
  assert.equal(shown.statusCode, 200);
  assert.match(shown.body, /is the same as the one published/);
  const frozen = await admin.get(`${where}/paper.docx`);
  assert.equal(frozen.statusCode, 200);
  assert.equal(frozen.rawPayload.subarray(0, 2).toString(), 'PK');
  assert.equal((await admin.get(`${where}/paper.json`)).statusCode, 200);
  assert.equal((await admin.get(`${where}/paper.exe`)).statusCode, 404);

  const south = new Browser(app);
  await south.signIn('viewer@south.example.org');
  assert.equal((await south.get(where)).statusCode, 404, 'another office’s paper is not found');
  assert.equal((await south.get(`${where}/paper.docx`)).statusCode, 404);
  const southPage = await south.get('/reports/2018-Q1');
  assert.doesNotMatch(southPage.body, /Revolving Door|Services in Police Custody/);
});

test('the edit form sets the day decision notices are listed from: errors in the summary, the answer kept, the paper states the window', async (t) => {
  const { w, n, app } = await setup(t);
  const d = await w.services.decisions.create({
    by: n.editor,
    input: { reference: 'DN-DEC', title: 'Contact Management Programme Budget Uplift', decisionMaker: 'PCC', summary: 'Approval of funding.' },
  });
  await w.services.decisions.approve({ by: n.editor, id: d.id, input: { version: d.version, approvedOn: '2017-12-01' } });
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  const form = await editor.get('/reports/2018-Q1/edit');
  // Day, month and year boxes (issue 11, defect 11), filled with the period's start until changed.
  assert.match(form.body, /id="decisionsFrom-day" name="decisionsFrom-day" type="text" value="1"/, 'the period’s start until changed');
  assert.match(form.body, /id="decisionsFrom-month" name="decisionsFrom-month" type="text" value="1"/);
  assert.match(form.body, /id="decisionsFrom-year" name="decisionsFrom-year" type="text" value="2018"/);
  assert.match(form.body, /<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">\s*Decision notices approved from\s*<\/legend>/);

  for (const [[day, month, year], message] of [
    [['31', '11', '2017'], 'Decision notices approved from must be a real date'],
    [['1', '4', '2018'], 'The date decision notices are approved from must be on or before 31 March 2018, the end of the quarter'],
    [['1', '12', '2016'], 'The date decision notices are approved from must be 1 January 2017 or later, no more than a year before the quarter starts'],
  ] as const) {
    const res = await editor.post(
      '/reports/2018-Q1/edit',
      {
        'panelMeetingOn-day': '13',
        'panelMeetingOn-month': '4',
        'panelMeetingOn-year': '2018',
        'decisionsFrom-day': day,
        'decisionsFrom-month': month,
        'decisionsFrom-year': year,
      },
      { from: '/reports/2018-Q1/edit' },
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, new RegExp(`govuk-error-summary[\\s\\S]*<a href="#decisionsFrom-day">\\s*${message}\\s*</a>`));
    assert.match(res.body, new RegExp(`id="decisionsFrom-error"[\\s\\S]*${message}`));
    assert.match(res.body, new RegExp(`name="decisionsFrom-day" type="text" value="${day}"`), 'answer kept');
    assert.match(res.body, new RegExp(`name="decisionsFrom-year" type="text" value="${year}"`), 'answer kept');
    assert.match(res.body, /name="panelMeetingOn-day" type="text" value="13"/, 'other answers kept');
  }
  assert.equal(await w.services.reports.draft(n.office.id, '2018-Q1'), null);

  const ok = await editor.post('/reports/2018-Q1/edit', { panelMeetingOn: '2018-04-13', decisionsFrom: '2017-12-01' }, { from: '/reports/2018-Q1/edit' });
  assert.equal(ok.statusCode, 303);
  const page = await editor.get('/reports/2018-Q1');
  assert.match(page.body, /Decision notices approved from 1 December 2017 to 31 March 2018/);
  assert.match(page.body, /Contact Management Programme Budget Uplift \(ID: DN-DEC\)/);
  const again = (await editor.get('/reports/2018-Q1/edit')).body;
  assert.match(again, /name="decisionsFrom-day" type="text" value="1"/);
  assert.match(again, /name="decisionsFrom-month" type="text" value="12"/);
  assert.match(again, /name="decisionsFrom-year" type="text" value="2017"/);
  const audit = await w.services.auth.listAuditFor(n.office.id, 'report', '2018-Q1');
  assert.deepEqual(
    audit.map((a) => [a.action, JSON.parse(a.changes).decisionsFrom]),
    [['draft_created', '2017-12-01']],
  );
});
