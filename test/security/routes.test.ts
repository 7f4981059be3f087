import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, apiClient, testApp, world } from '../helpers.js';

const RANK = { public: 0, viewer: 1, editor: 2, admin: 3 } as const;
type Who = 'anonymous' | 'viewer' | 'editor' | 'admin';
const WHO: Who[] = ['anonymous', 'viewer', 'editor', 'admin'];
const rank = (w: Who) => (w === 'anonymous' ? 0 : RANK[w]);

// Every route the app registers, for every role: refused below its access rule, let through at or above it.
// New routes of any area join this matrix automatically, through the app's route table.
test('route x role matrix', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const n = w.north;
  const project = await w.services.projects.create({ by: n.editor, input: { title: 'Matrix', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id] } });
  // A path parameter is filled with an id of the signed-in office (some may not exist for that kind: 404 is fine).
  const fill = (url: string) =>
    url
      .replace(':id', project.id)
      .replace(/:office(Slug)?\b/, 'north')
      .replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');

  const browsers: Record<string, Browser> = {};
  const apis: Record<string, Awaited<ReturnType<typeof apiClient>>> = {};
  for (const who of WHO) {
    const b = new Browser(app);
    if (who !== 'anonymous') {
      await b.signIn(n.users[who].email);
      apis[who] = await apiClient(app, w.services, { ...n.admin, userId: n.users[who].id, role: who });
    }
    browsers[who] = b;
  }

  const rows: string[] = [];
  const failures: string[] = [];
  for (const r of app.routeTable) {
    // Sign-in and sign-out change who the browser is; their own tests cover them.
    if (r.url.includes('*') || (r.method === 'POST' && ['/sign-in', '/sign-out'].includes(r.url))) continue;
    const url = fill(r.url);
    for (const who of WHO) {
      let status: number;
      if (r.api) {
        if (who === 'anonymous') {
          status = (await app.inject({ method: r.method as 'GET', url, payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} })).statusCode;
        } else {
          status = (await apis[who].call(r.method as 'GET', url.replace('/api/v1', ''), r.method === 'GET' || r.method === 'DELETE' ? undefined : {})).status;
        }
      } else {
        const b = browsers[who];
        status = r.method === 'GET' ? (await b.get(url)).statusCode : (await b.post(url, {}, { from: who === 'anonymous' ? '/sign-in' : '/' })).statusCode;
      }
      const allowed = rank(who) >= RANK[r.access];
      const refused = who === 'anonymous' && !allowed ? [401, 303].includes(status) : status === 403;
      rows.push(`${r.method.padEnd(6)} ${r.url.padEnd(40)} ${who.padEnd(9)} ${status}`);
      if (allowed && (status === 401 || status === 403 || status >= 500))
        failures.push(`${r.method} ${r.url} as ${who}: ${status}, expected to be let through`);
      if (!allowed && !refused) failures.push(`${r.method} ${r.url} as ${who}: ${status}, expected refusal`);
    }
  }
  t.diagnostic(`${app.routeTable.length} routes x ${WHO.length} roles`);
  assert.ok(app.routeTable.length >= 20, 'the route table is populated');
  assert.deepEqual(failures, [], rows.join('\n'));
});
