// PGlite on its own thread (a data folder): what crosses the thread must behave as PGlite in process
// does: results and their types, PostgreSQL's errors with their fields, transactions that commit or
// roll back whole, one statement at a time, a copy of the folder, and a client handed out before
// the database is open whose statements wait for the migrations.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { pgliteOnly } from '../../../test/server-process.js';
import { createDb, type Db, isUniqueViolation } from './client.js';
import { PgliteThread } from './pglite-thread.js';

test('a PGlite folder runs on its own thread, and behaves as PGlite in process', { skip: pgliteOnly }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-thread-'));
  let early: Db | null = null;
  let earlyAnswer: Promise<{ rows: unknown[] }> | null = null;
  const database = await createDb({
    dataDir: dir,
    onClient: (db) => {
      early = db;
      // Asked before PGlite has started: answered once the migrations have run (the table exists).
      earlyAnswer = db.execute(sql`select count(*)::int as n from offices`) as unknown as Promise<{ rows: unknown[] }>;
    },
  });
  t.after(() => database.close());
  assert.ok(early, 'the client is handed out before the database is open');
  assert.deepEqual((await (earlyAnswer as unknown as Promise<{ rows: unknown[] }>)).rows, [{ n: 0 }]);

  await t.test('values keep their types across the thread (dates as Drizzle reads them, json, bytes)', async () => {
    const r = await database.exec(`select 1::int as i, 'x'::text as s, true as b, '{"a":[1,2]}'::jsonb as j, '\\x0102'::bytea as y, null as z`);
    assert.deepEqual(r.rows, [{ i: 1, s: 'x', b: true, j: { a: [1, 2] }, y: new Uint8Array([1, 2]), z: null }]);
    const answer = (await database.db.execute(sql`select timestamptz '2026-04-01 09:30:00+01' as at, date '2026-04-01' as d`)) as unknown;
    const [row] = (answer as { rows: { at: string; d: string }[] }).rows;
    assert.equal(row.d, '2026-04-01');
    assert.match(row.at, /^2026-04-01 08:30:00\+00/);
  });

  await t.test("PostgreSQL's errors arrive with their fields (a unique violation is recognised)", async () => {
    await database.exec('create table thread_t (k int primary key, v text)');
    await database.exec(`insert into thread_t values (1, 'a')`);
    const e = await database.exec(`insert into thread_t values (1, 'b')`).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(e instanceof Error);
    assert.equal((e as { code?: string }).code, '23505');
    assert.equal((e as { constraint?: string }).constraint, 'thread_t_pkey');
    assert.ok(isUniqueViolation(e));
  });

  await t.test('a transaction that throws leaves nothing; one that returns commits everything', async () => {
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into thread_t values (2, 'half')`);
        throw new Error('stop');
      }),
      /stop/,
    );
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_t values (3, 'c')`);
      await tx.execute(sql`insert into thread_t values (4, 'd')`);
    });
    const keys = (await database.exec('select k from thread_t order by k')).rows.map((r) => r.k);
    assert.deepEqual(keys, [1, 3, 4]);
  });

  await t.test("a statement from outside waits for an open transaction: it never sees the transaction's half", async () => {
    let inside: () => void = () => {};
    const holding = new Promise<void>((res) => {
      inside = res;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((res) => {
      release = res;
    });
    const tx = database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_t values (5, 'e')`);
      inside();
      await released;
      await tx.execute(sql`delete from thread_t where k = 5`);
    });
    await holding;
    const outside = database.exec('select count(*)::int as n from thread_t where k = 5');
    release();
    await tx;
    assert.deepEqual((await outside).rows, [{ n: 0 }]);
  });

  await t.test('the copy of the folder (pcp backup) is a database that opens with the same rows', async () => {
    const tar = await (database.dumpDataDir as () => Promise<Uint8Array>)();
    const copy = await createDb({ loadDataDir: new Blob([tar as Uint8Array<ArrayBuffer>]) });
    try {
      assert.deepEqual((await copy.exec('select k from thread_t order by k')).rows, [{ k: 1 }, { k: 3 }, { k: 4 }]);
    } finally {
      await copy.close();
    }
  });
});

test("a thread whose PGlite cannot start fails its waiting statements with PGlite's error", { skip: pgliteOnly }, async () => {
  const thread = new PgliteThread('/proc/no-such-folder/pgdata', { startParams: [] });
  await assert.rejects(thread.waitReady);
  await assert.rejects(thread.direct.query('select 1'));
  await thread.close();
});

/** A thread on a new folder, started and open (no migrations: the statements below make their own table). */
async function openThread(t: { after: (fn: () => Promise<void>) => void }) {
  const thread = new PgliteThread(join(mkdtempSync(join(tmpdir(), 'pcp-thread-')), 'pgdata'), { startParams: PGlite.defaultStartParams });
  t.after(() => thread.close());
  await thread.waitReady;
  thread.open();
  return thread;
}

test("a transaction's own rollback undoes it and closes it; the connection is free again", { skip: pgliteOnly }, async (t) => {
  const thread = await openThread(t);
  await thread.exec('create table rb (k int)');
  const after = await thread.transaction(async (tx) => {
    await tx.query('insert into rb values ($1)', [1]);
    await tx.rollback();
    assert.equal(tx.closed, true);
    await assert.rejects(tx.query('select 1'), /Transaction is closed/);
    return 'returned';
  });
  assert.equal(after, 'returned');
  assert.deepEqual((await thread.query('select count(*)::int as n from rb')).rows, [{ n: 0 }]);
  // Several statements at once: each waits its turn, in order, and all are answered.
  const answers = await Promise.all([1, 2, 3, 4].map((k) => thread.query('insert into rb values ($1) returning k', [k])));
  assert.deepEqual(
    answers.map((a) => a.rows),
    [[{ k: 1 }], [{ k: 2 }], [{ k: 3 }], [{ k: 4 }]],
  );
});

test('`writes` moves with every statement but the plain reads declared, before and after each', { skip: pgliteOnly }, async (t) => {
  const thread = await openThread(t);
  await thread.exec('create table w (k int)');
  const read = 'select count(*)::int as n from w';
  thread.readsOnly(read);
  const at = thread.writes;
  await thread.query(read);
  assert.equal(thread.writes, at, 'a declared read leaves it');
  // A SELECT can write (a function, nextval): only the statements declared are taken as reads.
  await thread.query('select count(*)::int as n from w where k > $1', [0]);
  assert.equal(thread.writes, at + 2);
  const inserting = thread.query('insert into w values (1)');
  assert.equal(thread.writes, at + 3, 'moved as soon as sent');
  await inserting;
  assert.equal(thread.writes, at + 4, 'and again once answered');
  await assert.rejects(thread.query('insert into w values ($1)', ['not a number']));
  assert.equal(thread.writes, at + 6, 'a failed statement moves it too');
  await thread.transaction(async (tx) => {
    await tx.query(read);
  });
  await thread.exec('select 1');
  assert.equal(thread.writes, at + 10, 'a transaction and an exec move it whatever they hold');
});
