import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newStore, presentTokenIds, seedToken, startPcp, storeKinds, writers } from '../../../test/server-process.js';

for (const kind of storeKinds()) {
  test(`${kind}: SIGTERM under load from keep-alive writers exits 0 within 3 s and loses no acknowledged write`, async (t) => {
    const store = await newStore(kind);
    t.after(() => store.drop());
    const token = await seedToken(store);
    const server = startPcp(store.env);
    t.after(() => server.child.kill('SIGKILL'));
    const base = await server.ready;
    const load = writers(base, token, 6);
    // Let the writers get going, so the signal lands while requests are in flight.
    while (load.acked.length < 30) await new Promise((r) => setTimeout(r, 20));
    const sent = Date.now();
    server.child.kill('SIGTERM');
    const { code, at } = await server.exited;
    await load.done();
    const took = at - sent;
    assert.equal(code, 0, `exit code (stderr: ${server.stderr()})`);
    assert.ok(took < 3000, `exited after ${took} ms`);
    // Anything refused while closing says so in the API's error shape; nothing else went wrong.
    for (const r of load.refusals) {
      assert.equal(r.status, 503);
      assert.equal(r.body.error.code, 'server.shutting_down');
      assert.match(r.body.error.message, /restarting/);
    }
    for (const e of load.errors) assert.match(e, /ECONNRESET|ECONNREFUSED|EPIPE|socket hang up/);
    const present = await presentTokenIds(store, load.acked);
    assert.equal(present.length, load.acked.length, 'every acknowledged write is in the database after the restart');
    t.diagnostic(
      `${kind}: ${load.acked.length} acknowledged, exit after ${took} ms, ${load.refusals.length} refused with 503, ${load.errors.length} connection errors`,
    );
  });
}
