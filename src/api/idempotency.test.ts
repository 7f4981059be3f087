import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { apiClient, clock, testApp, world } from '../../test/helpers.js';
import { createDb } from '../platform/db/client.js';
import { idempotentOperations } from './idempotency.js';
import { KEY_LIFETIME_MS, KeyBusy, KeyTaken, sealer } from './idempotency.service.js';

const TABLES = ['projects', 'project_history', 'project_priorities', 'api_tokens', 'audit_log', 'strands', 'strand_versions', 'decisions', 'decision_history'];

async function setup(t: TestContext, opts: { now?: () => Date } = {}) {
  const w = await world(t, { now: opts.now });
  const app = await testApp(t, w);
  const n = w.north;
  const editor = await apiClient(app, w.services, n.editor);
  const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], forecastEnd: '2026-Q4' };
  /** Rows in every table a creating call writes, and the idempotency keys kept. */
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of [...TABLES, 'idempotency_keys']) out[table] = Number((await w.database.exec(`select count(*)::int as n from ${table}`)).rows[0].n);
    return out;
  };
  const writes = async () => {
    const { idempotency_keys: _, ...rest } = await counts();
    return rest;
  };
  return { w, app, n, editor, base, counts, writes };
}

const key = (h: string) => ({ 'idempotency-key': h });

test('the document gives Idempotency-Key to every creating call (POST answering 201) and to nothing else', async (t) => {
  const { app } = await setup(t);
  const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  const creating: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>))
    for (const [method, op] of Object.entries(ops)) if (method === 'post' && op.responses['201']) creating.push(`POST ${path}`);
  assert.ok(creating.length >= 10, `creating calls: ${creating.join(', ')}`);
  assert.deepEqual([...idempotentOperations()].sort(), creating.sort());
  const op = doc.paths['/projects'].post;
  assert.equal(op.parameters.find((p: { in: string }) => p.in === 'header').name, 'Idempotency-Key');
  assert.ok(op.responses['201'].headers['Idempotent-Replayed']);
  assert.match(op.responses['422'].description, /request\.idempotency_key_reused/);
  assert.match(op.responses['409'].description, /request\.idempotency_in_progress/);
  assert.equal(doc.paths['/projects/{id}/moves'].post.parameters.filter((p: { in: string }) => p.in === 'header').length, 0);
});

test('a retry with the same key gets the first answer again and writes nothing; a refused call keeps no key', async (t) => {
  const { w, app, n, editor, base, counts, writes } = await setup(t);
  const body = { ...base, title: 'Court Films' };
  const first = await editor.call('POST', '/projects', body, key('create-court-films-1'));
  assert.equal(first.status, 201);
  assert.equal(first.headers['idempotent-replayed'], undefined);
  const after = await counts();
  assert.equal(after.idempotency_keys, 1);
  for (let i = 0; i < 3; i++) {
    const again = await editor.call('POST', '/projects', body, key('create-court-films-1'));
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
  }
  assert.deepEqual(await counts(), after, 'no row written by the retries');
  assert.equal((await w.services.projects.list(n.office.id, {})).total, 1);

  // A token's secret is in its creation's answer only: a retry gives the same one, and the table keeps it sealed.
  const admin = await apiClient(app, w.services, n.admin);
  const made = await admin.call('POST', '/tokens', { name: 'nightly import', role: 'viewer' }, key('token-1'));
  assert.equal(made.status, 201);
  const writesBefore = await writes();
  const remade = await admin.call('POST', '/tokens', { name: 'nightly import', role: 'viewer' }, key('token-1'));
  assert.equal(remade.headers['idempotent-replayed'], 'true');
  assert.equal(remade.body.token, made.body.token);
  assert.deepEqual(await writes(), writesBefore);
  const stored = (await w.database.exec('select request_hash, answer from idempotency_keys')).rows.map((r) => JSON.stringify(r)).join('\n');
  assert.ok(!stored.includes(made.body.token) && !stored.includes('pcp_') && !stored.includes('Court Films'), 'answers are sealed');

  // Refused (400), nothing written, so no key: the corrected call with the same key is carried out.
  const bad = await editor.call('POST', '/projects', { ...base, title: '' }, key('create-2'));
  assert.equal(bad.status, 400);
  assert.equal((await counts()).idempotency_keys, 2);
  const good = await editor.call('POST', '/projects', { ...base, title: 'Op Sceptre' }, key('create-2'));
  assert.equal(good.status, 201);
  assert.equal(good.headers['idempotent-replayed'], undefined);
  // Without the header nothing changes: two calls, two projects.
  await editor.call('POST', '/projects', { ...base, title: 'Twice' });
  await editor.call('POST', '/projects', { ...base, title: 'Twice' });
  assert.equal((await w.services.projects.list(n.office.id, {})).total, 4);
});

