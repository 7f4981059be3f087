import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PgliteThread } from './pglite-thread.js';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type DbTuning, defaultDbTuning } from '../../config.js';
import { projectRoot } from '../paths.js';

/**
 * No schema: repositories build their queries from the tables they import, so this layer knows no
 * area's tables (src/schema.ts lists them all, for drizzle-kit's migrations).
 */
export type Schema = Record<string, never>;
// PGlite and node-postgres share this base type, so repositories are written once.
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export const migrationsFolder = join(projectRoot, 'migrations');

/**
 * After the migrations: every table with an office_id (an area's, whenever it was added) gets the
 * trigger that moves its office's change counter at commit (migrations/0032_change_counter_sql.sql).
 * Idempotent and cheap when they are all there; a migration adding a table needs nothing more.
 */
export async function installChangeCounters(db: Pick<Db, 'execute'>) {
  await db.execute(sql`select pcp_install_change_counters()`);
}

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL: the database's address (the job queue opens its own connections to it). */
  url?: string;
  /** Raw SQL with positional parameters; for benchmarks and admin tasks. */
  exec(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * PGlite only: its data folder as a tar (uncompressed), consistent: taken after a checkpoint,
   * with no transaction of the app open and none able to start until it is done.
   */
  dumpDataDir?: () => Promise<Uint8Array>;
  close(): Promise<void>;
};

/**
 * A database that cannot be opened at start-up, with what to do about it and an exit code of its
 * own (README, "Start-up errors"), so an operator or a supervisor can tell the causes apart.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
export const EXIT = {
  postgresUnreachable: 10,
  databaseMissing: 11,
  folderNotWritable: 12,
  folderDamaged: 13,
  folderLocked: 14,
  postgresRefused: 15,
  /** pcp restore: the backup file is damaged, cut short, or not a PCP Tracker backup. */
  backupDamaged: 16,
  /** pcp restore: the folder or database to restore into holds data (and no --force). */
  targetNotEmpty: 17,
  /** pcp backup/restore on PostgreSQL: pg_dump or pg_restore is not installed. */
  toolMissing: 18,
} as const;

export class DataDirLockedError extends StartupError {
  code = 'db.locked';
  constructor(
    message: string,
    /** The process holding the folder. */
    public readonly pid: number,
  ) {
    super(message, EXIT.folderLocked);
  }
}

const causes = (err: unknown) => {
  const out: (Error & { code?: string })[] = [];
  for (let e = err as (Error & { code?: string; cause?: unknown }) | undefined; e && typeof e === 'object' && out.length < 6; e = e.cause as typeof e)
    out.push(e);
  return out;
};

/** Names the cause of a failed PostgreSQL start (Drizzle's "Failed query" hides it in `cause`). */
export function postgresStartupError(err: unknown, databaseUrl: string): unknown {
  const u = new URL(databaseUrl);
  const where = `${u.hostname}:${u.port || 5432}`;
  const name = decodeURIComponent(u.pathname.slice(1)) || u.username;
  for (const e of causes(err)) {
    if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN'].includes(e.code ?? '') || /connection timeout/.test(e.message))
      return new StartupError(
        `No PostgreSQL server is answering at ${where} (${e.message}). Start it, or correct the host and port in DATABASE_URL.`,
        EXIT.postgresUnreachable,
        { cause: err },
      );
    if (e.code === '3D000')
      return new StartupError(
        `The database "${name}" does not exist on the PostgreSQL server at ${where}. Create it (createdb -h ${u.hostname} -p ${u.port || 5432} ${name}), then start again.`,
        EXIT.databaseMissing,
        { cause: err },
      );
    if (e.code === '28P01' || e.code === '28000')
      return new StartupError(
        `The PostgreSQL server at ${where} refused the user "${u.username}" (${e.message}). Check the user and password in DATABASE_URL.`,
        EXIT.postgresRefused,
        { cause: err },
      );
  }
  return err;
}

