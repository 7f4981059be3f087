// test-pass: pglite-only (target chart specs, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { targetChart } from './chart.js';
import { ragStatus } from './rag.js';
import type { ObservationRow, TargetRow } from './targets.repository.js';
import { observationShape, shapeOf, type TargetView } from './targets.service.js';

const row = (over: Partial<TargetRow>): TargetRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  officeId: '00000000-0000-4000-8000-000000000002',
  priorityId: '00000000-0000-4000-8000-000000000003',
  position: 1,
  statement: 'A target',
  owner: 'Chief Constable',
  unit: '% satisfied',
  kind: 'level',
  direction: 'higher',
  baselineValue: null,
  baselineDate: null,
  targetValue: 84,
  deadline: '2014-03-31',
  milestones: [],
  comment: '',
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});
const obs = (asAt: string, value: number, over: Partial<ObservationRow> = {}): ObservationRow => ({
  id: asAt,
  officeId: '',
  targetId: '',
  asAt,
  value,
  narrative: '',
  source: '',
  reportedTravel: null,
  overrideStatus: null,
  overrideReason: null,
  recordedAt: new Date(),
  actorName: 'x',
  ...over,
});
const view = (t: TargetRow, o: ObservationRow[]): TargetView => {
  const sorted = [...o].sort((a, b) => b.asAt.localeCompare(a.asAt));
  return { ...t, observations: sorted, latest: sorted[0] ?? null, rag: ragStatus(shapeOf(t), sorted.map(observationShape), 10) };
};

test('a level target: flat line, legend names only what is drawn, alt text and data table agree', async () => {
  const c = await targetChart(view(row({}), [obs('2013-09-30', 83), obs('2013-12-31', 85)]));
  assert.match(c.svg, /^<svg/);
  assert.match(c.svg, /Target level/);
  assert.doesNotMatch(c.svg, />Trajectory</);
  assert.match(c.alt, /Target level 84, higher is better\. 2 observations; the latest, 85 as at 31 December 2013, against 84 on the trajectory: Green\./);
  assert.deepEqual(c.table.head, ['Date', 'Target level', 'Observed']);
  assert.deepEqual(c.table.rows, [
    ['30 September 2013', '84', '83'],
    ['31 December 2013', '84', '85'],
    ['31 March 2014', '84', ''],
  ]);
});

test('a direction-of-travel target: the arrow in words in the alt text', async () => {
  const c = await targetChart(
    view(row({ kind: 'direction', unit: '% of new recruits', targetValue: 5.5, deadline: '2016-03-31' }), [
      obs('2013-12-31', 1.98, { reportedTravel: 'down' }),
    ]),
  );
  assert.match(c.alt, /reported as a direction of travel\. 1 observation; the latest, 1\.98 as at 31 December 2013: direction of travel down\./);
  assert.deepEqual(c.table.rows.at(-1), ['31 March 2016', '5.5', '']);
});

test('a unit that names an Object.prototype property ("constructor", "toString") is drawn as the axis title, not a parse failure', async () => {
  for (const unit of ['constructor', 'toString', '__proto__']) {
    const c = await targetChart(view(row({ unit }), [obs('2013-12-31', 85)]));
    assert.match(c.svg, new RegExp(`>${unit}</text>`), unit);
  }
});
