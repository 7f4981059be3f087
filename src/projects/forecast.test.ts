// test-pass: pglite-only (forecast parsing, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOverdue } from './forecast.js';

const p = (stage: string, forecastEnd: string | null, forecastPrecision: 'month' | 'quarter' | 'tbd') => ({ stage, forecastEnd, forecastPrecision });

test('a month forecast is overdue from the first day of the next month, not on its last day', () => {
  const apr = p('delivery', '2020-04-01', 'month');
  assert.equal(isOverdue(apr, '2020-04-30'), false);
  assert.equal(isOverdue(apr, '2020-05-01'), true);
  // December rolls into the next year.
  assert.equal(isOverdue(p('scoping', '2020-12-01', 'month'), '2020-12-31'), false);
  assert.equal(isOverdue(p('scoping', '2020-12-01', 'month'), '2021-01-01'), true);
});

test('a quarter forecast is overdue only once the whole quarter has passed', () => {
  const q2 = p('on_hold', '2020-04-01', 'quarter');
  assert.equal(isOverdue(q2, '2020-05-15'), false);
  assert.equal(isOverdue(q2, '2020-06-30'), false);
  assert.equal(isOverdue(q2, '2020-07-01'), true);
  assert.equal(isOverdue(p('delivery', '2019-10-01', 'quarter'), '2019-12-31'), false);
  assert.equal(isOverdue(p('delivery', '2019-10-01', 'quarter'), '2020-01-01'), true);
});

test('only current projects with a forecast can be overdue', () => {
  for (const stage of ['candidate', 'completed', 'closed', 'merged']) assert.equal(isOverdue(p(stage, '2010-01-01', 'month'), '2026-01-01'), false, stage);
  for (const stage of ['scoping', 'delivery', 'on_hold']) assert.equal(isOverdue(p(stage, '2010-01-01', 'month'), '2026-01-01'), true, stage);
  assert.equal(isOverdue(p('delivery', null, 'tbd'), '2026-01-01'), false);
});
