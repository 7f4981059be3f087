import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pgliteOnly } from '../../../test/server-process.js';
import { createDb, DataDirLockedError } from './client.js';

const root = join(import.meta.dirname, '../../..');

/** Starts `pcp start` on a data folder and resolves once it is listening. */
function startServer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/pcp.ts', 'start'], {
    cwd: root,
    env: { ...process.env, PCP_DATA_DIR: dataDir, PORT: '0', PCP_LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<void>((res, rej) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('is running at')) res();
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => rej(new Error(`exited ${code}: ${out}`)));
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, ready, exited, output: () => out };
}

test('the PGlite data folder is locked: a second process fails at once with a clear message; SIGTERM closes cleanly', { skip: pgliteOnly }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-lock-'));
  const server = startServer(dir);
  t.after(() => server.child.kill('SIGKILL'));
  await server.ready;
  assert.ok(existsSync(join(dir, 'pcp.lock')));
  await assert.rejects(createDb({ dataDir: dir }), (e: unknown) => e instanceof DataDirLockedError && /in use by another PCP Tracker process/.test(e.message));
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0);
  assert.equal(existsSync(join(dir, 'pcp.lock')), false, 'lock released at shutdown');
  // The folder opens again, with its data, after a clean close.
  const db = await createDb({ dataDir: dir });
  const r = await db.exec('select count(*)::int as n from offices');
  assert.equal(r.rows[0].n, 0);
  await db.close();
});

test('a lock left by a killed process is taken over', { skip: pgliteOnly }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-stale-'));
  // A pid that cannot be alive (beyond pid_max).
  writeFileSync(join(dir, 'pcp.lock'), '99999999');
  const db = await createDb({ dataDir: dir });
  t.after(() => db.close());
  const r = await db.exec('select 1 as one');
  assert.equal(r.rows[0].one, 1);
});

test('a lock naming a live process that is not a PCP Tracker (its pid reused) is taken over, and records our pid and a start token', {
  skip: pgliteOnly,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-reuse-'));
  const other = spawn('sleep', ['30'], { stdio: 'ignore' });
  t.after(() => other.kill('SIGKILL'));
  writeFileSync(join(dir, 'pcp.lock'), JSON.stringify({ pid: other.pid, token: 'from-a-process-long-gone' }));
  const db = await createDb({ dataDir: dir });
  t.after(() => db.close());
  const rec = JSON.parse(readFileSync(join(dir, 'pcp.lock'), 'utf8'));
  assert.equal(rec.pid, process.pid);
  assert.match(rec.token, /^[0-9a-f]{32}$/);
  // Taken: a second open in this process is refused too.
  await assert.rejects(createDb({ dataDir: dir }), DataDirLockedError);
});

test('a lock naming our own pid but not our token (a previous process with our pid) is taken over', { skip: pgliteOnly }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-ownpid-'));
  writeFileSync(join(dir, 'pcp.lock'), JSON.stringify({ pid: process.pid, token: 'not-ours' }));
  const db = await createDb({ dataDir: dir });
  t.after(() => db.close());
  assert.notEqual(JSON.parse(readFileSync(join(dir, 'pcp.lock'), 'utf8')).token, 'not-ours');
});

test('four simultaneous starts on a folder with a stale lock: exactly one runs, the others stop with exit 14', { skip: pgliteOnly }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-race-'));
  writeFileSync(join(dir, 'pcp.lock'), JSON.stringify({ pid: 99999999, token: 'dead' }));
  const servers = Array.from({ length: 4 }, () => startServer(dir));
  t.after(() => {
    for (const s of servers) s.child.kill('SIGKILL');
  });
  const outcomes = await Promise.all(
    servers.map((s) =>
      Promise.race([
        s.ready.then(
          () => 'running' as const,
          () => 'exited' as const,
        ),
        s.exited.then(() => 'exited' as const),
      ]),
    ),
  );
  assert.equal(outcomes.filter((o) => o === 'running').length, 1, outcomes.join(' '));
  const codes = await Promise.all(servers.filter((_, i) => outcomes[i] === 'exited').map((s) => s.exited));
  assert.deepEqual(codes, [14, 14, 14]);
  const winner = servers[outcomes.indexOf('running')];
  assert.equal(JSON.parse(readFileSync(join(dir, 'pcp.lock'), 'utf8')).pid, winner.child.pid);
  assert.equal(existsSync(join(dir, 'pcp.lock.takeover')), false, 'the takeover guard is gone');
});
