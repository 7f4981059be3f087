import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { Browser, clock, testApp, world } from '../../test/helpers.js';
import { typedValue } from '../documents/xlsx.js';
import { readSheetFile } from './sheet-file.js';

const sheetsOf = async (body: Buffer) => (await readSheetFile('x.xlsx', body)).sheets;
const xmlOf = (body: Buffer, part: string) => strFromU8(unzipSync(body)[part]);

test('the lists as workbooks: notices (filtered, no exempt part) and targets with readings; dates as dates, numbers as numbers, money as money, header frozen, formulas escaped; linked from the lists', async (t) => {
  const c = clock('2018-04-20T09:00:00Z');
  const w = await world(t, { config: { logLevel: 'error' }, now: c.now });
  const n = w.north;
  const { decisions, targets, projects } = w.services;
  const d1 = await decisions.create({
    by: n.editor,
    input: {
      reference: 'ID: 507',
      title: '=HYPERLINK("http://evil.example","Click")',
      amount: '£1,800,000.50',
      tags: ['Estates'],
      exemptText: 'Secret price',
      exemption: 'Commercial',
      exemptReason: 'Negotiation',
    },
  });
  await decisions.approve({ by: n.editor, id: d1.id, input: { version: d1.version, approvedOn: '2018-03-14', decisionMaker: 'Commissioner' } });
  await decisions.create({ by: n.editor, input: { reference: 'ID: 508', title: 'Draft contract' } });
  const tg = await targets.createTarget({
    by: n.editor,
    input: {
      priorityId: n.priorities[1].id,
      statement: 'Reduce incivility',
      kind: 'level',
      direction: 'lower',
      targetValue: 100,
      deadline: '2019-03-31',
      unit: 'reports',
    },
  });
  await targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2017-12-31', value: 120, narrative: 'Above' } });
  await targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2018-03-31', value: 95.5, narrative: '+Below now' } });
  await projects.create({
    by: n.editor,
    input: { title: 'Revolving Door', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], forecastEnd: '2019-Q1', effectiveOn: '2018-03-01' },
  });

  const app = await testApp(t, { config: w.config, services: w.services, now: c.now });
  const b = new Browser(app);
  await b.signIn('viewer@north.example.org');

  const list = await b.get('/decisions?status=approved');
  assert.match(list.body, /id="xlsx-link" href="\/decisions\.xlsx\?q=&amp;status=approved" download>Download these notices \(Excel\)<\/a>/);
  const all = await b.get('/decisions.xlsx');
  assert.equal(all.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const [notices] = await sheetsOf(all.rawPayload);
  assert.deepEqual(notices.rows[0], [
    'Reference',
    'Title',
    'Status',
    'Date approved',
    'Decision maker',
    'Amount',
    'Funding source',
    'Tags',
    'Summary',
    'Last changed',
  ]);
  assert.deepEqual(
    notices.rows.slice(1).map((r) => r.slice(0, 6)),
    [
      ['ID: 508', 'Draft contract', 'Draft', null, null, null],
      ['ID: 507', `'=HYPERLINK("http://evil.example","Click")`, 'Approved', new Date('2018-03-14T00:00:00Z'), 'Commissioner', 1800000.5],
    ],
  );
  assert.ok(notices.rows[1][9] instanceof Date, 'last changed is a date');
  const raw = all.rawPayload.toString('latin1') + xmlOf(all.rawPayload, 'xl/worksheets/sheet1.xml');
  assert.doesNotMatch(raw, /Secret price|Negotiation/, 'the exempt part is never in a download');
  const sheetXml = xmlOf(all.rawPayload, 'xl/worksheets/sheet1.xml');
  assert.match(sheetXml, /<pane [^>]*ySplit="1"[^>]*state="frozen"/, 'header row frozen');
  assert.match(sheetXml, /<col [^>]*width=/, 'column widths');
  assert.match(xmlOf(all.rawPayload, 'xl/styles.xml'), /formatCode="£#,##0.00"/, 'money formatted as pounds');
  // Filtered as the list is.
  const approved = (await sheetsOf((await b.get('/decisions.xlsx?status=approved')).rawPayload))[0];
  assert.deepEqual(
    approved.rows.slice(1).map((r) => r[0]),
    ['ID: 507'],
  );

  assert.match((await b.get('/targets')).body, /id="xlsx-link" href="\/targets\.xlsx" download>/);
  const [tSheet, readings] = await sheetsOf((await b.get('/targets.xlsx')).rawPayload);
  assert.deepEqual(tSheet.rows[1], [
    'Reduce offending',
    'Reduce incivility',
    'Level',
    'Lower',
    'reports',
    null,
    null,
    null,
    100,
    new Date('2019-03-31T00:00:00Z'),
    95.5,
    new Date('2018-03-31T00:00:00Z'),
    'Green',
  ]);
  assert.deepEqual(readings.rows, [
    ['Target', 'As at', 'Value', 'Current performance', 'Source', 'Reported direction'],
    ['Reduce incivility', new Date('2017-12-31T00:00:00Z'), 120, 'Above', null, null],
    ['Reduce incivility', new Date('2018-03-31T00:00:00Z'), 95.5, "'+Below now", null, null],
  ]);

  // The report's data tables: a sheet a table, counts as numbers.
  const report = await b.get('/reports/2017-18-Q4');
  assert.match(report.body, /href="\/reports\/2017-18-Q4\.xlsx">The data tables \(Excel\)/);
  const book = await b.get('/reports/2017-18-Q4.xlsx');
  assert.equal(book.statusCode, 200);
  const tables = await sheetsOf(book.rawPayload);
  assert.ok(tables.length >= 3, tables.map((s) => s.sheet).join(', '));
  const numbers = tables.flatMap((s) => s.rows.slice(1).flat()).filter((v) => typeof v === 'number');
  assert.ok(numbers.length > 0, 'counts are numbers');
  const counts = tables[0];
  assert.equal(counts.sheet, 'Projects at 31 March 2018, agai', 'named by caption, cut to Excel’s 31 characters');
  assert.deepEqual(counts.rows[3], ['Future projects', 0, 1, 0, 1, '↑ Up by 1']);
  const approvedTable = tables.find((s) => s.sheet.startsWith('Summary of decision notices'));
  assert.deepEqual(approvedTable?.rows[1], [`'=HYPERLINK("http://evil.example","Click") (ID: 507)`, new Date('2018-03-14T00:00:00Z'), null]);
  // Another office's viewer gets its own (empty) lists.
  const south = new Browser(app);
  await south.signIn('viewer@south.example.org');
  assert.deepEqual((await sheetsOf((await south.get('/decisions.xlsx')).rawPayload))[0].rows.length, 1);
});

test('report table text read back as values', () => {
  assert.deepEqual(typedValue('1,200'), { value: 1200, type: 'number' });
  assert.deepEqual(typedValue('45%'), { value: 0.45, type: 'percent' });
  assert.deepEqual(typedValue('£1,800,000.50'), { value: 1800000.5, type: 'money' });
  assert.deepEqual(typedValue('31 March 2018'), { value: new Date('2018-03-31T00:00:00Z'), type: 'date' });
  assert.deepEqual(typedValue('31 February 2018'), { value: '31 February 2018', type: 'text' });
  assert.deepEqual(typedValue('Q2 2020'), { value: 'Q2 2020', type: 'text' });
});
