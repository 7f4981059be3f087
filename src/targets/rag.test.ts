// test-pass: pglite-only (RAG from trajectories, pure functions)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ragAgainst, ragLabel, ragStatus, type TargetShape, trajectoryAt, trajectoryPoints } from './rag.js';

test('trajectory: straight lines between baseline, milestones and target; flat before and after', () => {
  // TARGETS-2013-14: a 10% gap at Mar 13 reduced to 8.33%, 6.67% and 5% in three yearly steps.
  const pts = [
    { date: '2013-03-31', value: 10 },
    { date: '2014-03-31', value: 8.33 },
    { date: '2015-03-31', value: 6.67 },
    { date: '2016-03-31', value: 5 },
  ];
  assert.equal(trajectoryAt(pts, '2013-01-01'), 10);
  assert.equal(trajectoryAt(pts, '2013-03-31'), 10);
  assert.equal(trajectoryAt(pts, '2014-03-31'), 8.33);
  // 275 of 365 days into year one.
  assert.ok(Math.abs((trajectoryAt(pts, '2013-12-31') as number) - (10 - (1.67 * 275) / 365)) < 1e-12);
  assert.equal(trajectoryAt(pts, '2015-09-30'), 6.67 + ((5 - 6.67) * 183) / 366);
  assert.equal(trajectoryAt(pts, '2020-01-01'), 5);
  // Order of the points does not matter.
  assert.equal(trajectoryAt([...pts].reverse(), '2014-03-31'), 8.33);
  assert.equal(trajectoryAt([], '2014-03-31'), null);
});

test('higher is better: green at or above, amber up to and at the tolerance, red past it', () => {
  assert.equal(ragAgainst(100, 100, 'higher', 10), 'green');
  assert.equal(ragAgainst(130, 100, 'higher', 10), 'green');
  assert.equal(ragAgainst(99.99, 100, 'higher', 10), 'amber');
  assert.equal(ragAgainst(90, 100, 'higher', 10), 'amber', 'exactly at the tolerance is amber');
  assert.equal(ragAgainst(89.99, 100, 'higher', 10), 'red');
  assert.equal(ragAgainst(60, 70, 'higher', 10), 'red', 'TARGETS-2013-14 firearms: 60% against 70%');
  // The tolerance is the office's: 20% makes the same reading amber.
  assert.equal(ragAgainst(60, 70, 'higher', 20), 'amber');
  assert.equal(ragAgainst(99, 100, 'higher', 0), 'red', 'no tolerance: any shortfall is red');
});

test('lower is better: green at or below, amber up to and at the tolerance, red past it', () => {
  assert.equal(ragAgainst(6.38, 6.38, 'lower', 10), 'green');
  assert.equal(ragAgainst(5, 6.38, 'lower', 10), 'green');
  assert.equal(ragAgainst(6.83, 6.38, 'lower', 10), 'amber', 'TARGETS-2013-14 sickness: 6.83 days against a 6.38 milestone');
  assert.equal(ragAgainst(7.018, 6.38, 'lower', 10), 'amber', 'exactly at the tolerance is amber');
  assert.equal(ragAgainst(7.02, 6.38, 'lower', 10), 'red');
  // A negative trajectory value (a change in per cent) uses its size for the allowance.
  assert.equal(ragAgainst(-9, -10, 'lower', 10), 'amber');
  assert.equal(ragAgainst(-8.9, -10, 'lower', 10), 'red');
});

const rural: TargetShape = {
  kind: 'trajectory',
  direction: 'lower',
  baseline: { date: '2013-03-31', value: 10 },
  milestones: [
    { date: '2014-03-31', value: 8.33 },
    { date: '2015-03-31', value: 6.67 },
  ],
  target: { date: '2016-03-31', value: 5 },
};

test('the latest observation is judged against the trajectory at its own date', () => {
  const r = ragStatus(
    rural,
    [
      { date: '2013-12-31', value: 7.7 },
      { date: '2013-09-30', value: 11 },
    ],
    10,
  );
  assert.equal(r.kind, 'rag');
  assert.equal(r.kind === 'rag' && r.status, 'green');
  assert.equal(ragLabel(r), 'Green');
  // The same 8.8% is amber in December 2013 (trajectory ~8.74) and red a year later (~7.08).
  assert.equal(ragLabel(ragStatus(rural, [{ date: '2013-12-31', value: 8.8 }], 10)), 'Amber');
  assert.equal(ragLabel(ragStatus(rural, [{ date: '2014-12-31', value: 8.8 }], 10)), 'Red');
  assert.equal(ragStatus(rural, [], 10).kind, 'none');
});

