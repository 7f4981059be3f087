import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';

test('the minute links to the projects, decision notices and targets it mentions: chosen on the form, shown on the meeting page, the office’s own only', async (t) => {
  const c = clock('2020-03-01T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const target = (o: typeof n, statement: string) =>
    w.services.targets.createTarget({
      by: o.editor,
      input: { priorityId: o.priorities[0].id, statement, kind: 'level', direction: 'higher', targetValue: '70', deadline: '2021-03-31', unit: '%' },
    });
  const rural = await target(n, 'Raise victim satisfaction to 70%');
  const southTarget = await target(w.south, 'SOUTH target');
  const project = await w.services.projects.create({
    by: n.editor,
    input: {
      title: 'Barnahus model',
      strandId: n.strands[0].id,
      priorityIds: [n.priorities[0].id],
      objective: 'Scope it',
      stage: 'scoping',
      forecastEnd: '2020-Q4',
    },
  });
  const m = await w.services.panel.createMeeting({ by: n.editor, input: { meetsOn: '2020-02-07' } });
  const item = await w.services.panel.addItem({ by: n.editor, meetingId: m.id, input: { title: 'Plan delivery' } });

  const b = new Browser(app);
  await b.signIn(n.users.editor.email);
  const url = `/panel/meetings/${m.id}/items/${item.id}/minute`;
  const form = await b.get(url);
  assert.match(form.body, /Targets mentioned \(optional\)/);
  assert.match(form.body, new RegExp(`value="${rural.id}"`));
  assert.doesNotMatch(form.body, /SOUTH target/);

  const foreign = await b.post(url, { version: '1', heard: 'A point', targetIds: southTarget.id }, { from: url });
  assert.equal(foreign.statusCode, 400);
  assert.match(foreign.body, /<a href="#targetIds">Choose targets from the list<\/a>/);
  const saved = await b.post(url, { version: '1', heard: 'Satisfaction rose.', projectIds: project.id, targetIds: rural.id }, { from: url });
  assert.equal(saved.statusCode, 303);
  const page = await b.get(`/panel/meetings/${m.id}`);
  const mentions = /<p class="govuk-body-s app-mentions">([\s\S]*?)<\/p>/.exec(page.body)?.[1].replace(/\s+/g, ' ').trim();
  assert.equal(
    mentions,
    `Mentions:&#32;<a class="govuk-link" href="/projects/${project.id}">Barnahus model</a>; <a class="govuk-link" href="/targets/${rural.id}">Target: Raise victim satisfaction to 70%</a>`,
  );
  const hist = await w.services.panel.history(n.office.id, m.id);
  assert.deepEqual(hist[0].changes.targetIds, { from: [], to: [rural.id] });

  const api = await apiClient(app, w.services, n.editor);
  const put = await api.call('PUT', `/panel/meetings/${m.id}/items/${item.id}/minute`, { version: 2, targetIds: [] });
  assert.equal(put.status, 200);
  assert.deepEqual(put.body.targetIds, []);
});
