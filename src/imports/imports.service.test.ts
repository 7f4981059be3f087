import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { clock, world } from '../../test/helpers.js';
import { DomainError } from '../platform/errors.js';
import { RowsInvalid } from './imports.service.js';

const HEAD = 'Project,Change,Date,Reason,Strand,Priorities,Objective,Overview,Outcome,Lead,Statutory,Forecast end,Merged into';
const csv = (...lines: string[]) => Buffer.from(`${[HEAD, ...lines].join('\n')}\n`);

// A small tracker as an office keeps it: entered in 2017, moved through the gates, merged, extended.
const TRACKER = csv(
  'Estate Change,Delivery,02/10/2017,,Policing,Reduce offending,Deliver the estate strategy,,,Jo,No,2020-Q2,',
  'Hate Crime,Identified,2017-10-02,,Big Issues,Champion community needs; Reduce offending,Raise awareness,,,,,2018-Q4,',
  'Hate Crime,Scoping,15/01/2018,,,,,,,,,,',
  'Safety Net,Scoping,02/10/2017,,Big Issues,Champion community needs,Review,,,,,TBD,',
  'Safety Net,Merged into,20/02/2018,Same work,,,,,,,,,Hate Crime',
  'Estate Change,Forecast changed,01/03/2018,Planning delays,,,,,,,,2020-Q4,',
  'Hate Crime,On hold,05/03/2018,Waiting for funding,,,,,,,,,',
);

async function setup(t: import('node:test').TestContext) {
  const c = clock('2018-06-01T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const count = async () => {
    const r = await w.database.exec(
      `select (select count(*)::int from projects where office_id = $1) as p, (select count(*)::int from project_history where office_id = $1) as h,
              (select count(*)::int from imports where office_id = $1) as i`,
      [n.office.id],
    );
    return r.rows[0];
  };
  return { c, w, n, imports: w.services.imports, projects: w.services.projects, count };
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

test('a tracker with its dated history comes in through the projects service, in one go, marked with the import and its rows; undo removes it', async (t) => {
  const { n, imports, projects, count, w } = await setup(t);
  const check = await imports.check({ officeId: n.office.id, name: 'tracker.csv', data: TRACKER });
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.counts, { create: 3, update: 0, leftAlone: 0, rows: 7, changes: 4 });
  assert.deepEqual(await count(), { p: 0, h: 0, i: 0 }, 'the check writes nothing');

  const r = await imports.run({ by: n.editor, type: 'projects', name: 'tracker.csv', data: TRACKER });
  const list = (await projects.list(n.office.id, {})).items;
  assert.deepEqual(
    list.map((p) => [p.title, p.stage, p.forecastEnd]),
    [
      ['Estate Change', 'delivery', '2020-10-01'],
      ['Hate Crime', 'on_hold', '2018-10-01'],
      ['Safety Net', 'merged', null],
    ],
  );
  const hate = list.find((p) => p.title === 'Hate Crime');
  const h = (await projects.history(n.office.id, hate?.id as string)).reverse();
  assert.deepEqual(
    h.map((x) => [x.kind, x.move, x.effectiveAt.toISOString(), x.reason, x.importId, x.importRow]),
    [
      ['created', null, '2017-10-01T23:00:00.000Z', null, r.id, 3],
      ['moved', 'scope', '2018-01-15T00:00:00.000Z', null, r.id, 4],
      ['merged_in', null, '2018-02-20T00:00:00.000Z', 'Same work', r.id, 6],
      ['moved', 'hold', '2018-03-05T00:00:00.000Z', 'Waiting for funding', r.id, 8],
    ],
  );
  assert.equal(h[0].actorName, 'north editor');
  const imp = await imports.get(n.office.id, r.id);
  assert.equal(imp.historyRows, 8);
  // The same file again: every project is already there and is left alone.
  assert.deepEqual((await imports.check({ officeId: n.office.id, name: 'tracker.csv', data: TRACKER })).counts, {
    create: 0,
    update: 0,
    leftAlone: 3,
    rows: 7,
    changes: 0,
  });
  // Another office sees none of it.
  assert.equal((await projects.list(w.south.office.id, {})).total, 0);

  await assert.rejects(imports.undo({ by: n.editor, id: r.id, input: { reason: '' } }), /reason/i);
  await imports.undo({ by: n.editor, id: r.id, input: { reason: 'Wrong file' } });
  assert.deepEqual(await count(), { p: 0, h: 0, i: 1 });
  const undone = await imports.get(n.office.id, r.id);
  assert.equal(undone.status, 'undone');
  assert.equal(undone.undoneByName, 'north editor');
  assert.equal(undone.undoneReason, 'Wrong file');
  await assert.rejects(imports.undo({ by: n.editor, id: r.id, input: { reason: 'again' } }), /already been undone/);

  // Once one of its projects has changed since, an import can no longer be undone.
  const r2 = await imports.run({ by: n.editor, type: 'projects', name: 'tracker.csv', data: TRACKER });
  const est = (await projects.list(n.office.id, { q: 'Estate' })).items[0];
  await projects.update({ by: n.editor, id: est.id, input: { version: est.version, lead: 'Sam' } });
  const before = await count();
  assert.match((await problemsOf(imports.undo({ by: n.editor, id: r2.id, input: { reason: 'Wrong file' } })))[0], /can no longer be undone: 1 change/);
  assert.deepEqual(await count(), before);
});

