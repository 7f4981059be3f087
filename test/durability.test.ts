// A short run of `npm run test:durability` on this pass's store: SIGKILL under load, three times.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { durability, summary } from './durability.js';
import { pgliteOnly, root, storeKinds } from './server-process.js';

for (const kind of storeKinds()) {
  test(`${kind}: three SIGKILLs under load lose no acknowledged write, write no call twice and lose no answer`, async (t) => {
    const r = await durability(kind, { rounds: 3, pgUrl: process.env.PCP_TEST_DATABASE_URL, log: (line) => t.diagnostic(line) });
    t.diagnostic(summary(r));
    assert.equal(r.rounds.length, 3);
    assert.ok(r.acknowledged > 0, 'writes were acknowledged before the kills');
    assert.equal(r.lost, 0, 'acknowledged writes missing after the restart');
    assert.equal(r.duplicates, 0, 'calls written twice');
    assert.equal(r.answerLost, 0, 'calls saved without their answer');
    for (const round of r.rounds) assert.equal(round.retried.refused, 0, `round ${round.round}: a call or its retry was refused`);
  });
}

test('a wrong argument is a usage error: exit 2 with the message', { skip: pgliteOnly }, () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/durability.ts', '--rounds', 'many'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PCP_TEST_PG_URL: '' },
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--rounds must be a whole number/);
  assert.match(r.stderr, /usage: npm run test:durability/);
});
