import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, testApp, world } from '../../../test/helpers.js';

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;

test('admin pages: plan, priorities, strands, users and tokens; 400 with answers kept, 303 with banner', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('admin@north.example.org');
  for (const url of ['/admin', '/admin/plan', '/admin/priorities', '/admin/strands', '/admin/users', '/admin/users/new', '/admin/tokens']) {
    assert.equal((await b.get(url)).statusCode, 200, url);
  }

  // Plan: bad dates then a good save.
  const badPlan = await b.post(
    '/admin/plan',
    { title: '', 'periodStart-day': '31', 'periodStart-month': '2', 'periodStart-year': '2017', version: '1', status: 'draft' },
    { from: '/admin/plan' },
  );
  assert.equal(badPlan.statusCode, 400);
  assert.match(badPlan.body, /href="#title"/);
  assert.match(badPlan.body, /href="#periodStart-day"/);
  assert.match(badPlan.body, /value="31"/);
  const plan = await b.post(
    '/admin/plan',
    {
      title: 'Community Safety Plan 2017-2022',
      'periodStart-day': '1',
      'periodStart-month': '4',
      'periodStart-year': '2017',
      'periodEnd-day': '31',
      'periodEnd-month': '3',
      'periodEnd-year': '2022',
      version: '1',
      status: 'superseded',
    },
    { from: '/admin/plan' },
  );
  assert.equal(plan.statusCode, 303);
  const planPage = await b.get('/admin/plan');
  assert.match(planPage.body, /Plan updated/);
  assert.match(planPage.body, /value="Community Safety Plan 2017-2022"/);
  // A published plan moves on only to superseded (issue 16: out of order is refused).
  assert.equal((await w.services.plan.currentPlan(w.north.office.id))?.status, 'superseded');

  // Priorities: colour validated, then added and changed.
  const badPr = await b.post('/admin/priorities', { name: 'Reduce offending', colour: 'red' }, { from: '/admin/priorities' });
  assert.equal(badPr.statusCode, 400);
  assert.match(badPr.body, /href="#colour"/);
  const pr = await b.post('/admin/priorities', { name: 'Effective policing', colour: '#00703c' }, { from: '/admin/priorities' });
  assert.equal(pr.statusCode, 303);
  const prList = await b.get('/admin/priorities');
  assert.match(prList.body, /Priority “Effective policing” added/);
  assert.match(prList.body, /fill="#00703c"/);
  const prId = (await w.services.plan.listPriorities(w.north.office.id)).find((p) => p.name === 'Effective policing')?.id as string;
  assert.equal(
    (
      await b.post(
        `/admin/priorities/${prId}`,
        { name: 'Effective and efficient policing', colour: '#00703c', position: '1' },
        { from: `/admin/priorities/${prId}` },
      )
    ).statusCode,
    303,
  );
  const changed = (await w.services.plan.listPriorities(w.north.office.id)).find((p) => p.id === prId);
  assert.equal(changed?.name, 'Effective and efficient policing');
  assert.equal(changed?.position, 1);

  // Strands.
  const dupStrand = await b.post('/admin/strands', { name: 'Policing' }, { from: '/admin/strands' });
  assert.equal(dupStrand.statusCode, 400);
  assert.match(dupStrand.body, /already exists/);
  assert.equal((await b.post('/admin/strands', { name: 'Community' }, { from: '/admin/strands' })).statusCode, 303);

  // Users: create (password never echoed), change role, disable; not yourself.
  const badUser = await b.post('/admin/users/new', { name: 'Sam', email: 'nope', password: 'short', role: '' }, { from: '/admin/users/new' });
  assert.equal(badUser.statusCode, 400);
  for (const f of ['email', 'password', 'role']) assert.match(badUser.body, new RegExp(`href="#${f}"`));
  assert.match(badUser.body, /value="Sam"/);
  assert.doesNotMatch(badUser.body, /value="short"/);
  const made = await b.post(
    '/admin/users/new',
    { name: 'Sam Officer', email: 'sam@north.example.org', password: 'a long enough passphrase', role: 'viewer' },
    { from: '/admin/users/new' },
  );
  assert.equal(made.statusCode, 303);
  const sam = (await w.services.auth.listUsers(w.north.office.id)).find((u) => u.email === 'sam@north.example.org');
  assert.ok(sam);
  assert.equal((await b.post(`/admin/users/${sam.id}/role`, { role: 'editor' }, { from: `/admin/users/${sam.id}` })).statusCode, 303);
  assert.equal((await b.post(`/admin/users/${sam.id}/status`, { disabled: 'true' }, { from: `/admin/users/${sam.id}` })).statusCode, 303);
  const samPage = await b.get(`/admin/users/${sam.id}`);
  assert.match(samPage.body, /Disabled: cannot sign in/);
  assert.match(samPage.body, /Enable this user/);
  const self = await b.post(`/admin/users/${w.north.users.admin.id}/status`, { disabled: 'true' }, { from: '/admin/users' });
  assert.equal(self.statusCode, 422);
  assert.match(self.body, /cannot disable yourself/);
  assert.equal((await b.get(`/admin/users/${w.south.users.admin.id}`)).statusCode, 404);

  // Tokens: the secret once, then revoked.
  const noName = await b.post('/admin/tokens', { name: '', role: 'viewer' }, { from: '/admin/tokens' });
  assert.equal(noName.statusCode, 400);
  assert.match(noName.body, /href="#name"/);
  const tok = await b.post('/admin/tokens', { name: 'Dashboard', role: 'viewer' }, { from: '/admin/tokens' });
  assert.equal(tok.statusCode, 201);
  const secret = /id="token-secret">(pcp_[\w-]+)</.exec(tok.body)?.[1];
  assert.ok(secret);
  assert.ok(await w.services.auth.resolveToken(secret));
  const list = await b.get('/admin/tokens');
  assert.doesNotMatch(list.body, new RegExp(secret));
  const id = (await w.services.auth.listTokens(w.north.office.id))[0].id;
  const rev = await b.post(`/admin/tokens/${id}/revoke`, {}, { csrf: csrfOf(list.body) });
  assert.equal(rev.statusCode, 303);
  assert.equal(await w.services.auth.resolveToken(secret), null);
});

test('editors and viewers cannot reach the admin pages', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  for (const role of ['editor', 'viewer']) {
    const b = new Browser(app);
    await b.signIn(`${role}@north.example.org`);
    assert.equal((await b.get('/admin')).statusCode, 403);
    assert.equal((await b.get('/admin/users')).statusCode, 403);
    const csrf = await b.csrf('/');
    assert.equal((await b.post('/admin/strands', { name: 'X' }, { csrf })).statusCode, 403);
    assert.doesNotMatch((await b.get('/')).body, /href="\/admin"/);
  }
});
