// The one memo of what is made from an office's records (kept.ts): what the reports, the grants and
// the kept pages rely on.
// test-pass: pglite-only (memory only, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKept, createMemo } from './kept.js';

/** A make that counts its runs and gives `value`. */
const counted = <T>(value: T) => {
  const make = async () => {
    make.runs++;
    return value;
  };
  make.runs = 0;
  return make;
};

test('made once per office, counter and key; a newer counter drops the office’s older entries, not another office’s', async () => {
  const memo = createMemo({ max: 10 });
  const make = counted('a');
  assert.equal(await memo.get('o1', 5, 'x', make), 'a');
  assert.equal(await memo.get('o1', 5, 'x', make), 'a');
  assert.equal(make.runs, 1, 'the second asking is answered from memory');
  await memo.get('o1', 5, 'y', counted('b'));
  await memo.get('o2', 5, 'x', counted('c'));
  assert.equal(memo.size(), 3);
  // o1's counter moves: its two entries at 5 go at once (they can never be asked for again).
  const newer = counted('a2');
  assert.equal(await memo.get('o1', 6, 'z', newer), 'a2');
  assert.equal(memo.size(), 2, 'o1’s entries at counter 5 are dropped, o2’s stays');
  assert.equal(await memo.get('o1', 6, 'x', newer), 'a2', 'made again at the new counter');
  assert.equal(newer.runs, 2);
  // A request that read the counter before the change: made for it, never kept, nothing dropped.
  const stale = counted('old');
  assert.equal(await memo.get('o1', 5, 'x', stale), 'old');
  assert.equal(await memo.get('o1', 5, 'x', stale), 'old');
  assert.equal(stale.runs, 2);
  assert.equal(memo.size(), 3);
  // No counter (no such office): made every time.
  const none = counted('n');
  await memo.get('o3', null, 'x', none);
  await memo.get('o3', null, 'x', none);
  assert.equal(none.runs, 2);
});

test('bounded: past the bound the least recently used goes first', async () => {
  const memo = createMemo({ max: 3 });
  const makes = ['a', 'b', 'c', 'd'].map((k) => counted(k));
  for (const [i, m] of makes.slice(0, 3).entries()) await memo.get('o', 1, String(i), m);
  await memo.get('o', 1, '0', makes[0]); // 0 used again: 1 is now the least recently used
  await memo.get('o', 1, '3', makes[3]);
  assert.equal(memo.size(), 3);
  await memo.get('o', 1, '0', makes[0]);
  await memo.get('o', 1, '2', makes[2]);
  await memo.get('o', 1, '3', makes[3]);
  assert.deepEqual(
    makes.map((m) => m.runs),
    [1, 1, 1, 1],
    'the three most recently used are kept',
  );
  await memo.get('o', 1, '1', makes[1]);
  assert.equal(makes[1].runs, 2, 'the least recently used was dropped');
  // Weighed: a bound in bytes, say.
  const kept = createKept<string>({ max: 10, weigh: (s) => s.length });
  kept.set('o', 1, 'a', 'xxxx');
  kept.set('o', 1, 'b', 'yyyy');
  kept.get('o', 1, 'a');
  kept.set('o', 1, 'c', 'zzzz');
  assert.equal(kept.weight(), 8);
  assert.equal(kept.get('o', 1, 'b'), undefined, 'the least recently used went first');
  assert.equal(kept.get('o', 1, 'a'), 'xxxx');
  kept.set('o', 2, 'd', 'w');
  assert.equal(kept.weight(), 1, 'the older counter’s weight went with it');
});

test('a make that fails is not kept: the next asking makes it again', async () => {
  const memo = createMemo({ max: 10 });
  let runs = 0;
  const make = async () => {
    runs++;
    if (runs === 1) throw new Error('the database was away');
    return 'made';
  };
  await assert.rejects(memo.get('o', 1, 'x', make), /away/);
  assert.equal(memo.size(), 0);
  assert.equal(await memo.get('o', 1, 'x', make), 'made');
  assert.equal(await memo.get('o', 1, 'x', make), 'made');
  assert.equal(runs, 2);
  // Two askings while the first make is under way share it, failure included.
  let failures = 0;
  const slow = () => new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`failure ${++failures}`)), 5));
  const both = await Promise.allSettled([memo.get('o', 1, 'y', slow), memo.get('o', 1, 'y', slow)]);
  assert.deepEqual(
    both.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.equal(failures, 1);
  assert.equal(memo.size(), 1, 'only the one that was made is kept');
});
