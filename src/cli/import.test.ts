import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { ImportUsageError, importCommand, parseImportArgs } from './import.js';

const HEAD = 'Project,Change,Date,Reason,Strand,Priorities,Forecast end';

test('pcp import: arguments checked, a dry run writes nothing, problems by row and column (exit 4), a refused file (exit 3), then the import with its progress', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pcp-import-'));
  const good = join(dir, 'tracker.csv');
  writeFileSync(good, `${HEAD}\nCyber,Scoping,01/02/2018,,Policing,Reduce offending,2019-Q1\nCyber,Delivery,01/03/2018,,,,\n`);
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, `${HEAD}\nCyber,Scoping,31/02/2018,,Roads,Reduce offending,2019-Q1\n`);
  const renamed = join(dir, 'renamed.xlsx');
  writeFileSync(renamed, `${HEAD}\n`);

  const usage = (re: RegExp) => (e: unknown) => e instanceof ImportUsageError && re.test(e.message);
  assert.throws(() => parseImportArgs([]), usage(/Missing --office\.\nMissing --type\.\nMissing --file\./));
  assert.throws(
    () => parseImportArgs(['--office', 'north', '--type', 'grants', '--file', good]),
    usage(/--type must be one of projects, decisions, targets \(got "grants"\)/),
  );
  assert.throws(() => parseImportArgs(['--office', 'north', '--type', 'projects', '--file', join(dir, 'none.csv')]), usage(/does not exist/));
  assert.deepEqual(parseImportArgs(['--office', 'north', '--type', 'projects', '--file', good, '--dry-run']), {
    office: 'north',
    type: 'projects',
    file: good,
    dryRun: true,
  });

  const c = clock('2018-06-01T09:00:00Z');
  const w = await world(t, { now: c.now });
  const cmd = async (...argv: string[]) => {
    const out: string[] = [];
    let err = '';
    const code = await importCommand(argv, {
      services: w.services,
      io: {
        out: (l) => out.push(l),
        err: (s) => {
          err += s;
        },
        tty: false,
      },
    });
    return { code, out: out.join('\n'), err };
  };
  const total = async () => (await w.services.projects.list(w.north.office.id, {})).total;

  const dry = await cmd('--office', 'north', '--type', 'projects', '--file', good, '--dry-run');
  assert.equal(dry.code, 0);
  assert.match(
    dry.out,
    /2 rows read: 1 project\(s\) would be entered with 1 later change\(s\); 0 already in the tracker left alone\.\nDry run: nothing was written\./,
  );
  assert.equal(await total(), 0);

  const rows = await cmd('--office', 'north', '--type', 'projects', '--file', bad);
  assert.equal(rows.code, 4);
  assert.match(rows.err, /Row 2, column ‘Date’: 31\/02\/2018 is not a date/);
  const refused = await cmd('--office', 'north', '--type', 'projects', '--file', renamed);
  assert.equal(refused.code, 3);
  assert.match(refused.err, /not an Excel Workbook, although its name ends in \.xlsx/);
  assert.equal(await total(), 0);

  const ok = await cmd('--office', 'north', '--type', 'projects', '--file', good);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /1 project\(s\) entered with 1 later change\(s\)/);
  assert.match(ok.err, /2\/2 changes/);
  const [p] = (await w.services.projects.list(w.north.office.id, {})).items;
  assert.equal(p.stage, 'delivery');
  const [h] = await w.services.projects.history(w.north.office.id, p.id);
  assert.equal(h.actorName, 'pcp import (command line)');
  await assert.rejects(cmd('--office', 'nowhere', '--type', 'projects', '--file', good), usage(/No office with slug "nowhere"/));
});
