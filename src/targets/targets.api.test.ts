import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, testApp, world } from '../../test/helpers.js';

test('API: targets and actions, with field errors, history, versions and office isolation; described in OpenAPI', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const n = w.north;
  const ed = await apiClient(app, w.services, n.editor);
  const base = {
    priorityId: n.priorities[0].id,
    statement: 'Reduce the rural solved-crime gap to 5%',
    owner: 'Chief Constable',
    unit: 'percentage points',
    kind: 'trajectory',
    direction: 'lower',
    baselineValue: 10,
    baselineDate: '2013-03-31',
    targetValue: 5,
    deadline: '2016-03-31',
    milestones: [
      { date: '2014-03-31', value: 8.33 },
      { date: '2015-03-31', value: 6.67 },
    ],
  };
  const bad = await ed.call('POST', '/targets', { ...base, milestones: [...base.milestones].reverse() });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.fields[0].field, 'milestones');
  const c = await ed.call('POST', '/targets', base);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const id = c.body.id;
  assert.equal(c.body.rag.kind, 'none');
  assert.deepEqual(
    c.body.trajectory.map((p: { value: number }) => p.value),
    [10, 8.33, 6.67, 5],
  );

  const noDate = await ed.call('POST', `/targets/${id}/observations`, { value: 7.7 });
  assert.equal(noDate.status, 400);
  assert.equal(noDate.body.error.fields[0].field, 'asAt');
  const o = await ed.call('POST', `/targets/${id}/observations`, { asAt: '2013-12-31', value: 7.7, narrative: 'gap reduced to 7.7%' });
  assert.equal(o.status, 201);
  assert.equal(o.body.rag.label, 'Green');
  assert.ok(Math.abs(o.body.rag.expected - 8.7417) < 0.001);

  const noReason = await ed.call('POST', `/targets/${id}/override`, { status: 'red' });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.body.error.fields[0].field, 'reason');
  const ov = await ed.call('POST', `/targets/${id}/override`, { status: 'red', reason: 'Figures under review' });
  assert.equal(ov.body.rag.label, 'Red');
  assert.equal(ov.body.rag.source, 'override');

  const stale = await ed.call('PUT', `/targets/${id}`, { ...base, owner: 'DCC', version: 7 });
  assert.equal(stale.status, 409);
  const put = await ed.call('PUT', `/targets/${id}`, { ...base, owner: 'DCC', version: 1, reason: 'New lead' });
  assert.equal(put.status, 200);
  assert.equal(put.body.version, 2);
  const h = await ed.call('GET', `/targets/${id}/history`);
  assert.deepEqual(
    h.body.map((x: { kind: string }) => x.kind),
    ['edited', 'rag_overridden', 'observation_added', 'created'],
  );
  assert.deepEqual(h.body[0].changes, { owner: { from: 'Chief Constable', to: 'DCC' } });

  const svg = await app.inject({ url: `/api/v1/targets/${id}/chart.svg`, headers: { authorization: `Bearer ${ed.token}` } });
  assert.equal(svg.statusCode, 200);
  assert.match(svg.headers['content-type'] as string, /image\/svg\+xml/);
  assert.match(svg.body, /^<svg/);

  const a = await ed.call('POST', '/actions', { priorityId: n.priorities[0].id, number: '1.1', text: 'Engage partners', owners: 'ACC' });
  assert.equal(a.status, 201);
  const u = await ed.call('POST', `/actions/${a.body.id}/updates`, { text: 'No date' });
  assert.equal(u.status, 400);
  assert.equal(u.body.error.fields[0].field, 'asAt');
  assert.equal((await ed.call('POST', `/actions/${a.body.id}/updates`, { asAt: '2014-01-15', text: 'Meeting held' })).status, 201);
  const got = await ed.call('GET', `/actions/${a.body.id}`);
  assert.equal(got.body.updates[0].text, 'Meeting held');
  assert.deepEqual(
    (await ed.call('GET', `/actions/${a.body.id}/history`)).body.map((x: { kind: string }) => x.kind),
    ['update_added', 'created'],
  );

  const report = await ed.call('GET', '/targets/report?date=2014-01-31');
  assert.equal(report.status, 200);
  assert.equal(report.body.title, 'Update on targets and objectives for 2013/14');
  assert.equal((await ed.call('GET', '/targets/report')).status, 400);

  // Viewers read, cannot write; the tolerance is an admin's.
  const vw = await apiClient(app, w.services, { ...n.editor, userId: n.users.viewer.id, role: 'viewer' });
  assert.equal((await vw.call('GET', `/targets/${id}`)).status, 200);
  assert.equal((await vw.call('POST', `/targets/${id}/observations`, { asAt: '2014-01-31', value: 1 })).status, 403);
  assert.equal((await ed.call('PUT', '/targets/settings', { tolerancePct: 5 })).status, 403);
  const ad = await apiClient(app, w.services, n.admin);
  assert.equal((await ad.call('PUT', '/targets/settings', { tolerancePct: 5 })).body.tolerancePct, 5);

  // Another office: 404 for every id, empty lists.
  const so = await apiClient(app, w.services, w.south.editor);
  for (const url of [`/targets/${id}`, `/targets/${id}/history`, `/targets/${id}/chart.svg`, `/actions/${a.body.id}`, '/targets/nope'])
    assert.equal((await so.call('GET', url)).status, 404, url);
  assert.equal((await so.call('POST', `/targets/${id}/override`, { status: 'green', reason: 'x' })).status, 404);
  assert.deepEqual((await so.call('GET', '/targets')).body, []);
  assert.deepEqual((await so.call('GET', '/actions')).body, []);

  const spec = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  for (const p of ['/targets', '/targets/{id}', '/targets/{id}/observations', '/targets/{id}/override', '/targets/report', '/actions', '/actions/{id}/updates'])
    assert.ok(spec.paths[p], p);
  assert.ok(spec.paths['/targets'].post.requestBody.content['application/json'].schema.properties.milestones);
});
