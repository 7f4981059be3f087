// Every command the README shows, run as written on this repository: the ```sh blocks line by line,
// and the commands quoted inline (`npx pcp help`, `npm run ...`). A README that tells a new user
// to type something that does nothing, or fails, fails here. A command this test does not know
// fails it too, so a new line in the README cannot slip past the net.
import assert from 'node:assert/strict';
import { totpCode } from '../src/platform/auth/totp.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import pg from 'pg';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
// On the PostgreSQL pass of test/run.ts the commands run against a database made on that server.
const serverUrl = process.env.PCP_TEST_DATABASE_URL || undefined;

/** The ```sh blocks, each with the heading it sits under; a line ending in \ continues on the next. */
export function shBlocks(md: string) {
  const blocks: { heading: string; lines: string[] }[] = [];
  let heading = '';
  const re = /^(#{1,6} .*)$|^```sh\n([\s\S]*?)^```$/gm;
  for (const m of md.matchAll(re)) {
    if (m[1]) heading = m[1].replace(/^#+ /, '');
    else
      blocks.push({
        heading,
        lines: m[2]
          .replace(/\\\n/g, ' ')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('#')),
      });
  }
  return blocks;
}

/** Commands quoted inline: `npx ...`, `npm ...`, `bash ...`, with any VAR=value before them. */
export function inlineCommands(md: string) {
  const withoutBlocks = md.replace(/^```[\s\S]*?^```$/gm, '');
  return [...withoutBlocks.matchAll(/`((?:[A-Z_]+=\S+ )*(?:npx|npm|bash|node) [^`]+)`/g)].map((m) => m[1]);
}

/**
 * What each command is to this test. Excluded ones say why; everything else is run.
 * `&&` joins commands on one line; each part is classified on its own.
 */
type Kind = { kind: 'excluded'; why: string } | { kind: 'export'; name: string } | { kind: 'server' } | { kind: 'pcp' };
function classify(cmd: string): Kind | undefined {
  // The test itself runs inside the installed tree: reinstalling node_modules under the running
  // suite would remove the very files it is running from. `npm test` already ran `npm ci` here.
  if (/^npm ci\b/.test(cmd)) return { kind: 'excluded', why: 'installs the packages this test runs on' };
  // These run this suite (check = type check + lint + the suite): running them from inside it would recurse.
  if (/^(?:[A-Z_]+=\S+ )*npm (?:test|run check)\b/.test(cmd) || /^bash \.ci\/run\b/.test(cmd))
    return { kind: 'excluded', why: 'runs the suite this test is part of' };
  // Minutes of load on a generated national-scale portfolio; bench/ has its own smoke test.
  if (/^npm run bench\b/.test(cmd)) return { kind: 'excluded', why: 'the benchmarks, run on their own' };
  // It rewrites the approved images under test/visual/approved, which a developer then reviews and commits.
  if (/^PCP_APPROVE_VISUAL=1 /.test(cmd)) return { kind: 'excluded', why: 'rewrites the approved images, for a developer to review' };
  // test/security/sbom.test.ts runs it as written and checks what it prints against the lockfile.
  if (/^npm run sbom\b/.test(cmd)) return { kind: 'excluded', why: 'run as written by test/security/sbom.test.ts' };
  // Kills and restarts servers for as many rounds as asked; test/durability.test.ts runs it short.
  if (/^npm run test:durability\b/.test(cmd)) return { kind: 'excluded', why: 'kill -9 rounds, run short by test/durability.test.ts' };
  // It writes migration files into the repository when a table changed; a developer runs it by hand.
  if (/^npm run db:generate\b/.test(cmd)) return { kind: 'excluded', why: 'writes into migrations/' };
  const exp = /^export ([A-Z_]+)=/.exec(cmd);
  if (exp) return { kind: 'export', name: exp[1] };
  if (/^npm (?:start|run demo)$/.test(cmd)) return { kind: 'server' };
  if (/^npx pcp\b/.test(cmd)) return { kind: 'pcp' };
  return undefined;
}

const blocks = shBlocks(readme);
const inline = inlineCommands(readme);

test('the README’s commands are all known to this test, and the scripts it names exist', () => {
  const all = [...blocks.flatMap((b) => b.lines), ...inline].flatMap((l) => l.split(/\s+&&\s+/));
  assert.ok(all.length >= 8, `found ${all.length} commands in the README`);
  const unknown = all.filter((c) => !classify(c));
  assert.deepEqual(unknown, [], 'a README command this test does not run or explicitly exclude');
  for (const c of all) {
    const m = /\bnpm (?:run (\S+)|(start|test))\b/.exec(c);
    if (m) assert.ok(scripts[m[1] ?? m[2]], `package.json has the script of "${c}"`);
  }
  const excluded = all.filter((c) => classify(c)?.kind === 'excluded');
  assert.ok(!excluded.some((c) => /npx pcp|npm (start|run demo)/.test(c)), 'no command a user follows is skipped');
});

type Ran = { code: number | null; stdout: string; stderr: string };
/** A command line through bash, as a user's shell would run it, in `cwd` with `env`. */
function sh(cmd: string, { cwd, env, timeoutMs = 180_000 }: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', cmd], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`"${cmd}" took more than ${timeoutMs / 1000} s\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A server command started in its own process group (so the whole of npm's tree stops with it). */
async function startServer(t: TestContext, cmd: string, { cwd, env, timeoutMs }: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }) {
  const child: ChildProcess = spawn('bash', ['-c', cmd], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-(child.pid as number), 'SIGINT');
    } catch {
      return;
    }
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  t.after(stop);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${cmd}" printed no address in ${timeoutMs / 1000} s\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout?.on('data', (d) => {
      stdout += d;
      const m = /is running at (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`"${cmd}" exited (${code}) before it printed an address\n${stdout}\n${stderr}`));
    });
  });
  return { url, output: () => stdout, stop };
}

