import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { createImportsService, RowsInvalid } from './imports.service.js';

const HEAD = 'Project,Change,Date,Reason,Strand,Priorities,Objective,Overview,Outcome,Lead,Statutory,Forecast end,Merged into';
// Every kind of change the sheet has, merges (two into one on a day), changes on the same day, one today.
const TRACKER = Buffer.from(
  `${[
    HEAD,
    'Estate Change,Delivery,02/10/2017,,Policing,Reduce offending,Deliver the estate strategy,Overview,Outcome,Jo,Yes,2020-Q2,',
    'Hate Crime,Identified,2017-10-02,,Big Issues,Champion community needs; Reduce offending,Raise awareness,,,,,2018-Q4,',
    'Hate Crime,Scoping,15/01/2018,,,,,,,,,,',
    'Safety Net,Scoping,02/10/2017,,Big Issues,Champion community needs,Review,,,,,TBD,',
    'Safety Net,Merged into,20/02/2018,Same work,,,,,,,,,Hate Crime',
    'Knife Crime,Identified,02/10/2017,,Big Issues,Reduce offending,,,,,,TBD,',
    'Knife Crime,Merged into,20/02/2018,Same work,,,,,,,,,Hate Crime',
    'Estate Change,Forecast changed,01/03/2018,Planning delays,,,,,,,,2020-Q4,',
    'Estate Change,Forecast changed,01/03/2018,,,,,,,,,2020-Q4,',
    'Estate Change,Objective changed,01/03/2018,,,,New objective,,,,,,',
    'Hate Crime,On hold,05/03/2018,Waiting for funding,,,,,,,,,',
    'Hate Crime,Resumed,06/03/2018,,,,,,,,,,',
    'Cyber,Scoping,01/04/2018,,Policing,Reduce offending,,,,,,2019-04,',
    'Cyber,Completed,01/06/2018,,,,,,,,,,',
    'Estate Change,Closed,01/06/2018,No longer needed,,,,,,,,,',
    // Text the rows are sent in arrays with: quotes, commas, braces, a backslash, NULL as a word.
    '"Odd, ""quoted"" {title} \\ NULL",Identified,02/10/2017,"Why, {not}",Policing,Reduce offending,"=1+1",,,NULL,,TBD,',
  ].join('\n')}\n`,
);

test('the batch writes the rows the projects service writes, change for change (history, snapshots, versions, valid_to), and refuses what the service refuses', async (t) => {
  const c = clock('2018-06-01T09:00:00Z');
  const w = await world(t, { now: c.now });
  const serviceOnly = createImportsService({ db: w.database.db, now: c.now, serviceOnly: true });
  const batch = await w.services.imports.run({ by: w.north.editor, type: 'projects', name: 't.csv', data: TRACKER });
  const slow = await serviceOnly.run({ by: { ...w.south.editor, name: w.north.editor.name }, type: 'projects', name: 't.csv', data: TRACKER });

  // Everything an office's id would differ by is named instead: projects by title, strands and priorities by name (lists of ids sorted by name).
  const snapshot = async (officeId: string, importId: string) => {
    const q = (sql: string) => w.database.exec(sql, [officeId]).then((r) => r.rows as Record<string, unknown>[]);
    const names = new Map<unknown, unknown>([
      [importId, 'the import'],
      [null, null],
    ]);
    for (const r of await q(
      `select id, title as name from projects where office_id = $1 union all select id, name from strands where office_id = $1 union all select id, name from priorities where office_id = $1`,
    ))
      names.set(r.id, r.name);
    const named = (v: unknown): unknown => (Array.isArray(v) ? v.map(named).sort() : names.has(v) ? names.get(v) : v);
    const deep = (v: unknown): unknown =>
      typeof v === 'string'
        ? named(v)
        : Array.isArray(v)
          ? v.every((x) => typeof x === 'string')
            ? v.map(named).sort()
            : v.map(deep)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
            : v;
    const history = (
      await q(
        `select project_id, version, kind, move, changes, reason, effective_at, valid_to, actor_name, title, objective, stage, strand_id, priority_ids, lead, statutory,
                forecast_end, forecast_precision, umbrella_id, merged_into_id, import_id, import_row, decision_id from project_history where office_id = $1 order by id`,
      )
    ).map((r) => deep(r));
    const projects = (
      await q(
        `select title, objective, overview, outcome, strand_id, lead, statutory, forecast_end, forecast_precision, umbrella_id, merged_into_id, stage, held_from, version
           from projects where office_id = $1 order by title`,
      )
    ).map((r) => deep(r));
    const priorities = (await q(`select project_id, priority_id from project_priorities where office_id = $1`)).map((r) => deep(r));
    return { history, projects, priorities: priorities.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
  };
  const a = await snapshot(w.north.office.id, batch.id);
  const b = await snapshot(w.south.office.id, slow.id);
  // 6 entered, 11 later rows of which the repeated forecast end writes none and the two merges into Hate Crime one row there.
  assert.equal(a.history.length, 16);
  assert.ok(
    (a.projects as { title: string; lead: string; objective: string }[]).some(
      (p) => p.title === 'Odd, "quoted" {title} \\ NULL' && p.lead === 'NULL' && p.objective === '=1+1',
    ),
  );
  // The batch appends in the order the service does; rows of one project keep their order either way.
  assert.deepEqual(a, b);
  assert.equal((await w.services.imports.get(w.north.office.id, batch.id)).historyRows, 16);

  // A refusal the service makes while entering (a later forecast end with no reason) is the batch's too: row and column, nothing written.
  const before = await w.database.exec('select count(*)::int as n from project_history');
  const bad = Buffer.from(
    `${HEAD}\nNew One,Scoping,01/02/2018,,Policing,Reduce offending,,,,,,2019-Q1,\nNew One,Forecast changed,01/03/2018,,,,,,,,,2019-Q4,\n`,
  );
  for (const s of [w.services.imports, serviceOnly]) {
    await assert.rejects(
      s.run({ by: w.north.editor, type: 'projects', name: 'b.csv', data: bad }),
      (e) => e instanceof RowsInvalid && e.problems[0].message === 'Row 3, column ‘Reason’: enter the reason the forecast end date is extended',
    );
  }
  assert.deepEqual((await w.database.exec('select count(*)::int as n from project_history')).rows, before.rows);
});
