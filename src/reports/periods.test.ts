// test-pass: pglite-only (period arithmetic, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../platform/errors.js';
import { addDays } from '../platform/db/time.js';
import { isProvisional, nextPeriod, parsePeriod, periodContaining, periodLabel, periodsBetween, periodYear, previousPeriod, recentPeriods } from './periods.js';

test('calendar and financial ids name the same January-March 2018 quarter unambiguously', () => {
  const c = parsePeriod('2018-Q1');
  const f = parsePeriod('2017-18-Q4');
  assert.deepEqual([c.start, c.end, c.scheme], ['2018-01-01', '2018-03-31', 'calendar']);
  assert.deepEqual([f.start, f.end, f.scheme], ['2018-01-01', '2018-03-31', 'financial']);
  assert.equal(periodLabel(f), 'Q4 2017/18 (January to March 2018)');
  assert.equal(periodLabel(c), 'Q1 2018 (January to March 2018)');
  assert.deepEqual([parsePeriod('2018-19-q1').start, parsePeriod('2018-19-Q1').end], ['2018-04-01', '2018-06-30']);
  assert.equal(parsePeriod('2019-20-Q3').end, '2019-12-31');
  assert.equal(parsePeriod('2020-Q1').end, '2020-03-31');
  assert.equal(previousPeriod(f).id, '2017-18-Q3');
  assert.equal(previousPeriod(parsePeriod('2018-19-Q1')).id, '2017-18-Q4');
  assert.equal(nextPeriod(c).id, '2018-Q2');
  assert.deepEqual(
    recentPeriods('financial', new Date('2018-04-02T12:00:00Z'), 3).map((p) => p.id),
    ['2018-19-Q1', '2017-18-Q4', '2017-18-Q3'],
  );
});

test('malformed periods are refused with a message saying both forms', () => {
  for (const bad of ['', '2018', '2018-Q5', '2017-19-Q1', 'Q1 2018', '1999-Q1', '2018-Q1; drop']) {
    assert.throws(
      () => parsePeriod(bad),
      (e: unknown) => e instanceof DomainError && e.code === 'period.invalid' && e.fields[0].field === 'period',
      bad,
    );
  }
  assert.throws(() => parsePeriod('x'), /2018-Q1 .* 2017-18-Q4/);
});

test('quarters of either scheme tile the calendar with no gap or overlap', () => {
  fc.assert(
    fc.property(fc.constantFrom('calendar' as const, 'financial' as const), fc.integer({ min: 0, max: 365 * 60 }), (scheme, days) => {
      const date = addDays('2001-01-01', days);
      const p = periodContaining(scheme, date);
      assert.ok(p.start <= date && date <= p.end);
      assert.equal(parsePeriod(p.id).start, p.start);
      assert.equal(nextPeriod(p).start, addDays(p.end, 1));
      assert.equal(previousPeriod(p).end, addDays(p.start, -1));
    }),
  );
});

test('quarters between two days, by year, and provisional until the last day is over', () => {
  const to = parsePeriod('2018-19-Q2');
  assert.deepEqual(
    periodsBetween('2017-12-15', to).map((p) => p.id),
    ['2018-19-Q2', '2018-19-Q1', '2017-18-Q4', '2017-18-Q3'],
  );
  assert.deepEqual(periodsBetween('2019-01-01', to), []);
  assert.equal(periodYear(to), '2018/19');
  assert.equal(periodYear(parsePeriod('2018-Q3')), '2018');
  // 31 March 2018 ends at midnight London time (BST from 25 March): still provisional at 11pm UTC on the 30th.
  assert.equal(isProvisional(parsePeriod('2018-Q1'), new Date('2018-03-30T22:59:00Z')), true);
  assert.equal(isProvisional(parsePeriod('2018-Q1'), new Date('2018-03-31T22:59:00Z')), true);
  assert.equal(isProvisional(parsePeriod('2018-Q1'), new Date('2018-03-31T23:00:00Z')), false);
});
