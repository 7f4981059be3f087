// test-pass: pglite-only (the stage machine, no database)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedMoves, MOVE_NAMES, STAGES, type Stage, target } from './stages.js';

// The whole table, written out by hand: every (stage, move) pair and where it leads, or null.
const EXPECTED: Record<Stage, Record<string, Stage | null>> = {
  candidate: { scope: 'scoping', deliver: null, complete: null, complete_at_scoping: null, hold: 'on_hold', resume: null, close: 'closed', merge: 'merged' },
  scoping: {
    scope: null,
    deliver: 'delivery',
    complete: null,
    complete_at_scoping: 'completed',
    hold: 'on_hold',
    resume: null,
    close: 'closed',
    merge: 'merged',
  },
  delivery: { scope: null, deliver: null, complete: 'completed', complete_at_scoping: null, hold: 'on_hold', resume: null, close: 'closed', merge: 'merged' },
  on_hold: { scope: null, deliver: null, complete: null, complete_at_scoping: null, hold: null, resume: 'RESUME', close: 'closed', merge: 'merged' } as never,
  completed: Object.fromEntries(MOVE_NAMES.map((m) => [m, null])),
  closed: Object.fromEntries(MOVE_NAMES.map((m) => [m, null])),
  merged: Object.fromEntries(MOVE_NAMES.map((m) => [m, null])),
};

for (const stage of STAGES) {
  for (const move of MOVE_NAMES) {
    const want = EXPECTED[stage][move];
    test(`${move} from ${stage} ${want ? 'is allowed' : 'is refused'}`, () => {
      if (want === ('RESUME' as never)) {
        for (const from of ['candidate', 'scoping', 'delivery'] as const) assert.equal(target(move, stage, from), from);
        assert.equal(target(move, stage, null), null);
      } else {
        assert.equal(target(move, stage, null), want);
      }
      assert.equal(allowedMoves(stage).includes(move), want !== null);
    });
  }
}
