// `pcp backup --out FILE` and `pcp restore --from FILE [--force]`.
//
// PGlite (no DATABASE_URL): the backup is the data folder as a gzipped tar (PGlite's dumpDataDir),
// taken after a checkpoint with no transaction open. With no server on the folder, this process
// opens it (holding its lock) and copies it; while `pcp start` holds it, the server is asked on its
// local socket (`pcp.sock` in the folder, mode 0600: src/platform/db/backup.ts). Either way the file
// is written beside its name, read back into a temporary in-memory PGlite, counted, and only then
// renamed into place. A restore unpacks into a new folder beside the target, opens and counts it
// there, then swaps the folders: the one that was there is kept aside, never deleted.
//
// PostgreSQL (DATABASE_URL): pg_dump --format=custom and pg_restore, PostgreSQL's own tools; the
// dump is checked by reading every table's data back with pg_restore, and a restore goes into an
// empty database in one transaction.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import type { Config } from '../config.js';
import {
  BackupError,
  gzipAsync,
  mb,
  type PgliteBackup,
  readPgliteBackup,
  refuseNewer,
  requestBackup,
  type Summary,
  summarize,
  summaryLines,
  migrationCounts,
} from '../platform/db/backup.js';
import { createDb, DataDirLockedError, EXIT, lockDataDir, PG_APPLICATION_NAME, postgresStartupError, StartupError } from '../platform/db/client.js';
import { BackupUsageError, consoleIo, type Io, parseBackupArgs, parseRestoreArgs } from './backup-args.js';

