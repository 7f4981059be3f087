// What a user sees of a decision notice when signed in, who may read its exempt part, approval
// dates given only as a month, and the one link between notices and projects, seen from both sides.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';

const CANARY = 'CANARY-exempt-b41c';

async function setup(t: TestContext) {
  const c = clock('2020-02-03T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const n = w.north;
  const project = await w.services.projects.create({
    by: n.editor,
    input: { title: 'Barnahus', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], forecastEnd: '2020-Q2' },
  });
  const d = await w.services.decisions.create({
    by: n.editor,
    input: {
      reference: 'ID: 514',
      title: 'South East Regional policing centre',
      decisionMaker: 'Police and Crime Commissioner',
      summary: 'Approved the addition of £1,800,000 to the Capital Reserve.',
      amount: '£1,800,000',
      tags: 'INVESTMENT in POLICING, Estates',
      projectIds: [project.id],
      exemptText: `Supplier prices ${CANARY}`,
      exemption: 'Schedule 12A para 3',
      exemptReason: 'Commercial',
    },
  });
  return { c, w, app, n, project, d };
}

/** The rows of the summary list with the given id, as [key, value] with whitespace squeezed. */
function summaryRows(html: string, id: string): [string, string][] {
  const list = new RegExp(`<dl class="govuk-summary-list"[^>]*id="${id}">([\\s\\S]*?)</dl>`).exec(html)?.[1] ?? '';
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return [...list.matchAll(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g)].map((m) => [
    text(m[1]),
    text(m[2]),
  ]);
}

test('the signed-in notice page shows its details as values, with no empty rows', async (t) => {
  const { w, app, n, project, d } = await setup(t);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const approve = await b.post(
    `/decisions/${d.id}/approve`,
    { version: '1', 'approvedOn-day': '', 'approvedOn-month': '12', 'approvedOn-year': '2019', decisionMaker: 'Police and Crime Commissioner' },
    { from: `/decisions/${d.id}/approve` },
  );
  assert.equal(approve.statusCode, 303, approve.body.slice(0, 500));
  const page = await b.get(`/decisions/${d.id}`);
  assert.equal(page.statusCode, 200);
  // Every row of every summary list has a key: the broken template made ~130 rows with none.
  const keys = [...page.body.matchAll(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>/g)].map((m) => m[1].trim());
  assert.ok(keys.length > 0 && keys.every(Boolean), `empty summary rows: ${keys.filter((k) => !k).length}`);
  assert.deepEqual(summaryRows(page.body, 'details'), [
    ['Reference', 'ID: 514'],
    ['Status', 'Approved'],
    ['Decision maker', 'Police and Crime Commissioner'],
    // Approved in a month: no invented day.
    ['Date approved', 'December 2019'],
    ['Amount', '£1,800,000'],
    ['Funding source', 'None'],
    ['Tags', 'INVESTMENT in POLICING, Estates'],
    ['Summary', 'Approved the addition of £1,800,000 to the Capital Reserve.'],
    ['Linked projects', 'Barnahus (Candidate)'],
    ['Background documents', 'None'],
  ]);
  assert.match(page.body, new RegExp(`<a class="govuk-link" href="/projects/${project.id}">Barnahus</a>`));
  // The exempt part, for an editor; and the history with who and what.
  assert.deepEqual(summaryRows(page.body, 'exempt'), [
    ['Exemption', 'Schedule 12A para 3'],
    ['Reason', 'Commercial'],
    ['Exempt information', `Supplier prices ${CANARY}`],
  ]);
  assert.match(page.body, /Date approved: \(none\) → December 2019/);
  assert.match(page.body, /north editor/);
  assert.match(page.body, /Linked projects: Barnahus/);

  // Month precision reaches the API, the register, its CSV and feed too.
  await w.services.decisions.publish({ by: n.editor, id: d.id, input: { version: 2 } });
  const api = await apiClient(app, w.services, n.editor);
  const got = await api.call('GET', `/decisions/${d.id}`);
  assert.equal(got.body.approvedOn, '2019-12-01');
  assert.equal(got.body.approvedPrecision, 'month');
  const anon = new Browser(app);
  assert.match((await anon.get(`/o/north/decisions/${d.id}`)).body, /December 2019/);
  assert.doesNotMatch((await anon.get(`/o/north/decisions/${d.id}`)).body, /1 December 2019/);
  assert.match((await anon.get('/o/north/decisions')).body, /Approved December 2019/);
  assert.match((await anon.get('/o/north/decisions.csv')).body, /"Police and Crime Commissioner","2019-12"/);
  assert.match((await anon.get('/o/north/decisions.atom')).body, /Approved: December 2019/);
  // The API takes a month too; a future month is refused.
  const other = await api.call('POST', '/decisions', { reference: 'ID: 515', title: 'Another' });
  const future = await api.call('POST', `/decisions/${other.body.id}/approve`, { version: 1, approvedOn: '2020-03', decisionMaker: 'PCC' });
  assert.equal(future.status, 400);
  assert.equal(future.body.error.fields[0].field, 'approvedOn');
  const month = await api.call('POST', `/decisions/${other.body.id}/approve`, { version: 1, approvedOn: '2020-01', decisionMaker: 'PCC' });
  assert.equal(month.status, 200);
  assert.equal(month.body.approvedPrecision, 'month');
});

