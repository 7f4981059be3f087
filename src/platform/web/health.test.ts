import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testConfig } from '../../config.js';
import { freshDb, testApp } from '../../../test/helpers.js';
import { createDb } from '../db/client.js';
import { createServices } from '../../app.js';

async function app(t: import('node:test').TestContext) {
  const database = await freshDb(t);
  const config = testConfig();
  return { database, app: await testApp(t, { config, services: createServices({ db: database.db, config }) }) };
}

test('/healthz and /readyz answer without a session lookup, set no cookie and are never cached', async (t) => {
  const { app: a } = await app(t);
  for (const url of ['/healthz', '/readyz']) {
    // An unknown session cookie would be looked up and cleared on any other page.
    const r = await a.inject({ method: 'GET', url, headers: { cookie: '__Host-pcp_session=not-a-session' } });
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['cache-control'], 'no-store', url);
    assert.equal(r.headers['set-cookie'], undefined, `${url} sets no cookie`);
  }
  assert.deepEqual((await a.inject('/healthz')).json(), { status: 'alive' });
  const ready = (await a.inject('/readyz')).json();
  assert.equal(ready.status, 'ready');
  assert.ok(ready.migrations >= 6);
});

test('/readyz is 503 naming the migration when the database is behind the code', async (t) => {
  const { app: a, database } = await app(t);
  const last = await database.exec('select id from drizzle.__drizzle_migrations order by created_at desc limit 1');
  await database.exec('delete from drizzle.__drizzle_migrations where id = $1', [last.rows[0].id]);
  const r = await a.inject('/readyz');
  assert.equal(r.statusCode, 503);
  assert.equal(r.json().error.code, 'server.not_ready');
  assert.match(r.json().error.message, /migrations not applied: 0\d{3}_\w+/);
  assert.equal((await a.inject('/healthz')).statusCode, 200, 'alive all the same');
});

test('/readyz is 503 when the database is not reachable; /healthz still 200', async (t) => {
  // A port nothing listens on: refused at once.
  const database = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', migrate: false });
  t.after(() => database.close());
  const config = testConfig();
  const a = await testApp(t, { config, services: createServices({ db: database.db, config }) });
  const r = await a.inject('/readyz');
  assert.equal(r.statusCode, 503);
  assert.match(r.json().error.message, /not reachable: .*ECONNREFUSED/);
  assert.equal((await a.inject('/healthz')).statusCode, 200);
});
