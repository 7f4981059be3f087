import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, PASSWORD, apiClient, clock, testApp, world } from '../helpers.js';

const SESSION = '__Host-pcp_session';
/** Whether the home page shows the signed-in office (the public landing page otherwise). */
const signedIn = async (b: Browser) => (await b.get('/')).body.includes('app-header__user');

test('session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, and rotates at every sign-in', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const b = new Browser(app);
  const res = await b.signIn('editor@north.example.org');
  const c = res.cookies.find((x) => x.name === SESSION);
  assert.ok(c);
  assert.equal(c.secure, true);
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Lax');
  assert.equal(c.path, '/');
  assert.equal(c.domain, undefined);
  const first = b.cookies.get(SESSION);
  // Signing in again (the same browser) gives a new session and ends the old one.
  await b.post('/sign-in', { email: 'editor@north.example.org', password: PASSWORD }, { from: '/' });
  const second = b.cookies.get(SESSION);
  assert.notEqual(first, second);
  const old = new Browser(app);
  old.cookies.set(SESSION, first as string);
  assert.equal(await signedIn(old), false, 'the old session no longer works');
});

test('sign-in refuses wrong passwords, unknown and disabled users alike', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const b = new Browser(app);
  for (const [email, password] of [
    ['editor@north.example.org', 'wrong password!'],
    ['nobody@north.example.org', PASSWORD],
  ]) {
    const r = await b.post('/sign-in', { email, password }, { from: '/sign-in' });
    assert.equal(r.statusCode, 401);
    assert.match(r.body, /Enter a correct email address and password/);
    assert.match(r.body, new RegExp(`value="${email}"`), 'the email typed is kept');
    assert.ok(!b.cookies.has(SESSION));
  }
  const empty = await b.post('/sign-in', { email: '', password: '' }, { from: '/sign-in' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /govuk-error-summary/);
  assert.match(empty.body, /href="#email"/);
  await w.services.auth.updateUser({ by: w.north.admin, userId: w.north.users.editor.id, disabled: true });
  assert.equal((await b.post('/sign-in', { email: 'editor@north.example.org', password: PASSWORD }, { from: '/sign-in' })).statusCode, 401);
});

test('sign-in is rate limited', async (t) => {
  const w = await world(t, { config: { signInRateMax: 5 } });
  const app = await testApp(t, w);
  const b = new Browser(app);
  const statuses = [];
  for (let i = 0; i < 7; i++)
    statuses.push((await b.post('/sign-in', { email: 'editor@north.example.org', password: 'guess guess guess' }, { from: '/sign-in' })).statusCode);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
  const r = await b.post('/sign-in', { email: 'editor@north.example.org', password: PASSWORD }, { from: '/sign-in' });
  assert.equal(r.statusCode, 429, 'even the right password waits');
  assert.ok(r.headers['retry-after']);
});

test('CSRF: a state-changing form without the right token is refused and changes nothing', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  assert.equal((await b.post('/sign-out', {}, { csrf: false })).statusCode, 403);
  assert.equal((await b.post('/sign-out', {}, { csrf: 'forged-token' })).statusCode, 403);
  // Another user's valid token is no good here either.
  const other = new Browser(app);
  await other.signIn('viewer@north.example.org');
  assert.equal((await b.post('/sign-out', {}, { csrf: await other.csrf('/') })).statusCode, 403);
  assert.equal((await b.get('/')).statusCode, 200, 'still signed in: nothing changed');
  // Sign-in itself needs the pre-session token (no login CSRF).
  const fresh = new Browser(app);
  assert.equal((await fresh.post('/sign-in', { email: 'editor@north.example.org', password: PASSWORD }, { csrf: false })).statusCode, 403);
  const out = await b.post('/sign-out', {}, { from: '/' });
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers['clear-site-data'], '"cache", "storage"', 'the browser drops what it kept of the signed-in pages');
  assert.equal(await signedIn(b), false, 'signed out');
});