test('the exempt part: editors and admins read it, viewers only when the office allows it', async (t) => {
  const { w, app, n, d } = await setup(t);
  const pages: Record<string, string> = {};
  for (const role of ['admin', 'editor', 'viewer']) {
    const b = new Browser(app);
    await b.signIn(`${role}@north.example.org`);
    pages[role] = (await b.get(`/decisions/${d.id}`)).body;
  }
  assert.ok(pages.admin.includes(CANARY), 'admin reads it');
  assert.ok(pages.editor.includes(CANARY), 'editor reads it');
  assert.ok(!pages.viewer.includes(CANARY), 'viewer does not, in the page or in its history');
  assert.ok(!pages.viewer.includes('Schedule 12A para 3'));
  assert.match(pages.viewer, /Part of this decision is exempt from publication/);
  // API answers never carry it, whatever the role.
  for (const [by, role] of [
    [n.editor, 'viewer'],
    [n.editor, 'editor'],
    [n.admin, 'admin'],
  ] as const) {
    const api = await apiClient(app, w.services, by, role);
    for (const path of [`/decisions/${d.id}`, `/decisions/${d.id}/history`, '/decisions']) {
      const r = await api.call('GET', path);
      assert.equal(r.status, 200);
      assert.ok(!JSON.stringify(r.body).includes(CANARY), `${role} ${path}`);
    }
  }

  // Only an admin changes the setting; viewers and editors are refused.
  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  assert.equal((await viewer.get('/admin/decision-notices')).statusCode, 403);
  assert.equal((await editor.get('/admin/decision-notices')).statusCode, 403);
  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  assert.match((await admin.get('/admin')).body, /href="\/admin\/decision-notices"/);
  const bad = await admin.post('/admin/decision-notices', { viewersSeeExempt: 'maybe' }, { from: '/admin/decision-notices' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#viewersSeeExempt"/);
  assert.equal(await w.services.decisions.exemptVisibleToViewers(n.office.id), false, 'nothing written');
  const grant = await admin.post('/admin/decision-notices', { viewersSeeExempt: 'true', reason: 'Panel asked' }, { from: '/admin/decision-notices' });
  assert.equal(grant.statusCode, 303);
  assert.ok((await viewer.get(`/decisions/${d.id}`)).body.includes(CANARY), 'granted: the viewer reads it');
  // Another office's viewers are not granted by it.
  assert.equal(await w.services.decisions.exemptVisibleToViewers(w.south.office.id), false);
  const audit = await w.services.auth.listAuditFor(n.office.id, 'office', n.office.id);
  assert.ok(audit.some((a) => a.action === 'exempt_visible_to_viewers' && a.reason === 'Panel asked' && a.actorName === 'north admin'));
  await admin.post('/admin/decision-notices', { viewersSeeExempt: 'false' }, { from: '/admin/decision-notices' });
  assert.ok(!(await viewer.get(`/decisions/${d.id}`)).body.includes(CANARY), 'withdrawn again');
});

test('a gate decision names a notice of the office; the link shows on both sides; unknown or foreign notices are a 400 that writes nothing', async (t) => {
  const { w, app, n, project, d } = await setup(t);
  const foreign = await w.services.decisions.create({ by: w.south.editor, input: { reference: 'ID: 999', title: 'South’s notice' } });
  const gate = await w.services.decisions.create({ by: n.editor, input: { reference: 'ID: 600', title: 'Gate 1 for Barnahus' } });
  const api = await apiClient(app, w.services, n.editor);
  const before = await w.services.projects.history(n.office.id, project.id);

  for (const body of [
    { move: 'scope', version: 1, decisionRef: '999' },
    { move: 'scope', version: 1, decisionId: foreign.id },
    { move: 'scope', version: 1, decisionId: '00000000-0000-4000-8000-000000000000' },
  ]) {
    const r = await api.call('POST', `/projects/${project.id}/moves`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.fields[0].field, 'decisionRef' in body ? 'decisionRef' : 'decisionId');
  }
  const patched = await api.call('PATCH', `/projects/${project.id}`, { version: 1, decisionRefs: ['ID: 514', '999'] });
  assert.equal(patched.status, 400);
  assert.equal(patched.body.error.fields[0].field, 'decisionRefs');
  assert.match(patched.body.error.fields[0].message, /“999”/);
  assert.equal((await w.services.projects.get(n.office.id, project.id)).version, 1, 'nothing written');
  assert.equal((await w.services.projects.history(n.office.id, project.id)).length, before.length);

  // The web form: a select of the office's notices; a forged id re-renders with the error summary.
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const form = await b.get(`/projects/${project.id}/move/scope`);
  assert.match(form.body, /<select class="govuk-select" id="decisionId" name="decisionId"[^>]*data-module="app-autocomplete"/);
  assert.match(form.body, new RegExp(`<option value="${gate.id}">ID: 600: Gate 1 for Barnahus</option>`));
  assert.doesNotMatch(form.body, /South’s notice/);
  // Searchable where JavaScript runs: the enhancement's files are served.
  for (const f of ['accessible-autocomplete.min.js', 'accessible-autocomplete.min.css']) assert.equal((await b.get(`/assets/${f}`)).statusCode, 200, f);
  const forged = await b.post(
    `/projects/${project.id}/move/scope`,
    { version: '1', reason: 'Gate 1', decisionId: foreign.id },
    { from: `/projects/${project.id}/move/scope` },
  );
  assert.equal(forged.statusCode, 400);
  assert.match(forged.body, /href="#decisionId"/);
  assert.match(forged.body, /value="Gate 1"|>Gate 1</);
  const moved = await b.post(
    `/projects/${project.id}/move/scope`,
    { version: '1', reason: 'Gate 1', decisionId: gate.id },
    { from: `/projects/${project.id}/move/scope` },
  );
  assert.equal(moved.statusCode, 303);

  // The project page lists its notices with links (the one it had, and the gate's), and the entry names the notice.
  const page = (await b.get(`/projects/${project.id}`)).body;
  assert.match(page, new RegExp(`<a class="govuk-link" href="/decisions/${d.id}">ID: 514: South East Regional policing centre</a>`));
  assert.match(page, new RegExp(`<a class="govuk-link" href="/decisions/${gate.id}">ID: 600: Gate 1 for Barnahus</a>`));
  assert.match(page, new RegExp(`Decision notice: <a class="govuk-link" href="/decisions/${gate.id}">ID: 600</a>`));
  assert.doesNotMatch(page, /Decision notices: None|ID ID|ID: ID/);
  // ...and the notice's page lists the project.
  assert.match((await b.get(`/decisions/${gate.id}`)).body, new RegExp(`href="/projects/${project.id}">Barnahus</a>`));
  // The API gives the link from both ends.
  const pj = await api.call('GET', `/projects/${project.id}`);
  assert.deepEqual([...pj.body.decisionIds].sort(), [d.id, gate.id].sort());
  assert.deepEqual([...pj.body.decisionRefs].sort(), ['ID: 514', 'ID: 600']);
  assert.deepEqual((await api.call('GET', `/decisions/${gate.id}`)).body.projectIds, [project.id]);
  // "507"-style references still name a notice through the API.
  const v = (await w.services.projects.get(n.office.id, project.id)).version;
  const byRef = await api.call('PATCH', `/projects/${project.id}`, { version: v, decisionRefs: ['600'] });
  assert.equal(byRef.status, 200, JSON.stringify(byRef.body));
  assert.deepEqual(byRef.body.decisionIds, [gate.id]);
  assert.deepEqual((await api.call('GET', `/decisions/${d.id}`)).body.projectIds, [], 'unlinked from the project side: the notice no longer lists it');
});