/** Names the cause of a failed PGlite start: a folder we may not write, or one PGlite cannot read. */
function pgliteStartupError(err: unknown, dir: string): unknown {
  if (err instanceof StartupError) return err;
  for (const e of causes(err)) {
    if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(e.code ?? ''))
      return new StartupError(
        `The data folder ${dir} cannot be written (${e.message}). Give this user write access to it, or set PCP_DATA_DIR to a folder it can write.`,
        EXIT.folderNotWritable,
        { cause: err },
      );
  }
  const m = causes(err)
    .map((e) => `${e.name}: ${e.message}`)
    .join(' / ');
  if (/Aborted\(|RuntimeError|failed to initiali[sz]e|unreachable|out of bounds/i.test(m))
    return new StartupError(
      `The database in ${join(dir, 'pgdata')} is damaged and cannot be opened (${m}). Stop, move that folder aside, and restore the last backup into ${dir} (see README, "Durability and backups").`,
      EXIT.folderDamaged,
      { cause: err },
    );
  return err;
}

type LockRecord = { pid: number; token: string };

/** Our own locks, by token: a lock naming our pid but another token is a dead process's (pid reuse). */
const heldTokens = new Set<string>();

function readLock(path: string): LockRecord | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const r = JSON.parse(text);
    if (typeof r?.pid === 'number') return { pid: r.pid, token: String(r.token ?? '') };
  } catch {}
  // Older locks held the pid alone; a half-written one holds nothing and reads as pid 0 (stale).
  return { pid: Number(text.trim()) || 0, token: '' };
}

/**
 * Is the lock's recorded process a PCP Tracker that holds it now? A holder keeps the lock file
 * open for its whole life, so on Linux we look for that very file (same inode) among the process's
 * open files: a live process that merely reuses the pid does not have it open.
 */
function holdsLock(rec: LockRecord, lockPath: string): boolean {
  if (rec.pid <= 0) return false;
  if (rec.pid === process.pid) return heldTokens.has(rec.token);
  try {
    process.kill(rec.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fdDir = `/proc/${rec.pid}/fd`;
  if (!existsSync('/proc/self/fd')) return true; // no /proc: a live pid is all we can tell
  let lock: { dev: number; ino: number };
  try {
    lock = statSync(lockPath);
  } catch {
    return false;
  }
  let fds: string[];
  try {
    fds = readdirSync(fdDir);
  } catch (e) {
    // Another user's process: we cannot look, so we must not take its lock.
    return (e as NodeJS.ErrnoException).code === 'EACCES' || (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  for (const fd of fds) {
    try {
      const s = statSync(join(fdDir, fd));
      if (s.dev === lock.dev && s.ino === lock.ino) return true;
    } catch {}
  }
  return false;
}

/**
 * PGlite has no lock of its own and a second process would corrupt its folder: take one. The lock
 * file is created with O_EXCL and kept open. A stale one (its process gone, or not a PCP Tracker)
 * is replaced only by whoever holds a second O_EXCL file, the takeover guard, after reading it
 * again: two processes starting together can never both win. The returned function releases it;
 * `movedTo` names the folder's new path when the locked folder was renamed (pcp restore).
 */
export function lockDataDir(dir: string): (movedTo?: string) => void {
  const lockPath = join(dir, 'pcp.lock');
  const guardPath = join(dir, 'pcp.lock.takeover');
  const token = randomBytes(16).toString('hex');
  const create = (): number | null => {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, token, startedAt: new Date().toISOString() }));
      fsyncSync(fd);
      return fd;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
      throw err;
    }
  };
  const locked = (pid: number) =>
    new DataDirLockedError(
      `The data folder ${dir} is in use by another PCP Tracker process (pid ${pid}). Stop that process first, or set PCP_DATA_DIR to another folder.`,
      pid,
    );
  const deadline = Date.now() + 5000;
  let fd: number | null = null;
  while (fd === null) {
    fd = create();
    if (fd !== null) break;
    const rec = readLock(lockPath);
    if (rec && holdsLock(rec, lockPath)) throw locked(rec.pid);
    // Stale (or gone): replace it under the guard.
    let guard: number;
    try {
      guard = openSync(guardPath, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Someone else is taking over; a guard left by a process killed mid-takeover is old.
      try {
        if (Date.now() - statSync(guardPath).mtimeMs > 10_000) rmSync(guardPath, { force: true });
      } catch {}
      if (Date.now() > deadline) throw locked(rec?.pid ?? 0);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      continue;
    }
    try {
      const again = readLock(lockPath);
      if (again && again.pid === rec?.pid && again.token === rec.token && !holdsLock(again, lockPath)) rmSync(lockPath, { force: true });
      fd = create();
    } finally {
      closeSync(guard);
      rmSync(guardPath, { force: true });
    }
  }
  heldTokens.add(token);
  const held = fd;
  return (movedTo?: string) => {
    heldTokens.delete(token);
    // Remove only our own lock: never one a later process took over.
    const path = movedTo ? join(movedTo, 'pcp.lock') : lockPath;
    if (readLock(path)?.token === token) rmSync(path, { force: true });
    closeSync(held);
  };
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

/**
 * A scope whose every query of one database runs in one transaction (`withinTransaction`): the
 * API's Idempotency-Key call runs its whole handler in the transaction that then stores its answer
 * (src/api/idempotency.ts), so no service needs to know about it. In the scope, `db.select()`,
 * `db.insert()`, ... go through the transaction, and `db.transaction()` is a savepoint in it; a
 * query sent to the pool itself is refused (QueryOutsideTransactionError), never a second
 * connection (PostgreSQL) or a wait on itself (PGlite).
 */
const scopedTransaction = new AsyncLocalStorage<{ db: Db; tx: Tx }>();

/** Runs `fn` with every query of `db` (as createDb returned it) sent through `tx`. */
export function withinTransaction<T>(db: Db, tx: Tx, fn: () => T): T {
  return scopedTransaction.run({ db, tx }, () => inTransaction.run(true, fn));
}

/** The database as the app uses it: inside a withinTransaction scope of this database, its transaction. */
function scoped(db: Db): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const s = scopedTransaction.getStore();
      const from = s && s.db === receiver ? s.tx : target;
      const v = Reflect.get(from, prop, from);
      return typeof v === 'function' ? v.bind(from) : v;
    },
  });
}