test('the same key with another body or path is refused with 422; another token’s same key is its own', async (t) => {
  const { w, app, n, editor, base, writes } = await setup(t);
  const first = await editor.call('POST', '/projects', { ...base, title: 'Court Films' }, key('k-1'));
  assert.equal(first.status, 201);
  const before = await writes();
  for (const [path, body] of [
    ['/projects', { ...base, title: 'Court Films II' }],
    ['/projects', { ...base, title: 'Court Films', lead: 'Someone' }],
    ['/decisions', { reference: 'ID: 1', title: 'A notice', decisionMaker: 'PCC' }],
  ] as const) {
    const r = await editor.call('POST', path, body, key('k-1'));
    assert.equal(r.status, 422, path);
    assert.equal(r.body.error.code, 'request.idempotency_key_reused');
    assert.equal(r.body.error.fields[0].field, 'Idempotency-Key');
  }
  assert.deepEqual(await writes(), before, 'nothing written by the refused calls');

  // Another token of the same person, and a token of another office: the same key is a new request each.
  const editor2 = await apiClient(app, w.services, n.editor);
  const south = await apiClient(app, w.services, w.south.editor);
  const sb = { strandId: w.south.strands[0].id, priorityIds: [w.south.priorities[0].id], forecastEnd: '2026-Q4', title: 'Court Films' };
  const mine = await editor2.call('POST', '/projects', { ...base, title: 'Court Films' }, key('k-1'));
  const theirs = await south.call('POST', '/projects', sb, key('k-1'));
  for (const r of [mine, theirs]) {
    assert.equal(r.status, 201);
    assert.equal(r.headers['idempotent-replayed'], undefined);
    assert.notEqual(r.body.id, first.body.id);
  }
  assert.equal((await w.services.projects.list(n.office.id, {})).total, 2);
  assert.equal((await w.services.projects.list(w.south.office.id, {})).total, 1);
  // Each replays its own answer.
  assert.equal((await south.call('POST', '/projects', sb, key('k-1'))).body.id, theirs.body.id);
  assert.equal((await editor.call('POST', '/projects', { ...base, title: 'Court Films' }, key('k-1'))).body.id, first.body.id);
});

test('a malformed key is a 400 naming the header, on every creating call, and writes nothing', async (t) => {
  const { w, app, n, base, writes } = await setup(t);
  const admin = await apiClient(app, w.services, n.admin);
  const before = await writes();
  for (const bad of ['', ' ', 'two words', 'x'.repeat(256), 'tab\there']) {
    const r = await admin.call('POST', '/projects', { ...base, title: 'Court Films' }, key(bad));
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal(r.body.error.code, 'request.invalid');
    assert.deepEqual(
      r.body.error.fields.map((f: { field: string }) => f.field),
      ['Idempotency-Key'],
    );
  }
  assert.equal((await admin.call('POST', '/projects', { ...base, title: 'Court Films' }, key('x'.repeat(255)))).status, 201);
  // Every creating call checks the header (an empty body is refused only after it).
  const id = '00000000-0000-4000-8000-000000000000';
  for (const op of idempotentOperations()) {
    const [, path] = op.split(' ');
    const r = await admin.call('POST', path.replace('{id}', id), {}, key('bad key'));
    assert.equal(r.status, 400, op);
    assert.equal(r.body.error.fields[0].field, 'Idempotency-Key', op);
  }
  const after = await writes();
  assert.equal(after.projects, before.projects + 1);
  assert.equal(after.strands, before.strands);
});