const xlsx = (rows: (string | Date | null)[][]) => writeXlsxFile([{ sheet: 'Projects', data: rows }]).toBuffer();

test('every refusal names the row and column or the file’s fault, and writes nothing; a workbook is read as its cells show', async (t) => {
  const {
    n,
    imports,
    count,
    w: { services: w },
  } = await setup(t);
  const by = n.editor;
  const run = (name: string, data: Uint8Array) => problemsOf(imports.run({ by, type: 'projects', name, data }));
  const cases: [string, () => Promise<string[]>, RegExp][] = [
    ['bad date', () => run('t.csv', csv('A,Identified,31/02/2019,,Policing,Reduce offending,,,,,,,')), /^Row 2, column ‘Date’: 31\/02\/2019 is not a date$/],
    [
      'unknown strand',
      () => run('t.csv', csv('A,Identified,01/02/2018,,Roads,Reduce offending,,,,,,,')),
      /^Row 2, column ‘Strand’: “Roads” is not a strand of the plan$/,
    ],
    [
      'a move out of order',
      () => run('t.csv', csv('A,Scoping,01/03/2018,,Policing,Reduce offending,,,,,,,', 'A,Delivery,01/02/2018,,,,,,,,,,')),
      /^Row 3, column ‘Date’: 1 February 2018 is before this project’s row 2 \(1 March 2018\)/,
    ],
    [
      'a move the stages do not allow',
      () => run('t.csv', csv('A,Identified,01/02/2018,,Policing,Reduce offending,,,,,,,', 'A,Completed,01/03/2018,,,,,,,,,,')),
      /^Row 3, column ‘Change’: a project that is a candidate cannot be moved to Completed$/,
    ],
    [
      'duplicate title',
      () => run('t.csv', csv('A,Identified,01/02/2018,,Policing,Reduce offending,,,,,,,', 'a,Identified,01/03/2018,,Policing,Reduce offending,,,,,,,')),
      /^Row 3, column ‘Project’: “a” is already entered on row 2/,
    ],
    [
      'a merge into a project that is no longer open (found while entering)',
      () =>
        run(
          't.csv',
          csv(
            'A,Delivery,01/02/2018,,Policing,Reduce offending,,,,,,,',
            'A,Completed,02/02/2018,,,,,,,,,,',
            'B,Scoping,01/02/2018,,Policing,Reduce offending,,,,,,,',
            'B,Merged into,03/02/2018,Same,,,,,,,,,A',
          ),
        ),
      /^Row 5, column ‘Merged into’: choose a project that is still open/,
    ],
    [
      'zip bomb',
      () =>
        run(
          't.xlsx',
          zipSync({
            '[Content_Types].xml': strToU8('<Types/>'),
            'xl/workbook.xml': strToU8('<w/>'),
            'xl/worksheets/sheet1.xml': new Uint8Array(8 * 1024 * 1024).fill(32),
          }),
        ),
      /zip bomb/,
    ],
    [
      'too many parts',
      () => run('t.xlsx', zipSync(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`xl/media/image${i}.png`, new Uint8Array(1)])))),
      /more than 500 parts/,
    ],
    [
      'macro workbook',
      () => run('t.xlsx', zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<w/>'), 'xl/vbaProject.bin': new Uint8Array(10) })),
      /macro-enabled/,
    ],
    ['macro workbook by its name', async () => run('t.xlsm', await xlsx([['Project']])), /macro-enabled/],
    ['encrypted workbook', () => run('t.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])), /password-protected or encrypted/],
    ['wrong magic bytes (text named .xlsx)', () => run('t.xlsx', csv('A,Identified,01/02/2018,,Policing,Reduce offending,,,,,,,')), /not an Excel Workbook/],
    ['wrong magic bytes (a workbook named .csv)', async () => run('t.csv', await xlsx([['Project']])), /ends in \.csv/],
    [
      'XML entities',
      () =>
        run(
          't.xlsx',
          zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w/>') }),
        ),
      /entities/,
    ],
    ['over the row limit', () => run('t.csv', Buffer.from(`${HEAD}\n${'A\n'.repeat(100_001)}`)), /100,000 rows or fewer/],
    ['over the size limit', () => run('t.csv', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41)), /smaller than 20 MB/],
  ];
  // One after the other: each import takes its connections from the pool.
  for (const [what, p, want] of cases) {
    const problems = await p();
    assert.ok(
      problems.some((m) => want.test(m)),
      `${what}: ${problems.join(' | ')}`,
    );
  }
  assert.deepEqual(await count(), { p: 0, h: 0, i: 0 }, 'nothing written by any of them');

  // A workbook: dates as dates, a formula read as its cached value (never evaluated), the Projects sheet found among others.
  const { projects } = w;
  const data = await writeXlsxFile([
    { sheet: 'Notes', data: [['Read me']] },
    {
      sheet: 'Projects',
      data: [
        ['Project', 'Change', 'Date', 'Strand', 'Priorities', 'Forecast end'],
        ['Cyber', 'Scoping', { value: new Date('2018-02-01T00:00:00Z'), type: Date, format: 'dd/mm/yyyy' }, 'Policing', 'Reduce offending', '2019-Q1'],
        // No cached value: never evaluated, so the cell is empty and the row is refused.
        [{ value: 'CONCATENATE("Cy","ber")', type: 'Formula' }, 'Delivery', '2018-03-01', null, null, null],
      ],
    },
  ]).toBuffer();
  const check = await imports.check({ officeId: n.office.id, name: 'tracker.xlsx', data });
  assert.deepEqual(
    check.problems.map((p) => p.message),
    ['Row 3, column ‘Project’: enter the project’s title'],
  );
  const ok = await writeXlsxFile([
    {
      sheet: 'Projects',
      data: [
        ['Project', 'Change', 'Date', 'Strand', 'Priorities', 'Forecast end'],
        ['Cyber', 'Scoping', { value: new Date('2018-02-01T00:00:00Z'), type: Date, format: 'dd/mm/yyyy' }, 'Policing', 'Reduce offending', '2019-Q1'],
      ],
    },
  ]).toBuffer();
  await imports.run({ by: n.editor, type: 'projects', name: 'tracker.xlsx', data: ok });
  const [p] = (await projects.list(n.office.id, {})).items;
  assert.equal(p.title, 'Cyber');
  const [h] = await projects.history(n.office.id, p.id);
  assert.equal(h.effectiveAt.toISOString(), '2018-02-01T00:00:00.000Z');
});

