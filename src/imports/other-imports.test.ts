import assert from 'node:assert/strict';
import { test } from 'node:test';
import writeXlsxFile from 'write-excel-file/node';
import { clock, world } from '../../test/helpers.js';
import { DomainError } from '../platform/errors.js';
import { RowsInvalid } from './imports.service.js';

const csv = (head: string, ...lines: string[]) => Buffer.from(`${[head, ...lines].join('\n')}\n`);
const DHEAD = 'Reference,Title,Status,Date approved,Decision maker,Summary,Amount,Funding source,Tags';
const THEAD = 'Target,Priority,Measured as,Better when,Unit,Baseline,Baseline date,Target value,Deadline,As at,Value,Current performance,Reported direction';

async function setup(t: import('node:test').TestContext) {
  const c = clock('2020-06-01T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const count = async () =>
    (
      await w.database.exec(
        `select (select count(*)::int from decisions where office_id = $1) as d, (select count(*)::int from decision_history where office_id = $1) as dh,
                (select count(*)::int from targets where office_id = $1) as t, (select count(*)::int from target_observations where office_id = $1) as o,
                (select count(*)::int from targets_history where office_id = $1) as th, (select count(*)::int from imports where office_id = $1) as i`,
        [n.office.id],
      )
    ).rows[0];
  return { w, n, imports: w.services.imports, count };
}

const problemsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof RowsInvalid) return e.problems.map((x) => x.message);
    if (e instanceof DomainError) return [e.message];
    throw e;
  }
  assert.fail('expected a refusal');
};

test('decision notices come in through the decisions service (created, approved, published as the file says), marked with the import and row; undo removes them', async (t) => {
  const { w, n, imports, count } = await setup(t);
  const file = csv(
    DHEAD,
    'ID: 507,Sale of the old station,Published,14/03/2019,Police and Crime Commissioner,Approves the sale,"£1,800,000",Capital,INVESTMENT in POLICING; Estates',
    'ID: 508,Victims’ services contract,Approved,2019-11,Police and Crime Commissioner,,250000.5,,',
    'ID: 509,Draft policy,,,,,,,',
  );
  const check = await imports.check({ officeId: n.office.id, name: 'notices.csv', data: file, type: 'decisions' });
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.counts, { create: 3, leftAlone: 0, rows: 3, changes: 0 });
  assert.deepEqual(await count(), { d: 0, dh: 0, t: 0, o: 0, th: 0, i: 0 }, 'the check writes nothing');

  const r = await imports.run({ by: n.editor, type: 'decisions', name: 'notices.csv', data: file });
  const list = (await w.services.decisions.list(n.office.id, {})).items.sort((a, b) => a.reference.localeCompare(b.reference));
  assert.deepEqual(
    list.map((d) => [d.reference, d.title, d.status, d.approvedOn, d.approvedPrecision, d.amountPence, d.tags]),
    [
      ['ID: 507', 'Sale of the old station', 'published', '2019-03-14', 'day', 180_000_000, ['INVESTMENT in POLICING', 'Estates']],
      ['ID: 508', 'Victims’ services contract', 'approved', '2019-11-01', 'month', 25_000_050, []],
      ['ID: 509', 'Draft policy', 'draft', null, 'day', null, []],
    ],
  );
  const h = (await w.services.decisions.history(n.office.id, list[0].id)).map((x) => [x.kind, x.importId, x.importRow, x.actorName]);
  assert.deepEqual(
    h.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    [
      ['approved', r.id, 2, 'north editor'],
      ['created', r.id, 2, 'north editor'],
      ['published', r.id, 2, 'north editor'],
    ],
  );
  assert.equal((await imports.get(n.office.id, r.id)).historyRows, 6);
  // Again: every notice is already there, left alone.
  assert.deepEqual((await imports.check({ officeId: n.office.id, name: 'notices.csv', data: file, type: 'decisions' })).counts, {
    create: 0,
    leftAlone: 3,
    rows: 3,
    changes: 0,
  });
  // Nothing of it in the other office.
  assert.equal((await w.services.decisions.list(w.south.office.id, {})).total, 0);

  await imports.undo({ by: n.editor, id: r.id, input: { reason: 'Wrong year' } });
  assert.deepEqual(await count(), { d: 0, dh: 0, t: 0, o: 0, th: 0, i: 1 });
  assert.equal((await imports.get(n.office.id, r.id)).status, 'undone');

  // A notice changed since: the import can no longer be undone, and nothing is removed.
  const r2 = await imports.run({ by: n.editor, type: 'decisions', name: 'notices.csv', data: file });
  const d = (await w.services.decisions.list(n.office.id, { q: '509' })).items[0];
  await w.services.decisions.update({ by: n.editor, id: d.id, input: { version: d.version, summary: 'Now with a summary' } });
  const before = await count();
  assert.match(
    (await problemsOf(imports.undo({ by: n.editor, id: r2.id, input: { reason: 'x' } })))[0],
    /can no longer be undone: 1 change\(s\) were made since to notices/,
  );
  assert.deepEqual(await count(), before);
});