test('concurrent calls with one key: exactly one write; the others replay it or are told it is in progress', async (t) => {
  const { w, app, n, editor, base, writes } = await setup(t);
  const before = await writes();
  for (let round = 0; round < 3; round++) {
    const body = { ...base, title: `Race ${round}` };
    const rs = await Promise.all(Array.from({ length: 8 }, () => editor.call('POST', '/projects', body, key(`race-${round}`))));
    const fresh = rs.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']);
    t.diagnostic(
      `round ${round}: ${rs.map((r) => (r.status === 201 ? (r.headers['idempotent-replayed'] ? 'replayed' : 'written') : r.body.error.code)).join(', ')}`,
    );
    assert.equal(fresh.length, 1, JSON.stringify(rs.map((r) => [r.status, r.headers['idempotent-replayed'], r.body?.error?.code])));
    for (const r of rs) {
      if (r === fresh[0]) continue;
      if (r.status === 201) assert.deepEqual(r.body, fresh[0].body);
      else {
        assert.equal(r.status, 409);
        assert.equal(r.body.error.code, 'request.idempotency_in_progress');
      }
    }
  }
  const after = await writes();
  assert.equal(after.projects, before.projects + 3);
  assert.equal(after.project_history, before.project_history + 3);
  assert.equal((await w.services.projects.list(n.office.id, {})).total, 3);

  // A check before the transaction (the email is taken, once the first has saved it) answers as the first did.
  const admin = await apiClient(app, w.services, n.admin);
  const user = { email: 'new.person@north.example.org', name: 'New Person', password: 'correct horse battery staple', role: 'viewer' };
  const us = await Promise.all(Array.from({ length: 6 }, () => admin.call('POST', '/users', user, key('new-user'))));
  t.diagnostic(`users: ${us.map((r) => (r.status === 201 ? (r.headers['idempotent-replayed'] ? 'replayed' : 'written') : r.body.error.code)).join(', ')}`);
  assert.equal(us.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']).length, 1);
  assert.ok(
    us.every((r) => r.status === 201 || r.body.error.code === 'request.idempotency_in_progress'),
    JSON.stringify(us.map((r) => r.body)),
  );

  // Straight into the service, past the first look-up: the key's lock lets one call through at a
  // time, and a call that finds the key recorded writes nothing.
  const tokenId = (await w.services.auth.resolveToken(editor.token))?.tokenId as string;
  const seal = sealer(editor.token, tokenId);
  const body = { ...base, title: 'Race in the transaction' };
  const outcomes = await Promise.allSettled(
    Array.from({ length: 4 }, async () => {
      const unit = await w.services.idempotency.begin({ tokenId, key: 'race-tx', requestHash: seal.fingerprint('same'), seal });
      const made = await unit.run(() => w.services.projects.create({ by: { ...n.editor, tokenId }, input: body }));
      return unit.finish({ status: 201, contentType: 'application/json', body: JSON.stringify(made) });
    }),
  );
  for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof KeyBusy || o.reason instanceof KeyTaken, String(o.reason));
  assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, JSON.stringify(outcomes.map((o) => o.status)));
  assert.equal((await writes()).projects, before.projects + 4);
});

test('a key is kept for a day: a retry after it is a new request, and old keys are purged', async (t) => {
  const c = clock('2026-01-15T10:00:00Z');
  const { editor, base, counts } = await setup(t, { now: c.now });
  const body = { ...base, title: 'Court Films' };
  const first = await editor.call('POST', '/projects', body, key('daily'));
  await editor.call('POST', '/projects', { ...base, title: 'Other' }, key('other'));
  c.advance(KEY_LIFETIME_MS - 1000);
  const within = await editor.call('POST', '/projects', body, key('daily'));
  assert.equal(within.headers['idempotent-replayed'], 'true');
  assert.equal(within.body.id, first.body.id);
  c.advance(2000);
  const before = await counts();
  const later = await editor.call('POST', '/projects', body, key('daily'));
  assert.equal(later.status, 201);
  assert.equal(later.headers['idempotent-replayed'], undefined);
  assert.notEqual(later.body.id, first.body.id);
  const after = await counts();
  assert.equal(after.projects, before.projects + 1);
  // "daily" was replaced by its new use, "other" purged.
  assert.equal(after.idempotency_keys, 1);
  assert.equal((await editor.call('POST', '/projects', body, key('daily'))).body.id, later.body.id);
});

