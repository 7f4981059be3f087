import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, apiClient, testApp, world } from '../helpers.js';

test('sign in, see the home page, use the API', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const home = await b.get('/');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /North OPCC/);
  const api = await apiClient(app, w.services, w.north.editor);
  const r = await api.call('POST', '/projects', { title: 'API project', strandId: w.north.strands[0].id, priorityIds: [w.north.priorities[0].id] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const list = await api.call('GET', '/projects');
  assert.equal(list.body.total, 1);
});
