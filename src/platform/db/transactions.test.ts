// The guard against a query that leaves its transaction: on PostgreSQL such a query needs a second
// pool connection while the first holds locks; on PGlite it waits for itself. Both databases refuse it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { freshDb } from '../../../test/helpers.js';
import { QueryOutsideTransactionError } from './client.js';

/** Drizzle wraps what the driver throws in its own error, with the original as the cause. */
const refused = (e: unknown) => e instanceof QueryOutsideTransactionError || (e as { cause?: unknown })?.cause instanceof QueryOutsideTransactionError;

test('a query through the pool from inside a transaction is refused, and the transaction rolls back', async (t) => {
  const { db, exec } = await freshDb(t);
  await exec('create table guard_probe (n int)');
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.execute(sql`insert into guard_probe values (1)`);
      await db.execute(sql`select 1`);
    }),
    refused,
  );
  assert.deepEqual((await exec('select count(*)::int as n from guard_probe')).rows, [{ n: 0 }]);
});

test('a second root transaction inside a transaction is refused; nested savepoints and queries after it are fine', async (t) => {
  const { db } = await freshDb(t);
  await assert.rejects(
    db.transaction(async () => db.transaction(async () => 1)),
    refused,
  );
  const n = await db.transaction(async (tx) =>
    tx.transaction(async (inner) => ((await inner.execute(sql`select 2 as n`)) as unknown as { rows: unknown[] }).rows.length),
  );
  assert.equal(n, 1);
  // After the transaction the pool is used as before.
  assert.equal(((await db.execute(sql`select 3 as n`)) as unknown as { rows: unknown[] }).rows.length, 1);
});