test('the write, its key and its answer are saved in one transaction: a kill before the commit leaves nothing, after it a retry gets the first answer', async (t) => {
  const { w, n, editor, base, counts, writes } = await setup(t);
  const body = { ...base, title: 'Court Films' };
  const tokenId = (await w.services.auth.resolveToken(editor.token))?.tokenId as string;
  const seal = sealer(editor.token, tokenId);
  const call = (key: string) => ({ tokenId, key, requestHash: seal.fingerprint(`POST\n/api/v1/projects\n${JSON.stringify(body)}`), seal });
  const before = await counts();

  // The call as the API runs it, up to the moment before its commit.
  const unit = await w.services.idempotency.begin(call('kill-1'));
  const made = await unit.run(async () => {
    const p = await w.services.projects.create({ by: { ...n.editor, tokenId }, input: body });
    // Inside the call every read of the app goes through its transaction: it sees its own write.
    assert.equal((await w.services.projects.get(n.office.id, p.id))?.title, 'Court Films');
    return p;
  });
  if (w.database.url) {
    // Another connection (another instance, or the server after a restart) sees nothing yet.
    const other = await createDb({ databaseUrl: w.database.url, migrate: false });
    t.after(() => other.close());
    assert.equal((await other.exec('select count(*)::int as n from projects')).rows[0].n, before.projects);
    assert.equal((await other.exec('select count(*)::int as n from idempotency_keys')).rows[0].n, before.idempotency_keys);
  }
  // Killed here: the transaction never commits (the server rolls back a dead connection's transaction).
  assert.equal(await unit.finish(null), false);
  assert.deepEqual(await counts(), before, 'nothing of the call is saved');
  // The retry carries the call out.
  const retry = await editor.call('POST', '/projects', body, key('kill-1'));
  assert.equal(retry.status, 201);
  assert.equal(retry.headers['idempotent-replayed'], undefined);
  assert.notEqual(retry.body.id, made.id);

  // Committed with its answer, then the answer lost on its way (a kill just after the commit, a
  // dropped connection): the retry gets that very answer, and nothing more is written.
  // (The answer as the handler would have sent it: a real one's shape, with this project's id.)
  const shape = (await editor.call('POST', '/projects', { ...base, title: 'Shape' })).body;
  const second = await w.services.idempotency.begin(call('kill-2'));
  const made2 = await second.run(() => w.services.projects.create({ by: { ...n.editor, tokenId }, input: body }));
  const first = { ...shape, id: made2.id, title: made2.title };
  assert.equal(await second.finish({ status: 201, contentType: 'application/json; charset=utf-8', body: JSON.stringify(first) }), true);
  const after = await writes();
  const again = await editor.call('POST', '/projects', body, key('kill-2'));
  assert.equal(again.status, 201);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.deepEqual(again.body, first);
  assert.deepEqual(await writes(), after);

  // A call refused part-way (here by the service, after the key's lock) keeps nothing, and no key.
  const refused = await w.services.idempotency.begin(call('refused-1'));
  await assert.rejects(
    refused.run(() => w.services.projects.create({ by: { ...n.editor, tokenId }, input: { ...body, umbrellaId: '00000000-0000-4000-8000-000000000000' } })),
  );
  assert.equal(await refused.finish(null), false);
  assert.equal((await w.database.exec(`select count(*)::int as n from idempotency_keys where key = 'refused-1'`)).rows[0].n, 0);
  assert.deepEqual(await writes(), after);
});

test('a key kept without its answer (by an older version) is never carried out again: 409 naming what it made', async (t) => {
  const { w, n, editor, base, writes } = await setup(t);
  const body = { ...base, title: 'Court Films' };
  const made = await w.services.projects.create({ by: n.editor, input: body });
  const tokenId = (await w.services.auth.resolveToken(editor.token))?.tokenId as string;
  const seal = sealer(editor.token, tokenId);
  await w.database.exec('insert into idempotency_keys (token_id, key, request_hash, resource_id, created_at) values ($1, $2, $3, $4, now())', [
    tokenId,
    'old-1',
    seal.fingerprint(`POST\n/api/v1/projects\n${JSON.stringify(body)}`),
    made.id,
  ]);
  const before = await writes();
  const r = await editor.call('POST', '/projects', body, key('old-1'));
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'request.idempotency_answer_lost');
  assert.equal(r.body.error.details.resourceId, made.id);
  assert.deepEqual(await writes(), before);
});
