// What `pcp backup` and `pcp restore` stand on: the backup file of a PGlite database (its data
// folder as a gzipped tar, what PGlite's dumpDataDir and loadDataDir read and write), the check of
// a file before anything is restored from it, the summary of a database (migrations, rows), and the
// local socket through which a running server hands out a consistent copy of the folder it holds.
import { rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { EXIT } from './client.js';
import { expectedMigrations } from './health.js';

const gzipLevel = promisify(gzip);
/** Level 1: a data folder is mostly empty pages; 6 would take 2.5 times as long for a file 12% smaller. */
export const gzipAsync = (data: Uint8Array) => gzipLevel(data, { level: 1 });
const gunzipAsync = promisify(gunzip);

/** A backup or restore that cannot go on: the message says why and what to do; its own exit code. */
export class BackupError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

const damaged = (file: string, why: string) =>
  new BackupError(`The backup file ${file} is damaged or is not a PCP Tracker backup: ${why}. Nothing was changed.`, EXIT.backupDamaged);

/**
 * The tar's entries, checked: every header's checksum, every entry inside the file, the end of the
 * archive present, no name that climbs out of the folder, and a PostgreSQL data folder in it.
 * No tar library is among the dependencies (PGlite bundles tinytar but does not export it), and
 * this reads headers only: unpacking is PGlite's own loadDataDir.
 */
function checkTar(tar: Uint8Array, file: string): { files: number; pgVersion: string } {
  const text = (a: number, b: number, at: number) =>
    Buffer.from(tar.subarray(at + a, at + b))
      .toString('latin1')
      .replace(/\0[\s\S]*$/, '');
  let at = 0;
  let files = 0;
  let pgVersion = '';
  let control = false;
  for (;;) {
    if (at + 512 > tar.length) throw damaged(file, 'it ends in the middle of the archive (cut short?)');
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
    if (Number.parseInt(text(148, 156, at).trim(), 8) !== sum) throw damaged(file, `an entry's header is corrupt (at byte ${at})`);
    const size = Number.parseInt(text(124, 136, at).trim() || '0', 8);
    const prefix = text(345, 500, at);
    const name = prefix ? `${prefix}/${text(0, 100, at)}` : text(0, 100, at);
    if (name.split('/').includes('..')) throw damaged(file, `it names a file outside its folder (${name})`);
    const type = String.fromCharCode(header[156]);
    const dataAt = at + 512;
    at = dataAt + Math.ceil(size / 512) * 512;
    if (!Number.isFinite(size) || at > tar.length) throw damaged(file, 'it ends in the middle of a file (cut short?)');
    if (type === '0' || type === '\0') {
      files++;
      const path = name.replace(/^\.?\//, '');
      if (path === 'PG_VERSION')
        pgVersion = Buffer.from(tar.subarray(dataAt, dataAt + size))
          .toString('latin1')
          .trim();
      if (path === 'global/pg_control') control = true;
    }
  }
  if (!pgVersion || !control) throw damaged(file, 'it holds no PostgreSQL data folder (no PG_VERSION or global/pg_control)');
  return { files, pgVersion };
}

export type PgliteBackup = { tar: Uint8Array; files: number; pgVersion: string };

/** Reads a PGlite backup file's bytes: gunzipped (its CRC catches a damaged or cut file) and checked. */
export async function readPgliteBackup(bytes: Uint8Array, file: string): Promise<PgliteBackup> {
  if (bytes.length === 0) throw damaged(file, 'it is empty');
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === 'PGDMP')
    throw damaged(file, 'it is a PostgreSQL dump (pg_dump --format=custom): restore it with DATABASE_URL set to an empty PostgreSQL database');
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw damaged(file, 'it is not a gzip file (a PGlite backup made by pcp backup is a .tar.gz)');
  let tar: Uint8Array;
  try {
    tar = await gunzipAsync(bytes);
  } catch (e) {
    throw damaged(file, `it cannot be decompressed (${(e as Error).message}; cut short, or changed since it was written?)`);
  }
  return { tar, ...checkTar(tar, file) };
}

export type Summary = {
  migrations: { expected: number; applied: number; missing: string[]; unknown: number };
  tables: { name: string; rows: number }[];
};

/** What a database holds: which of this code's migrations it has, and the rows of each table. */
/** The migrations a database has against those this code expects: how many applied, which missing, how many newer than the code. */
export function migrationCounts(applied: Set<number>): Summary['migrations'] {
  const expected = expectedMigrations();
  const known = new Set(expected.map((m) => m.when));
  return {
    expected: expected.length,
    applied: expected.filter((m) => applied.has(m.when)).length,
    missing: expected.filter((m) => !applied.has(m.when)).map((m) => m.tag),
    unknown: [...applied].filter((w) => !known.has(w)).length,
  };
}

export async function summarize(exec: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>, file: string): Promise<Summary> {
  const has = await exec(`select to_regclass('drizzle.__drizzle_migrations') is not null as has`);
  if (!has.rows[0]?.has) throw damaged(file, 'the database in it has no migrations table (drizzle.__drizzle_migrations): it is not a PCP Tracker database');
  const applied = new Set((await exec('select created_at::text as at from drizzle.__drizzle_migrations')).rows.map((r) => Number(r.at)));
  const tables: Summary['tables'] = [];
  const names = await exec(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  for (const { name } of names.rows) {
    const r = await exec(`select count(*)::int as n from public."${String(name).replaceAll('"', '""')}"`);
    tables.push({ name: String(name), rows: Number(r.rows[0].n) });
  }
  return {
    migrations: migrationCounts(applied),
    tables,
  };
}

/** The tables a summary names first; the others are counted in its total. */
const MAIN = ['offices', 'users', 'api_tokens', 'plans', 'strands', 'projects', 'project_history', 'decisions', 'targets', 'opcc_actions', 'audit_log'];

/** The summary as the lines pcp prints. */
export function summaryLines(s: Summary): string[] {
  const m = s.migrations;
  const migrations =
    m.applied === m.expected && !m.unknown
      ? `all ${m.expected} migrations applied`
      : `${m.applied} of ${m.expected} migrations applied${m.missing.length ? ` (the next start applies ${m.missing.join(', ')})` : ''}${m.unknown ? `; ${m.unknown} unknown to this version` : ''}`;
  const main = MAIN.map((n) => s.tables.find((t) => t.name === n))
    .filter((t) => t !== undefined)
    .map((t) => `${t.name} ${t.rows}`);
  const total = s.tables.reduce((a, t) => a + t.rows, 0);
  return [`Checked: it opens; ${migrations}.`, `Rows: ${main.join(', ')} (${s.tables.length} tables, ${total} rows in all).`];
}

/** A summary's migrations that forbid a restore: a backup made by a newer version of PCP Tracker. */
export function refuseNewer(s: Summary, file: string) {
  if (s.migrations.unknown)
    throw new BackupError(
      `The backup ${file} was made by a newer version of PCP Tracker (${s.migrations.unknown} migration(s) this version does not have). Restore it with that version. Nothing was changed.`,
      EXIT.backupDamaged,
    );
}

export const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/**
 * The local socket of a server on a PGlite folder: `pcp.sock` in that folder, mode 0600, so only
 * the user who runs the server (who can read the folder's files anyway) can ask it for a copy. No
 * network listener, no token: nothing reaches it from another machine or another local user.
 * Socket paths are limited to 107 bytes: a longer one is reached by its path relative to the
 * working folder, or not at all (then back up with the server stopped).
 */
export function backupSocketPath(dataDir: string): string | null {
  const abs = resolve(dataDir, 'pcp.sock');
  if (Buffer.byteLength(abs) <= 100) return abs;
  const rel = relative(process.cwd(), abs);
  return Buffer.byteLength(rel) <= 100 ? rel : null;
}

type Log = { info: (o: object, msg: string) => void; warn: (msg: string) => void; error: (o: object, msg: string) => void };

/** Serves `POST /backup` on the folder's socket: the gzipped tar of a consistent dump. */
export async function serveBackups(dataDir: string, dump: () => Promise<Uint8Array>, log: Log): Promise<{ close: () => Promise<void> } | null> {
  const path = backupSocketPath(dataDir);
  if (!path) {
    log.warn(`The path of ${resolve(dataDir, 'pcp.sock')} is too long for a socket: pcp backup needs this server stopped.`);
    return null;
  }
  // Left by a server that was killed: this process holds the folder's lock, so it is no one else's.
  rmSync(path, { force: true });
  const server = createServer((req, res) => {
    req.resume();
    if (req.method !== 'POST' || req.url !== '/backup') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'POST /backup only' } }));
      return;
    }
    const t0 = Date.now();
    void (async () => {
      try {
        // The copy holds the database's mutex; compressing it does not.
        const gz = await gzipAsync(await dump());
        res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': gz.length, 'x-pcp-pid': String(process.pid) }).end(gz);
        log.info({ bytes: gz.length, ms: Date.now() - t0 }, 'backup copy sent on the local socket');
      } catch (e) {
        log.error({ err: e }, 'backup copy failed');
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'backup.failed', message: (e as Error).message } }));
      }
    })();
  });
  // The socket file is made by bind(), synchronously inside listen(): made 0600 by the umask, not
  // chmod-ed after, so there is no moment when another user could connect.
  const umask = process.umask(0o177);
  try {
    server.listen(path);
  } finally {
    process.umask(umask);
  }
  await new Promise<void>((res, rej) => {
    server.once('listening', res);
    server.once('error', rej);
  });
  return {
    close: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}

