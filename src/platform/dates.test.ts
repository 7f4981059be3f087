// test-pass: pglite-only (date parsing, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDate, userDate } from './dates.js';

const boxes = (d: string, m: string, y: string) => ({ 'x-day': d, 'x-month': m, 'x-year': y });
const read = (d: string, m: string, y: string) => readDate(boxes(d, m, y), 'x', 'Date approved');

test('day, month and year boxes become an ISO date, with leading zeros, month names or a whole date typed in the day box', () => {
  assert.deepEqual(read('31', '03', '2014'), { value: '2014-03-31' });
  assert.deepEqual(read('1', '4', '2016'), { value: '2016-04-01' });
  assert.deepEqual(read('27', 'Mar', '2007'), { value: '2007-03-27' });
  assert.deepEqual(read('27', 'march', '2007'), { value: '2007-03-27' });
  assert.deepEqual(read('31/03/2014', '', ''), { value: '2014-03-31' });
  assert.deepEqual(read('31-3-2014', '', ''), { value: '2014-03-31' });
  assert.deepEqual(read('2014-03-31', '', ''), { value: '2014-03-31' });
  assert.deepEqual(read('29', '2', '2020'), { value: '2020-02-29' });
  assert.deepEqual(read('', '', ''), {});
});

test('wrong dates get the Design System’s message and only the wrong boxes', () => {
  const e = (d: string, m: string, y: string) => read(d, m, y).error;
  assert.deepEqual(e('31', '02', '2019'), { field: 'x', message: 'Date approved must be a real date', parts: ['day'] });
  assert.deepEqual(e('29', '2', '2019'), { field: 'x', message: 'Date approved must be a real date', parts: ['day'] });
  assert.deepEqual(e('12', '13', '2019'), { field: 'x', message: 'Date approved must be a real date', parts: ['month'] });
  assert.deepEqual(e('10', '', '2019'), { field: 'x', message: 'Date approved must include a month', parts: ['month'] });
  assert.deepEqual(e('', '', '2019'), { field: 'x', message: 'Date approved must include a day and month', parts: ['day', 'month'] });
  assert.deepEqual(e('10', '4', ''), { field: 'x', message: 'Date approved must include a year', parts: ['year'] });
  assert.deepEqual(e('x', '4', '2019'), { field: 'x', message: 'Date approved must be a real date', parts: ['day'] });
  assert.deepEqual(e('10', '4', '19'), { field: 'x', message: 'Date approved: the year must include 4 numbers', parts: ['year'] });
  assert.deepEqual(readDate({}, 'x', 'Date approved', { required: 'Enter the date approved' }).error, {
    field: 'x',
    message: 'Enter the date approved',
    parts: ['day', 'month', 'year'],
  });
});

test('dates are written in the user’s terms', () => {
  assert.equal(userDate('2018-04-10'), '10 April 2018');
  assert.equal(userDate('2014-03-31'), '31 March 2014');
});
