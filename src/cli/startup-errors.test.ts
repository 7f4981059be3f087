// Each way a start can fail names its cause and what to do, with an exit code of its own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT } from '../platform/db/client.js';
import { pgliteOnly, root, startPcp } from '../../test/server-process.js';

function pcp(env: Record<string, string>, args = ['migrate']) {
  return new Promise<{ code: number | null; stderr: string }>((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/pcp.ts', ...args], {
      cwd: root,
      env: { ...process.env, PCP_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => res({ code, stderr }));
  });
}

test('no PostgreSQL server at the address: names host:port, exit 10', { skip: pgliteOnly }, async () => {
  const r = await pcp({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/pcp' });
  assert.equal(r.code, EXIT.postgresUnreachable, r.stderr);
  assert.match(r.stderr, /No PostgreSQL server is answering at 127\.0\.0\.1:1 .*Start it, or correct the host and port in DATABASE_URL/);
  assert.doesNotMatch(r.stderr, /Failed query/);
});

test('the database does not exist: says to create it, exit 11', {
  skip: process.env.PCP_TEST_DATABASE_URL ? false : 'needs PCP_TEST_DATABASE_URL',
}, async () => {
  const url = new URL(process.env.PCP_TEST_DATABASE_URL as string);
  url.pathname = '/pcp_no_such_database';
  const r = await pcp({ DATABASE_URL: url.toString() });
  assert.equal(r.code, EXIT.databaseMissing, r.stderr);
  assert.match(r.stderr, /The database "pcp_no_such_database" does not exist .*Create it \(createdb -h 127\.0\.0\.1 -p 5432 pcp_no_such_database\)/);
});

test('a data folder that cannot be written: says so, exit 12', { skip: pgliteOnly }, async () => {
  // A file where the folder should be: refused even to root, which ignores permission bits.
  const dir = mkdtempSync(join(tmpdir(), 'pcp-ro-'));
  writeFileSync(join(dir, 'file'), '');
  const r = await pcp({ DATABASE_URL: '', PCP_DATA_DIR: join(dir, 'file', 'data') });
  assert.equal(r.code, EXIT.folderNotWritable, r.stderr);
  assert.match(r.stderr, /The data folder .*file\/data cannot be written .*Give this user write access/);
});

test('a damaged PGlite folder: says to restore from a backup, exit 13', { skip: pgliteOnly }, async () => {
  // A database folder cut short (as a failed copy leaves it): PGlite cannot start on it.
  const dir = mkdtempSync(join(tmpdir(), 'pcp-dmg-'));
  mkdirSync(join(dir, 'pgdata'));
  writeFileSync(join(dir, 'pgdata', 'PG_VERSION'), '18\n');
  const r = await pcp({ DATABASE_URL: '', PCP_DATA_DIR: dir });
  assert.equal(r.code, EXIT.folderDamaged, r.stderr);
  assert.match(r.stderr, /is damaged and cannot be opened .*restore the last backup/);
});

test('a data folder in use by a running server: names the process, exit 14', { skip: pgliteOnly }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-held-'));
  const server = startPcp({ DATABASE_URL: '', PCP_DATA_DIR: dir });
  t.after(() => server.child.kill('SIGKILL'));
  await server.ready;
  const r = await pcp({ DATABASE_URL: '', PCP_DATA_DIR: dir });
  assert.equal(r.code, EXIT.folderLocked, r.stderr);
  assert.match(r.stderr, new RegExp(`in use by another PCP Tracker process \\(pid ${server.child.pid}\\)`));
});
