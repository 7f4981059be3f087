import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';

// Overdue is judged on London dates: at 23:05 UTC on 30 June 2020 it is already 1 July in London (BST).
test('overdue projects: tagged on the list and the project page, counted on home, filtered on the web, the CSV and the API', async (t) => {
  const c = clock('2020-06-30T22:50:00Z'); // 23:50 on 30 June in London
  const w = await world(t, { config: { logLevel: 'error' }, now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const make = (title: string, stage: 'candidate' | 'scoping' | 'delivery', forecastEnd: string) =>
    w.services.projects.create({ by: n.editor, input: { title, strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], forecastEnd, stage } });
  const q2 = await make('Due Q2 2020', 'delivery', '2020-Q2');
  const may = await make('Due May 2020', 'scoping', '2020-05');
  const june = await make('Held June 2020', 'delivery', '2020-06');
  await w.services.projects.move({ by: n.editor, id: june.id, input: { move: 'hold', version: 1, reason: 'Paused' } });
  await make('Candidate 2019', 'candidate', '2019-01');
  await make('No end yet', 'delivery', 'TBD');

  const b = new Browser(app);
  await b.signIn('viewer@north.example.org');
  const api = await apiClient(app, w.services, { ...n.editor, userId: n.users.viewer.id, name: 'north viewer', role: 'viewer' });
  const squash = (html: string) => html.replace(/\s+/g, ' ');
  const titlesOf = (html: string) => [...html.matchAll(/<a class="govuk-link" href="\/projects\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

  // The last hour of 30 June: only May has wholly passed.
  let list = await b.get('/projects?overdue=true');
  assert.equal(list.statusCode, 200);
  assert.deepEqual(titlesOf(list.body), ['Due May 2020']);
  assert.match(list.body, /id="overdue" name="overdue" type="checkbox" value="true" checked/);
  assert.match((await b.get('/')).body, /<a class="govuk-link" href="\/projects\?overdue=true">1 current project is past its forecast end<\/a>/);
  assert.doesNotMatch((await b.get(`/projects/${q2.id}`)).body, /Overdue|id="overdue"/);

  // Fifteen minutes later it is 1 July in London: the quarter and June have passed too.
  c.set('2020-06-30T23:05:00Z');
  list = await b.get('/projects?overdue=true');
  assert.deepEqual(titlesOf(list.body), ['Due May 2020', 'Due Q2 2020', 'Held June 2020']);
  assert.equal((squash(list.body).match(/<strong class="govuk-tag govuk-tag--red app-overdue"> Overdue <\/strong>/g) ?? []).length, 3);
  // The full list tags the same three and no others.
  const all = await b.get('/projects');
  assert.equal(titlesOf(all.body).length, 5);
  assert.equal((all.body.match(/app-overdue/g) ?? []).length, 3);
  assert.match(squash(all.body), /Due Q2 2020<\/a>.*?<td class="govuk-table__cell">Q2 2020 <strong class="govuk-tag govuk-tag--red app-overdue"> Overdue/);
  assert.match((await b.get('/')).body, /href="\/projects\?overdue=true">3 current projects are past their forecast end<\/a>/);
  const page = await b.get(`/projects/${q2.id}`);
  assert.match(
    squash(page.body),
    /Forecast end <\/dt> <dd class="govuk-summary-list__value"> Q2 2020 <strong class="govuk-tag govuk-tag--red" id="overdue"> Overdue <\/strong>/,
  );
  assert.match((await b.get(`/projects/${may.id}`)).body, /id="overdue"/);

  const csv = await b.get('/projects.csv?overdue=true');
  assert.equal(csv.statusCode, 200);
  const lines = csv.body.trim().split('\r\n');
  assert.match(lines[0], /"Overdue"$/);
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',')[0]),
    ['"Due May 2020"', '"Due Q2 2020"', '"Held June 2020"'],
  );
  assert.ok(lines.slice(1).every((l) => l.endsWith('"Yes"')));
  assert.match((await b.get('/projects.csv')).body, /"No end yet".*"No"\r\n/);

  const r = await api.call('GET', '/projects?overdue=true');
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.body.items.map((p: { title: string }) => p.title),
    ['Due May 2020', 'Due Q2 2020', 'Held June 2020'],
  );
  assert.equal((await api.call('GET', '/projects?overdue=maybe')).status, 400);
});
