import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { generatePortfolio, NATIONAL } from './bench/generate.js';
import { migrationsFolder } from './src/platform/db/client.js';
const DUMP = '/tmp/exp/pgl.tar.gz';
let client: PGlite;
if (existsSync(DUMP)) {
  client = new PGlite({ extensions: { btree_gist }, loadDataDir: new Blob([readFileSync(DUMP)]) });
  await client.waitReady;
} else {
  client = new PGlite({ extensions: { btree_gist } });
  await client.waitReady;
  await migrate(drizzle(client), { migrationsFolder });
  const d = { exec: async (s: string, p?: unknown[]) => ({ rows: (await client.query(s, p)).rows as Record<string, unknown>[] }) } as never;
  await generatePortfolio(d, NATIONAL, console.log);
  await client.exec(`create extension if not exists btree_gist;
alter table project_history add column valid_to timestamptz;
update project_history h set valid_to = n.nxt from (select id, lead(effective_at) over (partition by project_id order by effective_at, id) nxt from project_history) n where n.id = h.id;
create index ph_office_period on project_history using gist (office_id, tstzrange(effective_at, valid_to, '[)'));`);
  await client.exec('vacuum analyze project_history');
  writeFileSync(DUMP, Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer()));
}
const O = (await client.query<{ id: string }>(`select id from offices where slug='bench-1'`)).rows[0].id;
const instants = ['2018-03-31T22:59:59Z', '2019-06-30T22:59:59Z', '2020-12-31T23:59:59Z'];
const cols = `s.project_id as "id", s.title, s.objective, s.stage, s.strand_id as "strandId", s.priority_ids as "priorityIds", s.lead, s.statutory, s.forecast_end as "forecastEnd", s.forecast_precision as "forecastPrecision", s.umbrella_id as "umbrellaId", s.merged_into_id as "mergedIntoId", s.version, s.effective_at as "effectiveAt"`;
const lat = `select ${cols} from projects p cross join lateral (select * from project_history h where h.project_id = p.id and h.effective_at <= $2 order by h.effective_at desc, h.id desc limit 1) s where p.office_id = $1 order by s.title`;
const gist = `select ${cols} from project_history s where s.office_id = $1 and tstzrange(s.effective_at, s.valid_to, '[)') @> $2::timestamptz order by s.title`;
const gistJson = `select coalesce(json_agg(x), '[]') as j from (${gist}) x`;
const gistId = `select s.project_id from project_history s where s.office_id = $1 and tstzrange(s.effective_at, s.valid_to, '[)') @> $2::timestamptz order by s.title`;
const latJson = `select coalesce(json_agg(x), '[]') as j from (${lat}) x`;
for (const [name, q] of [['lateral', lat], ['gist', gist], ['gistJson', gistJson], ['gistId', gistId], ['latJson', latJson], ['lateral', lat], ['gist', gist], ['gistJson', gistJson]]) {
  const t: number[] = [];
  for (let i = 0; i < 200; i++) { const s = performance.now(); await client.query(q, [O, instants[i % 3]]); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(name.padEnd(10), 'p50', t[100].toFixed(2), 'p99', t[197].toFixed(2));
}
