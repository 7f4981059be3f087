import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, PASSWORD, clock, testApp, world } from '../../../test/helpers.js';
import { ConfigError, loadConfig } from '../../config.js';
import { buildApp, createServices } from '../../app.js';

type App = Awaited<ReturnType<typeof testApp>>;
/** One sign-in from a fresh browser at an address (or behind a proxy saying X-Forwarded-For). */
async function attempt(app: App, email: string, password: string, from: { remoteAddress?: string; xff?: string } = {}) {
  const b = new Browser(app, { remoteAddress: from.remoteAddress, headers: from.xff ? { 'x-forwarded-for': from.xff } : {} });
  const res = await b.post('/sign-in', { email, password }, { from: '/sign-in' });
  return { status: res.statusCode, res, b };
}

test('thirty people in one office behind one address all sign in at 9am, mistypes and all', async (t) => {
  const c = clock('2026-01-15T09:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const people = [];
  for (let i = 1; i <= 30; i++) {
    const email = `officer${i}@north.example.org`;
    await w.services.auth.createUser({ officeId: w.north.office.id, input: { email, name: `Officer ${i}`, password: PASSWORD, role: 'editor' }, by: null });
    people.push({ email, name: `Officer ${i}` });
  }
  for (const [i, p] of people.entries()) {
    // One in three mistypes first: the office's address gathers failures, far below its ceiling.
    if (i % 3 === 0) assert.equal((await attempt(app, p.email, 'not my password')).status, 401, p.email);
    const { status, b } = await attempt(app, p.email, PASSWORD);
    assert.equal(status, 303, `${p.email} signs in`);
    assert.match((await b.get('/')).body, new RegExp(`${p.name} \\(editor\\)`));
    c.advance(10_000);
  }
});

test('an account is throttled after N failures from any mix of addresses, and the page says when to try again', async (t) => {
  const c = clock('2026-01-15T10:00:00Z');
  const w = await world(t, { now: c.now, config: { signInAccountMax: 5, signInRateMax: 3 } });
  const app = await testApp(t, { ...w, now: c.now });
  const victim = 'editor@north.example.org';
  for (let i = 1; i <= 5; i++) assert.equal((await attempt(app, victim, `guess ${i} guess`, { remoteAddress: `203.0.113.${i}` })).status, 401);
  // A sixth address, even with the right password, waits: the account has had its five.
  const locked = await attempt(app, victim, PASSWORD, { remoteAddress: '198.51.100.7' });
  assert.equal(locked.status, 429);
  assert.match(locked.res.body, /<h1 class="govuk-heading-l">You cannot sign in at the moment<\/h1>/);
  assert.match(locked.res.body, /too many failed attempts to sign in to this account/);
  // The first failure leaves the window at 10:15 London time (GMT in January).
  assert.match(locked.res.body, /you can try again at 10:15am \(in 15 minutes\)/);
  assert.equal(locked.res.headers['retry-after'], '900');
  assert.match(locked.res.body, /<title>You cannot sign in at the moment/);
  // An API-ish client asking for JSON gets the same in JSON.
  const b = new Browser(app, { headers: { accept: 'application/json' } });
  const json = await b.post('/sign-in', { email: victim, password: PASSWORD }, { from: '/sign-in' });
  assert.equal(json.statusCode, 429);
  assert.equal(json.json().error.code, 'auth.rate_limited');
  assert.equal(json.json().error.retryAfterSeconds, 900);
  // Other accounts from those very addresses are not affected.
  assert.equal((await attempt(app, 'viewer@north.example.org', PASSWORD, { remoteAddress: '203.0.113.1' })).status, 303);
  // The same address typed differently is the same account.
  assert.equal((await attempt(app, ' Editor@NORTH.example.org ', PASSWORD, { remoteAddress: '198.51.100.8' })).status, 429);
  c.advance(15 * 60_000 + 1000);
  assert.equal((await attempt(app, victim, PASSWORD, { remoteAddress: '198.51.100.7' })).status, 303, 'after the window');

  // Per account and address: the guesser's address is stopped first; the owner elsewhere is not.
  c.advance(16 * 60_000);
  for (let i = 0; i < 3; i++) assert.equal((await attempt(app, victim, 'wrong wrong wrong', { remoteAddress: '192.0.2.66' })).status, 401);
  assert.equal((await attempt(app, victim, 'wrong wrong wrong', { remoteAddress: '192.0.2.66' })).status, 429);
  assert.equal((await attempt(app, victim, PASSWORD, { remoteAddress: '192.0.2.10' })).status, 303, 'the owner, at the office');
  // An unknown account is throttled the same way (nothing tells which addresses have accounts).
  for (let i = 0; i < 3; i++) assert.equal((await attempt(app, 'nobody@north.example.org', 'x', { remoteAddress: '192.0.2.66' })).status, 401);
  assert.equal((await attempt(app, 'nobody@north.example.org', 'x', { remoteAddress: '192.0.2.66' })).status, 429);
});

test('successes are not counted; failures are, per address too, and shared by every app instance', async (t) => {
  const c = clock('2026-01-15T10:00:00Z');
  const w = await world(t, { now: c.now, config: { signInRateMax: 3, signInAddressMax: 6 } });
  const app = await testApp(t, { ...w, now: c.now });
  for (let i = 0; i < 12; i++) assert.equal((await attempt(app, 'editor@north.example.org', PASSWORD)).status, 303, `sign-in ${i + 1}`);
  for (let i = 0; i < 3; i++) assert.equal((await attempt(app, 'editor@north.example.org', 'wrong wrong')).status, 401);
  assert.equal((await attempt(app, 'editor@north.example.org', PASSWORD)).status, 429, 'three failures, whatever the successes before');

  // A second instance of the app over the same database sees the same counts.
  const other = await buildApp({ config: w.config, services: createServices({ db: w.database.db, config: w.config, now: c.now }), now: c.now });
  t.after(() => other.close());
  assert.equal((await attempt(other, 'editor@north.example.org', PASSWORD)).status, 429, 'the other instance refuses too');
  for (const who of ['viewer', 'admin']) assert.equal((await attempt(other, `${who}@north.example.org`, 'wrong wrong')).status, 401);
  // Six failures from the address in all (three editor, two on the other instance, one here): the address's ceiling.
  assert.equal((await attempt(app, 'admin@south.example.org', 'wrong wrong')).status, 401);
  const ceiling = await attempt(app, 'viewer@south.example.org', PASSWORD);
  assert.equal(ceiling.status, 429);
  assert.match(ceiling.res.body, /too many failed sign-ins from your network/);
  assert.equal((await attempt(app, 'viewer@south.example.org', PASSWORD, { remoteAddress: '192.0.2.1' })).status, 303, 'another address is not affected');

  // Guesses sent all at once cannot slip under the limit together.
  const at = { remoteAddress: '192.0.2.99' };
  const statuses = await Promise.all(Array.from({ length: 10 }, () => attempt(app, 'admin@north.example.org', 'parallel guess', at).then((r) => r.status)));
  assert.ok(statuses.filter((s) => s === 401).length <= 3, `at most three guesses checked: ${statuses}`);
  assert.ok(statuses.includes(429));
});

test('X-Forwarded-For is honoured only from a proxy named in PCP_TRUST_PROXY', async (t) => {
  const w = await world(t, { config: { signInRateMax: 3, signInAccountMax: 100 } });
  // Not trusted (the default): a client naming itself a new address each time is still one address.
  const plain = await testApp(t, w);
  for (let i = 0; i < 3; i++) assert.equal((await attempt(plain, 'editor@north.example.org', 'wrong wrong', { xff: `198.51.100.${i}` })).status, 401);
  assert.equal((await attempt(plain, 'editor@north.example.org', 'wrong wrong', { xff: '198.51.100.200' })).status, 429);
  const rows = await w.database.exec('select distinct address from sign_in_failures');
  assert.deepEqual(
    rows.rows.map((r) => r.address),
    ['127.0.0.1'],
  );

  // Behind a trusted proxy at 10.0.0.5: its X-Forwarded-For is the client.
  const proxied = await testApp(t, { ...w, config: { ...w.config, trustProxy: ['10.0.0.5'] } });
  const viaProxy = (xff: string) => ({ remoteAddress: '10.0.0.5', xff });
  for (let i = 0; i < 3; i++) assert.equal((await attempt(proxied, 'viewer@north.example.org', 'wrong wrong', viaProxy('198.51.100.1'))).status, 401);
  assert.equal((await attempt(proxied, 'viewer@north.example.org', PASSWORD, viaProxy('198.51.100.1'))).status, 429, 'that client is stopped');
  assert.equal(
    (await attempt(proxied, 'viewer@north.example.org', PASSWORD, viaProxy('198.51.100.2'))).status,
    303,
    'another client behind the same proxy is not',
  );
  // A client reaching the app directly cannot pose as someone else by sending the header.
  for (let i = 0; i < 3; i++)
    assert.equal((await attempt(proxied, 'admin@north.example.org', 'wrong wrong', { remoteAddress: '192.0.2.50', xff: `198.51.100.${50 + i}` })).status, 401);
  assert.equal((await attempt(proxied, 'admin@north.example.org', PASSWORD, { remoteAddress: '192.0.2.50', xff: '198.51.100.99' })).status, 429);
  const seen = (await w.database.exec("select distinct address from sign_in_failures where address <> '127.0.0.1' order by address")).rows.map(
    (r) => r.address,
  );
  assert.deepEqual(seen, ['192.0.2.50', '198.51.100.1']);
});

test('PCP_TRUST_PROXY takes proxy addresses or ranges; true and hop counts are refused', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.deepEqual(loadConfig({ PCP_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback,::1' }).trustProxy, ['10.0.0.5', '10.1.0.0/16', 'loopback', '::1']);
  for (const bad of ['true', '2', '10.0.0.0/33', 'proxy.example.org'])
    assert.throws(
      () => loadConfig({ PCP_TRUST_PROXY: bad }),
      (e) => e instanceof ConfigError && /PCP_TRUST_PROXY: must be the proxies' addresses/.test(e.message),
      bad,
    );
  assert.deepEqual([loadConfig({}).signInRateMax, loadConfig({}).signInAccountMax, loadConfig({}).signInAddressMax], [10, 30, 300]);
});
