// The smaller gaps of the security review (issue 13), one case each; each failed on the code before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, Browser, PASSWORD, testApp, world } from '../helpers.js';

test('smaller gaps: API caching, cross-office addresses, public links, control characters', async (t) => {
  const w = await world(t);
  const app = await testApp(t, { config: w.config, services: w.services });
  const n = w.north;
  const api = await apiClient(app, w.services, n.editor);

  await t.test('every API answer is Cache-Control: no-store (a token’s secret is in one)', async () => {
    const made = await api.call('POST', '/tokens', { name: 'build server', role: 'viewer' });
    assert.equal(made.status, 201);
    assert.ok(made.body.token);
    for (const r of [made, await api.call('GET', '/projects'), await api.call('GET', '/openapi.json')]) assert.equal(r.headers['cache-control'], 'no-store');
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/projects' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.headers['cache-control'], 'no-store');
  });

  await t.test('adding a user in one office does not reveal that the address has an account in another', async () => {
    const southAdmin = new Browser(app);
    await southAdmin.signIn(w.south.users.admin.email);
    const add = (email: string) =>
      southAdmin.post('/admin/users/new', { name: 'Sam Jones', email, password: 'a phrase of its very own', role: 'viewer' }, { from: '/admin/users/new' });
    const elsewhere = await add(n.users.admin.email); // north's admin's address
    const nowhere = await add('nobody.yet@example.org');
    assert.equal(elsewhere.statusCode, nowhere.statusCode);
    assert.equal(elsewhere.statusCode, 303);
    assert.doesNotMatch(elsewhere.body + (await southAdmin.get('/admin/users')).body, /already exists/);
    // Each account signs in to its own office with its own password.
    const north = new Browser(app);
    await north.signIn(n.users.admin.email, PASSWORD);
    assert.match((await north.get('/admin')).body, /North OPCC/);
    const south = new Browser(app);
    await south.signIn(n.users.admin.email, 'a phrase of its very own');
    assert.match((await south.get('/')).body, /South OPCC/);
    // Within one office an address is still one account.
    const again = await add('nobody.yet@example.org');
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /A user with this email address already exists/);
  });

  await t.test('links in the public feed and CSV come from PCP_PUBLIC_URL, never the Host header', async () => {
    const d = await w.services.decisions.create({
      by: n.editor,
      input: { reference: 'ID: 507', title: 'Stalking support', summary: 'Funds a stalking advocate.' },
    });
    const a = await w.services.decisions.approve({
      by: n.editor,
      id: d.id,
      input: { version: d.version, approvedOn: '2020-01-27', decisionMaker: 'The Commissioner' },
    });
    await w.services.decisions.publish({ by: n.editor, id: d.id, input: { version: a.version } });
    for (const url of ['/o/north/decisions.atom', '/o/north/decisions.csv']) {
      const res = await app.inject({ method: 'GET', url, headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example' } });
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /attacker\.example/, url);
      assert.ok(res.body.includes(`https://pcp.example.org/o/north/decisions/${d.id}`), url);
    }
  });

  await t.test('control characters: refused in one-line text, removed from long text', async () => {
    const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id] };
    const twoLines = await api.call('POST', '/projects', { ...base, title: 'Hate crime\nstrategy' });
    assert.equal(twoLines.status, 400);
    assert.deepEqual(
      twoLines.body.error.fields.map((f: { field: string }) => f.field),
      ['title'],
    );
    const pasted = await api.call('POST', '/decisions', {
      reference: 'ID: 508',
      title: 'Chairs',
      summary: 'Legally\u0007 qualified\u0000 chairs.\nFor the Panel.',
    });
    assert.equal(pasted.status, 201);
    assert.equal(pasted.body.summary, 'Legally qualified chairs.\nFor the Panel.');
  });
});