/**
 * Databases whose every statement passes through this process: a PGlite folder, on its thread (the
 * folder is locked to one process). A read made there stays true until its `writes` moves.
 */
const soleWriter = new WeakMap<object, PgliteThread>();

/** Past this many different arguments, the kept reads are all dropped (the next requests refill them). */
const KEPT_READS_MAX = 10_000;

/**
 * A hot query (the session lookup on every request, say) built and prepared once per database
 * instead of on every call: Drizzle builds no SQL, and on PostgreSQL the statement is named, so each
 * connection parses and plans it once. Inside a withinTransaction scope of that database it runs on
 * the transaction, like every other query (never cached there: a transaction is short-lived).
 *
 * `keptUntilWrite` (a plain SELECT only): where this process is the database's only writer (a PGlite
 * folder), its answer for the same arguments is kept and given again until any statement that may
 * write is sent (pglite-thread.ts `writes`); callers arriving meanwhile share one query. On
 * PostgreSQL other instances write too, so it always runs there. Callers must not change the rows.
 */
export function prepared<A extends Record<string, unknown>, R>(
  name: string,
  build: (db: DbOrTx) => { prepare(name: string): { execute(args: A): Promise<R> }; toSQL?(): { sql: string } },
  options: { keptUntilWrite?: boolean } = {},
): (db: DbOrTx, args: A) => Promise<R> {
  const kept = new WeakMap<object, { execute(args: A): Promise<R> }>();
  /** Per sole-writer database: its answers by arguments, all made while `writes` had one value (dropped once it moves). */
  const reads = new WeakMap<object, { thread: PgliteThread; writes: number; answers: Map<string, Promise<R>> }>();
  return (db, args) => {
    const s = scopedTransaction.getStore();
    if (s && s.db === db) return build(s.tx).prepare(name).execute(args);
    let q = kept.get(db);
    if (!q) {
      const builder = build(db);
      q = builder.prepare(name);
      kept.set(db, q);
      const thread = options.keptUntilWrite ? soleWriter.get(db) : undefined;
      if (thread) {
        const text = builder.toSQL?.().sql;
        if (!text || !/^select\s/i.test(text)) throw new Error(`prepared ${name}: only a plain SELECT can be kept until a write`);
        thread.readsOnly(text);
        reads.set(db, { thread, writes: thread.writes, answers: new Map() });
      }
    }
    const r = reads.get(db);
    if (!r) return q.execute(args);
    if (r.writes !== r.thread.writes || r.answers.size >= KEPT_READS_MAX) {
      r.writes = r.thread.writes;
      r.answers.clear();
    }
    const key = JSON.stringify(args);
    const known = r.answers.get(key);
    if (known) return known;
    const answer = q.execute(args);
    const { answers } = r;
    answers.set(key, answer);
    answer.catch(() => {
      if (answers.get(key) === answer) answers.delete(key);
    });
    return answer;
  };
}

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