test('decision notices: every problem by row and column, nothing written', async (t) => {
  const { n, imports, count } = await setup(t);
  const run = (data: Buffer) => problemsOf(imports.run({ by: n.editor, type: 'decisions', name: 'n.csv', data }));
  const problems = await run(
    csv(
      DHEAD,
      'ID: 1,,Published,31/02/2019,,,12.345,,',
      'ID: 2,A,Approved,01/07/2020,Commissioner,,,,',
      'id: 2,B,Withdrawn,,,,,,',
      ',C,,,,,,,',
      'ID: 3,D,Draft,01/01/2019,,,,,',
    ),
  );
  assert.deepEqual(problems, [
    'Row 2, column ‘Amount’: 12.345: the amount must be in pounds and pence, with no more than 2 decimal places',
    'Row 2, column ‘Title’: enter the title',
    'Row 2, column ‘Date approved’: 31/02/2019 is not a date',
    'Row 2, column ‘Decision maker’: enter who made the decision: a published notice needs it',
    'Row 2, column ‘Summary’: enter a summary: a published notice must have one',
    'Row 3, column ‘Date approved’: 1 July 2020 is in the future',
    'Row 4, column ‘Reference’: “id: 2” is already on row 3: two notices cannot have the same reference',
    'Row 5, column ‘Reference’: enter the notice’s reference, like ID: 507',
    'Row 6, column ‘Date approved’: a draft notice has no date approved: set its status to Approved or Published, or leave the date empty',
  ]);
  assert.deepEqual(await run(csv('Ref,Title', 'ID: 1,A')), ['Row 1 must name the columns: ‘Reference’ not found']);
  assert.deepEqual(await count(), { d: 0, dh: 0, t: 0, o: 0, th: 0, i: 0 });
});

test('targets with their readings come in through the targets service, marked with the import and row, from a workbook; problems by row and column; undo', async (t) => {
  const { w, n, imports, count } = await setup(t);
  const d = (iso: string) => ({ value: new Date(`${iso}T00:00:00Z`), type: Date, format: 'dd/mm/yyyy' }) as const;
  const head = THEAD.split(',');
  const data = await writeXlsxFile([
    { sheet: 'Notes', data: [['Read me']] },
    {
      sheet: 'Targets',
      data: [
        head,
        [
          'Reduce incivility by 15%',
          'Reduce offending',
          'Trajectory',
          'Lower',
          'reports',
          41520,
          d('2013-03-31'),
          35292,
          d('2014-04-01'),
          d('2013-09-30'),
          39000,
          'On track',
          null,
        ],
        ['Reduce incivility by 15%', null, null, null, null, null, null, null, null, d('2013-12-31'), 38100, 'Down 8%', null],
        ['Confidence in policing', 'Champion community needs', 'Direction of travel', 'Higher', '%', null, null, 80, d('2015-03-31'), null, null, null, null],
        ['Confidence in policing', null, null, null, null, null, null, null, null, '31/03/2014', 78.5, '', 'Up'],
      ],
    },
  ]).toBuffer();
  const check = await imports.check({ officeId: n.office.id, name: 'targets.xlsx', data, type: 'targets' });
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.counts, { create: 2, leftAlone: 0, rows: 4, changes: 3 });
  assert.deepEqual(await count(), { d: 0, dh: 0, t: 0, o: 0, th: 0, i: 0 });

  const r = await imports.run({ by: n.editor, type: 'targets', name: 'targets.xlsx', data });
  const list = await w.services.targets.listTargets(n.office.id);
  const inc = list.find((x) => x.statement.startsWith('Reduce')) as (typeof list)[number];
  assert.deepEqual(
    [inc.kind, inc.direction, inc.baselineValue, inc.baselineDate, inc.targetValue, inc.deadline],
    ['trajectory', 'lower', 41520, '2013-03-31', 35292, '2014-04-01'],
  );
  assert.deepEqual(
    inc.observations.map((o) => [o.asAt, o.value, o.narrative]),
    [
      ['2013-12-31', 38100, 'Down 8%'],
      ['2013-09-30', 39000, 'On track'],
    ],
  );
  const conf = list.find((x) => x.statement.startsWith('Confidence')) as (typeof list)[number];
  assert.deepEqual(
    conf.observations.map((o) => [o.asAt, o.value, o.reportedTravel]),
    [['2014-03-31', 78.5, 'up']],
  );
  const h = await w.services.targets.targetHistory(n.office.id, inc.id);
  assert.deepEqual(
    h.map((x) => [x.kind, x.importId, x.importRow]).sort((a, b) => Number(a[2]) - Number(b[2]) || String(a[0]).localeCompare(String(b[0]))),
    [
      ['created', r.id, 2],
      ['observation_added', r.id, 2],
      ['observation_added', r.id, 3],
    ],
  );

  await imports.undo({ by: n.editor, id: r.id, input: { reason: 'Duplicate' } });
  assert.deepEqual(await count(), { d: 0, dh: 0, t: 0, o: 0, th: 0, i: 1 });

  const problems = await problemsOf(
    imports.run({
      by: n.editor,
      type: 'targets',
      name: 't.csv',
      data: csv(
        THEAD,
        'A,Roads,Trajectory,Lower,,,,35,01/04/2014,,,,',
        'B,Reduce offending,Level,Sideways,,,,abc,,,,,',
        'C,Reduce offending,Level,Higher,,,,10,01/04/2014,31/12/2013,9,,Up',
        'C,,,,,,,,,,8,,',
        'C,,,,,,,,,01/01/2030,8,,',
      ),
    }),
  );
  assert.deepEqual(problems, [
    'Row 2, column ‘Priority’: “Roads” is not a priority of the plan in force',
    'Row 2, column ‘Baseline’: enter the baseline value',
    'Row 2, column ‘Baseline date’: enter the baseline date',
    'Row 3, column ‘Better when’: “Sideways” is not Higher or Lower',
    'Row 3, column ‘Target value’: abc is not a number',
    'Row 3, column ‘Deadline’: enter the deadline',
    'Row 4, column ‘Reported direction’: only a target measured as a Direction of travel takes a reported direction',
    'Row 5, column ‘As at’: enter the date the reading is as at',
    'Row 6, column ‘As at’: 1 January 2030 is in the future',
  ]);
  assert.deepEqual(await count(), { d: 0, dh: 0, t: 0, o: 0, th: 0, i: 1 });
});
