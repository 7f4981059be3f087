// test-pass: pglite-only (what is kept is a PGlite folder's: on PostgreSQL the lookup always runs, as every other test there shows)
// The session lookup kept between writes (issue 19): on a PGlite folder, a signed-in request that only
// reads asks nothing of the database, and anything that ends or changes a session is seen by the very
// next request: sign-out, a person disabled, a role changed, their sessions ended, the idle time-out.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Browser, clock, PASSWORD, testApp } from '../../../test/helpers.js';
import { createServices } from '../../app.js';
import { testConfig } from '../../config.js';
import { createDb } from '../db/client.js';
import type { PgliteThread } from '../db/pglite-thread.js';
import type { Actor } from '../errors.js';

test('a PGlite folder keeps the session lookup until a write, and every change to a session is seen at once', async (t) => {
  const database = await createDb({ dataDir: mkdtempSync(join(tmpdir(), 'pcp-kept-')) });
  t.after(() => database.close());
  const time = clock('2026-06-01T09:00:00Z');
  const config = testConfig({ logLevel: 'error' });
  const services = createServices({ db: database.db, config, now: time.now });
  const office = await services.auth.createOffice({ slug: 'north', name: 'North OPCC', area: 'North' });
  const admin = await services.auth.createUser({
    officeId: office.id,
    input: { email: 'admin@north.example.org', name: 'Ada Admin', password: PASSWORD, role: 'admin' },
    by: null,
  });
  const by: Actor = { userId: admin.id, name: 'Ada Admin', officeId: office.id, role: 'admin' };
  const editor = await services.auth.createUser({
    officeId: office.id,
    input: { email: 'ed@north.example.org', name: 'Ed Editor', password: PASSWORD, role: 'editor' },
    by,
  });
  const app = await testApp(t, { config, services, now: time.now });

  // Every statement the app sends to PGlite's thread, counted.
  const thread = (database.db as unknown as { $client: PgliteThread }).$client;
  const send = thread.query;
  let statements = 0;
  thread.query = ((...args: Parameters<PgliteThread['query']>) => {
    statements++;
    return send(...args);
  }) as PgliteThread['query'];

  const ed = new Browser(app);
  await ed.signIn('ed@north.example.org');
  const first = await ed.get('/');
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /Ed Editor/);
  await ed.get('/');
  const before = statements;
  const again = await ed.get('/');
  assert.equal(again.statusCode, 200);
  assert.match(again.body, /Ed Editor/);
  assert.equal(statements, before, 'a page kept for the same office and reader, and the session kept: no statement');
  const projects = await ed.get('/projects/new');
  assert.equal(projects.statusCode, 200, 'an editor may add a project');

  /** Ed, signed in afresh, with two pages seen (the second from what was kept). */
  const signedIn = async () => {
    const b = new Browser(app);
    await b.signIn('ed@north.example.org');
    assert.equal((await b.get('/')).statusCode, 200);
    assert.equal((await b.get('/')).statusCode, 200);
    return b;
  };
  const signedOut = (r: { statusCode: number; headers: Record<string, unknown> }) => {
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), /^\/sign-in/);
  };

  await t.test('a role changed: the session ends, and the next sign-in has the new role', async () => {
    const b = await signedIn();
    await services.auth.updateUser({ by, userId: editor.id, role: 'viewer' });
    signedOut(await b.get('/projects'));
    const again = await signedIn();
    assert.equal((await again.get('/projects/new')).statusCode, 403, 'a viewer may not add a project');
    await services.auth.updateUser({ by, userId: editor.id, role: 'editor' });
  });

  await t.test('a person disabled: signed out at the next request', async () => {
    const b = await signedIn();
    await services.auth.updateUser({ by, userId: editor.id, disabled: true });
    signedOut(await b.get('/projects'));
    await services.auth.updateUser({ by, userId: editor.id, disabled: false });
  });

  await t.test('their sessions ended by an admin: the old cookie opens nothing', async () => {
    const b = await signedIn();
    await services.account.endSessionsOf({ by, userId: editor.id });
    signedOut(await b.get('/projects'));
  });

  await t.test('sign-out: the old cookie opens nothing', async () => {
    const b = await signedIn();
    const cookies = new Map(b.cookies);
    assert.equal((await b.post('/sign-out', {})).statusCode, 303);
    const replay = new Browser(app);
    replay.cookies = cookies;
    signedOut(await replay.get('/projects'));
  });

  await t.test('idle past the time-out with nothing written meanwhile: signed out', async () => {
    const b = await signedIn();
    time.advance(config.sessionIdleMs + 1000);
    signedOut(await b.get('/projects'));
  });
});
