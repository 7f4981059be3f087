// The real server as an operator runs it: `pcp start` in a child process, on PGlite or PostgreSQL.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../src/config.js';
import { createDb, type Database } from '../src/platform/db/client.js';
import { createServices } from '../src/app.js';
import { BytesBlob, newPgDatabase } from './templates.js';

export const root = join(import.meta.dirname, '..');

/** Where a server keeps its data: a PGlite folder, or a database of its own on the test PostgreSQL server. */
export type Store = { kind: 'pglite' | 'postgres'; env: Record<string, string>; open(): Promise<Database>; drop(): Promise<void> };

export async function newStore(kind: 'pglite' | 'postgres', serverUrl = process.env.PCP_TEST_DATABASE_URL as string): Promise<Store> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'pcp-srv-'));
    // Under test/run.ts the folder starts as its migrated template (initdb and the migrations in a
    // folder take ~10 s; the README test starts the app on empty folders); alone, as `pcp start` makes it.
    const template = process.env.PCP_TEMPLATE_DUMP;
    const open = () =>
      template && existsSync(template) && !existsSync(join(dir, 'pgdata'))
        ? createDb({ dataDir: dir, loadDataDir: new BytesBlob(readFileSync(template)) })
        : createDb({ dataDir: dir });
    return { kind, env: { PCP_DATA_DIR: dir, DATABASE_URL: '' }, open, drop: async () => {} };
  }
  // Under test/run.ts a copy of the pass's migrated template (test/templates.ts); alone, an empty database.
  const scratch = await newPgDatabase(serverUrl, 'pcp_srv', process.env.PCP_TEST_PG_TEMPLATE);
  return {
    kind,
    env: { DATABASE_URL: scratch.url },
    open: () => createDb({ databaseUrl: scratch.url }),
    drop: scratch.drop,
  };
}

/** The store a test runs on: this pass's (test/run.ts runs PGlite first, then PostgreSQL when it has a server). */
export const storeKinds = (): ('pglite' | 'postgres')[] => (process.env.PCP_TEST_DATABASE_URL ? ['postgres'] : ['pglite']);

/** For tests of PGlite alone (its folder, its lock): skipped on the PostgreSQL pass, which would repeat them as they are. */
export const pgliteOnly = process.env.PCP_TEST_DATABASE_URL ? 'PGlite alone: covered by the PGlite pass' : false;

/** An office with an admin and an admin API token, entered directly; the server is started after. */
export async function seedToken(store: Store): Promise<string> {
  const database = await store.open();
  try {
    const services = createServices({ db: database.db, config: testConfig() });
    const office = await services.auth.createOffice({ slug: 'north', name: 'North OPCC', area: 'north' });
    const u = await services.auth.createUser({
      officeId: office.id,
      input: { email: 'admin@north.example.org', name: 'Admin', password: 'correct horse battery staple', role: 'admin' },
      by: null,
    });
    const { token } = await services.auth.createToken({
      by: { userId: u.id, name: 'Admin', officeId: office.id, role: 'admin' },
      input: { name: 'seed', role: 'admin' },
    });
    return token;
  } finally {
    await database.close();
  }
}

export type ServerProcess = ReturnType<typeof startPcp>;

/**
 * Spawns `pcp <args>`; `ready` resolves with the base URL once it listens. `program`: node's
 * arguments before pcp's own (the TypeScript sources through tsx; bin/pcp.js for the build).
 */
export function startPcp(env: Record<string, string>, args = ['start'], program = ['--import', 'tsx', 'src/cli/pcp.ts']) {
  const child = spawn(process.execPath, [...program, ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', PCP_LOG_LEVEL: 'warn', PCP_ARGON2_MEMORY_KIB: '1024', PCP_ARGON2_TIME: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; at: number }>((res) => child.on('exit', (code) => res({ code, at: Date.now() })));
  const ready = new Promise<string>((res, rej) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /is running at (http:\/\/\S+)/.exec(out);
      if (m) res(m[1].replace('localhost', '127.0.0.1'));
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    void exited.then(({ code }) => rej(new Error(`pcp exited ${code}: ${out}${err}`)));
  });
  ready.catch(() => {});
  return { child, ready, exited, stdout: () => out, stderr: () => err };
}

/** One HTTP call on a given agent (keep-alive or not); never throws for a status. */
export function call(base: string, agent: Agent, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: any; headers: Record<string, unknown> }>((res, rej) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (r) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c) => {
          data += c;
        });
        r.on('end', () => {
          let parsed: unknown = data;
          try {
            parsed = JSON.parse(data);
          } catch {}
          res({ status: r.statusCode ?? 0, body: parsed, headers: r.headers });
        });
        r.on('error', rej);
      },
    );
    req.on('error', rej);
    if (payload) req.write(payload);
    req.end();
  });
}

/** One creating call of a writer: where, what, and its headers (an Idempotency-Key, say). */
export type WriteRequest = { path: string; body: unknown; headers?: Record<string, string> };

/**
 * Writers that each create something in a loop over one keep-alive socket until stopped or
 * refused: API tokens, unless `make` says what writer `w` sends as its `i`th call. A write is
 * acknowledged when its 201 arrived; the ids are what must survive. A call whose connection failed
 * is kept in `unanswered` (it may or may not have been carried out).
 */
export function writers(
  base: string,
  token: string,
  n: number,
  make: (w: number, i: number) => WriteRequest = (w, i) => ({ path: '/api/v1/tokens', body: { name: `w${w}-${i}`, role: 'viewer' } }),
) {
  const acked: string[] = [];
  const ackedRequests: WriteRequest[] = [];
  const unanswered: WriteRequest[] = [];
  const refusals: { status: number; body: any }[] = [];
  const errors: string[] = [];
  let stop = false;
  const loops = Array.from({ length: n }, async (_, w) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; !stop; i++) {
      const req = make(w, i);
      try {
        const r = await call(base, agent, 'POST', req.path, token, req.body, req.headers);
        if (r.status === 201) {
          acked.push(r.body.id);
          ackedRequests.push(req);
        } else {
          refusals.push({ status: r.status, body: r.body });
          if (r.status === 503) break;
        }
      } catch (e) {
        errors.push((e as NodeJS.ErrnoException).code ?? String(e));
        unanswered.push(req);
        break;
      }
    }
    agent.destroy();
  });
  return {
    acked,
    ackedRequests,
    unanswered,
    refusals,
    errors,
    done: async () => {
      await Promise.all(loops);
    },
    stop: async () => {
      stop = true;
      await Promise.all(loops);
    },
  };
}

/** Which of the given token ids are in the database. */
export async function presentTokenIds(store: Store, ids: string[]) {
  const database = await store.open();
  try {
    const r = await database.exec('select id::text as id from api_tokens');
    const have = new Set(r.rows.map((x) => x.id as string));
    return ids.filter((id) => have.has(id));
  } finally {
    await database.close();
  }
}
