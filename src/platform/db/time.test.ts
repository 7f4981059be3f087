// test-pass: pglite-only (London wall-clock arithmetic, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { londonDate, londonDateUncached, londonDayStart } from './time.js';

test('londonDate agrees with Intl for every instant, clock changes included', () => {
  // Around the changes of 2018: 01:00 UTC on 25 March and 28 October.
  for (const iso of [
    '2018-03-25T00:59:59.999Z',
    '2018-03-25T01:00:00Z',
    '2018-03-25T23:00:00Z',
    '2018-10-27T22:59:59.999Z',
    '2018-10-27T23:00:00Z',
    '2018-10-28T01:00:00Z',
    '2018-12-31T23:59:59.999Z',
    '1969-07-20T23:30:00Z',
  ]) {
    assert.equal(londonDate(new Date(iso)), londonDateUncached(new Date(iso)), iso);
  }
  assert.equal(londonDate(new Date('2018-06-30T23:30:00Z')), '2018-07-01');
  assert.equal(londonDate(new Date('2018-12-31T23:30:00Z')), '2018-12-31');
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
      assert.equal(londonDate(new Date(t)), londonDateUncached(new Date(t)));
    }),
    { numRuns: 5000 },
  );
  assert.equal(londonDate(londonDayStart('2018-03-25')), '2018-03-25');
});