/** A long step on stderr: what is being done, then how long it took. */
function stepper(io: Io, cmd: string) {
  return async <T>(label: string, fn: () => Promise<T>, detail?: (r: T) => string): Promise<T> => {
    io.err(`pcp ${cmd}: ${label}...`);
    const t0 = Date.now();
    try {
      const r = await fn();
      const d = detail?.(r);
      io.err(` done${d ? `, ${d}` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      return r;
    } catch (e) {
      io.err(' failed\n');
      throw e;
    }
  };
}

/** A file beside `file`, written whole and flushed, then renamed over it by `commit`. */
function besideFile(file: string) {
  const tmp = `${file}.partial-${randomBytes(4).toString('hex')}`;
  return {
    tmp,
    // A backup holds every password hash and token hash of the database: readable by its owner only.
    create: (data: Uint8Array | string = '') => writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' }),
    commit: () => {
      const fd = openSync(tmp, 'r+');
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, file);
      syncFolder(dirname(file));
    },
    discard: () => rmSync(tmp, { force: true }),
  };
}

function syncFolder(dir: string) {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {}
}

const tarFile = (b: PgliteBackup) => new File([b.tar as Uint8Array<ArrayBuffer>], 'pgdata.tar', { type: 'application/x-tar' });

/** Opens a checked backup in a temporary in-memory PGlite and summarizes it. */
async function openInMemory(bytes: Uint8Array, file: string): Promise<Summary> {
  const backup = await readPgliteBackup(bytes, file);
  let database: Awaited<ReturnType<typeof createDb>>;
  try {
    database = await createDb({ loadDataDir: tarFile(backup) });
  } catch (e) {
    throw new BackupError(`The backup ${file} cannot be opened by PGlite (${(e as Error).message}).`, EXIT.backupDamaged);
  }
  try {
    return await summarize((q) => database.exec(q), file);
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------- backup

export async function backupCommand(argv: string[], { config, io = consoleIo }: { config: Config; io?: Io }) {
  const { out } = parseBackupArgs(argv);
  if (config.databaseUrl) return backupPostgres(config, out, io);
  const step = stepper(io, 'backup');
  const dir = resolve(config.dataDir);
  if (!existsSync(join(dir, 'pgdata', 'PG_VERSION')))
    throw new BackupError(`There is no database in ${dir} (no pgdata/PG_VERSION in it): nothing to back up. Is PCP_DATA_DIR right?`);
  let gz: Buffer;
  let how: string;
  let database: Awaited<ReturnType<typeof createDb>> | undefined;
  let holder = 0;
  try {
    database = await createDb({ dataDir: dir, migrate: false });
  } catch (e) {
    if (!(e instanceof DataDirLockedError)) throw e;
    holder = e.pid;
  }
  if (database) {
    const db = database;
    const tar = await step(`copying ${dir} (no server is running on it)`, async () => {
      try {
        return await (db.dumpDataDir as () => Promise<Uint8Array>)();
      } finally {
        await db.close();
      }
    });
    gz = await step(
      'compressing',
      () => gzipAsync(tar),
      (r) => `${mb(tar.length)} to ${mb(r.length)}`,
    );
    how = 'with no server running';
  } else {
    let shown = 0;
    gz = await step(
      `asking the server running on ${dir} (pid ${holder}) for a consistent copy`,
      () =>
        requestBackup(dir, holder, (got, total) => {
          // On a terminal, the bytes as they arrive; in a log, nothing between the step's two halves.
          if (!io.tty || got - shown < 1e6) return;
          shown = got;
          io.err(`\rpcp backup: receiving the copy from the server (pid ${holder})... ${mb(got)}${total ? ` of ${mb(total)}` : ''}`);
        }),
      (r) => mb(r.length),
    );
    how = `while the server (pid ${holder}) was running`;
  }
  const file = besideFile(out);
  file.create(gz);
  let summary: Summary;
  try {
    summary = await step('checking the copy (reading the file back into a temporary database)', () => openInMemory(readFileSync(file.tmp), out));
    file.commit();
  } catch (e) {
    file.discard();
    throw e;
  }
  io.out(`Backup written: ${out} (${mb(gz.length)}; PGlite's data folder as a gzipped tar), taken ${how}.`);
  for (const l of summaryLines(summary)) io.out(l);
  io.out(`Restore it with: pcp restore --from ${out}`);
}

// --------------------------------------------------------------------------------------- restore

/** Files of ours in a data folder that are not data: a folder holding only these is empty. */
const NOT_DATA = ['pcp.lock', 'pcp.lock.takeover', 'pcp.sock'];

export async function restoreCommand(argv: string[], { config, io = consoleIo }: { config: Config; io?: Io }) {
  const { from, force } = parseRestoreArgs(argv);
  if (config.databaseUrl) return restorePostgres(config, from, force, io);
  const step = stepper(io, 'restore');
  const target = resolve(config.dataDir);
  // The folder first: no server on it (its lock, held until the swap), and no data unless --force.
  let unlock: ((movedTo?: string) => void) | null = null;
  let hadData = false;
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new BackupUsageError(`pcp restore: PCP_DATA_DIR (${target}) is a file, not a folder`);
    try {
      unlock = lockDataDir(target);
    } catch (e) {
      if (e instanceof DataDirLockedError)
        throw new BackupError(
          `Refused: a PCP Tracker server (pid ${e.pid}) is running on ${target}. Stop it (Ctrl+C where it runs, or kill -TERM ${e.pid}), then run pcp restore again. Nothing was changed.`,
          EXIT.folderLocked,
        );
      throw e;
    }
    hadData = readdirSync(target).some((n) => !NOT_DATA.includes(n));
    if (hadData && !force) {
      unlock();
      throw new BackupError(
        `Refused: ${target} is not empty. To replace its database with the backup, run again with --force: the folder is then kept as ${basename(target)}.before-restore-TIME beside it, not deleted. Nothing was changed.`,
        EXIT.targetNotEmpty,
      );
    }
  }
  try {
    const backup = await step(
      `reading ${from}`,
      async () => readPgliteBackup(readFileSync(from), from),
      (b) => `${b.files} files, PostgreSQL ${b.pgVersion}`,
    );
    // A new folder beside the target, so that the swap is two renames on one file system.
    const tmp = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(4).toString('hex')}`);
    let summary: Summary;
    try {
      summary = await step(`unpacking it into ${tmp} and opening it there`, async () => {
        let database: Awaited<ReturnType<typeof createDb>>;
        try {
          database = await createDb({ dataDir: tmp, loadDataDir: tarFile(backup), migrate: false });
        } catch (e) {
          if (e instanceof StartupError && e.exitCode === EXIT.folderNotWritable) throw e;
          throw new BackupError(
            `The backup ${from} cannot be opened by PGlite (${(e as Error).message.slice(0, 300)}); it holds a PostgreSQL ${backup.pgVersion} folder. Nothing was changed.`,
            EXIT.backupDamaged,
          );
        }
        try {
          const s = await summarize((q) => database.exec(q), from);
          refuseNewer(s, from);
          return s;
        } finally {
          await database.close();
        }
      });
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    // The swap: the old folder aside (its lock goes with it), the restored one in its place.
    let aside: string | undefined;
    if (unlock) {
      const stamp = new Date()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      aside = hadData ? `${target}.before-restore-${stamp}` : `${tmp}.empty`;
      if (existsSync(aside)) aside = `${aside}-${randomBytes(2).toString('hex')}`;
      renameSync(target, aside);
    }
    try {
      renameSync(tmp, target);
    } catch (e) {
      if (aside) renameSync(aside, target);
      throw new BackupError(`The restored folder could not be moved to ${target} (${(e as Error).message}); it is kept as ${tmp}. ${target} is as it was.`);
    }
    syncFolder(dirname(target));
    if (unlock) {
      unlock(aside);
      unlock = null;
      // The folder held nothing but our lock files: nothing to keep.
      if (!hadData && aside) rmSync(aside, { recursive: true, force: true });
    }
    io.out(`Restored ${target} from ${from}.`);
    if (hadData) io.out(`The folder that was there is kept as ${aside}: delete it once you are sure of the restored data.`);
    for (const l of summaryLines(summary)) io.out(l);
    io.out('Start the server on it with: pcp start');
  } finally {
    unlock?.();
  }
}

// ------------------------------------------------------------------------------------ PostgreSQL

const PG_BY_HAND = `On PostgreSQL, backups are made with PostgreSQL's own pg_dump and pg_restore (Debian: apt-get install postgresql-client, of at least the server's major version; PCP_PG_BIN names their folder if they are not on PATH). By hand:
  pg_dump --format=custom --file=pcp.dump "$DATABASE_URL"
  createdb pcp_restored && pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname=postgres:///pcp_restored pcp.dump`;

/** The URL without its password (which would show in the process list), and the password for PGPASSWORD. */
function connection(url: string) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: Record<string, string> = password ? { PGPASSWORD: password } : {};
  return { dbname: u.toString(), env };
}

/** Runs pg_dump or pg_restore; `line` sees stdout line by line. */
function pgTool(
  config: Config,
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  { env = {}, line }: { env?: Record<string, string>; line?: (l: string) => void } = {},
) {
  return new Promise<{ code: number | null; stderr: string }>((res, rej) => {
    const child = spawn(config.pgBinDir ? join(config.pgBinDir, tool) : tool, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    if (line) createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on('line', line);
    else child.stdout.resume();
    child.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        rej(new BackupError(`${tool} was not found${config.pgBinDir ? ` in ${config.pgBinDir} (PCP_PG_BIN)` : ' on PATH'}. ${PG_BY_HAND}`, EXIT.toolMissing));
      else rej(e);
    });
    child.on('close', (code) => res({ code, stderr }));
  });
}

const unquote = (id: string) => (id.startsWith('"') ? id.slice(1, -1).replaceAll('""', '"') : id);

/**
 * What a custom-format dump holds, read back with pg_restore (its table of contents, then every
 * table's data as COPY text, counted; the data blocks are compressed, so damage fails here).
 */
async function summarizeDump(config: Config, file: string): Promise<Summary> {
  const list = await pgTool(config, 'pg_restore', ['--list', file]);
  if (list.code !== 0)
    throw new BackupError(
      `The backup file ${file} is damaged or is not a pg_dump custom-format file: ${list.stderr.trim()}. Nothing was changed.`,
      EXIT.backupDamaged,
    );
  const rows = new Map<string, number>();
  const migrations: number[] = [];
  let current: { name: string; createdAt: number } | null = null;
  const read = await pgTool(config, 'pg_restore', ['--data-only', '--file=-', file], {
    line: (l) => {
      if (current) {
        if (l === '\\.') current = null;
        else {
          rows.set(current.name, (rows.get(current.name) ?? 0) + 1);
          if (current.createdAt >= 0) migrations.push(Number(l.split('\t')[current.createdAt]));
        }
        return;
      }
      const m = /^COPY ("(?:[^"]|"")+"|[^ .]+)\.("(?:[^"]|"")+"|[^ ]+) \((.*)\) FROM stdin;$/.exec(l);
      if (!m) return;
      const name = `${unquote(m[1])}.${unquote(m[2])}`;
      const columns = m[3].split(', ').map(unquote);
      rows.set(name, 0);
      current = { name, createdAt: name === 'drizzle.__drizzle_migrations' ? columns.indexOf('created_at') : -1 };
    },
  });
  if (read.code !== 0)
    throw new BackupError(
      `The backup file ${file} is damaged: pg_restore cannot read its data (${read.stderr.trim()}). Nothing was changed.`,
      EXIT.backupDamaged,
    );
  if (!rows.has('drizzle.__drizzle_migrations'))
    throw new BackupError(
      `The backup file ${file} is not of a PCP Tracker database (it has no drizzle.__drizzle_migrations). Nothing was changed.`,
      EXIT.backupDamaged,
    );
  const applied = new Set(migrations);
  return {
    migrations: migrationCounts(applied),
    tables: [...rows]
      .filter(([n]) => n.startsWith('public.'))
      .map(([n, r]) => ({ name: n.slice('public.'.length), rows: r }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

async function backupPostgres(config: Config, out: string, io: Io) {
  const step = stepper(io, 'backup');
  const c = connection(config.databaseUrl as string);
  const file = besideFile(out);
  file.create();
  let summary: Summary;
  try {
    const dumped = await step('dumping the database with pg_dump (one consistent snapshot; the app keeps running)', () =>
      pgTool(config, 'pg_dump', ['--format=custom', `--file=${file.tmp}`, `--dbname=${c.dbname}`], { env: c.env }),
    );
    if (dumped.code !== 0) throw new BackupError(`pg_dump failed: ${dumped.stderr.trim()}`);
    summary = await step("checking the dump (pg_restore reads every table's data back)", () => summarizeDump(config, file.tmp));
    file.commit();
  } catch (e) {
    file.discard();
    throw e;
  }
  io.out(`Backup written: ${out} (${mb(statSync(out).size)}; pg_dump custom format).`);
  for (const l of summaryLines(summary)) io.out(l);
  io.out(`Restore it into a new, empty database with: createdb NAME, then DATABASE_URL=<that database> pcp restore --from ${out}`);
}

async function restorePostgres(config: Config, from: string, force: boolean, io: Io) {
  const url = config.databaseUrl as string;
  if (force)
    throw new BackupUsageError(
      'pcp restore: --force is for a PGlite folder. On PostgreSQL, pcp restore fills an empty database only: create one (createdb NAME), point DATABASE_URL at it and run pcp restore again; the old database stays as it is.',
    );
  const head = readFileSync(from).subarray(0, 5);
  if (head.toString('latin1') !== 'PGDMP') {
    const why =
      head[0] === 0x1f && head[1] === 0x8b
        ? 'it is a PGlite backup: restore it with DATABASE_URL unset, into PCP_DATA_DIR'
        : 'it is not a pg_dump custom-format file';
    throw new BackupError(`The backup file ${from} cannot be restored into PostgreSQL: ${why}. Nothing was changed.`, EXIT.backupDamaged);
  }
  const step = stepper(io, 'restore');
  const inDump = await step(`reading ${from} (pg_restore reads every table's data)`, () => summarizeDump(config, from));
  refuseNewer(inDump, from);
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const client = new pg.Client({ connectionString: url, application_name: 'pcp-restore' });
  try {
    await client.connect();
  } catch (e) {
    throw postgresStartupError(e, url);
  }
  try {
    const app = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and application_name = $1', [
      PG_APPLICATION_NAME,
    ]);
    if (app.rows.length)
      throw new BackupError(
        `Refused: PCP Tracker is connected to the database "${name}" (server pid(s) ${app.rows.map((r) => r.pid).join(', ')} on the PostgreSQL side). Stop it, then run pcp restore again. Nothing was changed.`,
        EXIT.folderLocked,
      );
    const tables = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
       where c.relkind in ('r', 'p') and s.nspname not in ('pg_catalog', 'information_schema') and s.nspname not like 'pg_toast%'`,
    );
    if (tables.rows[0].n > 0)
      throw new BackupError(
        `Refused: the database "${name}" is not empty (${tables.rows[0].n} tables). pcp restore fills an empty database only: create one (createdb pcp_restored), point DATABASE_URL at it and run pcp restore again; "${name}" stays as it is. Nothing was changed.`,
        EXIT.targetNotEmpty,
      );
  } finally {
    await client.end();
  }
  const c = connection(url);
  const restored = await step(`restoring into "${name}" with pg_restore (one transaction: all or nothing)`, () =>
    pgTool(config, 'pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${c.dbname}`, from], { env: c.env }),
  );
  if (restored.code !== 0) throw new BackupError(`pg_restore failed, and restored nothing (it ran as one transaction): ${restored.stderr.trim()}`);
  const summary = await step(`opening "${name}" and counting its rows`, async () => {
    const database = await createDb({ databaseUrl: url, migrate: false, tuning: config.db });
    try {
      return await summarize((q) => database.exec(q), from);
    } finally {
      await database.close();
    }
  });
  io.out(`Restored the database "${name}" from ${from}.`);
  for (const l of summaryLines(summary)) io.out(l);
  io.out('Start the server on it with: pcp start');
}
