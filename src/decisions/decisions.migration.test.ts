// Migration 0006 turns the free-text decision references into links to the office's notices.
// Run on PGlite from the state migration 0005 left, with rows as the app wrote them then.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../platform/db/client.js';

test('migration 0006 links notices by reference within the office and keeps what matched nothing', async (t) => {
  const before = mkdtempSync(join(tmpdir(), 'pcp-mig-'));
  t.after(() => rmSync(before, { recursive: true, force: true }));
  cpSync(migrationsFolder, before, { recursive: true });
  const journalPath = join(before, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 5);
  writeFileSync(journalPath, JSON.stringify(journal));

  const client = new PGlite({ extensions: { btree_gist } });
  t.after(() => client.close());
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: before });
  const q = async (sql: string) => (await client.query<Record<string, unknown>>(sql)).rows;
  const [north, south] = ['north', 'south'].map((s) => `'${s === 'north' ? '00000000-0000-4000-8000-00000000000a' : '00000000-0000-4000-8000-00000000000b'}'`);
  await q(`insert into offices (id, slug, name, area) values (${north}, 'north', 'North', 'n'), (${south}, 'south', 'South', 's')`);
  await q(`insert into strands (id, office_id, position, name) values ('00000000-0000-4000-8000-0000000000c1', ${north}, 1, 'S')`);
  const P = "'00000000-0000-4000-8000-0000000000e1'";
  await q(
    `insert into projects (id, office_id, title, strand_id, stage, decision_refs) values (${P}, ${north}, 'Barnahus', '00000000-0000-4000-8000-0000000000c1', 'scoping', '{507,999,"DN 12"}')`,
  );
  const D507 = "'00000000-0000-4000-8000-0000000000d1'";
  const D12 = "'00000000-0000-4000-8000-0000000000d2'";
  const D999S = "'00000000-0000-4000-8000-0000000000d3'";
  const P2 = "'00000000-0000-4000-8000-0000000000e2'";
  await q(
    `insert into projects (id, office_id, title, strand_id, stage) values (${P2}, ${north}, 'Other', '00000000-0000-4000-8000-0000000000c1', 'candidate')`,
  );
  await q(`insert into decisions (id, office_id, reference, title, project_ids) values
    (${D507}, ${north}, 'ID: 507', 'Stalking', '{${P2.slice(1, -1)}}'),
    (${D12}, ${north}, 'dn 12', 'Twelve', '{}'),
    (${D999S}, ${south}, 'ID: 999', 'South only', '{${P.slice(1, -1)}}')`);
  const snap = `'Barnahus', '', 'scoping', '00000000-0000-4000-8000-0000000000c1', '{}', '', false, 'tbd'`;
  await q(`insert into project_history (office_id, project_id, version, kind, move, changes, decision_ref, effective_at, recorded_at, actor_name, title, objective, stage, strand_id, priority_ids, lead, statutory, forecast_precision) values
    (${north}, ${P}, 1, 'created', null, '{"decisionRefs":{"from":null,"to":["507","999","DN 12"]}}', null, '2018-01-01', '2018-01-01', 'Jo', ${snap}),
    (${north}, ${P}, 2, 'moved', 'scope', '{"stage":{"from":"candidate","to":"scoping"}}', '507', '2018-02-01', '2018-02-01', 'Jo', ${snap}),
    (${north}, ${P}, 3, 'moved', 'hold', '{"stage":{"from":"scoping","to":"on_hold"}}', '999', '2018-03-01', '2018-03-01', 'Jo', ${snap})`);
  const historyBefore = await q('select id, changes, reason, effective_at, valid_to from project_history order by id');

  await migrate(db, { migrationsFolder });

  const links = await q('select decision_id, project_id, office_id from decision_projects order by decision_id, project_id');
  // "507" is "ID: 507" and "DN 12" is "dn 12" (north's own); the notice's own list is kept; south's
  // notice never reaches a north project, though south's list named it.
  assert.deepEqual(
    links.map((l) => [l.decision_id, l.project_id]),
    [
      [D507.slice(1, -1), P.slice(1, -1)],
      [D507.slice(1, -1), P2.slice(1, -1)],
      [D12.slice(1, -1), P.slice(1, -1)],
    ],
  );
  assert.deepEqual((await q(`select decision_refs from projects where id = ${P}`))[0].decision_refs, ['999'], 'what matched nothing stays, as typed');
  const h = await q('select version, decision_id, decision_ref from project_history order by id');
  assert.deepEqual(
    h.map((r) => [r.version, r.decision_id, r.decision_ref]),
    [
      [1, null, null],
      [2, D507.slice(1, -1), '507'],
      [3, null, '999'],
    ],
  );
  // Past history is as it was: changes, reasons and the instants they describe.
  assert.deepEqual(await q('select id, changes, reason, effective_at, valid_to from project_history order by id'), historyBefore);
  assert.equal((await q("select count(*)::int as n from information_schema.columns where table_name = 'decisions' and column_name = 'project_ids'"))[0].n, 0);
  assert.equal((await q(`select exempt_visible_to_viewers from offices where id = ${north}`))[0].exempt_visible_to_viewers, false);
  assert.equal((await q(`select approved_precision from decisions where id = ${D507}`))[0].approved_precision, 'day');
});
