import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, testApp, world } from '../helpers.js';

// The web side of "bad input is a 400 with a field message and writes nothing".
test('web pages: a filter that cannot apply, and control characters anywhere, are a 400 that says so and writes nothing', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const n = w.north;
  await w.services.projects.create({ by: n.editor, input: { title: 'Court Films', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id] } });

  const paused = await b.get('/projects?stage=paused');
  assert.equal(paused.statusCode, 400);
  assert.match(paused.body, /govuk-error-summary/);
  assert.match(paused.body, /<a href="#stage">Choose stages from the list<\/a>/);
  assert.match(paused.body, /Court Films/, 'the list is still shown, unfiltered');
  const group = await b.get('/projects?group=someday');
  assert.equal(group.statusCode, 400);
  assert.match(group.body, /Choose a group: future, current or completed/);
  const endBefore = await b.get('/projects?endBefore=notadate');
  assert.equal(endBefore.statusCode, 400);
  assert.match(endBefore.body, /<a href="#endBefore">Forecast end before must be a quarter/);

  for (const url of ['/projects?q=a%00b', '/decisions?q=%00', '/projects.csv?lead=%00', `/projects/${'%00'}`]) {
    const r = await b.get(url);
    assert.equal(r.statusCode, 400, url);
    assert.match(r.body, /must not contain control characters/, url);
  }
  const signedOut = new Browser(app);
  const register = await signedOut.get('/o/north/decisions?q=%00');
  assert.equal(register.statusCode, 400);
  assert.match(register.body, /q must not contain control characters/);

  const before = (await w.database.exec('select (select count(*) from projects)::int as p, (select count(*) from project_history)::int as h')).rows[0];
  const nul = await b.post('/projects/new', { title: 'Nul\u0000title', strandId: n.strands[0].id, priorityIds: n.priorities[0].id }, { from: '/projects/new' });
  assert.equal(nul.statusCode, 400);
  assert.match(nul.body, /title must not contain control characters/);
  const twice = await b.post(
    '/projects/new',
    { title: 'Twice', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id, n.priorities[0].id] },
    { from: '/projects/new' },
  );
  assert.equal(twice.statusCode, 400);
  assert.match(twice.body, /<a href="#priorityIds">Choose each priority once<\/a>/);
  const after = (await w.database.exec('select (select count(*) from projects)::int as p, (select count(*) from project_history)::int as h')).rows[0];
  assert.deepEqual(after, before);
});
