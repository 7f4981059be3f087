// pcp backup and pcp restore as an operator runs them (the CLI's run(), in this process; the server
// a real `pcp start` in a child): backup, change, restore gives back exactly the data of the backup's
// moment, on PGlite with the server stopped and while it runs (and under writes), and on PostgreSQL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { call, pgliteOnly, startPcp, writers } from '../../test/server-process.js';
import { testConfig } from '../config.js';
import { createDb, type Database, dumpMigratedTemplate, EXIT } from '../platform/db/client.js';
import { scratchDatabase } from '../platform/db/scratch.js';
import { createServices } from '../app.js';
import type { Actor } from '../platform/errors.js';
import { run } from './pcp.js';

/** A pcp command run in this process with its own environment; what it printed, and its exit status. */
async function pcp(args: string[], env: Record<string, string>, onErr?: (err: string) => void) {
  let out = '';
  let err = '';
  const code = await run(args, {
    env: { ...process.env, ...env },
    io: {
      out: (l) => {
        out += `${l}\n`;
      },
      err: (t) => {
        err += t;
        onErr?.(err);
      },
      tty: false,
    },
  });
  return { code, out, err };
}

/** Every row of every table (the app's and drizzle's migrations), each table's rows in their text order. */
async function snapshot(database: Database) {
  const tables = await database.exec(
    `select table_schema as s, table_name as t from information_schema.tables
     where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { s, t } of tables.rows) {
    const r = await database.exec(`select coalesce(json_agg(to_jsonb(x) order by x::text), '[]'::json)::text as j from "${s}"."${t}" x`);
    out[`${s}.${t}`] = JSON.parse(r.rows[0].j as string);
  }
  assert.ok(Object.keys(out).length >= 20, 'every table is in the snapshot');
  return out;
}

/** An office with an admin, an admin API token, a plan, a priority, a strand and two projects. */
async function seed(database: Database) {
  const services = createServices({ db: database.db, config: testConfig() });
  const office = await services.auth.createOffice({ slug: 'north', name: 'North OPCC', area: 'north' });
  const u = await services.auth.createUser({
    officeId: office.id,
    input: { email: 'admin@north.example.org', name: 'Admin', password: 'correct horse battery staple', role: 'admin' },
    by: null,
  });
  const by: Actor = { userId: u.id, name: 'Admin', officeId: office.id, role: 'admin' };
  const { token } = await services.auth.createToken({ by, input: { name: 'seed', role: 'admin' } });
  await services.plan.createPlan({ by, input: { title: 'Police and Crime Plan', periodStart: '2016-04-01', periodEnd: '2021-03-31', status: 'published' } });
  const priority = await services.plan.createPriority({ by, input: { name: 'Reduce offending', colour: '#d4351c' } });
  const strand = await services.plan.createStrand({ by, input: { name: 'Big Issues' } });
  const project = { strandId: strand.id, priorityIds: [priority.id], objective: 'An objective', forecastEnd: '2018-Q2' };
  for (const title of ['Hate Crime', 'GDPR']) await services.projects.create({ by, input: { ...project, title } });
  return { by, token, project };
}

async function addProject(database: Database, by: Actor, project: object, title: string) {
  await createServices({ db: database.db, config: testConfig() }).projects.create({ by, input: { ...project, title } });
}

const titles = (s: Record<string, unknown[]>) => (s['public.projects'] as { title: string }[]).map((p) => p.title).sort();

/** A fingerprint of a folder's files, to show that a refused restore changed nothing. */
function fingerprint(dir: string) {
  const h = createHash('sha256');
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => join(e.parentPath, e.name));
  for (const p of entries.sort()) {
    h.update(relative(dir, p));
    if (statSync(p).isFile()) h.update(readFileSync(p));
  }
  return h.digest('hex');
}

const leftovers = (base: string) => readdirSync(base).filter((n) => /restoring|partial/.test(n));

test('usage mistakes in backup and restore exit 2 and say what is wrong', async () => {
  const env = { DATABASE_URL: '', PCP_DATA_DIR: join(tmpdir(), 'pcp-backup-usage-none') };
  const cases: [string[], RegExp][] = [
    [['backup'], /pcp backup: missing --out FILE/],
    [['backup', '--out', '/no/such/folder/b.tar.gz'], /the folder \/no\/such\/folder does not exist/],
    [['backup', '--out', tmpdir()], /--out must be a file, but .* is a folder/],
    [['backup', '--out', 'a', '--out', 'b'], /--out is given twice/],
    [['backup', '--out', 'a', '--gzip'], /Unknown option '--gzip'/],
    [['restore'], /pcp restore: missing --from FILE/],
    [['restore', '--from', '/no/such/file.tar.gz'], /there is no file \/no\/such\/file\.tar\.gz/],
    [['restore', '--from', 'x', 'extra'], /Unexpected argument 'extra'/],
  ];
  for (const [args, message] of cases) {
    const r = await pcp(args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
    assert.match(r.err, /pcp restore --from FILE \[--force\]/, 'the usage follows the message');
    assert.equal(r.out, '');
  }
  assert.ok(!existsSync(env.PCP_DATA_DIR), 'no database was opened');
});

test('PGlite: backup with the server stopped, while it runs and while it is written to; change; restore gives back the backup exactly; refusals change nothing', {
  skip: pgliteOnly,
}, async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'pcp-backup-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  let t0 = Date.now();
  const lap = (what: string) => {
    t.diagnostic(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    t0 = Date.now();
  };
  const dir = join(base, 'data');
  const env = { DATABASE_URL: '', PCP_DATA_DIR: dir };
  // The folder from a migrated template: initdb in a folder takes ~10 s, loading a template ~1 s.
  const shared = process.env.PCP_TEMPLATE_DUMP;
  const template = shared && existsSync(shared) ? new Blob([readFileSync(shared)]) : await dumpMigratedTemplate();
  let database = await createDb({ dataDir: dir, loadDataDir: template });
  const { by, token, project } = await seed(database);
  const atCold = await snapshot(database);
  await database.close();

  lap('seeded folder');
  // 1. No server: this process opens the folder and copies it.
  const cold = join(base, 'cold.tar.gz');
  const b1 = await pcp(['backup', '--out', cold], env);
  assert.equal(b1.code, 0, b1.err);
  assert.match(b1.out, /^Backup written: .*cold\.tar\.gz \(\d+\.\d MB; .*\), taken with no server running\.$/m);
  assert.match(b1.out, /Checked: it opens; all \d+ migrations applied\./);
  assert.match(b1.out, new RegExp(`projects ${atCold['public.projects'].length}, project_history ${atCold['public.project_history'].length}\\b`));
  assert.match(b1.err, /copying .* done .*\n.*compressing\.\.\. done.*\n.*checking the copy .* done/, 'each step shows when it is done');
  assert.equal(statSync(cold).mode & 0o777, 0o600, 'a backup holds password hashes: its owner alone reads it');

  lap('cold backup');
  // 2. A server on the folder. First a backup taken while writers create tokens through it, each
  // token with its audit row in the same transaction (checked below).
  const server = startPcp(env);
  t.after(() => server.child.kill('SIGKILL'));
  const url = await server.ready;
  const pid = server.child.pid as number;
  lap('server started');
  const w = writers(url, token, 2);
  while (w.acked.length < 10 && !w.errors.length) await new Promise((r) => setTimeout(r, 20));
  const ackedBefore = [...w.acked];
  const busy = join(base, 'busy.tar.gz');
  // The writers stop once the server has handed out the copy (checking it is this process's work
  // alone), or after 40 more writes: the copy is taken within the first few of them.
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= w.stop();
  };
  const enough = setInterval(() => w.acked.length >= ackedBefore.length + 40 && stop(), 10);
  const b3 = await pcp(['backup', '--out', busy], env, (err) => {
    if (/for a consistent copy\.\.\. done/.test(err)) stop();
  });
  clearInterval(enough);
  stop();
  await stopping;
  const ackedDuring = w.acked.length - ackedBefore.length;
  assert.equal(b3.code, 0, b3.err);
  assert.deepEqual([w.errors, w.refusals], [[], []]);
  lap('busy backup');

  // 3. Then, with no writes, a change through the server and a backup it hands out on its socket:
  // nothing is written after it until the server stops, so the folder then is the backup's moment.
  const made = await call(url, new Agent({ keepAlive: false }), 'POST', '/api/v1/projects', token, { ...project, title: 'Made while the server runs' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const hot = join(base, 'hot.tar.gz');
  const b2 = await pcp(['backup', '--out', hot], env);
  assert.equal(b2.code, 0, b2.err);
  assert.match(b2.out, new RegExp(`taken while the server \\(pid ${pid}\\) was running`));
  assert.match(b2.err, new RegExp(`asking the server running on .* \\(pid ${pid}\\) for a consistent copy\\.\\.\\. done`));
  lap('hot backup');

  // 4. Restore is refused while the server runs: nothing is touched, no folder left beside it.
  const refused = await pcp(['restore', '--from', hot, '--force'], env);
  assert.equal(refused.code, EXIT.folderLocked, refused.err);
  assert.match(refused.err, new RegExp(`Refused: a PCP Tracker server \\(pid ${pid}\\) is running on .*data\\. Stop it .*Nothing was changed\\.`));
  assert.deepEqual(readdirSync(base).sort(), ['busy.tar.gz', 'cold.tar.gz', 'data', 'hot.tar.gz']);
  server.child.kill('SIGTERM');
  assert.equal((await server.exited).code, 0);
  lap('refused restore, server stopped');
  database = await createDb({ dataDir: dir });
  const atHot = await snapshot(database);
  assert.ok(titles(atHot).includes('Made while the server runs'));
  // The change after the backups: a project added with the server stopped.
  await addProject(database, by, project, 'Made after the backups');
  await database.close();

  lap('snapshot and change');
  // The busy copy: every token acknowledged before it began, each token with its audit row and no
  // audit row without its token (no transaction half in it), nothing that was never written.
  {
    const copy = await createDb({ loadDataDir: new File([gunzipSync(readFileSync(busy))], 'pgdata.tar', { type: 'application/x-tar' }) });
    const tokens = (await copy.exec('select id::text as id from api_tokens order by 1')).rows.map((r) => r.id);
    const audited = (await copy.exec(`select entity_id as id from audit_log where entity = 'api_token' and action = 'created' order by 1`)).rows.map(
      (r) => r.id,
    );
    await copy.close();
    assert.deepEqual(tokens, audited);
    for (const id of ackedBefore) assert.ok(tokens.includes(id), `token ${id}, acknowledged before the backup, is in it`);
    const written = new Set((atHot['public.api_tokens'] as { id: string }[]).map((x) => x.id));
    assert.ok(
      tokens.every((id) => written.has(id as string)),
      'everything in the copy was written',
    );
    t.diagnostic(`busy backup: ${ackedBefore.length} tokens before it, ${ackedDuring} acknowledged after it began, ${tokens.length} in the copy`);
  }

  lap('busy copy checked');
  // 5. Into the folder that holds data: refused without --force, and nothing changed.
  const print = fingerprint(dir);
  const noForce = await pcp(['restore', '--from', hot], env);
  assert.equal(noForce.code, EXIT.targetNotEmpty, noForce.err);
  assert.match(noForce.err, /Refused: .*data is not empty\. To replace its database with the backup, run again with --force.*Nothing was changed\./);
  assert.equal(fingerprint(dir), print);

  // 6. A damaged file, a file that is no backup, and one of the other database: refused, nothing changed.
  const whole = readFileSync(cold);
  const bad: [string, Uint8Array, RegExp][] = [
    ['cut.tar.gz', whole.subarray(0, Math.floor(whole.length / 2)), /cannot be decompressed \(unexpected end of file; cut short/],
    ['flipped.tar.gz', Buffer.concat([whole.subarray(0, 5000), Buffer.from([whole[5000] ^ 0xff]), whole.subarray(5001)]), /cannot be decompressed/],
    ['notes.txt', Buffer.from('not a backup\n'), /it is not a gzip file/],
    ['other.tar.gz', gzipSync(Buffer.alloc(4096, 7)), /an entry's header is corrupt/],
    ['pg.dump', Buffer.from('PGDMP\x01\x0e\x00'), /it is a PostgreSQL dump \(pg_dump --format=custom\): restore it with DATABASE_URL set/],
  ];
  for (const [name, bytes, why] of bad) {
    writeFileSync(join(base, name), bytes);
    const r = await pcp(['restore', '--from', join(base, name), '--force'], env);
    assert.equal(r.code, EXIT.backupDamaged, `${name}: ${r.err}`);
    assert.match(
      r.err,
      new RegExp(`The backup file .*${name.replace('.', '\\.')} is damaged or is not a PCP Tracker backup: .*${why.source}.*Nothing was changed\\.`),
    );
    assert.equal(fingerprint(dir), print, `${name}: the folder is as it was`);
    assert.deepEqual(leftovers(base), [], `${name}: no half-restored folder is left`);
  }

  lap('refusals');
  // 7. The backup taken while the server ran, with --force: the data of that moment, the later
  // change gone, and the folder that was there kept aside with it.
  const r1 = await pcp(['restore', '--from', hot, '--force'], env);
  assert.equal(r1.code, 0, r1.err);
  const aside = /kept as (\S+): delete it/.exec(r1.out)?.[1] as string;
  assert.ok(aside && existsSync(join(aside, 'pgdata', 'PG_VERSION')), r1.out);
  assert.match(r1.out, new RegExp(`Checked: it opens; all \\d+ migrations applied\\.\\nRows: .*projects ${atHot['public.projects'].length}\\b`));
  assert.match(r1.err, /reading .*hot\.tar\.gz\.\.\. done, \d+ files, PostgreSQL \d+.*\n.*unpacking it into .* done/);
  database = await createDb({ dataDir: dir });
  const restoredHot = await snapshot(database);
  await database.close();
  assert.deepEqual(restoredHot, atHot);
  assert.ok(!titles(restoredHot).includes('Made after the backups'));
  assert.equal(fingerprint(aside), print, 'the folder kept aside is the one that was there, with the later change');

  lap('hot restore and snapshot');
  // 8. The backup taken with no server, into a folder that does not exist yet.
  const fresh = join(base, 'fresh', 'data');
  const r2 = await pcp(['restore', '--from', cold], { ...env, PCP_DATA_DIR: fresh });
  assert.equal(r2.code, 0, r2.err);
  assert.doesNotMatch(r2.out, /kept as/);
  database = await createDb({ dataDir: fresh });
  assert.deepEqual(await snapshot(database), atCold);
  await database.close();
  assert.deepEqual(leftovers(base), []);
  assert.deepEqual(leftovers(join(base, 'fresh')), []);
  lap('cold restore and snapshot');
});

test('PostgreSQL: pg_dump backup; change; pg_restore into an empty database gives back the backup exactly; refusals change nothing', {
  skip: process.env.PCP_TEST_DATABASE_URL ? false : 'needs PCP_TEST_DATABASE_URL',
}, async (t) => {
  const serverUrl = process.env.PCP_TEST_DATABASE_URL as string;
  const base = mkdtempSync(join(tmpdir(), 'pcp-backup-pg-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const scratch = async () => {
    const s = await scratchDatabase(serverUrl, 'pcp_backup');
    t.after(s.drop);
    return s;
  };
  const source = await scratch();
  let database = await createDb({ databaseUrl: source.url });
  const { by, project } = await seed(database);
  const atBackup = await snapshot(database);

  const file = join(base, 'pcp.dump');
  const b = await pcp(['backup', '--out', file], { DATABASE_URL: source.url });
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /^Backup written: .*pcp\.dump \(\d+\.\d MB; pg_dump custom format\)\.$/m);
  assert.match(b.out, new RegExp(`Checked: it opens; all \\d+ migrations applied\\.\\nRows: .*projects ${atBackup['public.projects'].length}\\b`));
  assert.match(b.err, /dumping the database with pg_dump .* done.*\n.*checking the dump .* done/);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  await addProject(database, by, project, 'Made after the backup');
  await database.close();

  // Refused: the database holds data (and --force does not replace a PostgreSQL database).
  const full = await pcp(['restore', '--from', file], { DATABASE_URL: source.url });
  assert.equal(full.code, EXIT.targetNotEmpty, full.err);
  assert.match(full.err, /Refused: the database "pcp_backup_\w+" is not empty .*create one \(createdb pcp_restored\), point DATABASE_URL at it/);
  const force = await pcp(['restore', '--from', file, '--force'], { DATABASE_URL: source.url });
  assert.equal(force.code, 2, force.err);
  assert.match(force.err, /--force is for a PGlite folder/);

  // Refused: PCP Tracker is connected to the (empty) database; a damaged dump; a PGlite backup.
  const target = await scratch();
  const app = await createDb({ databaseUrl: target.url, migrate: false });
  await app.exec('select 1');
  const inUse = await pcp(['restore', '--from', file], { DATABASE_URL: target.url });
  await app.close();
  assert.equal(inUse.code, EXIT.folderLocked, inUse.err);
  assert.match(inUse.err, /Refused: PCP Tracker is connected to the database "pcp_backup_\w+" .*Stop it/);
  const whole = readFileSync(file);
  writeFileSync(join(base, 'cut.dump'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  writeFileSync(join(base, 'pglite.tar.gz'), gzipSync(Buffer.from('x')));
  for (const [name, why] of [
    ['cut.dump', /is damaged/],
    ['pglite.tar.gz', /it is a PGlite backup: restore it with DATABASE_URL unset/],
  ] as const) {
    const r = await pcp(['restore', '--from', join(base, name)], { DATABASE_URL: target.url });
    assert.equal(r.code, EXIT.backupDamaged, `${name}: ${r.err}`);
    assert.match(r.err, why);
    assert.match(r.err, /Nothing was changed\./);
  }
  database = await createDb({ databaseUrl: target.url, migrate: false });
  assert.equal((await database.exec(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`)).rows[0].n, 0);
  await database.close();

  // No pg_dump where it is looked for: the exact commands to run instead.
  const missing = await pcp(['backup', '--out', join(base, 'x.dump')], { DATABASE_URL: source.url, PCP_PG_BIN: join(base, 'no-bin') });
  assert.equal(missing.code, EXIT.toolMissing, missing.err);
  assert.match(
    missing.err,
    /pg_dump was not found in .*no-bin \(PCP_PG_BIN\)\..*\n {2}pg_dump --format=custom --file=pcp\.dump "\$DATABASE_URL"\n {2}createdb pcp_restored && pg_restore /,
  );
  assert.ok(!existsSync(join(base, 'x.dump')));

  // Into the empty database: what was there at the backup, and the later change is not.
  const r = await pcp(['restore', '--from', file], { DATABASE_URL: target.url });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Restored the database "pcp_backup_\w+" from .*pcp\.dump\.\nChecked: it opens; all \d+ migrations applied\./);
  database = await createDb({ databaseUrl: target.url, migrate: false });
  const restored = await snapshot(database);
  await database.close();
  assert.deepEqual(restored, atBackup);
  assert.ok(!titles(restored).includes('Made after the backup'));
  assert.deepEqual(
    readdirSync(base).filter((n) => n.includes('partial')),
    [],
  );
});
