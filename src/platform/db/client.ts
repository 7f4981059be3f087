import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
// PGlite and node-postgres share this base type, so repositories are written once.
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Raw SQL with positional parameters; for benchmarks and admin tasks. */
  exec(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
};

export class DataDirLockedError extends Error {
  code = 'db.locked';
}

/** PGlite has no lock of its own and a second process would corrupt its folder: take one. */
function lockDataDir(dir: string): () => void {
  const lockPath = join(dir, 'pcp.lock');
  const take = () => {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  };
  try {
    take();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number(readFileSync(lockPath, 'utf8'));
    let alive = false;
    try {
      if (pid > 0) {
        process.kill(pid, 0);
        alive = true;
      }
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (alive && pid !== process.pid) {
      throw new DataDirLockedError(
        `The data folder ${dir} is in use by another PCP Tracker process (pid ${pid}). ` +
          'Stop that process first, or set PCP_DATA_DIR to another folder.',
      );
    }
    // The process that held the lock is gone (killed): take it over.
    rmSync(lockPath, { force: true });
    take();
  }
  return () => rmSync(lockPath, { force: true });
}

/**
 * A query sent outside the transaction that is running in the same async flow: on PostgreSQL it
 * needs a second pool connection while the first holds row locks (enough concurrent requests take
 * every connection and the server hangs for good); on PGlite, one connection, it waits for the
 * transaction that waits for it. Always a bug: refuse it at once rather than hang.
 */
export class QueryOutsideTransactionError extends Error {
  code = 'db.query_outside_transaction';
  constructor() {
    super('A query was sent through the connection pool from inside a transaction; use the transaction (tx) instead.');
  }
}

const inTransaction = new AsyncLocalStorage<true>();

/** Runs every root transaction of `db` in a scope that the pool-level query functions check. */
function guardTransactions(db: Db) {
  const begin = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Db['transaction']>[0], config?: Parameters<Db['transaction']>[1]) => {
    // A second root transaction inside the first needs a second connection too (tx.transaction nests).
    if (inTransaction.getStore()) throw new QueryOutsideTransactionError();
    return inTransaction.run(true, () => begin(fn, config));
  }) as Db['transaction'];
}
function refuseInsideTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    if (inTransaction.getStore()) throw new QueryOutsideTransactionError();
    return fn(...args);
  };
}

/** The PostgreSQL extensions the migrations create (PGlite loads them from its contrib bundle). */
const extensions = { btree_gist };

export type CreateDbOptions = {
  databaseUrl?: string;
  dataDir?: string;
  /** A dump made by dumpMigratedTemplate(): restores a migrated database in ~0.3 s. */
  loadDataDir?: Blob | File;
  migrate?: boolean;
};

export async function createDb(opts: CreateDbOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection the server ends (restart, failover, a dropped database) must not crash the
    // process: the pool discards it and opens a new one on the next query.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL connection lost: ${err.message}`);
    });
    // Queries on the pool itself (not on a checked-out transaction client) are refused inside a transaction.
    pool.query = refuseInsideTransaction(pool.query.bind(pool)) as typeof pool.query;
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    guardTransactions(db);
    if (opts.migrate !== false) await migratePg(db as never, { migrationsFolder });
    return {
      db,
      kind: 'postgres',
      exec: async (sql, params) => {
        const r = await pool.query(sql, params as unknown[]);
        return { rows: r.rows };
      },
      close: () => pool.end(),
    };
  }
  const dir = opts.dataDir ?? ':memory:';
  let unlock = () => {};
  let client: PGlite;
  if (dir === ':memory:') {
    client = new PGlite({ loadDataDir: opts.loadDataDir, extensions });
  } else {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(dir);
    try {
      client = new PGlite(join(dir, 'pgdata'), { extensions });
    } catch (e) {
      unlock();
      throw e;
    }
  }
  await client.waitReady;
  // PGlite's transaction runs its statements through private methods, so these wrappers see only
  // queries sent to the database itself.
  client.query = refuseInsideTransaction(client.query.bind(client)) as typeof client.query;
  client.exec = refuseInsideTransaction(client.exec.bind(client)) as typeof client.exec;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  guardTransactions(db);
  if (opts.migrate !== false && !opts.loadDataDir) await migratePglite(db as never, { migrationsFolder });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    exec: async (sql, params) => {
      const r = await client.query(sql, params as unknown[]);
      return { rows: r.rows as Record<string, unknown>[] };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      unlock();
    },
  };
}

/** A migrated in-memory database's data folder, to start test databases from. */
export async function dumpMigratedTemplate(): Promise<Blob | File> {
  const client = new PGlite({ extensions });
  await client.waitReady;
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
  const dump = await client.dumpDataDir('none');
  await client.close();
  return dump;
}
