// History and audit rows cannot be rewritten, even by someone holding the app's database login:
// triggers (migration security_sql) refuse every UPDATE, DELETE and TRUNCATE, except the one write
// the app itself makes: closing a validity range (valid_to, from empty to a time) once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../../test/helpers.js';

const REFUSED = /history cannot be rewritten|closed once/;

test('history and audit rows refuse a forged update, a delete and a truncate; the app’s own writes still work', async (t) => {
  const c = clock('2018-01-10T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const exec = (sql: string) => w.database.exec(sql);

  // The app writes every kind of row the triggers guard.
  const p = await w.services.projects.create({
    by: n.editor,
    input: { title: 'Barnahus', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], objective: 'An objective', forecastEnd: '2018-Q2' },
  });
  c.advance(60_000);
  await w.services.projects.update({ by: n.editor, id: p.id, input: { version: 1, title: 'Barnahus pilot', reason: 'clearer' } });
  const d = await w.services.decisions.create({ by: n.editor, input: { reference: 'ID: 507', title: 'Stalking support' } });
  await w.services.decisions.update({ by: n.editor, id: d.id, input: { version: d.version, title: 'Stalking support service' } });
  await w.services.targets.updateSettings({ by: n.admin, input: { tolerancePct: '15', reason: 'Agreed with the Panel' } });
  await w.services.plan.updateStrand({ by: n.admin, id: n.strands[0].id, input: { name: 'Big Issues renamed' } });

  // The project's first row was closed by the app when the edit came: the one update allowed.
  const rows = (await exec(`select id, valid_to from project_history where project_id = '${p.id}' order by id`)).rows;
  assert.equal(rows.length, 2);
  assert.ok(rows[0].valid_to, 'the app closed the earlier row');
  assert.equal(rows[1].valid_to, null);

  const tables = ['project_history', 'decision_history', 'targets_history', 'audit_log', 'strand_versions', 'priority_versions'];
  for (const table of tables) {
    const count = async () => Number((await exec(`select count(*)::int as n from ${table}`)).rows[0].n);
    const before = await count();
    assert.ok(before > 0, `${table} has rows to forge`);
    const forged = table.endsWith('_versions') ? `update ${table} set name = 'FORGED'` : `update ${table} set actor_name = 'FORGED'`;
    await assert.rejects(exec(forged), REFUSED, `${table}: forged update`);
    await assert.rejects(exec(`delete from ${table}`), REFUSED, `${table}: delete`);
    await assert.rejects(exec(`truncate ${table} cascade`), REFUSED, `${table}: truncate`);
    assert.equal(await count(), before, `${table} kept every row`);
    const forgedRows = table.endsWith('_versions') ? `name = 'FORGED'` : `actor_name = 'FORGED'`;
    assert.equal(Number((await exec(`select count(*)::int as n from ${table} where ${forgedRows}`)).rows[0].n), 0);
  }

  // A closed range cannot be moved, nor an open one closed together with another change.
  await assert.rejects(exec(`update project_history set valid_to = now() where id = ${rows[0].id}`), REFUSED);
  await assert.rejects(exec(`update project_history set valid_to = now(), title = 'FORGED' where id = ${rows[1].id}`), REFUSED);
  await assert.rejects(exec(`update project_history set valid_to = null where id = ${rows[0].id}`), REFUSED);

  // The app goes on writing history after all this.
  c.advance(60_000);
  await w.services.projects.update({ by: n.editor, id: p.id, input: { version: 2, title: 'Barnahus service' } });
  const after = (await exec(`select valid_to from project_history where project_id = '${p.id}' order by id`)).rows;
  assert.equal(after.length, 3);
  assert.ok(after[1].valid_to);
});

test('the history of the plan, grants and Panel areas, rule versions, declarations and papers as sent are append-only too', async (t) => {
  const w = await world(t);
  const exec = (sql: string) => w.database.exec(sql);
  const guarded = ['plan_events', 'grant_history', 'grant_round_rules', 'grant_declarations', 'grant_declines', 'panel_history', 'panel_papers'];
  // Each table has both triggers, on the one function that refuses.
  const triggers = (
    await exec(
      `select c.relname as t, tg.tgname as name, p.proname as fn from pg_trigger tg join pg_class c on c.oid = tg.tgrelid join pg_proc p on p.oid = tg.tgfoid where not tg.tgisinternal`,
    )
  ).rows as { t: string; name: string; fn: string }[];
  for (const table of guarded) {
    // The office's change counter (migrations/0032_change_counter_sql.sql) is on every table with an office; it guards nothing.
    const mine = triggers.filter((r) => r.t === table && r.name !== 'pcp_office_changed');
    assert.deepEqual(mine.map((r) => r.name).sort(), [`${table}_append_only`, `${table}_no_truncate`], table);
    assert.ok(
      mine.every((r) => r.fn === 'pcp_history_refuse'),
      table,
    );
    await assert.rejects(exec(`truncate ${table} cascade`), REFUSED, `${table}: truncate`);
  }
  // A row the app wrote (the plan's first transition) cannot be forged or removed.
  const plan = await w.services.plan.createPlan({
    by: w.north.admin,
    input: { title: 'Community Safety and Criminal Justice Plan 2017-2022', periodStart: '2017-04-01', periodEnd: '2022-03-31', status: 'draft' },
  });
  const n = async () => Number((await exec(`select count(*)::int as n from plan_events where plan_id = '${plan.id}'`)).rows[0].n);
  const before = await n();
  assert.ok(before > 0, 'the plan has an event');
  await assert.rejects(exec(`update plan_events set actor_name = 'FORGED'`), REFUSED);
  await assert.rejects(exec(`delete from plan_events`), REFUSED);
  assert.equal(await n(), before);
});

test('every history, versions, events and audit table in the schema is append-only: a new one without its triggers fails here', async (t) => {
  const w = await world(t);
  const rows = (
    await w.database.exec(
      `select c.relname as t, coalesce(array_agg(tg.tgname::text) filter (where tg.tgname is not null), '{}') as names
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         left join pg_trigger tg on tg.tgrelid = c.oid and not tg.tgisinternal
        where n.nspname = 'public' and c.relkind = 'r'
          and (c.relname ~ '_(history|versions|events)$' or c.relname = 'audit_log')
        group by c.relname order by c.relname`,
    )
  ).rows as { t: string; names: string[] }[];
  assert.ok(rows.length >= 10, `found ${rows.map((r) => r.t).join(', ')}`);
  for (const { t: table, names } of rows) {
    const has = (suffix: string) => names.includes(`${table}_${suffix}`);
    assert.ok(has('no_truncate'), `${table} refuses TRUNCATE`);
    // Append-only outright, or (a validity range closed once by the app) no delete and no other update.
    assert.ok(has('append_only') || (has('close_once') && has('no_delete')), `${table} refuses UPDATE and DELETE: has ${names.join(', ')}`);
  }
});
