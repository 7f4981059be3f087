import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import JSZip from 'jszip';
import { clock, world } from '../../test/helpers.js';
import { parseReportArgs, ReportUsageError, reportCommand } from './report.js';

const usage = (re: RegExp) => (e: unknown) => e instanceof ReportUsageError && re.test(e.message);

test('every argument is validated with a clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-cli-'));
  const out = join(dir, 'r.json');
  assert.throws(() => parseReportArgs([]), usage(/Missing --office\.\nMissing --period\.\nMissing --format\.\nMissing --out\./));
  assert.throws(
    () => parseReportArgs(['--office', 'north', '--period', '2018-Q5', '--format', 'json', '--out', out]),
    usage(/--period: Enter the period as a calendar quarter like 2018-Q1/),
  );
  assert.throws(
    () => parseReportArgs(['--office', 'north', '--period', '2018-Q1', '--format', 'xls', '--out', out]),
    usage(/--format must be one of json, html, docx, pdf \(got "xls"\)/),
  );
  assert.throws(
    () => parseReportArgs(['--office', 'North Office', '--period', '2018-Q1', '--format', 'json', '--out', out]),
    usage(/--office must be an office slug/),
  );
  assert.throws(() => parseReportArgs(['--office', 'north', '--period', '2018-Q1', '--format', 'json', '--out', dir]), usage(/is a folder/));
  assert.throws(
    () => parseReportArgs(['--office', 'north', '--period', '2018-Q1', '--format', 'json', '--out', join(dir, 'nope', 'r.json')]),
    usage(/does not exist/),
  );
  assert.throws(() => parseReportArgs(['--office', 'north', '--bogus']), usage(/Unknown option '--bogus'/));
  assert.deepEqual(parseReportArgs(['--office', 'north', '--period', '2017-18-q4', '--format', 'DOCX', '--out', out]), {
    office: 'north',
    period: '2017-18-Q4',
    format: 'docx',
    out,
  });
});

test('writes the report as JSON, HTML and Word; an unknown office is named', async (t) => {
  const c = clock('2018-04-20T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  await w.services.projects.create({
    by: n.editor,
    input: { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], title: 'Revolving Door', effectiveOn: '2018-03-01' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'pcp-cli-'));
  const logs: string[] = [];
  const run = (format: string) =>
    reportCommand(['--office', 'north', '--period', '2018-Q1', '--format', format, '--out', join(dir, `r.${format}`)], {
      services: w.services,
      log: (s) => logs.push(s),
    });
  await run('json');
  assert.deepEqual(
    JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).dashboard.candidates.map((p: { title: string }) => p.title),
    ['Revolving Door'],
  );
  await run('html');
  assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /<html lang="en-GB">[\s\S]*Revolving Door/);
  await run('docx');
  const xml = await (await JSZip.loadAsync(readFileSync(join(dir, 'r.docx')))).file('word/document.xml')!.async('string');
  assert.match(xml, /Revolving Door/);
  assert.match(logs[0], /Wrote .*r\.json \(json, [\d,]+ bytes\): North OPCC, Q1 2018 \(January to March 2018\)\./);
  await assert.rejects(
    reportCommand(['--office', 'west', '--period', '2018-Q1', '--format', 'json', '--out', join(dir, 'x.json')], { services: w.services }),
    usage(/No office with slug "west"/),
  );
  assert.ok(!existsSync(join(dir, 'x.json')));
});

test('a quarter not yet ended is provisional in every output: the CLI says so, and the JSON, HTML and Word carry it', async (t) => {
  const c = clock('2027-02-15T10:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  await w.services.projects.create({
    by: n.editor,
    input: { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], title: 'Revolving Door', effectiveOn: '2027-01-10' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'pcp-cli-'));
  const logs: string[] = [];
  const run = (period: string, format: string) =>
    reportCommand(['--office', 'north', '--period', period, '--format', format, '--out', join(dir, `${period}.${format}`)], {
      services: w.services,
      log: (s) => logs.push(s),
    });
  const note = 'Provisional: this quarter ends on 31 March 2027; figures may change.';
  await run('2026-27-Q4', 'json');
  assert.equal(JSON.parse(readFileSync(join(dir, '2026-27-Q4.json'), 'utf8')).provisional, true);
  assert.equal(logs.at(-1), note);
  await run('2026-27-Q4', 'html');
  const html = readFileSync(join(dir, '2026-27-Q4.html'), 'utf8');
  assert.ok(html.includes(note) && html.includes('Delivery Progress Update: Q4 2026/27 (provisional)'));
  await run('2026-27-Q4', 'docx');
  const xml = await (await JSZip.loadAsync(readFileSync(join(dir, '2026-27-Q4.docx')))).file('word/document.xml')!.async('string');
  assert.ok(xml.includes(note), 'the Word paper says it is provisional');
  // The last finished quarter is not.
  const before = logs.length;
  await run('2026-27-Q3', 'json');
  assert.equal(JSON.parse(readFileSync(join(dir, '2026-27-Q3.json'), 'utf8')).provisional, false);
  assert.equal(logs.length, before + 1, 'no provisional line for a finished quarter');
});
