// Time-outs on PostgreSQL: each failure mode is provoked for real (a held lock, a full pool, a
// server that accepts and never answers, a transaction left idle) and must become a 503.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { type DbTuning, defaultDbTuning, testConfig } from '../../config.js';
import { projects } from '../../projects/projects.table.js';
import { createServices } from '../../app.js';
import { apiClient, testApp } from '../../../test/helpers.js';
import { createDb } from './client.js';
import { scratchPostgres } from './scratch.js';
import { databaseUnavailable } from './unavailable.js';

const serverUrl = process.env.PCP_TEST_DATABASE_URL;
const skip = serverUrl ? false : 'PostgreSQL only (PGlite is one in-process connection): set PCP_TEST_DATABASE_URL';

async function setup(t: import('node:test').TestContext, tuning: Partial<DbTuning>) {
  const database = await scratchPostgres(serverUrl as string, 'pcp_timeouts', { ...defaultDbTuning, ...tuning });
  t.after(() => database.close());
  const config = testConfig();
  const services = createServices({ db: database.db, config });
  const office = await services.auth.createOffice({ slug: 'north', name: 'North OPCC', area: 'north' });
  const u = await services.auth.createUser({
    officeId: office.id,
    input: { email: 'a@north.example.org', name: 'A', password: 'correct horse battery staple', role: 'admin' },
    by: null,
  });
  const app = await testApp(t, { config, services });
  const api = await apiClient(app, services, { userId: u.id, name: 'A', officeId: office.id, role: 'admin' });
  return { database, app, api, services };
}

/** Another session holds an exclusive lock on projects: every read of them waits. */
async function lockProjects(database: { exec(sql: string): Promise<unknown> }) {
  const name = ((await database.exec('select current_database() as n')) as { rows: { n: string }[] }).rows[0].n;
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  await c.query('begin');
  await c.query('lock table projects in access exclusive mode');
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    await c.query('rollback');
    await c.end();
  };
}

test('a statement past the statement time-out answers 503 in the API error shape; the cause is named without the query parameters', { skip }, async (t) => {
  const { database, api } = await setup(t, { statementTimeoutMs: 300 });
  const unlock = await lockProjects(database);
  t.after(unlock);
  const started = Date.now();
  const r = await api.call('GET', '/projects');
  assert.equal(r.status, 503);
  assert.ok(Date.now() - started < 3000, 'answered at the time-out, not hung');
  assert.deepEqual(Object.keys(r.body), ['error']);
  assert.equal(r.body.error.code, 'server.unavailable');
  assert.match(r.body.error.message, /not answering/);
  assert.equal(r.headers['retry-after'], '5');
  // What the log gets: the reason and the driver's message, never a parameter's value.
  const err = await database.db
    .select()
    .from(projects)
    .where(eq(projects.title, 'SECRET-PARAMETER'))
    .then(
      () => null,
      (e: unknown) => e,
    );
  const u = databaseUnavailable(err);
  assert.equal(u?.reason, 'statement_timeout');
  assert.equal(u?.pgCode, '57014');
  assert.doesNotMatch(JSON.stringify(u), /SECRET-PARAMETER/);
  await unlock();
  assert.equal((await api.call('GET', '/projects')).status, 200, 'the server answers again once the lock is gone');
});

test('waiting for a connection from a full pool past the acquire time-out answers 503; the held request still finishes', { skip }, async (t) => {
  const { database, api } = await setup(t, { poolMax: 1, connectTimeoutMs: 300, statementTimeoutMs: 10_000 });
  // The token is looked up before the lock, so the first request holds the one connection on projects.
  assert.equal((await api.call('GET', '/me')).status, 200);
  const unlock = await lockProjects(database);
  const held = api.call('GET', '/projects');
  await new Promise((r) => setTimeout(r, 100));
  const r = await api.call('GET', '/me');
  assert.equal(r.status, 503);
  assert.equal(r.body.error.code, 'server.unavailable');
  await unlock();
  assert.equal((await held).status, 200);
});

test('a server that accepts connections and never answers: 503 at the connect time-out, for the API and for pages', { skip }, async (t) => {
  const sockets: Socket[] = [];
  const blackhole = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', () => r()));
  t.after(() => {
    for (const s of sockets) s.destroy();
    blackhole.close();
  });
  const { port } = blackhole.address() as { port: number };
  const database = await createDb({
    databaseUrl: `postgres://postgres@127.0.0.1:${port}/none`,
    migrate: false,
    tuning: { ...defaultDbTuning, connectTimeoutMs: 300 },
  });
  t.after(() => database.close());
  const config = testConfig();
  const app = await testApp(t, { config, services: createServices({ db: database.db, config }) });
  const started = Date.now();
  const r = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer pcp_whatever' } });
  assert.ok(Date.now() - started < 3000);
  assert.equal(r.statusCode, 503);
  assert.equal(r.json().error.code, 'server.unavailable');
  // A page with a session cookie looks the session up: the GOV.UK error page.
  const page = await app.inject({ method: 'GET', url: '/', headers: { cookie: '__Host-pcp_session=abc' } });
  assert.equal(page.statusCode, 503);
  assert.match(page.body, /<h1 class="govuk-heading-l">Sorry, the service is unavailable<\/h1>/);
  assert.match(page.body, /The database is not answering just now/);
  assert.equal(databaseUnavailable(new Error('Connection terminated due to connection timeout'))?.reason, 'connect_timeout');
});

test('a transaction left idle past the idle-in-transaction time-out fails with that cause; the process and the pool carry on', { skip }, async (t) => {
  const { database } = await setup(t, { idleInTransactionTimeoutMs: 200 });
  const err = await database.db
    .transaction(async (tx) => {
      await tx.select().from(projects);
      await new Promise((r) => setTimeout(r, 600));
      await tx.select().from(projects);
    })
    .then(
      () => null,
      (e: unknown) => e,
    );
  const u = databaseUnavailable(err);
  assert.ok(u, `classified: ${String(err)}`);
  assert.match(u.reason, /idle_in_transaction_timeout|connection_lost/);
  const r = await database.exec('select 1 as one');
  assert.equal(r.rows[0].one, 1);
});
