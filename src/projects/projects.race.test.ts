// Many clients saving one project with one version, over real HTTP: exactly one wins, every other
// gets 409, and the server still answers at once afterwards. On PostgreSQL this once hung the whole
// server for good (each loser's conflict read waited for a pool connection that the losers held).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../app.js';
import { world } from '../../test/helpers.js';

const CLIENTS = 50;

test(`${CLIENTS} clients save one project with one version: one 200, the rest 409, and the server still answers`, { timeout: 90_000 }, async (t) => {
  const w = await world(t);
  const n = w.north;
  const app = await buildApp({ config: w.config, services: w.services });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  const { token } = await w.services.auth.createToken({ by: n.editor, input: { name: 'race', role: 'editor' } });
  const project = await w.services.projects.create({
    by: n.editor,
    input: {
      title: 'Court Films',
      objective: 'Films for witnesses',
      strandId: n.strands[0].id,
      priorityIds: [n.priorities[0].id],
      forecastEnd: '2026-Q4',
      stage: 'scoping',
    },
  });
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      // A hang fails the test instead of stalling the run.
      signal: AbortSignal.timeout(30_000),
    });

  const answers = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      call('PATCH', `/projects/${project.id}`, {
        version: project.version,
        lead: `Lead ${i}`,
        title: `Court Films ${i}`,
        strandId: n.strands[1].id,
        priorityIds: [n.priorities[1].id],
        forecastEnd: '2027-Q1',
        reason: 'Later start',
      }).then(async (r) => ({ status: r.status, body: await r.json() })),
    ),
  );
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, ...Array(CLIENTS - 1).fill(409)]);
  for (const a of answers.filter((x) => x.status === 409)) assert.equal(a.body.error.code, 'project.conflict');

  const t0 = performance.now();
  const ready = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(ready.status, 200, 'ready at once after the race: the database answers and no connection is stuck');
  const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
  assert.equal(me.status, 200);
  assert.ok(performance.now() - t0 < 2_000, 'the server answers at once after the race');
  const after = await w.services.projects.get(n.office.id, project.id);
  assert.equal(after.version, project.version + 1);
  const winner = answers.find((a) => a.status === 200)?.body;
  assert.equal(after.lead, winner.lead);
  assert.equal((await w.services.projects.history(n.office.id, project.id)).length, 2, 'one history row for the one change that won');
});

// Without HTTP in between, every caller's first read is done before any transaction starts: on
// PostgreSQL ten transactions then held all ten pool connections while each waited for an eleventh
// to read the conflict; on PGlite (one connection) two such calls already waited for each other.
test(`${CLIENTS} same-tick saves through the service all return: one saved, the rest conflicts`, { timeout: 60_000 }, async (t) => {
  const w = await world(t);
  const n = w.north;
  const p = await w.services.projects.create({
    by: n.editor,
    input: {
      title: 'Barnahus',
      objective: 'A child house',
      strandId: n.strands[0].id,
      priorityIds: [n.priorities[0].id],
      forecastEnd: '2026-Q4',
      stage: 'scoping',
    },
  });
  const results = await Promise.allSettled([
    ...Array.from({ length: CLIENTS - 1 }, (_, i) => w.services.projects.update({ by: n.editor, id: p.id, input: { version: p.version, lead: `Lead ${i}` } })),
    w.services.projects.move({ by: n.editor, id: p.id, input: { version: p.version, move: 'deliver' } }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'project.conflict');
  assert.equal((await w.services.projects.history(n.office.id, p.id)).length, 2);
});
