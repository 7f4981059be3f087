import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, testApp, world } from '../../test/helpers.js';

async function setup(t: import('node:test').TestContext) {
  const w = await world(t);
  const app = await testApp(t, w);
  const n = w.north;
  const editor = await apiClient(app, w.services, n.editor);
  const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], objective: 'Objective', forecastEnd: '2026-Q4' };
  return { w, app, n, editor: { ...editor, app }, base };
}

test('the OpenAPI document is served and describes every API route', async (t) => {
  const { app } = await setup(t);
  const res = await app.inject({ url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} /api/v1${p.replace(/\{(\w+)\}/g, ':$1')}`)),
  );
  const routes = app.routeTable.filter((r) => r.api && !r.url.endsWith('openapi.json')).map((r) => `${r.method} ${r.url}`);
  const missing = routes.filter((r) => !documented.has(r));
  assert.deepEqual(missing, []);
  assert.ok(doc.paths['/projects'].post.requestBody.content['application/json'].schema.properties.title);
});

test('validation errors answer 400 with each field’s problem and save nothing', async (t) => {
  const { w, n, editor, base } = await setup(t);
  const r = await editor.call('POST', '/projects', { ...base, title: '', forecastEnd: 'next year', priorityIds: [], statutory: 'perhaps' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'project.invalid');
  const fields = r.body.error.fields.map((f: { field: string }) => f.field).sort();
  assert.deepEqual(fields, ['forecastEnd', 'priorityIds', 'statutory', 'title']);
  assert.equal((await w.services.projects.list(n.office.id, {})).total, 0);
  const bad = await editor.call('POST', '/projects', '{"title": "x",');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'request.malformed_json');
  const unknownStrand = await editor.call('POST', '/projects', { ...base, title: 'x', strandId: w.south.strands[0].id });
  assert.equal(unknownStrand.status, 400);
  assert.equal(unknownStrand.body.error.fields[0].field, 'strandId');
});

test('a project’s life through the API: create, edit, move, history, as-at; 409 and 422 and 404 as fits', async (t) => {
  const { w, app, n, editor, base } = await setup(t);
  const created = await editor.call('POST', '/projects', { ...base, title: 'Court Films', stage: 'scoping' });
  assert.equal(created.status, 201);
  const id = created.body.id;
  assert.deepEqual(created.body.allowedMoves, ['deliver', 'complete_at_scoping', 'hold', 'close', 'merge']);
  const edited = await editor.call('PATCH', `/projects/${id}`, { version: 1, lead: 'Victims team' });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.version, 2);
  const stale = await editor.call('PATCH', `/projects/${id}`, { version: 1, lead: 'Someone else' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'project.conflict');
  const noReason = await editor.call('PATCH', `/projects/${id}`, { version: 2, forecastEnd: '2027-Q2' });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.body.error.fields[0].field, 'reason');
  const refused = await editor.call('POST', `/projects/${id}/moves`, { version: 2, move: 'complete' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'project.move_refused');
  const moved = await editor.call('POST', `/projects/${id}/moves`, { version: 2, move: 'deliver' });
  assert.equal(moved.body.stage, 'delivery');
  const history = await editor.call('GET', `/projects/${id}/history`);
  assert.deepEqual(
    history.body.map((h: { kind: string }) => h.kind),
    ['moved', 'edited', 'created'],
  );
  const asAt = await editor.call('GET', `/portfolio/as-at?at=${encodeURIComponent(new Date().toISOString())}`);
  assert.equal(asAt.body.projects[0].stage, 'delivery');
  const badAt = await editor.call('GET', '/portfolio/as-at?at=yesterday-ish');
  assert.equal(badAt.status, 400);

  // Another office: every id of this office is "not found", never "forbidden".
  const south = await apiClient(app, w.services, w.south.editor);
  for (const [m, url, body] of [
    ['GET', `/projects/${id}`, undefined],
    ['PATCH', `/projects/${id}`, { version: 3, title: 'x' }],
    ['POST', `/projects/${id}/moves`, { version: 3, move: 'complete' }],
    ['GET', `/projects/${id}/history`, undefined],
    ['GET', '/projects/not-a-uuid', undefined],
  ] as const) {
    const r = await south.call(m, url, body);
    assert.equal(r.status, 404, `${m} ${url}`);
  }
  assert.equal((await south.call('GET', '/projects')).body.total, 0);
  assert.equal((await w.services.projects.get(n.office.id, id)).title, 'Court Films');
});

test('tokens: stored hashed, role never above the creator’s, revocable, refused when the user is disabled', async (t) => {
  const { w, app, n } = await setup(t);
  const viewer = { ...n.admin, userId: n.users.viewer.id, role: 'viewer' as const };
  await assert.rejects(w.services.auth.createToken({ by: viewer, input: { name: 'x', role: 'editor' } }));
  const adminApi = await apiClient(app, w.services, n.admin, 'viewer');
  const r = await adminApi.call('POST', '/projects', { title: 'x' });
  assert.equal(r.status, 403, 'a viewer token of an admin cannot write');
  const rows = await w.database.exec('select token_hash from api_tokens');
  assert.ok(
    rows.rows.every((x) => !String(x.token_hash).startsWith('pcp_')),
    'no token stored in clear',
  );
  const list = await w.services.auth.listTokens(n.office.id);
  const mine = list.find((x) => x.name === 'test viewer');
  assert.ok(mine);
  await w.services.auth.revokeToken({ by: n.admin, id: mine.id });
  assert.equal((await adminApi.call('GET', '/me')).status, 401, 'revoked');
  const ed = await apiClient(app, w.services, n.editor);
  await w.services.auth.updateUser({ by: n.admin, userId: n.users.editor.id, disabled: true });
  assert.equal((await ed.call('GET', '/me')).status, 401, 'disabled');
  assert.equal((await app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer pcp_made_up' } })).statusCode, 401);
});

test('a field the API would ignore is a 400 naming it, on every body, and changes nothing', async (t) => {
  const { w, n, editor, base } = await setup(t);
  const created = await editor.call('POST', '/projects', { ...base, title: 'Court Films' });
  const id = created.body.id;
  const stage = await editor.call('PATCH', `/projects/${id}`, { version: 1, stage: 'closed' });
  assert.equal(stage.status, 400);
  assert.deepEqual(
    stage.body.error.fields.map((f: { field: string }) => f.field),
    ['stage'],
  );
  assert.match(stage.body.error.fields[0].message, /stage is not a field you can set here/);
  const readOnly = await editor.call('PATCH', `/projects/${id}`, { version: 1, lead: 'x', createdAt: '2020-01-01T00:00:00Z', titel: 'typo' });
  assert.equal(readOnly.status, 400);
  assert.deepEqual(readOnly.body.error.fields.map((f: { field: string }) => f.field).sort(), ['createdAt', 'titel']);
  const p = await w.services.projects.get(n.office.id, id);
  assert.equal(p.version, 1);
  assert.equal(p.lead, '');
  assert.equal(p.stage, 'candidate');
  const admin = await apiClient(editor.app, w.services, n.admin);
  for (const [m, url, body] of [
    ['POST', '/projects', { ...base, title: 'x', mergedIntoId: null }],
    ['POST', `/projects/${id}/moves`, { version: 1, move: 'deliver', stage: 'delivery' }],
    ['POST', '/strands', { name: 'x', colour: '#ffffff' }],
    ['POST', '/priorities', { name: 'x', colour: '#ffffff', id: n.priorities[0].id }],
    ['POST', '/plans', { title: 'x', periodStart: '2021-04-01', periodEnd: '2025-03-31', status: 'draft', officeId: w.south.office.id }],
    ['POST', '/tokens', { name: 'x', role: 'viewer', secret: 'mine' }],
    ['POST', '/decisions', { reference: 'D1', title: 'x', owner: 'me' }],
    ['POST', '/targets', { priorityId: n.priorities[0].id, rag: 'green' }],
  ] as const) {
    const r = await admin.call(m, url, body);
    assert.equal(r.status, 400, `${m} ${url}`);
    assert.equal(r.body.error.code, 'request.invalid', `${m} ${url}`);
  }
  assert.equal((await w.services.projects.list(n.office.id, {})).total, 1);
});

test('bad filters, NUL bytes, repeated ids and far instants are each a 400 with a field message, and write nothing', async (t) => {
  const { w, n, editor, base } = await setup(t);
  const cases: [string, string, unknown, string][] = [
    ['GET', '/projects?stage=paused', undefined, 'stage'],
    ['GET', '/projects?endBefore=notadate', undefined, 'endBefore'],
    ['GET', '/projects?endAfter=TBD', undefined, 'endAfter'],
    ['GET', '/projects?q=a%00b', undefined, 'q'],
    ['GET', '/decisions?q=a%00b', undefined, 'q'],
    ['GET', '/portfolio/as-at?at=99999-01-01', undefined, 'at'],
    ['GET', '/portfolio/as-at?at=%2B099999-01-01T00:00:00Z', undefined, 'at'],
    ['GET', '/portfolio/as-at?at=2018-02-30', undefined, 'at'],
    ['POST', '/projects', { ...base, title: 'Nul\u0000title' }, 'title'],
    ['POST', '/projects', { ...base, title: 'x', priorityIds: [n.priorities[0].id, n.priorities[0].id] }, 'priorityIds'],
  ];
  for (const [m, url, body, field] of cases) {
    const r = await editor.call(m as 'GET', url, body);
    assert.equal(r.status, 400, `${m} ${url} ${JSON.stringify(body)}`);
    assert.ok(
      r.body.error.fields.some((f: { field: string }) => f.field === field),
      `${url}: ${JSON.stringify(r.body.error.fields)}`,
    );
  }
  const ok = await editor.call('POST', '/projects', { ...base, title: 'Lines kept', overview: 'one\r\ntwo\tthree' });
  assert.equal(ok.status, 201, 'line breaks and tabs are fine in long text');
  // Other control characters in long text (pasted text carries them) are removed, not refused (#13).
  const pasted = await editor.call('POST', '/projects', { ...base, title: 'Pasted', overview: 'a\u0000b\u0007c' });
  assert.equal(pasted.status, 201);
  assert.equal(pasted.body.overview, 'abc');
  assert.equal((await w.services.projects.list(n.office.id, {})).total, 2);
});

test('the OpenAPI document is valid OpenAPI 3.1, with an answer schema for every operation and typed query parameters', async (t) => {
  const { app } = await setup(t);
  const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const result = await new Validator().validate(doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
  for (const [path, ops] of Object.entries(
    doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>,
  )) {
    for (const [method, op] of Object.entries(ops)) {
      const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      assert.ok(success.length, `${method} ${path} has a success answer`);
      for (const [s, r] of success) if (s !== '204') assert.ok(Object.values(r.content ?? {}).length, `${method} ${path} ${s} has a schema`);
      assert.equal(
        op.responses['400']?.content?.['application/json']?.schema && '$ref' in (op.responses['400'].content['application/json'].schema as object),
        true,
        `${method} ${path} documents the error shape`,
      );
    }
  }
  const list = doc.paths['/projects'].get.parameters;
  const param = (name: string) => list.find((p: { name: string }) => p.name === name).schema;
  assert.deepEqual(param('stage').items.enum, ['candidate', 'scoping', 'delivery', 'completed', 'on_hold', 'closed', 'merged']);
  assert.deepEqual(param('sort').enum, ['title', 'stage', 'strand', 'forecast', 'updated']);
  assert.equal(param('page').type, 'integer');
  assert.ok(doc.paths['/decisions'].get.parameters.find((p: { name: string }) => p.name === 'status').schema.enum.includes('withdrawn'));
  assert.match(doc.components.schemas.Project ? JSON.stringify(doc.paths['/projects/{id}/moves'].post.requestBody) : '', /Europe\/London/);
  assert.equal(doc.paths['/projects/{id}'].patch.requestBody.content['application/json'].schema.additionalProperties, false);
});

test('a 409 carries the project as the API shows it, not the database row', async (t) => {
  const { editor, base } = await setup(t);
  const id = (await editor.call('POST', '/projects', { ...base, title: 'Court Films' })).body.id;
  const fresh = await editor.call('GET', `/projects/${id}`);
  await editor.call('PATCH', `/projects/${id}`, { version: 1, lead: 'A' });
  const stale = await editor.call('PATCH', `/projects/${id}`, { version: 1, lead: 'B' });
  assert.equal(stale.status, 409);
  const current = stale.body.error.details.current;
  assert.equal(current.forecastEnd, '2026-Q4');
  assert.equal(current.lead, 'A');
  assert.equal(current.officeId, undefined, 'no database columns');
  assert.equal(current.forecastPrecision, undefined);
  assert.deepEqual(
    Object.keys(current).sort(),
    Object.keys(fresh.body)
      .filter((k) => k !== 'links')
      .sort(),
  );
  assert.deepEqual(
    stale.body.error.details.changesSince.map((h: { version: number }) => h.version),
    [2],
  );
});