test('a level target is a flat line at its value', () => {
  const t: TargetShape = { kind: 'level', direction: 'higher', baseline: null, milestones: [], target: { date: '2014-03-31', value: 84 } };
  assert.deepEqual(trajectoryPoints(t), [{ date: '2014-03-31', value: 84 }]);
  assert.equal(ragLabel(ragStatus(t, [{ date: '2013-12-31', value: 85 }], 10)), 'Green');
  assert.equal(ragLabel(ragStatus(t, [{ date: '2013-12-31', value: 80 }], 10)), 'Amber');
});

test('an override replaces the rule’s colour, keeps its reason and what the rule said', () => {
  const r = ragStatus(rural, [{ date: '2013-12-31', value: 7.7, override: { status: 'amber', reason: 'Data quality issue in two beats' } }], 10);
  assert.ok(r.kind === 'rag');
  assert.equal(r.status, 'amber');
  assert.equal(r.source, 'override');
  assert.equal(r.ruleStatus, 'green');
  assert.equal(r.reason, 'Data quality issue in two beats');
  // An override on an older observation no longer applies once a newer one arrives.
  const later = ragStatus(
    rural,
    [
      { date: '2013-09-30', value: 9, override: { status: 'red', reason: 'x' } },
      { date: '2013-12-31', value: 7.7 },
    ],
    10,
  );
  assert.ok(later.kind === 'rag' && later.source === 'rule' && later.status === 'green');
});

test('direction-of-travel targets report an arrow: as reported, else from the last two observations', () => {
  const bme: TargetShape = { kind: 'direction', direction: 'higher', baseline: null, milestones: [], target: { date: '2016-03-31', value: 5.5 } };
  assert.equal(ragLabel(ragStatus(bme, [{ date: '2013-12-31', value: 1.98, reportedTravel: 'down' }], 10)), '↓');
  assert.equal(
    ragLabel(
      ragStatus(
        bme,
        [
          { date: '2013-09-30', value: 2.5 },
          { date: '2013-12-31', value: 1.98 },
        ],
        10,
      ),
    ),
    '↓',
  );
  assert.equal(
    ragLabel(
      ragStatus(
        bme,
        [
          { date: '2013-09-30', value: 1.5 },
          { date: '2013-12-31', value: 1.98 },
        ],
        10,
      ),
    ),
    '↑',
  );
  assert.equal(
    ragLabel(
      ragStatus(
        bme,
        [
          { date: '2013-09-30', value: 1.98 },
          { date: '2013-12-31', value: 1.98 },
        ],
        10,
      ),
    ),
    '→',
  );
  const one = ragStatus(bme, [{ date: '2013-12-31', value: 1.98 }], 10);
  assert.equal(one.kind, 'none');
  assert.equal(ragLabel(one), 'Not yet known');
});

test('properties: a better figure never gets a worse colour; the trajectory stays between its points', () => {
  const order = { green: 0, amber: 1, red: 2 } as const;
  const num = fc.double({ min: -1000, max: 1000, noNaN: true });
  fc.assert(
    fc.property(
      num,
      num,
      num,
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.constantFrom('higher' as const, 'lower' as const),
      (a, b, expected, tol, dir) => {
        const [worse, better] = dir === 'higher' ? [Math.min(a, b), Math.max(a, b)] : [Math.max(a, b), Math.min(a, b)];
        return order[ragAgainst(better, expected, dir, tol)] <= order[ragAgainst(worse, expected, dir, tol)];
      },
    ),
  );
  const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2013, 0, 1 + n)).toISOString().slice(0, 10));
  fc.assert(
    fc.property(fc.array(fc.record({ date: day, value: num }), { minLength: 1, maxLength: 6 }), day, (pts, d) => {
      const v = trajectoryAt(pts, d) as number;
      const vs = pts.map((p) => p.value);
      return v >= Math.min(...vs) - 1e-9 && v <= Math.max(...vs) + 1e-9;
    }),
  );
});
