// Issue 18: local areas and the dashboard per area. A project serving several areas counts once in
// each area and once in the whole; a project naming none serves every area (the whole force area).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Browser, apiClient, clock, testApp, world } from '../../test/helpers.js';
import { areaDashboards } from '../reports/report.areas.js';
import { groupOf, STAGES } from '../projects/stages.js';

test('areas partition or not: each area counts its projects and the all-areas ones; the whole counts each project once', () => {
  const areaIds = ['a', 'b', 'c', 'd'];
  const project = fc.record({ stage: fc.constantFrom(...STAGES), areaIds: fc.subarray(areaIds) });
  fc.assert(
    fc.property(fc.array(project, { maxLength: 40 }), fc.array(project, { maxLength: 40 }), (end, prev) => {
      const withIds = (xs: typeof end) => xs.map((p, i) => ({ id: String(i), ...p }));
      const d = areaDashboards(
        areaIds.map((id) => ({ id, name: id.toUpperCase() })),
        withIds(end),
        withIds(prev),
      );
      for (const g of ['completed', 'current', 'future'] as const) {
        const whole = end.filter((p) => groupOf(p.stage) === g).length;
        // Once in each area it serves: the sum over areas is the sum over projects of the areas each serves.
        const perArea = d.reduce((n, a) => n + (a.groups.find((x) => x.group === g)?.count ?? 0), 0);
        const expected = end.filter((p) => groupOf(p.stage) === g).reduce((n, p) => n + (p.areaIds.length || areaIds.length), 0);
        assert.equal(perArea, expected);
        for (const a of d) {
          const c = a.groups.find((x) => x.group === g);
          assert.ok(c && c.count <= whole);
          assert.equal(c.trend, c.count > c.previous ? 'up' : c.count < c.previous ? 'down' : 'unchanged');
        }
        // Areas partition the whole exactly when every project names exactly one area.
        if (end.every((p) => p.areaIds.length === 1)) assert.equal(perArea, whole);
      }
    }),
  );
});

test('areas through the services, pages, API and the paper', async (t) => {
  const c = clock('2018-02-10T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const s = w.services;
  const soton = await s.areas.create({ by: n.admin, input: { name: 'Southampton' } });
  const pompey = await s.areas.create({ by: n.admin, input: { name: 'Portsmouth' } });
  await assert.rejects(s.areas.create({ by: n.admin, input: { name: 'southampton' } }), { code: 'area.invalid' });
  await assert.rejects(s.areas.create({ by: n.admin, input: { name: '' } }), { code: 'area.invalid' });
  const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], objective: 'x', effectiveOn: '2017-12-01' };
  const both = await s.projects.create({ by: n.editor, input: { ...base, title: 'DA Perpetrators', stage: 'delivery', areaIds: [soton.id, pompey.id] } });
  await s.projects.create({ by: n.editor, input: { ...base, title: 'FGM strategy', stage: 'delivery', areaIds: [pompey.id] } });
  await s.projects.create({ by: n.editor, input: { ...base, title: 'VRU', stage: 'scoping' } });
  // Another office's area is no area of this one.
  const south = await s.areas.create({ by: w.south.admin, input: { name: 'Elsewhere' } });
  await assert.rejects(s.projects.create({ by: n.editor, input: { ...base, title: 'Bad', areaIds: [south.id] } }), { code: 'project.invalid' });
  // Changing the areas is a change in the history.
  c.advance(60_000);
  const moved = await s.projects.update({
    by: n.editor,
    id: both.id,
    input: { version: both.version, areaIds: [soton.id], reason: 'Portsmouth funds its own' },
  });
  const h = await s.projects.history(n.office.id, both.id);
  assert.deepEqual(h[0].changes, { areaIds: { from: [soton.id, pompey.id].sort(), to: [soton.id] } });
  assert.deepEqual(moved.areaIds, [soton.id]);

  // The paper's section, when the editor asks for it.
  c.set('2018-04-12T09:00:00Z');
  await s.reports.saveDraft({ by: n.editor, periodId: '2017-18-Q4', input: { areaDashboards: true } });
  const m = await s.reports.model(n.office.id, '2017-18-Q4');
  assert.deepEqual(
    m.areaDashboards?.map((a) => [a.area, a.groups.find((g) => g.group === 'current')?.count, a.groups.find((g) => g.group === 'current')?.previous]),
    [
      ['Southampton', 2, 2],
      ['Portsmouth', 2, 3],
    ],
  );
  const doc = await s.reports.doc(m);
  assert.ok(doc.blocks.some((b) => b.type === 'table' && b.caption === 'Southampton: projects at 31 March 2018, against 31 December 2017'));

  const app = await testApp(t, { config: w.config, services: s, now: c.now });
  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  const home = await viewer.get(`/?area=${pompey.id}`);
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Dashboard for Portsmouth/);
  assert.match(home.body, /id="count-current">2</);
  assert.match((await viewer.get('/')).body, /id="count-current">3</);
  assert.equal((await viewer.get('/?area=nope')).statusCode, 400);
  const report = await viewer.get(`/reports/2017-18-Q4?area=${soton.id}`);
  assert.equal(report.statusCode, 200);
  assert.match(report.body, /Southampton: projects at 31 March 2018, against 31 December 2017/);
  assert.equal((await viewer.get('/reports/2017-18-Q4?area=nope')).statusCode, 400);
  const list = await viewer.get(`/projects?areaId=${soton.id}`);
  assert.match(list.body, /DA Perpetrators/);
  assert.match(list.body, /VRU/);
  assert.doesNotMatch(list.body, /FGM strategy/);
  const page = await viewer.get(`/projects/${both.id}`);
  assert.match(page.body, /Areas served[\s\S]*Southampton/);

  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  const areasPage = await admin.get('/admin/areas');
  assert.match(areasPage.body, /Southampton[\s\S]*Portsmouth/);
  const bad = await admin.post('/admin/areas', { name: 'Portsmouth' }, { from: '/admin/areas' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary[\s\S]*href="#name"/);
  assert.equal((await viewer.get('/admin/areas')).statusCode, 403);

  const api = await apiClient(app, s, n.admin);
  const listed = await api.call('GET', '/areas');
  assert.deepEqual(
    listed.body.map((a: { name: string }) => a.name),
    ['Southampton', 'Portsmouth'],
  );
  assert.equal((await api.call('POST', '/areas', { name: 'Isle of Wight' })).status, 201);
  assert.equal((await api.call('POST', '/areas', { name: 'x\u0000' })).status, 400);
  const p = await api.call('GET', `/projects/${both.id}`);
  assert.deepEqual(p.body.areaIds, [soton.id]);
  assert.equal((await api.call('PATCH', `/projects/${both.id}`, { version: p.body.version, areaIds: ['not-a-uuid'] })).status, 400);
});
