import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { type Config, testConfig } from '../src/config.js';
import { createDb, type Database } from '../src/platform/db/client.js';
import { scratchPostgres } from '../src/platform/db/scratch.js';
import { type AppDeps, buildApp } from '../src/app.js';
import { createServices, type Services } from '../src/app.js';
import type { Actor } from '../src/platform/errors.js';
import { contractProblem } from './contract.js';
import { BytesBlob, copyOfPgTemplate, tunedPgliteTemplate } from './templates.js';

let template: Promise<Uint8Array> | undefined;

/**
 * A fresh, migrated database for one test file: PGlite restored from a migrated dump, or, when
 * PCP_TEST_DATABASE_URL points at a PostgreSQL server, a new database created there and dropped after
 * (copied from the migrated template test/run.ts made for the pass, PCP_TEST_PG_TEMPLATE; migrated
 * anew when there is none).
 */
export async function freshDb(t?: { after: (fn: () => Promise<void>) => void }): Promise<Database> {
  const serverUrl = process.env.PCP_TEST_DATABASE_URL;
  let database: Database;
  if (serverUrl) {
    const pgTemplate = process.env.PCP_TEST_PG_TEMPLATE;
    database = pgTemplate ? await copyOfPgTemplate(serverUrl, pgTemplate) : await scratchPostgres(serverUrl, 'pcp_test');
  } else {
    // test/run.ts migrates once per run and shares the dump; a file run alone makes its own.
    const shared = process.env.PCP_TEMPLATE_DUMP;
    template ??= shared && existsSync(shared) ? Promise.resolve(readFileSync(shared)) : tunedPgliteTemplate();
    database = await createDb({ loadDataDir: new BytesBlob(await template) });
  }
  t?.after(() => database.close());
  return database;
}

/** A settable clock, for time-outs and dated changes. */
export function clock(start = '2026-01-15T10:00:00Z') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso: string) => {
      t = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export type World = Awaited<ReturnType<typeof world>>;

/**
 * A database with two offices, each with a plan, two priorities, two strands and an admin,
 * editor and viewer. Passwords are "correct horse battery staple".
 */
export async function world(t: TestContext, opts: { config?: Partial<Config>; now?: () => Date } = {}) {
  const database = await freshDb(t);
  const config = testConfig(opts.config);
  const services = createServices({ db: database.db, config, now: opts.now });
  const offices = [];
  for (const slug of ['north', 'south']) {
    const office = await services.auth.createOffice({ slug, name: `${slug[0].toUpperCase()}${slug.slice(1)} OPCC`, area: `${slug} area` });
    const users: Record<'admin' | 'editor' | 'viewer', { id: string; email: string }> = {} as never;
    for (const role of ['admin', 'editor', 'viewer'] as const) {
      const email = `${role}@${slug}.example.org`;
      const u = await services.auth.createUser({ officeId: office.id, input: { email, name: `${slug} ${role}`, password: PASSWORD, role }, by: null });
      users[role] = { id: u.id, email };
    }
    const adminActor: Actor = { userId: users.admin.id, name: `${slug} admin`, officeId: office.id, role: 'admin' };
    const editorActor: Actor = { userId: users.editor.id, name: `${slug} editor`, officeId: office.id, role: 'editor' };
    await services.plan.createPlan({
      by: adminActor,
      input: { title: 'Police and Crime Plan 2016-2021', periodStart: '2016-04-01', periodEnd: '2021-03-31', status: 'published' },
    });
    const p1 = await services.plan.createPriority({ by: adminActor, input: { name: 'Champion community needs', colour: '#1d70b8' } });
    const p2 = await services.plan.createPriority({ by: adminActor, input: { name: 'Reduce offending', colour: '#d4351c' } });
    const s1 = await services.plan.createStrand({ by: adminActor, input: { name: 'Big Issues' } });
    const s2 = await services.plan.createStrand({ by: adminActor, input: { name: 'Policing' } });
    offices.push({ office, users, admin: adminActor, editor: editorActor, priorities: [p1, p2], strands: [s1, s2] });
  }
  return { database, services, config, north: offices[0], south: offices[1] };
}

export const PASSWORD = 'correct horse battery staple';

/**
 * The app, as tests inject into it. Every /api/v1 answer is checked against the OpenAPI document
 * (test/contract.ts); an answer the document does not describe fails the test that got it.
 */
export async function testApp(t: TestContext, deps: { config: Config; services: Services; now?: () => Date }) {
  const app = await buildApp(deps as AppDeps);
  const mismatches: string[] = [];
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/')) return payload;
    const problem = contractProblem({
      method: req.method,
      routeUrl: req.routeOptions.url,
      status: reply.statusCode,
      contentType: reply.getHeader('content-type') as string | undefined,
      payload,
    });
    if (problem) mismatches.push(problem);
    return payload;
  });
  t.after(async () => {
    await app.close();
    if (mismatches.length) throw new Error(`API answers the OpenAPI document does not describe:\n${mismatches.join('\n')}`);
  });
  await app.ready();
  return app;
}

type Injectable = Awaited<ReturnType<typeof buildApp>>;

/** Cookies of a browser, kept across injected requests. */
export class Browser {
  cookies = new Map<string, string>();
  /** `from`: the address the requests come from, and headers sent with each (X-Forwarded-For). */
  constructor(
    private app: Injectable,
    private from: { remoteAddress?: string; headers?: Record<string, string> } = {},
  ) {}
  private header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: { cookies: { name: string; value: string; maxAge?: number; expires?: Date }[] }) {
    for (const c of res.cookies) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.from.remoteAddress, headers: { ...this.from.headers, cookie: this.header() } });
    this.keep(res);
    return res;
  }
  /** The CSRF token the page at `url` carries in its forms. */
  async csrf(url = '/sign-in') {
    const res = await this.get(url);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return m[1];
  }
  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: string | false; from?: string } = {}) {
    const token = opts.csrf === false ? undefined : (opts.csrf ?? (await this.csrf(opts.from ?? '/')));
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    if (token) params.append('_csrf', token);
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.from.remoteAddress,
      headers: { ...this.from.headers, cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
    this.keep(res);
    return res;
  }
  async signIn(email: string, password = PASSWORD) {
    const res = await this.post('/sign-in', { email, password }, { from: '/sign-in' });
    if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
    return res;
  }
}

/** An API client holding a bearer token created for the given actor. */
export async function apiClient(app: Injectable, services: Services, by: Actor, role = by.role) {
  const { token } = await services.auth.createToken({ by, input: { name: `test ${role}`, role } });
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.statusCode, body: res.body ? (safeJson(res.body) as any) : undefined, headers: res.headers };
  };
  return { token, call };
}

function safeJson(s: string) {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