/** Signs in over HTTP as a browser would (pre-session CSRF cookie and token, then the session cookie) and returns the home page. */
async function signIn(base: string, email: string, password: string) {
  const cookies = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(new URL('/sign-in', base));
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  assert.ok(csrf, 'the sign-in page has a CSRF token');
  const post = await fetch(new URL('/sign-in', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  assert.equal(post.status, 303, `${email} signs in`);
  keep(post);
  // An admin sets up a second factor first, as a person would: the key from the page into an app.
  if (post.headers.get('location') === '/account/two-factor') {
    const setUp = await fetch(new URL('/account/two-factor', base), { headers: { cookie: header() } });
    const page = await setUp.text();
    const secret = (/id="secret">([A-Z2-7 ]+)</.exec(page)?.[1] ?? '').replace(/ /g, '');
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const done = await fetch(new URL('/account/two-factor', base), {
      method: 'POST',
      headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: totpCode(secret, new Date()), _csrf: token }).toString(),
    });
    assert.equal(done.status, 200, 'the second factor is set up');
    keep(done);
  }
  const home = await fetch(new URL('/', base), { headers: { cookie: header() } });
  assert.equal(home.status, 200);
  return home.text();
}

/**
 * A folder for one run, inside node_modules/.cache so that `npx pcp` there still finds this
 * package's bin (npm looks upwards for the project), while ./data and any file a command writes
 * land in the folder and not in the repository.
 */
function workdir(t: TestContext) {
  const base = join(root, 'node_modules/.cache/pcp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment a user's shell has, minus what the test runner set, plus a random port (never 3000 on a shared machine). */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'PCP_DATA_DIR', 'PCP_TEST_DATABASE_URL', 'PCP_TEST_PG_TEMPLATE', 'PCP_TEMPLATE_DUMP', 'NODE_TEST_CONTEXT', 'NODE_OPTIONS'])
    delete env[k];
  return { ...env, PORT: '0', ...extra };
}

test('the inline `npx pcp` commands run as written and say something', { skip: serverUrl && 'covered by the PGlite pass' }, async (t) => {
  const cwd = workdir(t);
  const pcp = inline.filter((c) => classify(c)?.kind === 'pcp');
  assert.ok(pcp.includes('npx pcp help'));
  for (const cmd of pcp) {
    const r = await sh(cmd, { cwd, env: userEnv() });
    assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
    assert.match(r.stdout, /\S/, `${cmd} prints something`);
  }
  // "`npx pcp help` lists the commands: `start`, ...": each one the README names is in the list.
  const help = (await sh('npx pcp help', { cwd, env: userEnv() })).stdout;
  const section = /## Command line\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  const named = [...section.matchAll(/`([a-z]+(?: [a-z|]+)?)(?: --[^`]*)?`/g)].map((m) => m[1]).filter((c) => !c.startsWith('npx'));
  assert.ok(named.length >= 6, `the README names ${named.length} commands`);
  for (const c of named) {
    const [cmd, subs] = c.split(' ');
    for (const sub of subs ? subs.split('|') : [''])
      assert.match(help, new RegExp(`^  pcp ${cmd}${sub ? ` ${sub}` : ''}\\b`, 'm'), `help lists "${cmd} ${sub}"`);
  }
  // A mistyped command is not silence: status 2 and the help on stderr.
  const wrong = await sh('npx pcp ofices create --slug x', { cwd, env: userEnv() });
  assert.equal(wrong.code, 2);
  assert.equal(wrong.stdout, '');
  assert.match(wrong.stderr, /Unknown command: ofices create[\s\S]*pcp offices create --slug S/);
});

