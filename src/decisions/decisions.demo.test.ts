import assert from 'node:assert/strict';
import { test } from 'node:test';
import { world } from '../../test/helpers.js';
import { seedDecisionsDemo } from './decisions.demo.js';

test('the demo enters the notices of DPU-2018-04 and DPU-2020-02 through the service, published, as the papers print them', async (t) => {
  const w = await world(t);
  const made = await seedDecisionsDemo({ services: w.services, by: w.north.editor });
  assert.equal(made.length, 16);
  assert.ok(made.every((d) => d.status === 'published'));
  // DPU-2018-04: the six of "last quarter" (Dec 2017 - Mar 2018), as the April 2018 report lists them.
  const q = await w.services.decisions.approvedBetween(w.north.office.id, '2017-12-01', '2018-03-31');
  assert.deepEqual(
    q.map((d) => [d.reference, d.approvedOn]),
    [
      ['HIOW-2017-12-01', '2017-12-01'],
      ['HIOW-2018-01-01', '2018-01-01'],
      ['HIOW-2018-02-01', '2018-02-01'],
      ['HIOW-2018-02-02', '2018-02-01'],
      ['HIOW-2018-02-03', '2018-02-01'],
      ['HIOW-2018-03-01', '2018-03-01'],
    ],
  );
  assert.equal(q[4].title, '2018/19 Budget');
  // The papers give only the month ("December 2017", "Jan-20"): no invented day.
  assert.ok([...q].every((d) => d.approvedPrecision === 'month'));
  // DPU-2020-02: ten notices Oct 2019 - Jan 2020, with amounts and the INVESTMENT in POLICING tag.
  const r = await w.services.decisions.approvedBetween(w.north.office.id, '2019-10-01', '2020-01-31');
  assert.equal(r.length, 10);
  const byRef = new Map(r.map((d) => [d.reference, d]));
  assert.equal(byRef.get('ID: 514')?.amountPence, 180_000_000);
  assert.equal(byRef.get('ID: 504')?.amountPence, 8_312_500);
  assert.equal(byRef.get('ID: 502')?.amountPence, 636_600);
  assert.equal(byRef.get('ID: 508')?.amountPence, null);
  assert.deepEqual(
    r
      .filter((d) => d.tags.includes('INVESTMENT in POLICING'))
      .map((d) => d.reference)
      .sort(),
    ['ID: 499', 'ID: 502', 'ID: 505', 'ID: 511', 'ID: 512', 'ID: 513', 'ID: 514'],
  );
  assert.match(byRef.get('ID: 507')?.summary ?? '', /^Approved PCC contribution of £44,000 towards total partnership funding of £350k/);
  const pub = await w.services.decisions.publicList(w.north.office.id, { tag: 'INVESTMENT in POLICING', year: '2019' });
  assert.equal(pub.total, 7);
  // Entered through the service: each has its history.
  const h = await w.services.decisions.history(w.north.office.id, made[0].id);
  assert.deepEqual(
    h.map((x) => x.kind),
    ['published', 'approved', 'created'],
  );
});