/**
 * PGlite and its Drizzle driver, loaded when a PGlite database is opened: a server on PostgreSQL
 * never loads the WASM build. `extensions` are the PostgreSQL extensions the migrations create
 * (PGlite loads them from its contrib bundle).
 */
async function loadPglite() {
  const [{ PGlite }, { btree_gist }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  return { PGlite, extensions: { btree_gist }, drizzlePglite: drizzle, migratePglite: migrate };
}

/** `application_name` of the app's PostgreSQL connections. */
export const PG_APPLICATION_NAME = 'pcp-tracker';

export type CreateDbOptions = {
  databaseUrl?: string;
  dataDir?: string;
  /**
   * A dump made by dumpMigratedTemplate() or dumpDataDir(): restores a migrated database in ~0.3 s
   * in memory; with `dataDir`, into that folder, which must hold no database yet (pcp restore).
   */
  loadDataDir?: Blob | File;
  migrate?: boolean;
  /** PostgreSQL time-outs and pool size (see config.ts). */
  tuning?: DbTuning;
  /**
   * Called once the database's own work is under way (PostgreSQL: the first connection asked for;
   * PGlite: its WASM being read and compiled), for a caller with work of its own to overlap.
   */
  onOpening?: () => void;
  /**
   * A PGlite folder only (its thread): the database's Drizzle client as soon as it exists, before
   * PGlite has started and the migrations have run; its statements wait until then. The server
   * builds its routes on it meanwhile (issue 19: cold start).
   */
  onClient?: (db: Db) => void;
};

export async function createDb(opts: CreateDbOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const t = opts.tuning ?? defaultDbTuning;
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: t.poolMax,
      // pg uses this for both opening a connection and waiting for a free one from a full pool.
      connectionTimeoutMillis: t.connectTimeoutMs,
      // Sent as start-up parameters, so every connection of the pool has them from its first query.
      statement_timeout: t.statementTimeoutMs,
      idle_in_transaction_session_timeout: t.idleInTransactionTimeoutMs,
      // Names the app's connections in pg_stat_activity (pcp restore refuses a database they use).
      application_name: PG_APPLICATION_NAME,
    });
    // An idle connection the server ends (restart, failover, a dropped database) must not crash the
    // process: the pool discards it and opens a new one on the next query.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL connection lost: ${err.message}`);
    });
    // A checked-out connection has no pool listener: one the server ends between two queries of a
    // transaction (idle-in-transaction time-out) would emit 'error' unheard and kill the process.
    // The transaction's next query fails instead, and the request answers 503.
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    // Queries on the pool itself (not on a checked-out transaction client) are refused inside a transaction.
    pool.query = refuseInsideTransaction(pool.query.bind(pool)) as typeof pool.query;
    const raw = drizzlePg(pool) as unknown as Db;
    guardTransactions(raw);
    const db = scoped(raw);
    if (opts.migrate !== false) {
      try {
        const migrating = migratePg(db as never, { migrationsFolder });
        opts.onOpening?.();
        await migrating;
        await installChangeCounters(db);
      } catch (e) {
        await pool.end().catch(() => {});
        throw postgresStartupError(e, opts.databaseUrl);
      }
    }
    return {
      db,
      kind: 'postgres',
      url: opts.databaseUrl,
      exec: async (sql, params) => {
        const r = await pool.query(sql, params as unknown[]);
        return { rows: r.rows };
      },
      close: () => pool.end(),
    };
  }
  const dir = opts.dataDir ?? ':memory:';
  const { PGlite, extensions, drizzlePglite, migratePglite } = await loadPglite();
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${(opts.tuning ?? defaultDbTuning).pgliteSharedBuffersMb}MB`];
  let unlock = () => {};
  let client: PGlite;
  if (dir === ':memory:') {
    client = new PGlite({ loadDataDir: opts.loadDataDir, extensions, startParams });
  } else {
    try {
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
      unlock = lockDataDir(dir);
    } catch (e) {
      throw pgliteStartupError(e, dir);
    }
    try {
      // On a thread of its own (pglite-thread.ts): its start and its queries leave the main thread
      // to the app. In memory (tests, templates) it stays on the caller's thread.
      const loadDataDir = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
      client = new PgliteThread(join(dir, 'pgdata'), { startParams, loadDataDir }) as unknown as PGlite;
    } catch (e) {
      unlock();
      throw pgliteStartupError(e, dir);
    }
  }
  opts.onOpening?.();
  const thread = client instanceof PgliteThread ? client : null;
  // PGlite's transaction runs its statements through private methods, so these wrappers see only
  // queries sent to the database itself.
  client.query = refuseInsideTransaction(client.query.bind(client)) as typeof client.query;
  client.exec = refuseInsideTransaction(client.exec.bind(client)) as typeof client.exec;
  const raw = drizzlePglite(client) as unknown as Db;
  guardTransactions(raw);
  const db = scoped(raw);
  if (thread) soleWriter.set(db, thread);
  // On its thread, PGlite takes the app's statements once open() (below): the caller may build on it meanwhile.
  if (thread) opts.onClient?.(db);
  try {
    await client.waitReady;
    if (opts.migrate !== false && !opts.loadDataDir) {
      const migrating = thread ? (drizzlePglite(thread.direct as unknown as PGlite) as unknown as Db) : db;
      await migratePglite(migrating as never, { migrationsFolder });
      await installChangeCounters(migrating);
    }
    thread?.open();
  } catch (e) {
    const error = dir === ':memory:' ? e : pgliteStartupError(e, dir);
    thread?.notOpened(error);
    await client.close().catch(() => {});
    unlock();
    throw error;
  }
  let closed = false;
  return {
    db,
    kind: 'pglite',
    exec: async (sql, params) => {
      const r = await client.query(sql, params as unknown[]);
      return { rows: r.rows as Record<string, unknown>[] };
    },
    // PGlite's transaction() holds its transaction mutex throughout, so no query or transaction of
    // the app runs between the checkpoint and the copy, nor during it; dumpDataDir takes only the
    // query mutex, which is free between the statements of a transaction. The checkpoint writes
    // every change to the data files (fsync is off, but the files are what is read), so the copy
    // needs no WAL replay; if it did, what it holds is still a crash-consistent image.
    dumpDataDir: async () =>
      client instanceof PgliteThread
        ? new Uint8Array(await (await client.dumpDataDir()).arrayBuffer())
        : client.transaction(async (tx) => {
            await tx.exec('CHECKPOINT');
            return new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer());
          }),
    close: async () => {
      if (closed) return;
      closed = true;
      // A checkpoint first: the next start replays no WAL (PGlite runs with fsync off).
      await client.exec('CHECKPOINT').catch(() => {});
      await client.close();
      unlock();
    },
  };
}

/** A migrated in-memory database's data folder, to start test databases from. */
export async function dumpMigratedTemplate(): Promise<Blob | File> {
  const { PGlite, extensions, drizzlePglite, migratePglite } = await loadPglite();
  const client = new PGlite({ extensions });
  await client.waitReady;
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  await installChangeCounters(drizzlePglite(client) as unknown as Db);
  const dump = await client.dumpDataDir('none');
  await client.close();
  return dump;
}

/** Whether an error (or one of its causes, as Drizzle wraps the driver's) is PostgreSQL's unique violation (23505). */
export function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) if (x.code === '23505') return true;
  return false;
}