/**
 * Asks the server holding `dataDir` for a copy; `progress` sees the bytes as they arrive. Throws
 * a BackupError (exit 14, the folder's in use) when no server answers on the socket.
 */
export function requestBackup(dataDir: string, holder: number, progress: (got: number, total: number) => void): Promise<Buffer> {
  const path = backupSocketPath(dataDir);
  const noAnswer = (why: string) =>
    new BackupError(
      `The data folder ${dataDir} is in use by PCP Tracker process ${holder}, which did not hand out a copy (${why}). Stop that server and run pcp backup again.`,
      EXIT.folderLocked,
    );
  if (!path) return Promise.reject(noAnswer(`the folder's path is too long for its socket`));
  return new Promise((res, rej) => {
    const req = request({ socketPath: path, method: 'POST', path: '/backup', timeout: 300_000 }, (r) => {
      const total = Number(r.headers['content-length'] ?? 0);
      const chunks: Buffer[] = [];
      let got = 0;
      r.on('data', (c: Buffer) => {
        chunks.push(c);
        got += c.length;
        progress(got, total);
      });
      r.on('error', (e) => rej(noAnswer(e.message)));
      r.on('end', () => {
        const body = Buffer.concat(chunks);
        if (r.statusCode !== 200) {
          let message = body.toString('utf8');
          try {
            message = JSON.parse(message).error.message;
          } catch {}
          rej(new BackupError(`The server (pid ${holder}) could not make a copy: ${message}`, 1));
        } else if (total && got !== total) rej(noAnswer(`the copy stopped after ${got} of ${total} bytes`));
        else res(body);
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 5 minutes')));
    req.on('error', (e) => rej(noAnswer((e as NodeJS.ErrnoException).code ?? e.message)));
    req.end();
  });
}
