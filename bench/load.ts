// The load test (issue 19): the real server in a process of its own (`npm start`'s command), on an
// existing PGlite folder or on PostgreSQL, 32 connections (autocannon) on each page against a static
// file of the same size sent by the same server (govuk-frontend's CSS with a Range header asking for
// exactly the page's number of bytes), three rounds, the median. Beside each figure its goal: each
// page at least 0.5 of the static rate; CPU per request (the server's, plus its PostgreSQL backends')
// for an unchanged report under 3 ms, home and list under 2.5 ms; the server's peak resident memory
// under 300 MB; cold start to the first page under 1.5 s on PGlite, 1 s on PostgreSQL.
// The machine may be shared: the ratios (page and static file in the same run) matter more than rates.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
// @ts-expect-error: plain JavaScript, shared with bin/pcp.js
import { builtAndFresh } from '../bin/built.js';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Database } from '../src/platform/db/client.js';
import type { Services } from '../src/app.js';
import { currentPeriod, parsePeriod, previousPeriod } from '../src/reports/periods.js';

const root = join(import.meta.dirname, '..');
const TICK_MS = 10; // Linux's USER_HZ is 100: /proc/<pid>/stat counts CPU time in 10 ms ticks.

type Cannon = {
  requests: { average: number; total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};

/**
 * The server as `npm start` runs it, read from package.json's start script: node's flags, then
 * bin/pcp.js (dist/ when built and fresh, else the sources through tsx) and its arguments.
 */
export function serverCommand(): string[] {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string;
  const [node, ...args] = script.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start's script does not start with node: ${script}`);
  return args.map((a) => (a.startsWith('bin/') ? join(root, a) : a));
}

function spawnServer(env: Record<string, string>) {
  const t0 = performance.now();
  // PCP_BENCH_SERVER_FLAGS: node flags for the server (--cpu-prof --cpu-prof-dir=D to see where its time goes).
  const flags = (process.env.PCP_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...serverCommand()], {
    cwd: root,
    env: { ...process.env, PORT: '0', PCP_LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const ready = new Promise<string>((res, rej) => {
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /is running at (http:\/\/\S+)/.exec(out);
      if (m) res(m[1].replace('localhost', '127.0.0.1'));
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => rej(new Error(`server exited ${code}: ${out}${err}`)));
  });
  ready.catch(() => {});
  return { child, ready, t0 };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((res) => child.on('exit', res));
  child.kill('SIGTERM');
  await exited;
}

/** CPU time (ms) a process has used, from /proc (0 when it cannot be read: another user's process, no /proc). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function get(url: string, headers: Record<string, string> = {}) {
  const r = await fetch(url, { headers, redirect: 'manual' });
  return { status: r.status, body: Buffer.from(await r.arrayBuffer()), headers: r.headers };
}

async function signIn(base: string, email: string, password: string) {
  const page = await fetch(`${base}/sign-in`);
  const pre = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const r = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  const session = r.headers.getSetCookie().map((c) => c.split(';')[0]);
  return [...pre, ...session].join('; ');
}

/** Time from spawning the server to its first page (`/` signed in) answered 200. */
async function coldStart(env: Record<string, string>, cookie: string) {
  const s = spawnServer(env);
  const base = await s.ready;
  const r = await get(`${base}/`, { cookie });
  const ms = performance.now() - s.t0;
  await stop(s.child);
  if (r.status !== 200) throw new Error(`cold start: / answered ${r.status}`);
  return ms;
}

export async function benchLoad({
  database,
  services,
  officeId,
  env,
  seconds = 5,
  rounds = 3,
  connections = 32,
}: {
  database: Database;
  services: Services;
  officeId: string;
  /** How the server finds the database: PCP_DATA_DIR (PGlite folder, closed by the caller first) or DATABASE_URL. */
  env: Record<string, string>;
  seconds?: number;
  rounds?: number;
  connections?: number;
}) {
  const pg = database.kind === 'postgres';
  // `npm start` runs dist/ when it is current, else the sources through tsx: measure the production start.
  if (!builtAndFresh(root)) {
    console.log('  (building dist/ first: a source is newer than the last build)');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }
  const email = `load-${Date.now()}@bench.example`;
  const password = 'kettle orbit marmalade lantern';
  // An editor: admins must set up a second factor at sign-in, which a load test does not do.
  await services.auth.createUser({ officeId, input: { email, name: 'Load editor', password, role: 'editor' }, by: null });
  const slug = (await database.exec('select slug from offices where id = $1', [officeId])).rows[0].slug as string;
  const scheme = await services.reports.schemeOf(officeId);
  const current = currentPeriod(scheme, new Date());
  const past = previousPeriod(previousPeriod(current));
  if (!pg) await database.close();

  const serverEnv = { PCP_MFA_ADMINS: 'false', PCP_SECRET: 'load-bench-secret-load-bench-secret-0123', ...env };
  const server = spawnServer(serverEnv);
  const base = await server.ready;
  const pid = server.child.pid as number;
  const cookie = await signIn(base, email, password);
  const pages: { name: string; path: string; anonymous?: boolean; goalCpu?: number }[] = [
    { name: 'home /', path: '/', goalCpu: 2.5 },
    { name: 'projects list', path: '/projects', goalCpu: 2.5 },
    { name: `past report ${parsePeriod(past.id).id}`, path: `/reports/${past.id}`, goalCpu: 3 },
    { name: `current report ${current.id}`, path: `/reports/${current.id}`, goalCpu: 3 },
    { name: 'public decisions (anonymous)', path: `/o/${slug}/decisions` },
  ];
  const css = '/assets/govuk-frontend.min.css';
  const cssSize = (await get(`${base}${css}`)).body.length;
  const backends = async () =>
    pg
      ? (await database.exec(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows.map(
          (r) => r.pid as number,
        )
      : [];
  const cpuNow = async () => {
    let t = cpuMs(pid);
    for (const b of await backends()) t += cpuMs(b);
    return t;
  };
  const run = async (path: string, headers: Record<string, string>) =>
    (await autocannon({ url: `${base}${path}`, connections, duration: seconds, headers })) as unknown as Cannon;

  console.log(
    `\n  load (${pg ? 'PostgreSQL' : 'PGlite folder'}): ${connections} connections, ${seconds} s a run, ${rounds} rounds, median; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at start`,
  );
  const rows: string[] = [];
  let allMet = true;
  for (const p of pages) {
    const headers: Record<string, string> = p.anonymous || p.path.startsWith('/o/') ? {} : { cookie };
    const first = await get(`${base}${p.path}`, headers);
    // The server's high-water mark once this page was made (its first answer), before the load.
    const rssAfterFirst = peakRssMb(pid);
    if (first.status !== 200) throw new Error(`${p.path} answered ${first.status}`);
    const size = first.body.length;
    // The static file: the same number of bytes, from the same server, with the same cookie.
    const staticHeaders = { ...headers, range: `bytes=0-${Math.min(size, cssSize) - 1}` };
    const rates: number[] = [];
    const staticRates: number[] = [];
    const p99s: number[] = [];
    const cpus: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const c0 = await cpuNow();
      const page = await run(p.path, headers);
      const c1 = await cpuNow();
      const still = await run(css, staticHeaders);
      if (page.non2xx || page.errors || still.non2xx || still.errors) throw new Error(`${p.path}: non-2xx or errors under load`);
      rates.push(page.requests.average);
      p99s.push(page.latency.p99);
      staticRates.push(still.requests.average);
      cpus.push((c1 - c0) / page.requests.total);
    }
    const rate = median(rates);
    const ratio = median(rates.map((x, i) => x / staticRates[i]));
    const cpu = median(cpus);
    const ratioMet = ratio >= 0.5;
    const cpuMet = p.goalCpu === undefined || cpu < p.goalCpu;
    allMet &&= ratioMet && cpuMet;
    rows.push(
      `    ${p.name.padEnd(30)} ${String(Math.round(size / 1024)).padStart(4)} KB  ${rate.toFixed(0).padStart(5)} req/s (static ${median(staticRates).toFixed(0).padStart(5)})  ratio ${ratio.toFixed(2)} (goal >= 0.5: ${ratioMet ? 'met' : 'NOT met'})  p99 ${median(p99s).toFixed(0)} ms  CPU ${cpu.toFixed(2)} ms/request${p.goalCpu ? ` (goal < ${p.goalCpu} ms: ${cpuMet ? 'met' : 'NOT met'})` : ''}  peak RSS ${rssAfterFirst.toFixed(0)} MB after its first answer, ${peakRssMb(pid).toFixed(0)} MB after the load`,
    );
    console.log(rows.at(-1));
  }
  const rss = peakRssMb(pid);
  const rssMet = rss < 300;
  console.log(`    peak resident memory of the server: ${rss.toFixed(0)} MB (goal < 300 MB: ${rssMet ? 'met' : 'NOT met'})`);
  await stop(server.child);
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) starts.push(await coldStart(serverEnv, cookie));
  const cold = median(starts);
  const coldGoal = pg ? 1000 : 1500;
  console.log(
    `    cold start to the first page (${pg ? 'PostgreSQL' : 'existing PGlite folder'}), median of 3: ${cold.toFixed(0)} ms (goal < ${coldGoal} ms: ${cold < coldGoal ? 'met' : 'NOT met'})`,
  );
  allMet &&= rssMet && cold < coldGoal;
  console.log(`  load: ${allMet ? 'every goal met' : 'some goals NOT met'}`);
}