test('sessions end after 30 idle minutes, after 12 hours whatever the activity, at sign-out and when disabled', async (t) => {
  const c = clock('2026-01-15T08:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  c.advance(29 * 60_000);
  assert.equal((await b.get('/')).statusCode, 200);
  c.advance(31 * 60_000);
  assert.equal(await signedIn(b), false, 'idle time-out');

  await b.signIn('editor@north.example.org');
  // Active every 20 minutes: still signed in just before 12 hours, not after.
  for (let i = 0; i < 35; i++) {
    c.advance(20 * 60_000);
    assert.equal(await signedIn(b), true, `active at ${(i + 1) * 20} minutes`);
  }
  c.advance(21 * 60_000);
  assert.equal(await signedIn(b), false, 'absolute time-out after 12 hours');

  await b.signIn('editor@north.example.org');
  await w.services.auth.updateUser({ by: w.north.admin, userId: w.north.users.editor.id, disabled: true });
  assert.equal(await signedIn(b), false, 'disabled: session ended');
});

test('security headers on every response, including errors and the API', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const api = await apiClient(app, w.services, w.north.editor);
  const responses = [
    await app.inject({ url: '/' }),
    await app.inject({ url: '/sign-in' }),
    await app.inject({ url: '/no-such-page' }),
    await app.inject({ url: '/projects' }),
    await app.inject({ method: 'POST', url: '/sign-out' }),
    await app.inject({ url: '/api/v1/projects' }),
    await app.inject({ url: '/api/v1/nope' }),
    await app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      payload: '{bad json',
    }),
    await app.inject({ url: '/assets/app.css' }),
  ];
  for (const r of responses) {
    const h = r.headers;
    const where = `${r.statusCode} ${r.raw.req.url}`;
    assert.match(String(h['content-security-policy']), /default-src 'self'/, where);
    assert.match(String(h['content-security-policy']), /frame-ancestors 'none'/, where);
    assert.equal(h['x-content-type-options'], 'nosniff', where);
    assert.equal(h['x-frame-options'], 'SAMEORIGIN', where);
    assert.match(String(h['strict-transport-security']), /max-age=31536000/, where);
    assert.equal(h['referrer-policy'], 'same-origin', where);
  }
  // Pages use a nonce for their one inline script; no 'unsafe-inline'.
  const page = responses[1];
  const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))?.[1];
  assert.ok(nonce);
  assert.match(page.body, new RegExp(`<script nonce="${nonce}">`));
  assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline/);
});

test('sign-in only redirects to paths on this site', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  for (const [next, expected] of [
    ['/projects', '/projects'],
    ['//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
  ]) {
    const b = new Browser(app);
    const r = await b.post('/sign-in', { email: 'editor@north.example.org', password: PASSWORD, next }, { from: '/sign-in' });
    assert.equal(r.headers.location, expected, next);
  }
});

test('refusals of a signed-in person go to the office’s security log: a form without our token, a role they lack (page and API); a stranger’s do not', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const events = async (kind: string) =>
    (
      (await w.database.db.execute(
        `select e.detail, u.email from security_events e left join users u on u.id = e.user_id where e.kind = '${kind}' order by e.at`,
      )) as unknown as { rows: { detail: string; email: string | null }[] }
    ).rows;
  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  assert.equal((await viewer.post('/sign-out', {}, { csrf: 'forged-token' })).statusCode, 403);
  assert.equal((await viewer.get('/admin/users')).statusCode, 403);
  const api = await apiClient(app, w.services, { ...w.north.editor, userId: w.north.users.viewer.id, name: 'north viewer', role: 'viewer' });
  assert.equal((await api.call('POST', '/projects', { title: 'x' })).status, 403);
  const stranger = new Browser(app);
  assert.equal((await stranger.post('/sign-out', {}, { csrf: 'forged-token' })).statusCode, 403);
  // The page's own refusal is written before it answers; give the API's a moment all the same.
  for (let i = 0; i < 50 && (await events('access_refused')).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await events('form_refused'), [{ detail: 'POST /sign-out: the form token is not this session’s', email: 'viewer@north.example.org' }]);
  assert.deepEqual(
    (await events('access_refused')).map((e) => [e.email, e.detail]),
    [
      ['viewer@north.example.org', 'GET /admin/users: needs the admin role'],
      ['viewer@north.example.org', 'POST /api/v1/projects: needs the editor role'],
    ],
  );
  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  const log = (await admin.get('/admin/security?kind=access_refused')).body;
  assert.match(log, /Refused: not allowed/);
  assert.match(log, /GET \/admin\/users: needs the admin role/);
});