test('Quick start: `npm run demo` serves the demonstration data, and the README’s report command writes the paper', {
  skip: serverUrl && 'the demo runs on PGlite: covered by the PGlite pass',
}, async (t) => {
  const cwd = workdir(t);
  const quick = blocks.find((b) => b.heading === 'Quick start' && b.lines.some((l) => l.includes('npm run demo')));
  assert.ok(quick, 'the Quick start block');
  const env = userEnv({ PCP_DATA_DIR: join(cwd, 'data') });
  for (const line of quick.lines) {
    for (const cmd of line.split(/\s+&&\s+/)) {
      const k = classify(cmd);
      if (k?.kind !== 'server') continue;
      // npm runs scripts in the package folder, so the data folder is given (the README's PCP_DATA_DIR).
      const server = await startServer(t, cmd, { cwd, env, timeoutMs: 15 * 60_000 });
      const page = await fetch(server.url);
      assert.equal(page.status, 200, `${server.url} answers`);
      assert.match(await page.text(), /PCP Tracker/);
      const account = /^\s+editor\s+(\S+)\s+(\S+)$/m.exec(server.output());
      assert.ok(account, 'the demo accounts are printed');
      const home = await signIn(server.url, account[1], account[2]);
      assert.match(home, /Hampshire/, 'the demo office');
      await server.stop();
    }
  }
  // `report --office hampshire --period 2017-18-Q4 --format docx --out update.docx` on the demo's data.
  const report = /`(report --office hampshire [^`]+)`/.exec(readme)?.[1];
  assert.ok(report);
  const r = await sh(`npx pcp ${report}`, { cwd, env });
  assert.equal(r.code, 0, r.stderr);
  const file = join(cwd, 'update.docx');
  assert.ok(statSync(file).size > 10_000, 'a Word file was written');
  assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK');
});

test('Running it for real: the office and admin the README creates can sign in to `npm start`', async (t) => {
  const cwd = workdir(t);
  const real = blocks.find((b) => b.heading === 'Running it for real');
  assert.ok(real, 'the Running it for real block');
  const env = userEnv({ PCP_DATA_DIR: join(cwd, 'data') });
  let dbName: string | undefined;
  if (serverUrl) {
    dbName = `pcp_readme_${randomBytes(6).toString('hex')}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(q).finally(() => c.end());
    };
    await admin(`create database ${dbName}`);
    t.after(() => admin(`drop database if exists ${dbName} with (force)`));
  }
  let password: string | undefined;
  let email: string | undefined;
  let ran = 0;
  for (const cmd of real.lines) {
    const k = classify(cmd);
    assert.ok(k && k.kind !== 'excluded', cmd);
    if (k.kind === 'export') {
      if (k.name === 'DATABASE_URL') {
        // The README's placeholder server stands for yours: here, none (PGlite, as its comment
        // says) or, on the PostgreSQL pass, a new database on the test server.
        assert.match(cmd, /omit to use PGlite/);
        if (serverUrl) {
          const u = new URL(serverUrl);
          u.pathname = `/${dbName}`;
          env.DATABASE_URL = u.toString();
        }
        continue;
      }
      const r = await sh(`${cmd.replace(/\s+#.*$/, '')}; printf %s "$${k.name}"`, { cwd, env });
      assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
      assert.ok(r.stdout, `${k.name} is set`);
      env[k.name] = r.stdout;
      continue;
    }
    ran++;
    if (k.kind === 'pcp') {
      const r = await sh(cmd, { cwd, env });
      assert.equal(r.code, 0, `${cmd}: ${r.stderr}`);
      assert.match(r.stdout, /created/, `${cmd} says what it made`);
      const pw = /Password \(shown once\): (\S+)/.exec(r.stdout);
      if (pw) {
        password = pw[1];
        email = /--email (\S+)/.exec(cmd)?.[1];
      }
      continue;
    }
    const server = await startServer(t, cmd, { cwd, env, timeoutMs: 5 * 60_000 });
    assert.ok(email && password, 'an admin was created before the server started');
    const home = await signIn(server.url, email, password);
    assert.match(home, /OPCC for Hertfordshire/, 'the office created with the README’s command');
    assert.match(home, /Your Name \(admin\)/);
    await server.stop();
  }
  assert.equal(ran, 3, 'two pcp commands and npm start');
});
