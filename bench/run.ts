// npm run bench [-- --db pglite|postgres|both] [--scale small] [--only import|grants|report|pages|load] [--load-seconds 5]
// Prints, for each database: the time to load a national-scale generated portfolio and the p50/p99 of
// the as-at query for one office at a past instant (goal: p99 under 20 ms), then the other benchmarks.
import { parseArgs } from 'node:util';
import { defaultDbTuning, testConfig } from '../src/config.js';
import { createDb, type Database } from '../src/platform/db/client.js';
import { scratchPostgres } from '../src/platform/db/scratch.js';
import { createServices } from '../src/app.js';
import { generatePortfolio, NATIONAL, type Scale } from './generate.js';
import { ms, percentiles, timeIt } from './stats.js';
import { benchPages } from './pages.js';
import { benchReport } from './report.bench.js';
import { benchImport } from './imports.bench.js';
import { benchLoad } from './load.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchGrants } from './grants.bench.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    scale: { type: 'string', default: 'national' },
    iterations: { type: 'string', default: '300' },
    // --only import: the spreadsheet import and export alone (bench/imports.bench.ts); --only grants: bench/grants.bench.ts; --only report: the as-at query and the quarterly paper (bench/report.bench.ts); --only pages: every page (bench/pages.ts).
    only: { type: 'string' },
    // The import's size in projects (each with ten dated changes): 5,000 by default.
    projects: { type: 'string', default: '5000' },
    // The load test's length of one run (each page and its static file, three rounds each).
    'load-seconds': { type: 'string', default: '5' },
  },
});
if (!['pglite', 'postgres', 'both'].includes(values.db as string)) {
  console.error('--db must be pglite, postgres or both');
  process.exit(2);
}
const scale: Scale = values.scale === 'small' ? { offices: 5, projects: 2_000, historyRows: 100_000 } : NATIONAL;
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 10) {
  console.error('--iterations must be a whole number of 10 or more');
  process.exit(2);
}
const pgUrl = process.env.PCP_BENCH_PG_URL ?? process.env.PCP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresDb(): Promise<Database | null> {
  try {
    // Generating a million history rows is one statement: on a busy machine it outlasts the app's 30 s limit.
    return await scratchPostgres(pgUrl, 'pcp_bench', { ...defaultDbTuning, statementTimeoutMs: 0 });
  } catch (e) {
    console.log(`PostgreSQL not usable at ${pgUrl} (${(e as Error).message}): skipped (set PCP_BENCH_PG_URL)`);
    return null;
  }
}

async function benchAsAt(label: string, database: Database) {
  console.log(`\n## ${label}: ${scale.offices} offices, ${scale.projects} projects, ${scale.historyRows} history rows`);
  const [counts, loadMs] = await timeIt(() => generatePortfolio(database, scale, (s) => console.log(`  loading: ${s}`)));
  console.log(`  loaded ${counts.projects} projects, ${counts.history} history rows, ${counts.offices} offices in ${(loadMs / 1000).toFixed(1)} s`);
  const services = createServices({ db: database.db, config: testConfig() });
  const offices = (await database.exec(`select id from offices where slug like 'bench-%' order by slug`)).rows.map((r) => r.id as string);
  const instants = ['2018-03-31T22:59:59Z', '2019-06-30T22:59:59Z', '2020-12-31T23:59:59Z'];
  // The generated valid_to must give what the app's own rows would: the range lookup agrees with a
  // probe of each project's newest row (the known-at path) at every instant measured.
  for (const at of instants) {
    const [fast, probed] = await Promise.all([
      services.projects.asAtInstant(offices[0], new Date(at)),
      services.projects.asAtInstant(offices[0], new Date(at), new Date()),
    ]);
    if (JSON.stringify(fast) !== JSON.stringify(probed)) throw new Error(`as-at range lookup and probe disagree at ${at}`);
  }
  // Warm up, then measure one office (the first) at past instants, as a quarterly report does.
  for (let i = 0; i < 20; i++) await services.projects.asAtInstant(offices[i % offices.length], new Date(instants[i % 3]));
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < iterations; i++) {
    const [r, t] = await timeIt(() => services.projects.asAtInstant(offices[0], new Date(instants[i % instants.length])));
    rows = r.length;
    samples.push(t);
  }
  const p = percentiles(samples);
  console.log(
    `  as-at query, one office (${rows} projects) at a past instant: p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, max ${ms(p.max)} over ${p.n} runs (goal p99 < 20 ms: ${p.p99 < 20 ? 'met' : 'NOT met'})`,
  );
  const across: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const [, t] = await timeIt(() => services.projects.asAtInstant(offices[i % offices.length], new Date(instants[i % instants.length])));
    across.push(t);
  }
  const q = percentiles(across);
  console.log(`  as-at query, rotating over all ${offices.length} offices: p50 ${ms(q.p50)}, p99 ${ms(q.p99)}`);
  return { services, offices };
}

