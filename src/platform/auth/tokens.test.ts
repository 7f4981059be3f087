import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../../test/helpers.js';

type App = Awaited<ReturnType<typeof testApp>>;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
const secretOf = (html: string) => /id="token-secret">(pcp_[\w-]+)</.exec(html)?.[1];
const rowOf = (html: string, name: string) => {
  const rows = html.split('<tr class="govuk-table__row">').slice(1);
  const row = rows.map((r) => r.split('</tr>')[0]).find((r) => r.includes(`<td class="govuk-table__cell">${name}`));
  return row
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
};
const bearer = (app: App, token: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
  app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    payload: body ? JSON.stringify(body) : undefined,
  });

test('every role makes, sees and revokes its own API tokens on /account/tokens; the secret is shown once', async (t) => {
  const c = clock('2026-03-10T12:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    const b = new Browser(app);
    await b.signIn(`${role}@north.example.org`);
    assert.match((await b.get('/')).body, /href="\/account\/tokens"/, 'the header links to the page');
    const page = await b.get('/account/tokens');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Your API tokens<\/h1>/);
    assert.match(page.body, /No tokens yet/);
    // Only roles up to one's own are offered; the expiry is filled in with 90 days from today.
    const offered = [...page.body.matchAll(/name="role" type="radio" value="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(offered, { viewer: ['viewer'], editor: ['viewer', 'editor'], admin: ['viewer', 'editor', 'admin'] }[role]);
    assert.match(page.body, /name="expiresOn-day" type="text" value="8"/);
    assert.match(page.body, /name="expiresOn-month" type="text" value="6"/);
    assert.match(page.body, /on or before 10 March 2027/);

    const made = await b.post(
      '/account/tokens',
      { name: `${role} dashboard`, role, 'expiresOn-day': '8', 'expiresOn-month': '6', 'expiresOn-year': '2026' },
      { from: '/account/tokens' },
    );
    assert.equal(made.statusCode, 201);
    const secret = secretOf(made.body);
    assert.ok(secret, 'the secret is on the page');
    assert.match(made.body, /Token “\w+ dashboard” created/);
    assert.equal(
      rowOf(made.body, `${role} dashboard`),
      `${role} dashboard ${role[0].toUpperCase()}${role.slice(1)} 10 March 2026 8 June 2026 Never Revoke ${role} dashboard`,
    );
    const me = await bearer(app, secret, 'GET', '/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().role, role);
    const list = await b.get('/account/tokens');
    assert.doesNotMatch(list.body, new RegExp(secret), 'never shown again');
    assert.match(rowOf(list.body, `${role} dashboard`) ?? '', /8 June 2026 10 March 2026 at 12:00pm Revoke/, 'last used');
    const [mine] = await w.services.auth.listTokens(w.north.office.id, w.north.users[role].id);
    const rev = await b.post(`/account/tokens/${mine.id}/revoke`, {}, { csrf: csrfOf(list.body) });
    assert.equal(rev.statusCode, 303);
    const after = await b.get('/account/tokens');
    assert.match(after.body, new RegExp(`Token “${role} dashboard” revoked: it no longer works.`));
    assert.match(rowOf(after.body, `${role} dashboard`) ?? '', /Revoked 10 March 2026$/);
    assert.equal((await bearer(app, secret, 'GET', '/me')).statusCode, 401);
  }
});

test('expiry: 90 days unless chosen, at most a year, in the future, a real date; an expired token stops working', async (t) => {
  const c = clock('2026-03-10T12:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  for (const [parts, message] of [
    [['11', '3', '2027'], 'Expiry date must be no more than a year from today, on or before 10 March 2027'],
    [['10', '3', '2026'], 'Expiry date must be in the future'],
    [['31', '2', '2027'], 'Expiry date must be a real date'],
  ] as const) {
    const r = await b.post(
      '/account/tokens',
      { name: 'Script', role: 'editor', 'expiresOn-day': parts[0], 'expiresOn-month': parts[1], 'expiresOn-year': parts[2] },
      { from: '/account/tokens' },
    );
    assert.equal(r.statusCode, 400, message);
    assert.match(r.body, /govuk-error-summary/);
    assert.match(r.body, new RegExp(`href="#expiresOn-day">${message}`));
    assert.match(r.body, /name="name" type="text" value="Script"/, 'the answers are kept');
    assert.match(r.body, new RegExp(`name="expiresOn-day" type="text" value="${parts[0]}"`));
  }
  assert.equal((await w.services.auth.listTokens(w.north.office.id)).length, 0, 'nothing written');
  // Left to its default: the end of the day 90 days on, London time (8 June is in summer time).
  const token = await w.services.auth.createToken({ by: w.north.editor, input: { name: 'Default', role: 'editor' } });
  assert.equal(token.expiresAt.toISOString(), '2026-06-08T22:59:59.999Z');
  const latest = await w.services.auth.createToken({ by: w.north.editor, input: { name: 'A year', role: 'viewer', expiresOn: '2027-03-10' } });
  assert.equal(latest.expiresAt.toISOString(), '2027-03-10T23:59:59.999Z');
  c.set('2026-06-08T22:59:00Z');
  assert.equal((await bearer(app, token.token, 'GET', '/me')).statusCode, 200, 'the last minute of its day');
  c.set('2026-06-08T23:00:00Z');
  assert.equal((await bearer(app, token.token, 'GET', '/me')).statusCode, 401, 'expired');
  await b.signIn('editor@north.example.org');
  assert.match(rowOf((await b.get('/account/tokens')).body, 'Default') ?? '', /Expired$/);
  const api = await bearer(app, latest.token, 'POST', '/tokens', { name: 'Too long', role: 'viewer', expiresOn: '2030-01-01' });
  assert.equal(api.statusCode, 400);
  assert.equal(api.json().error.fields[0].field, 'expiresOn');
});

test('an editor’s first token, then tokens made with it: they cannot outlive it, and die with it', async (t) => {
  const c = clock('2026-03-10T12:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  // No token to start with: the page gives the first one.
  const first = secretOf(
    (
      await b.post(
        '/account/tokens',
        { name: 'Parent', role: 'editor', 'expiresOn-day': '20', 'expiresOn-month': '3', 'expiresOn-year': '2026' },
        { from: '/account/tokens' },
      )
    ).body,
  ) as string;
  const child = await bearer(app, first, 'POST', '/tokens', { name: 'Child', role: 'viewer' });
  assert.equal(child.statusCode, 201);
  assert.equal(child.json().expiresAt, '2026-03-20T23:59:59.999Z', 'its default is cut to its parent’s expiry');
  assert.ok(child.json().parentId);
  const later = await bearer(app, first, 'POST', '/tokens', { name: 'Later', role: 'viewer', expiresOn: '2026-04-01' });
  assert.equal(later.statusCode, 400);
  assert.match(later.json().error.fields[0].message, /cannot outlive it: choose a date on or before 20 March 2026/);
  const higher = await bearer(app, child.json().token, 'POST', '/tokens', { name: 'Higher', role: 'editor' });
  assert.equal(higher.statusCode, 400, 'a viewer token cannot make an editor token');
  const grandchild = await bearer(app, child.json().token, 'POST', '/tokens', { name: 'Grandchild', role: 'viewer' });
  assert.equal(grandchild.statusCode, 201);
  const mine = await bearer(app, first, 'GET', '/me/tokens');
  assert.deepEqual(
    mine
      .json()
      .map((x: { name: string; status: string }) => `${x.name} ${x.status}`)
      .sort(),
    ['Child active', 'Grandchild active', 'Parent active'],
  );
  const page = await b.get('/account/tokens');
  assert.match(rowOf(page.body, 'Grandchild') ?? '', /^Grandchild Made with “Child” Viewer/);

  // Revoking the parent on the page revokes the tree under it.
  const parentId = mine.json().find((x: { name: string }) => x.name === 'Parent').id;
  const rev = await b.post(`/account/tokens/${parentId}/revoke`, {}, { csrf: csrfOf(page.body) });
  assert.equal(rev.statusCode, 303);
  assert.match(
    (await b.get('/account/tokens')).body,
    /Token “Parent” revoked: it no longer works. Tokens made with it were revoked too: “(Child|Grandchild)”, “(Child|Grandchild)”./,
  );
  for (const s of [first, child.json().token, grandchild.json().token]) assert.equal((await bearer(app, s, 'GET', '/me')).statusCode, 401);
  assert.equal(
    (await bearer(app, grandchild.json().token, 'POST', '/tokens', { name: 'Escape', role: 'viewer' })).statusCode,
    401,
    'a revoked token makes nothing',
  );
  const audit = await w.database.exec("select action, changes from audit_log where entity = 'api_token' and action = 'revoked' order by changes");
  assert.deepEqual(
    audit.rows.map((r) => r.changes),
    ['{"with":"' + parentId + '"}', '{"with":"' + parentId + '"}', '{}'],
  );
});

test('others’ tokens: hidden from editors and viewers, seen and revoked by admins of the office only', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const n = w.north;
  const ed = await w.services.auth.createToken({ by: n.editor, input: { name: 'Editor script', role: 'editor' } });
  const southTok = await w.services.auth.createToken({ by: w.south.admin, input: { name: 'South feed', role: 'viewer' } });
  const viewerTok = await w.services.auth.createToken({
    by: { ...n.admin, userId: n.users.viewer.id, name: 'north viewer', role: 'viewer' },
    input: { name: 'Viewer feed', role: 'viewer' },
  });
  // A viewer sees only their own, and cannot revoke the editor's (it does not exist for them).
  const v = new Browser(app);
  await v.signIn('viewer@north.example.org');
  const vp = await v.get('/account/tokens');
  assert.ok(rowOf(vp.body, 'Viewer feed'));
  assert.equal(rowOf(vp.body, 'Editor script'), undefined);
  assert.equal((await v.post(`/account/tokens/${ed.id}/revoke`, {}, { csrf: csrfOf(vp.body) })).statusCode, 404);
  assert.equal((await bearer(app, viewerTok.token, 'DELETE', `/tokens/${ed.id}`)).statusCode, 404);
  assert.equal((await bearer(app, viewerTok.token, 'GET', '/tokens')).statusCode, 403, 'the office list is for admins');
  assert.equal((await bearer(app, ed.token, 'GET', '/me')).statusCode, 200, 'still works');
  // An admin sees the office's tokens with their owners, not another office's, and may revoke any of them.
  const a = new Browser(app);
  await a.signIn('admin@north.example.org');
  const ap = await a.get('/admin/tokens');
  assert.match(rowOf(ap.body, 'Editor script') ?? '', /^Editor script Editor north editor /);
  assert.match(rowOf(ap.body, 'Viewer feed') ?? '', /^Viewer feed Viewer north viewer /);
  assert.equal(rowOf(ap.body, 'South feed'), undefined);
  assert.equal((await a.post(`/admin/tokens/${southTok.id}/revoke`, {}, { csrf: csrfOf(ap.body) })).statusCode, 404);
  assert.equal((await a.post(`/admin/tokens/${ed.id}/revoke`, {}, { csrf: csrfOf(ap.body) })).statusCode, 303);
  assert.equal((await bearer(app, ed.token, 'GET', '/me')).statusCode, 401);
  assert.equal((await bearer(app, southTok.token, 'GET', '/me')).statusCode, 200);
  const adminTok = await w.services.auth.createToken({ by: n.admin, input: { name: 'Admin tool', role: 'admin' } });
  const office = await bearer(app, adminTok.token, 'GET', '/tokens');
  assert.deepEqual(
    office
      .json()
      .map((x: { name: string; status: string; owner: { name: string } }) => `${x.name}/${x.status}/${x.owner.name}`)
      .sort(),
    ['Admin tool/active/north admin', 'Editor script/revoked/north editor', 'Viewer feed/active/north viewer'],
  );
  assert.equal((await bearer(app, adminTok.token, 'DELETE', `/tokens/${viewerTok.id}`)).statusCode, 204);
  // The OpenAPI document describes the token operations and their answers.
  const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  assert.ok(doc.paths['/tokens'].post.requestBody.content['application/json'].schema.properties.expiresOn);
  assert.equal(doc.paths['/tokens'].post.responses['201'].content['application/json'].schema.$ref, '#/components/schemas/NewToken');
  assert.ok(doc.components.schemas.NewToken.properties.token);
  assert.ok(doc.paths['/me/tokens'].get);
  assert.match(doc.paths['/tokens'].post.description, /revoking that token revokes it too/);
});
