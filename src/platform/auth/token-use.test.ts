import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, clock, testApp, world } from '../../../test/helpers.js';

test("an API token's last use is written at most once a minute", async (t) => {
  const c = clock('2026-03-02T09:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const api = await apiClient(app, w.services, w.north.admin);
  const lastUsed = async () => {
    const r = await w.database.exec("select last_used_at from api_tokens where name = 'test admin'");
    const v = r.rows[0].last_used_at as Date | string | null;
    return v === null ? null : new Date(v).toISOString();
  };
  assert.equal(await lastUsed(), null, 'never used');
  assert.equal((await api.call('GET', '/me')).status, 200);
  assert.equal(await lastUsed(), '2026-03-02T09:00:00.000Z', 'the first use is written');
  c.advance(30_000);
  await Promise.all([api.call('GET', '/me'), api.call('GET', '/stages'), api.call('GET', '/plans')]);
  assert.equal(await lastUsed(), '2026-03-02T09:00:00.000Z', 'uses within the minute write nothing');
  c.advance(29_999);
  await api.call('GET', '/me');
  assert.equal(await lastUsed(), '2026-03-02T09:00:00.000Z');
  c.advance(1);
  await api.call('GET', '/me');
  assert.equal(await lastUsed(), '2026-03-02T09:01:00.000Z', 'a minute on, the next use is written');
  // The token page shows it.
  const tokens = await w.services.auth.listTokens(w.north.office.id);
  assert.equal(tokens.find((x) => x.name === 'test admin')?.lastUsedAt?.toISOString(), '2026-03-02T09:01:00.000Z');
});