const which = values.db as string;
const loadSeconds = Number(values['load-seconds']);

/** The load test on PGlite runs the server on a folder: the in-memory database's data copied into one. */
async function loadOnPglite(d: Database, officeId: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-load-'));
  const tar = await (d.dumpDataDir as () => Promise<Uint8Array>)();
  await d.close();
  const folder = await createDb({ dataDir: dir, loadDataDir: new Blob([tar as Uint8Array<ArrayBuffer>]) });
  await benchLoad({
    database: folder,
    services: createServices({ db: folder.db, config: testConfig() }),
    officeId,
    env: { PCP_DATA_DIR: dir, DATABASE_URL: '' },
    seconds: loadSeconds,
  });
}
if (values.only === 'load') {
  if (which === 'pglite' || which === 'both') {
    const d = await createDb({});
    await generatePortfolio(d, scale);
    const officeId = (await d.exec(`select id from offices where slug like 'bench-%' order by slug limit 1`)).rows[0].id as string;
    await loadOnPglite(d, officeId);
  }
  if (which === 'postgres' || which === 'both') {
    const d = await postgresDb();
    if (d) {
      await generatePortfolio(d, scale);
      const officeId = (await d.exec(`select id from offices where slug like 'bench-%' order by slug limit 1`)).rows[0].id as string;
      await benchLoad({
        database: d,
        services: createServices({ db: d.db, config: testConfig() }),
        officeId,
        env: { DATABASE_URL: d.url as string },
        seconds: loadSeconds,
      });
      await d.close();
    }
  }
  process.exit(0);
}
if (values.only === 'import') {
  const d = which === 'pglite' ? await createDb({}) : await postgresDb();
  if (d) {
    console.log(`\n## Spreadsheet import and export (${d.kind})`);
    await benchImport({ database: d, services: createServices({ db: d.db, config: testConfig() }), projects: Number(values.projects) });
    await d.close();
  }
  process.exit(0);
}
if (values.only === 'grants') {
  for (const kind of which === 'both' ? ['pglite', 'postgres'] : [which]) {
    const d = kind === 'pglite' ? await createDb({}) : await postgresDb();
    if (!d) continue;
    console.log(`\n## Grants (${d.kind})`);
    await benchGrants({ database: d, services: createServices({ db: d.db, config: testConfig() }) });
    await d.close();
  }
  process.exit(0);
}
if (values.only === 'pages') {
  for (const kind of which === 'both' ? ['pglite', 'postgres'] : [which]) {
    const d = kind === 'pglite' ? await createDb({}) : await postgresDb();
    if (!d) continue;
    console.log(`\n## Pages (${d.kind}): ${scale.offices} offices, ${scale.projects} projects`);
    await generatePortfolio(d, scale);
    const services = createServices({ db: d.db, config: testConfig() });
    const officeId = (await d.exec(`select id from offices where slug like 'bench-%' order by slug limit 1`)).rows[0].id as string;
    await benchPages({ database: d, services, officeId });
    await services.reports.close();
    await d.close();
  }
  process.exit(0);
}
if (values.only === 'report') {
  for (const kind of which === 'both' ? ['pglite', 'postgres'] : [which]) {
    const d = kind === 'pglite' ? await createDb({}) : await postgresDb();
    if (!d) continue;
    const { services, offices } = await benchAsAt(d.kind, d);
    await benchReport({ database: d, services, officeId: offices[0] });
    await services.reports.close();
    await d.close();
  }
  process.exit(0);
}
if (which === 'pglite' || which === 'both') {
  const d = await createDb({});
  const { services, offices } = await benchAsAt('PGlite (embedded, in memory)', d);
  // The report first: its Word file must draw its charts, not reuse those the report page drew.
  await benchReport({ database: d, services, officeId: offices[0] });
  await benchPages({ database: d, services, officeId: offices[0] });
  await benchGrants({ database: d, services });
  await services.reports.close();
  await loadOnPglite(d, offices[0]);
}
if (which === 'postgres' || which === 'both') {
  const d = await postgresDb();
  if (d) {
    const { services, offices } = await benchAsAt(`PostgreSQL (${(await d.exec('show server_version')).rows[0].server_version})`, d);
    await benchReport({ database: d, services, officeId: offices[0] });
    await benchPages({ database: d, services, officeId: offices[0] });
    await benchImport({ database: d, services });
    await benchGrants({ database: d, services });
    await benchLoad({ database: d, services, officeId: offices[0], env: { DATABASE_URL: d.url as string }, seconds: loadSeconds });
    await services.reports.close();
    await d.close();
  }
}
