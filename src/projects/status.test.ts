// Issue 18: each current project's status for the quarter. Entered during the quarter (service,
// page and API), kept as append-only history with who, when and why, shown on the project page and
// the projects list, and in the paper's current projects table when the editor asks for it: a past
// quarter's paper says what was recorded for that quarter, and a published paper never changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, apiClient, clock, testApp, world } from '../../test/helpers.js';
import { renderDocx } from '../documents/docx.js';
import { renderHtml } from '../documents/html.js';
import type { ReportModel } from '../reports/report.model.js';

async function setup(t: import('node:test').TestContext) {
  // Q4 2017/18 (January to March 2018) is under way.
  const c = clock('2018-02-10T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], objective: 'One service for vulnerable prisoners' };
  const custody = await w.services.projects.create({
    by: n.editor,
    input: { ...base, title: 'Services in Police Custody', stage: 'scoping', forecastEnd: '2018-01', effectiveOn: '2017-12-01' },
  });
  const pic = await w.services.projects.create({
    by: n.editor,
    input: { ...base, title: 'Police Investigation Centre Evaluation', stage: 'delivery', forecastEnd: '2018-03', effectiveOn: '2017-12-01' },
  });
  const candidate = await w.services.projects.create({ by: n.editor, input: { ...base, title: 'Revolving Door', effectiveOn: '2017-12-01' } });
  return { c, w, n, custody, pic, candidate };
}

const currentRows = (m: ReportModel) => m.currentByStrand.flatMap((s) => s.projects).map((p) => [p.title, p.status?.label, p.status?.note, !!p.overdue]);

test('a status is recorded for the quarter under way with who, when and why; stale, repeated, hostile and not-current entries are refused', async (t) => {
  const { c, w, n, custody, candidate } = await setup(t);
  const s = w.services.statuses;
  const first = await s.record({ by: n.editor, projectId: custody.id, input: { status: 'at_risk', note: 'Waiting for the partners’ funding', version: 0 } });
  assert.deepEqual([first.periodId, first.status, first.label, first.version, first.actorName], ['2017-18-Q4', 'at_risk', 'At risk', 1, 'north editor']);
  c.advance(60_000);
  await s.record({ by: n.editor, projectId: custody.id, input: { status: 'on_track', note: 'Funding agreed', reason: 'Partners signed', version: 1 } });
  const mine = await s.ofProject(n.office.id, custody.id);
  assert.equal(mine.period.id, '2017-18-Q4');
  assert.deepEqual([mine.current?.status, mine.current?.note, mine.version], ['on_track', 'Funding agreed', 2]);
  assert.deepEqual(
    mine.history.map((h) => [h.periodName, h.label, h.note, h.actorName, h.reason]),
    [
      ['Q4 2017/18', 'On track', 'Funding agreed', 'north editor', 'Partners signed'],
      ['Q4 2017/18', 'At risk', 'Waiting for the partners’ funding', 'north editor', null],
    ],
  );
  // Stale version: someone else saved since.
  await assert.rejects(s.record({ by: n.editor, projectId: custody.id, input: { status: 'off_track', version: 1 } }), { code: 'project_status.conflict' });
  // The same again changes nothing, and says so.
  await assert.rejects(s.record({ by: n.editor, projectId: custody.id, input: { status: 'on_track', note: 'Funding agreed' } }), {
    code: 'project_status.invalid',
  });
  await assert.rejects(s.record({ by: n.editor, projectId: custody.id, input: { status: 'green' } }), (e: { code: string; fields: { field: string }[] }) => {
    assert.equal(e.code, 'project_status.invalid');
    assert.deepEqual(
      e.fields.map((f) => f.field),
      ['status'],
    );
    return true;
  });
  await assert.rejects(s.record({ by: n.editor, projectId: custody.id, input: { status: 'at_risk', note: 'x'.repeat(301) } }), {
    code: 'project_status.invalid',
  });
  await assert.rejects(s.record({ by: n.editor, projectId: candidate.id, input: { status: 'at_risk' } }), { code: 'project_status.not_current' });
  // Another office's project is no project at all.
  await assert.rejects(s.record({ by: w.south.editor, projectId: custody.id, input: { status: 'at_risk' } }), { code: 'project.not_found' });
  assert.equal(Number((await w.database.exec('select count(*)::int as n from project_statuses')).rows[0].n), 2);
});

test('status entries are append-only: a forged update, a delete and a truncate are refused', async (t) => {
  const { w, n, custody } = await setup(t);
  await w.services.statuses.record({ by: n.editor, projectId: custody.id, input: { status: 'at_risk', note: 'Slipping' } });
  const exec = (sql: string) => w.database.exec(sql);
  const REFUSED = /history cannot be rewritten/;
  await assert.rejects(exec(`update project_statuses set status = 'on_track'`), REFUSED);
  await assert.rejects(exec('delete from project_statuses'), REFUSED);
  await assert.rejects(exec('truncate project_statuses cascade'), REFUSED);
  assert.deepEqual((await exec('select status, note from project_statuses')).rows, [{ status: 'at_risk', note: 'Slipping' }]);
});

test('the paper’s Status and Progress columns: as recorded for that quarter, "Not reported" when none, overdue ends marked; a published paper stays as it was', async (t) => {
  const { c, w, n, custody, pic } = await setup(t);
  const reports = w.services.reports;
  // Publishing starts Chromium for the PDF: closed with the test, so the file's process can end.
  t.after(() => reports.close());
  await w.services.statuses.record({ by: n.editor, projectId: custody.id, input: { status: 'at_risk', note: 'Waiting for partners' } });
  // Without the editor's choice the paper has no status columns, but overdue ends are still marked.
  const plain = await reports.model(n.office.id, '2017-18-Q4');
  assert.equal(plain.statusColumns, undefined);
  assert.deepEqual(currentRows(plain), [
    ['Police Investigation Centre Evaluation', undefined, undefined, false],
    ['Services in Police Custody', undefined, undefined, true],
  ]);
  // The quarter ends; the editor asks for the columns.
  c.set('2018-04-12T09:00:00Z');
  await reports.saveDraft({ by: n.editor, periodId: '2017-18-Q4', input: { statusColumns: true } });
  const m = await reports.model(n.office.id, '2017-18-Q4');
  assert.equal(m.statusColumns, true);
  assert.deepEqual(currentRows(m), [
    ['Police Investigation Centre Evaluation', 'Not reported', '', false],
    ['Services in Police Custody', 'At risk', 'Waiting for partners', true],
  ]);
  const doc = await reports.doc(m);
  const table = doc.blocks.find((b) => b.type === 'table' && b.caption.startsWith('Big Issues: current projects'));
  assert.ok(table && table.type === 'table');
  assert.deepEqual(table.head, ['Project', 'Objective', 'Forecast end date', 'Status', 'Progress']);
  assert.deepEqual(table.rows[1], [
    'Services in Police Custody',
    'One service for vulnerable prisoners',
    { text: 'Jan 2018 (overdue)', tag: 'red' },
    { text: 'At risk', tag: 'amber' },
    'Waiting for partners',
  ]);
  assert.deepEqual(table.rows[0][3], { text: 'Not reported', tag: 'grey' });
  const html = renderHtml(doc);
  assert.match(html, /<strong class="govuk-tag govuk-tag--amber">At risk<\/strong>/);
  assert.match(html, /Not reported/);
  const docx = await renderDocx(doc);
  assert.ok(docx.length > 1000);

  const pub = await reports.publish({ by: n.admin, periodId: '2017-18-Q4' });
  const published = (await reports.publication(n.office.id, pub.id)).model as ReportModel;

  // In the next quarter the project's status changes: that is the next quarter's, not the last one's.
  c.advance(60_000);
  await w.services.statuses.record({ by: n.editor, projectId: custody.id, input: { status: 'off_track', note: 'Partners withdrew' } });
  await w.services.statuses.record({ by: n.editor, projectId: pic.id, input: { status: 'on_track', note: 'Evaluating the last centre' } });
  const again = await reports.model(n.office.id, '2017-18-Q4');
  assert.deepEqual(currentRows(again), currentRows(m));
  assert.deepEqual((await reports.publication(n.office.id, pub.id)).model, published);
  const cmp = await reports.compare(n.office.id, pub.id);
  assert.deepEqual(cmp.differences, []);
  // The next quarter's paper says what was recorded for it (the column asked for in its own draft).
  await reports.saveDraft({ by: n.editor, periodId: '2018-19-Q1', input: { statusColumns: true } });
  const next = await reports.model(n.office.id, '2018-19-Q1');
  assert.deepEqual(currentRows(next), [
    ['Police Investigation Centre Evaluation', 'On track', 'Evaluating the last centre', true],
    ['Services in Police Custody', 'Off track', 'Partners withdrew', true],
  ]);
  // As known before the change: what the history held then.
  const before = await reports.model(n.office.id, '2018-19-Q1', { knownAt: new Date('2018-04-12T09:00:30Z') });
  assert.deepEqual(
    currentRows(before).map((r) => r[1]),
    ['Not reported', 'Not reported'],
  );
});

test('pages and API: the project page, its status form, the list’s column and filter, the report page; roles, hostile input and the contract', async (t) => {
  const { c, w, n, custody, pic, candidate } = await setup(t);
  const app = await testApp(t, { config: w.config, services: w.services, now: c.now });
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  const page = await editor.get(`/projects/${custody.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Status for Q4 2017\/18/);
  assert.match(page.body, /id="quarter-status-tag">Not reported</);
  assert.match(page.body, /href="\/projects\/[^"]+\/status"/);
  const form = await editor.get(`/projects/${custody.id}/status`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<h1 class="govuk-heading-l">Status for Q4 2017\/18<\/h1>/);
  // Hostile and missing answers: 400, the error summary, the typed values kept, nothing written.
  const bad = await editor.post(
    `/projects/${custody.id}/status`,
    { status: 'purple', note: 'Kept <b>note</b>', version: '0' },
    { from: `/projects/${custody.id}/status` },
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary[\s\S]*href="#status"/);
  assert.match(bad.body, /Kept &lt;b&gt;note&lt;\/b&gt;/);
  const long = await editor.post(
    `/projects/${custody.id}/status`,
    { status: 'at_risk', note: 'x'.repeat(301), version: '0' },
    { from: `/projects/${custody.id}/status` },
  );
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /Progress note must be 300 characters or fewer/);
  assert.equal(Number((await w.database.exec('select count(*)::int as n from project_statuses')).rows[0].n), 0);
  const ok = await editor.post(
    `/projects/${custody.id}/status`,
    { status: 'at_risk', note: 'Waiting for partners', reason: 'Funding late', version: '0' },
    { from: `/projects/${custody.id}/status` },
  );
  assert.equal(ok.statusCode, 303);
  const after = await editor.get(`/projects/${custody.id}`);
  assert.match(after.body, /id="quarter-status-tag">At risk</);
  assert.match(after.body, /id="quarter-progress">Waiting for partners</);
  assert.match(after.body, /id="status-history"[\s\S]*north editor[\s\S]*Funding late/);
  // A candidate has no status, and says why.
  const cand = await editor.get(`/projects/${candidate.id}`);
  assert.match(cand.body, /Only a current project \(in scoping, in delivery or on hold\) has a status for the quarter/);
  // The list: a column for the quarter, and the filter.
  const list = await editor.get('/projects?status=at_risk');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Status for Q4 2017\/18/);
  assert.match(list.body, /Services in Police Custody[\s\S]*app-status">At risk</);
  assert.doesNotMatch(list.body, /Police Investigation Centre Evaluation/);
  const notReported = await editor.get('/projects?status=not_reported');
  assert.match(notReported.body, /Police Investigation Centre Evaluation/);
  assert.doesNotMatch(notReported.body, /Services in Police Custody|Revolving Door/);
  const badFilter = await editor.get('/projects?status=purple');
  assert.equal(badFilter.statusCode, 400);
  assert.match(badFilter.body, /govuk-error-summary/);

  // A viewer sees the status but cannot change it.
  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  const seen = await viewer.get(`/projects/${custody.id}`);
  assert.match(seen.body, /id="quarter-status-tag">At risk</);
  assert.doesNotMatch(seen.body, /id="update-status"/);
  assert.equal((await viewer.get(`/projects/${custody.id}/status`)).statusCode, 403);
  // Another office cannot see it.
  const south = new Browser(app);
  await south.signIn('editor@south.example.org');
  assert.equal((await south.get(`/projects/${custody.id}/status`)).statusCode, 404);

  // The API (every answer checked against the OpenAPI document by testApp).
  const api = await apiClient(app, w.services, n.editor);
  const got = await api.call('GET', `/projects/${custody.id}/status`);
  assert.equal(got.status, 200);
  assert.deepEqual(
    [got.body.period.id, got.body.current.status, got.body.current.note, got.body.version],
    ['2017-18-Q4', 'at_risk', 'Waiting for partners', 1],
  );
  const put = await api.call('PUT', `/projects/${pic.id}/status`, { status: 'on_track', note: 'Evaluating', version: 0 });
  assert.equal(put.status, 200);
  assert.equal(put.body.label, 'On track');
  assert.equal((await api.call('PUT', `/projects/${pic.id}/status`, { status: 'off_track', version: 0 })).status, 409);
  const hostile = await api.call('PUT', `/projects/${pic.id}/status`, { status: 'on_track', note: 'a\u0000b' });
  assert.equal(hostile.status, 400);
  const unknown = await api.call('PUT', `/projects/${pic.id}/status`, { status: 'on_track', colour: 'green' });
  assert.equal(unknown.status, 400);
  assert.equal((await api.call('PUT', `/projects/${candidate.id}/status`, { status: 'on_track' })).status, 422);
  assert.equal((await api.call('GET', '/projects/not-a-uuid/status')).status, 404);
  const viewerApi = await apiClient(app, w.services, n.editor, 'viewer');
  assert.equal((await viewerApi.call('PUT', `/projects/${pic.id}/status`, { status: 'at_risk' })).status, 403);
  const southApi = await apiClient(app, w.services, w.south.editor);
  assert.equal((await southApi.call('GET', `/projects/${pic.id}/status`)).status, 404);

  // The report page: the editor ticks the columns and the paper shows them.
  c.set('2018-04-12T09:00:00Z');
  // Two months on, the session has ended: sign in again.
  await editor.signIn('editor@north.example.org');
  const saved = await editor.post('/reports/2017-18-Q4/edit', { paperOptions: 'statusColumns', version: '' }, { from: '/reports/2017-18-Q4/edit' });
  assert.equal(saved.statusCode, 303);
  const edit = await editor.get('/reports/2017-18-Q4/edit');
  assert.match(edit.body, /value="statusColumns" checked/);
  const report = await editor.get('/reports/2017-18-Q4');
  assert.match(report.body, /<th[^>]*>Status<\/th>[\s\S]*<th[^>]*>Progress<\/th>/);
  assert.match(report.body, /govuk-tag--amber">At risk<\/strong>[\s\S]*Waiting for partners/);
  assert.match(report.body, /govuk-tag--red">Jan 2018 \(overdue\)<\/strong>/);
});