test('a later import continues the projects already in the tracker: rows after a project’s last change update it (through the service, marked with the import), earlier rows are left alone', async (t) => {
  const { n, imports, projects, count } = await setup(t);
  const first = await imports.run({ by: n.editor, type: 'projects', name: 'tracker.csv', data: TRACKER });
  // The office's next tracker: the same rows, then what happened since.
  const next = Buffer.concat([
    TRACKER,
    Buffer.from(
      [
        'Hate Crime,Resumed,01/05/2018,,,,,,,,,,',
        'Estate Change,Completed,02/05/2018,,,,,,,,,,',
        'Cyber,Scoping,03/05/2018,,Policing,Reduce offending,,,,,,TBD,',
        '',
      ].join('\n'),
    ),
  ]);
  const check = await imports.check({ officeId: n.office.id, name: 'next.csv', data: next });
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.counts, { create: 1, update: 2, leftAlone: 1, rows: 10, changes: 2 });
  const r = await imports.run({ by: n.editor, type: 'projects', name: 'next.csv', data: next });
  const list = (await projects.list(n.office.id, {})).items;
  assert.deepEqual(
    list.map((p) => [p.title, p.stage]),
    [
      ['Cyber', 'scoping'],
      ['Estate Change', 'completed'],
      ['Hate Crime', 'scoping'],
      ['Safety Net', 'merged'],
    ],
  );
  const hate = list.find((p) => p.title === 'Hate Crime');
  const [latest] = await projects.history(n.office.id, hate?.id as string);
  assert.deepEqual([latest.move, latest.importId, latest.importRow, latest.effectiveAt.toISOString()], ['resume', r.id, 9, '2018-04-30T23:00:00.000Z']);
  // A row that cannot follow the project's stage now is a problem by row and column, and nothing is written.
  const before = await count();
  const bad = Buffer.concat([
    TRACKER,
    Buffer.from('Safety Net,Scoping,01/05/2018,,,,,,,,,,\nHate Crime,Identified,02/05/2018,,Big Issues,Reduce offending,,,,,,TBD,\n'),
  ]);
  const problems = (await imports.check({ officeId: n.office.id, name: 'bad.csv', data: bad })).problems.map((p) => p.message);
  assert.deepEqual(problems, [
    'Row 9, column ‘Change’: a project that is merged into another project cannot be moved to Scoping',
    'Row 10, column ‘Project’: “Hate Crime” is already in the tracker (its last change on 1 May 2018): a later row can only change it',
  ]);
  assert.deepEqual(await count(), before);
  // Changing projects that were already in the tracker: the first import can no longer be undone, nor this one.
  for (const id of [first.id, r.id]) assert.match((await problemsOf(imports.undo({ by: n.editor, id, input: { reason: 'x' } })))[0], /can no longer be undone/);
});

test('an import whose project has a quarterly status recorded since can no longer be undone: refused with why, nothing removed', async (t) => {
  const { n, imports, projects, count, w } = await setup(t);
  const r = await imports.run({ by: n.editor, type: 'projects', name: 'tracker.csv', data: TRACKER });
  const estate = (await projects.list(n.office.id, { q: 'Estate' })).items[0];
  assert.equal(estate.stage, 'delivery', 'a current project: it can have a status');
  await w.services.statuses.record({ by: n.editor, projectId: estate.id, input: { status: 'at_risk', note: 'Planning delays', version: 0 } });
  const before = await count();
  assert.match(
    (await problemsOf(imports.undo({ by: n.editor, id: r.id, input: { reason: 'Wrong file' } })))[0],
    /can no longer be undone: 1 quarterly status\(es\) have been recorded/,
  );
  assert.deepEqual(await count(), before);
});
