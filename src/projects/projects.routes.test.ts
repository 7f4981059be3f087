import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, testApp, world } from '../../test/helpers.js';
import { csvCell } from '../platform/csv.js';

const idOf = (location: unknown) => String(location).split('/').pop() as string;

test('project pages: create, 400 with answers kept, 303 with banner, view, list, CSV', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const [s1] = w.north.strands;
  const [p1, p2] = w.north.priorities;

  const empty = await b.get('/projects');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /No projects match/);

  const form = await b.get('/projects/new');
  assert.equal(form.statusCode, 200);

  const bad = await b.post(
    '/projects/new',
    { title: '', lead: 'Kept lead', forecastEnd: '2020-Q9', 'effectiveOn-day': '31', 'effectiveOn-month': '2', 'effectiveOn-year': '2020' },
    { from: '/projects/new' },
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /href="#title"/);
  assert.match(bad.body, /href="#strandId"/);
  assert.match(bad.body, /href="#priorityIds"/);
  assert.match(bad.body, /href="#forecastEnd"/);
  assert.match(bad.body, /href="#effectiveOn-day"/);
  assert.match(bad.body, /value="Kept lead"/);
  assert.match(bad.body, /value="2020-Q9"/);
  assert.match(bad.body, /<title>Error: /);

  // Decision notices are chosen from the office's register (they were free text: "507, 508").
  const [n507, n508] = [
    await w.services.decisions.create({ by: w.north.editor, input: { reference: 'ID: 507', title: 'Stalking support' } }),
    await w.services.decisions.create({ by: w.north.editor, input: { reference: 'ID: 508', title: 'Legally Qualified Chairs' } }),
  ];
  const ok = await b.post(
    '/projects/new',
    {
      title: '=Barnahus',
      objective: 'A child house',
      strandId: s1.id,
      priorityIds: [p1.id, p2.id],
      lead: 'Jo Lead',
      statutory: 'true',
      forecastEnd: '2020-Q2',
      decisionIds: [n507.id, n508.id],
    },
    { from: '/projects/new' },
  );
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 2000));
  const id = idOf(ok.headers.location);
  const page = await b.get(`/projects/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Project “=Barnahus” created/);
  assert.match(page.body, /Q2 2020/);
  assert.match(page.body, /\(statutory\)/);
  assert.match(page.body, /Start scoping/);
  assert.match(page.body, /Champion community needs, Reduce offending/);
  assert.match(page.body, new RegExp(`<a class="govuk-link" href="/decisions/${n507.id}">ID: 507: Stalking support</a>`));
  assert.match(page.body, new RegExp(`<a class="govuk-link" href="/decisions/${n508.id}">ID: 508: Legally Qualified Chairs</a>`));
  // The notice's own page lists the project: one relation, seen from both sides.
  assert.match((await b.get(`/decisions/${n507.id}`)).body, new RegExp(`href="/projects/${id}">=Barnahus</a>`));
  // A banner shows once.
  assert.doesNotMatch((await b.get(`/projects/${id}`)).body, /created\./);

  const list = await b.get(`/projects?q=barna&stage=candidate&strandId=${s1.id}&statutory=yes&endAfter=2020-Q1&endBefore=2021-01`);
  assert.match(list.body, /Showing 1 to 1 of 1 project/);
  assert.match((await b.get('/projects?page=9')).body, /Showing 1 to 1 of 1 project/);
  const none = await b.get('/projects?stage=delivery');
  assert.match(none.body, /No projects match/);
  const badBound = await b.get('/projects?endBefore=soon');
  assert.equal(badBound.statusCode, 400);
  assert.match(badBound.body, /href="#endBefore"/);

  const csv = await b.get('/projects.csv?q=barna');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  assert.match(csv.body, /"'=Barnahus"/);
  assert.match(csv.body, /"Q2 2020"/);

  assert.equal((await b.get('/projects/not-a-uuid')).statusCode, 404);
  assert.equal((await b.get('/projects/00000000-0000-4000-8000-000000000000')).statusCode, 404);
});

test('csv cells that a spreadsheet would run get an apostrophe', () => {
  for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.equal(csvCell(s), `"'${s}"`);
  assert.equal(csvCell('a "quote"'), '"a ""quote"""');
  assert.equal(csvCell(null), '""');
});

test('moves, extend, merge, edit: 400, 422, 303 and the 409 conflict page with re-apply', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const n = w.north;
  const make = async (title: string) =>
    w.services.projects.create({ by: n.editor, input: { title, strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], forecastEnd: '2020-Q2' } });
  const p = await make('Alpha');

  // Scope: 303 and banner.
  const n600 = await w.services.decisions.create({ by: n.editor, input: { reference: 'ID: 600', title: 'Gate 1 for Alpha' } });
  const n611 = await w.services.decisions.create({ by: n.editor, input: { reference: 'ID: 611', title: 'Alpha extension' } });
  const scoped = await b.post(
    `/projects/${p.id}/move/scope`,
    { version: '1', reason: 'Approved at gate 1', decisionId: n600.id },
    { from: `/projects/${p.id}/move/scope` },
  );
  assert.equal(scoped.statusCode, 303);
  assert.match((await b.get(`/projects/${p.id}`)).body, /the project is now in scoping\./);

  // Hold needs a reason: 400 linked to the field.
  const noReason = await b.post(`/projects/${p.id}/move/hold`, { version: '2', reason: '' }, { from: `/projects/${p.id}` });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /href="#reason"/);

  // A move not allowed from here: the form is refused, and a crafted POST answers 422 linked to the form.
  assert.equal((await b.get(`/projects/${p.id}/move/complete`)).statusCode, 422);
  const refused = await b.post(`/projects/${p.id}/move/complete`, { version: '2' }, { from: `/projects/${p.id}` });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /href="#move"/);
  assert.match(refused.body, /id="move"/);
  assert.equal((await b.get(`/projects/${p.id}/move/fly`)).statusCode, 404);

  // A stale version: 409 conflict page showing who changed what, with answers carried.
  const stale = await b.post(`/projects/${p.id}/move/hold`, { version: '1', reason: 'Funding paused' }, { from: `/projects/${p.id}` });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else changed this project/);
  assert.match(stale.body, /Start scoping/);
  assert.match(stale.body, /north editor/);
  assert.match(stale.body, /value="Funding paused"/);
  assert.match(stale.body, /name="version" value="2"/);
  // Re-applying on the current version works.
  const reapplied = await b.post(`/projects/${p.id}/move/hold`, { version: '2', reason: 'Funding paused' }, { from: `/projects/${p.id}` });
  assert.equal(reapplied.statusCode, 303);
  assert.equal((await w.services.projects.get(n.office.id, p.id)).stage, 'on_hold');

  // Edit with a stale version.
  const cur = await w.services.projects.get(n.office.id, p.id);
  await w.services.projects.update({ by: n.admin, id: p.id, input: { version: cur.version, lead: 'Someone else' } });
  const staleEdit = await b.post(
    `/projects/${p.id}/edit`,
    { version: String(cur.version), title: 'Alpha renamed', strandId: n.strands[1].id, priorityIds: [n.priorities[1].id], forecastEnd: '2020-Q2', lead: 'Me' },
    { from: `/projects/${p.id}/edit` },
  );
  assert.equal(staleEdit.statusCode, 409);
  assert.match(staleEdit.body, /Lead: none → Someone else/);
  // Only the lead clashes: it was changed meanwhile and the form sends it too.
  assert.equal((staleEdit.body.match(/app-clash/g) ?? []).length, 1);
  // Both changed the lead: the page asks which to keep rather than replacing theirs (issue 11, defect 10).
  assert.match(staleEdit.body, /Use yours: Me/);
  assert.match(staleEdit.body, /Keep theirs: Someone else/);
  assert.match(staleEdit.body, /Alpha renamed/);

  // Edit: invalid then extension without a reason, then fine.
  const v = (await w.services.projects.get(n.office.id, p.id)).version;
  const badEdit = await b.post(
    `/projects/${p.id}/edit`,
    { version: String(v), title: 'Alpha', strandId: n.strands[0].id, forecastEnd: '2021-Q1' },
    { from: `/projects/${p.id}/edit` },
  );
  assert.equal(badEdit.statusCode, 400);
  assert.match(badEdit.body, /href="#priorityIds"/);
  const noWhy = await b.post(
    `/projects/${p.id}/edit`,
    { version: String(v), title: 'Alpha', strandId: n.strands[0].id, priorityIds: n.priorities[0].id, forecastEnd: '2021-Q1' },
    { from: `/projects/${p.id}/edit` },
  );
  assert.equal(noWhy.statusCode, 400);
  assert.match(noWhy.body, /href="#reason"/);

  // Extend: earlier date refused, then extended with a reason.
  const early = await b.post(`/projects/${p.id}/extend`, { version: String(v), forecastEnd: '2019-Q1', reason: 'x' }, { from: `/projects/${p.id}/extend` });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /later than the current one \(Q2 2020\)/);
  const ext = await b.post(
    `/projects/${p.id}/extend`,
    { version: String(v), forecastEnd: '2021-03', reason: 'Supplier delay', decisionId: n611.id },
    { from: `/projects/${p.id}/extend` },
  );
  assert.equal(ext.statusCode, 303);
  const after = await b.get(`/projects/${p.id}`);
  assert.match(after.body, /Forecast end extended to Mar 2021/);
  assert.match(after.body, /Forecast end: Q2 2020 → Mar 2021/);
  assert.match(after.body, /Why: Supplier delay/);

  // Merge two projects into Alpha (resume first so it is open; it is open on hold too).
  const beta = await make('Beta');
  const gamma = await make('Gamma');
  const av = (await w.services.projects.get(n.office.id, p.id)).version;
  const noPick = await b.post(`/projects/${p.id}/merge`, { version: String(av), reason: 'Overlap' }, { from: `/projects/${p.id}/merge` });
  assert.equal(noPick.statusCode, 400);
  assert.match(noPick.body, /href="#sourceIds"/);
  const merged = await b.post(
    `/projects/${p.id}/merge`,
    { version: String(av), sourceIds: [beta.id, gamma.id], reason: 'Overlap' },
    { from: `/projects/${p.id}/merge` },
  );
  assert.equal(merged.statusCode, 303);
  const alpha = await b.get(`/projects/${p.id}`);
  assert.match(alpha.body, /2 projects merged in/);
  assert.match(alpha.body, /Merged in: Beta, Gamma/);
  assert.match((await b.get(`/projects/${beta.id}`)).body, /Merged into[\s\S]*Alpha/);

  // Merge from the source's side, choosing the target.
  const delta = await make('Delta');
  const noInto = await b.post(`/projects/${delta.id}/move/merge`, { version: '1', reason: 'Dup' }, { from: `/projects/${delta.id}` });
  assert.equal(noInto.statusCode, 400);
  assert.match(noInto.body, /href="#intoId"/);
  const into = await b.post(`/projects/${delta.id}/move/merge`, { version: '1', reason: 'Dup', intoId: p.id }, { from: `/projects/${delta.id}` });
  assert.equal(into.statusCode, 303);
});

test('viewers read but cannot change; the public is sent to sign in; other offices answer 404', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const p = await w.services.projects.create({
    by: w.north.editor,
    input: { title: 'North only', strandId: w.north.strands[0].id, priorityIds: [w.north.priorities[0].id] },
  });
  const anon = new Browser(app);
  const r = await anon.get('/projects');
  assert.equal(r.statusCode, 303);
  assert.match(String(r.headers.location), /^\/sign-in\?next=/);
  assert.equal((await anon.get(`/projects/${p.id}`)).statusCode, 303);

  const v = new Browser(app);
  await v.signIn('viewer@north.example.org');
  const page = await v.get(`/projects/${p.id}`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /Edit details|Start scoping|\/move\//);
  assert.doesNotMatch((await v.get('/projects')).body, /Create a project/);
  assert.equal((await v.get('/projects/new')).statusCode, 403);
  const csrf = await v.csrf('/projects');
  assert.equal((await v.post(`/projects/${p.id}/move/scope`, { version: '1' }, { csrf })).statusCode, 403);
  assert.equal((await v.post('/projects/new', { title: 'x' }, { csrf })).statusCode, 403);

  const s = new Browser(app);
  await s.signIn('editor@south.example.org');
  assert.equal((await s.get(`/projects/${p.id}`)).statusCode, 404);
  assert.equal((await s.get(`/projects/${p.id}/edit`)).statusCode, 404);
  assert.doesNotMatch((await s.get('/projects')).body, /North only/);
});

test('dates from GOV.UK date inputs: back-dated create and moves, and a move before the last change refused', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const n = w.north;
  const made = await b.post(
    '/projects/new',
    {
      title: 'Back-dated',
      strandId: n.strands[0].id,
      priorityIds: n.priorities[0].id,
      statutory: 'true',
      'effectiveOn-day': '10',
      'effectiveOn-month': '1',
      'effectiveOn-year': '2020',
    },
    { from: '/projects/new' },
  );
  assert.equal(made.statusCode, 303);
  const id = idOf(made.headers.location);
  const moved = await b.post(
    `/projects/${id}/move/scope`,
    { version: '1', 'effectiveOn-day': '1', 'effectiveOn-month': '2', 'effectiveOn-year': '2020' },
    { from: `/projects/${id}` },
  );
  assert.equal(moved.statusCode, 303);
  const page = await b.get(`/projects/${id}`);
  assert.match(page.body, /Took effect 1 February 2020/);
  assert.match(page.body, /Took effect 10 January 2020/);
  const early = await b.post(
    `/projects/${id}/move/deliver`,
    { version: '2', 'effectiveOn-day': '5', 'effectiveOn-month': '1', 'effectiveOn-year': '2020' },
    { from: `/projects/${id}` },
  );
  assert.equal(early.statusCode, 422);
  assert.match(early.body, /href="#effectiveOn-day"/);
  assert.match(early.body, /value="5"/);
  // An unticked statutory box on the edit form means "not statutory", not "unchanged".
  const edited = await b.post(
    `/projects/${id}/edit`,
    { version: '2', title: 'Back-dated', strandId: n.strands[0].id, priorityIds: n.priorities[0].id, forecastEnd: 'TBD' },
    { from: `/projects/${id}/edit` },
  );
  assert.equal(edited.statusCode, 303);
  assert.equal((await w.services.projects.get(n.office.id, id)).statutory, false);
});
