// Runs every *.test.ts file through node's test runner, on PGlite and (when PCP_TEST_PG_URL is set)
// again on a real PostgreSQL server, but for files marked `test-pass: pglite-only` (see below); then
// the browser specs when asked. Fails when no test ran: node --test with no file arguments finds
// nothing on Node 20 and exits 0.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const e2eOnly = args.includes('--e2e');
// Browser specs run wherever Chromium is installed (PCP_E2E=0 skips them, =1 insists on them).
const withE2e = e2eOnly || process.env.PCP_E2E === '1' || (process.env.PCP_E2E !== '0' && existsSync(process.env.PCP_CHROMIUM ?? '/usr/bin/chromium'));
const filters = args.filter((a) => !a.startsWith('--'));

/** Every file under dir (node_modules and dot-folders left out), relative to the repository. */
function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(relative(root, p));
  }
  return out;
}

const all = [...files(join(root, 'src')), ...files(join(root, 'test'))].filter((f) => f.endsWith('.test.ts')).sort();
const pick = (files: string[]) => (filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files);
const unit = pick(all.filter((f) => !f.startsWith('test/e2e/')));
/**
 * Files whose outcome cannot depend on the database (pure functions, document layout, demo data
 * entry already covered on PostgreSQL elsewhere) say so on a line of their own,
 * `// test-pass: pglite-only (why)`, and run once, in the PGlite pass.
 */
const PGLITE_ONLY = /^\/\/ test-pass: pglite-only \(.+\)$/m;
const onPostgres = unit.filter((f) => !PGLITE_ONLY.test(readFileSync(join(root, f), 'utf8')));
const e2e = pick(all.filter((f) => f.startsWith('test/e2e/')));

type Tally = { pass: number; fail: number; skipped: number };
/**
 * Runs files through node's test runner: the spec reporter to the terminal, and TAP to a file whose
 * closing summary (`# pass N`, `# fail N`, ...) is the runner's own count of what ran.
 */
function run(label: string, files: string[], env: Record<string, string>): Promise<Tally> {
  return new Promise((res) => {
    console.log(`\n=== ${label}: ${files.length} files ===`);
    const dir = mkdtempSync(join(tmpdir(), 'pcp-test-'));
    const tap = join(dir, 'results.tap');
    const times = join(dir, 'times.jsonl');
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        // A test that hangs fails after ten minutes: a hang must fail the run, not stall CI. (Not
        // --test-force-exit: on Node 20 it ends the run before the TAP file with the counts is written.)
        '--test-timeout=600000',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        `--test-reporter=${join(import.meta.dirname, 'file-times.mjs')}`,
        `--test-reporter-destination=${times}`,
        ...files,
      ],
      { cwd: root, env: { ...process.env, TZ: 'Europe/London', ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('close', (code) => {
      const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      printTimes(label, Date.now() - started, existsSync(times) ? readFileSync(times, 'utf8') : '');
      rmSync(dir, { recursive: true, force: true });
      const n = (k: string) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
      const fail = n('fail') + n('cancelled');
      // A runner that died without a summary, or exited non-zero with none failed, still fails the run.
      res({ pass: n('pass'), fail: fail + (code !== 0 && fail === 0 ? 1 : 0), skipped: n('skipped') + n('todo') });
    });
  });
}

/**
 * How long the pass took and its slowest files (each file's own process, from start to exit; files
 * run side by side, so these add up to more than the pass). PCP_TEST_TIMES=<file> appends every
 * file's time there as `pass<TAB>ms<TAB>file`, to compare runs.
 */
function printTimes(label: string, wallMs: number, jsonl: string) {
  const rows = jsonl
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { file: string; ms: number })
    .map((r) => ({ file: relative(root, r.file), ms: r.ms }))
    .sort((a, b) => b.ms - a.ms);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const sum = rows.reduce((n, r) => n + r.ms, 0);
  console.log(`\n=== ${label}: ${s(wallMs)} (${rows.length} files, ${s(sum)} in files); slowest: ===`);
  for (const r of rows.slice(0, 15)) console.log(`${s(r.ms).padStart(9)}  ${r.file}`);
  if (process.env.PCP_TEST_TIMES) appendFileSync(process.env.PCP_TEST_TIMES, rows.map((r) => `${label}\t${r.ms}\t${r.file}\n`).join(''));
}

/** A migrated PGlite data folder (test/templates.ts), made once per set of migrations and loaded by every test file. */
async function templateDump(): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { PGLITE_TEMPLATE_VERSION, tunedPgliteTemplate } = await import('./templates.js');
  const dir = join(root, 'migrations');
  const h = createHash('sha256').update(PGLITE_TEMPLATE_VERSION);
  for (const f of files(dir).sort()) h.update(f).update(readFileSync(join(root, f)));
  const path = join(root, 'node_modules/.cache/pcp', `template-${h.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await tunedPgliteTemplate());
  }
  return path;
}
const totals: Tally = { pass: 0, fail: 0, skipped: 0 };
const add = (t: Tally) => {
  totals.pass += t.pass;
  totals.fail += t.fail;
  totals.skipped += t.skipped;
};
const template = await templateDump();
if (!e2eOnly) {
  add(await run('PGlite', unit, { PCP_TEMPLATE_DUMP: template }));
  const serverUrl = process.env.PCP_TEST_PG_URL;
  if (serverUrl && onPostgres.length) {
    // Migrated once on the server; each test's database is a copy of it (test/templates.ts).
    const { makePgTemplate } = await import('./templates.js');
    const pgTemplate = await makePgTemplate(serverUrl);
    try {
      add(
        await run('PostgreSQL', onPostgres, {
          PCP_TEST_DATABASE_URL: serverUrl,
          PCP_TEST_PG_TEMPLATE: pgTemplate.name,
          // Hostile input is the same to both databases: one run a route on PostgreSQL, the full runs on PGlite.
          PCP_HOSTILE_RUNS: process.env.PCP_HOSTILE_RUNS ?? '1',
        }),
      );
    } finally {
      await pgTemplate.drop();
    }
  }
}
if (withE2e && e2e.length) add(await run('Browser (Chromium)', e2e, { PCP_TEST_DATABASE_URL: '', PCP_TEMPLATE_DUMP: template }));

const expectedMin = Number(process.env.PCP_MIN_TESTS ?? 1);
console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
if (totals.pass < expectedMin) {
  console.error(`Only ${totals.pass} tests ran; expected at least ${expectedMin}.`);
  process.exit(1);
}
process.exit(totals.fail ? 1 : 0);
