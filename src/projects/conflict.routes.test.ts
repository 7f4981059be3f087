import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, testApp, world } from '../../test/helpers.js';

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const squash = (html: string) => html.replace(/\s+/g, ' ');

/** What the conflict page's form sends when its button is pressed: its hidden fields, as a browser would. */
function conflictForm(html: string) {
  const form = html.slice(html.indexOf('id="changes-since"'));
  const out: Record<string, string[]> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    out[m[1]] ??= [];
    out[m[1]].push(unescapeHtml(m[2]));
  }
  delete out._csrf;
  return out;
}

async function setup(t: import('node:test').TestContext) {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const n = w.north;
  const p = await w.services.projects.create({
    by: n.admin,
    input: {
      title: 'Alpha',
      objective: 'Old objective',
      lead: 'Old lead',
      strandId: n.strands[0].id,
      priorityIds: [n.priorities[0].id],
      forecastEnd: '2020-Q2',
    },
  });
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  // Everything the edit form sends, as the editor saw it at version 1, with the given answers changed.
  const form = (changes: Record<string, string | string[]>) => ({
    version: '1',
    title: 'Alpha',
    objective: 'Old objective',
    overview: '',
    outcome: '',
    strandId: n.strands[0].id,
    priorityIds: [n.priorities[0].id],
    lead: 'Old lead',
    forecastEnd: '2020-Q2',
    umbrellaId: '',
    decisionRefs: '',
    ...changes,
  });
  return { w, n, p, b, form };
}

test('conflict page, different fields: applying keeps the other person’s change and saves only mine', async (t) => {
  const { w, n, p, b, form } = await setup(t);
  // While the editor's form is open, someone else changes the lead.
  await w.services.projects.update({ by: n.admin, id: p.id, input: { version: 1, lead: 'Their lead', reason: 'Handover' } });

  const stale = await b.post(`/projects/${p.id}/edit`, form({ objective: 'My objective' }), { from: `/projects/${p.id}/edit` });
  assert.equal(stale.statusCode, 409);
  const page = squash(stale.body);
  assert.match(page, /Lead: Old lead → Their lead/);
  // Only my change is listed, and no clash: I did not touch the lead.
  assert.match(page, /<dt class="govuk-summary-list__key"> Objective <\/dt> <dd class="govuk-summary-list__value"> My objective <\/dd>/);
  assert.doesNotMatch(page, /app-clash/);
  assert.doesNotMatch(page.slice(page.indexOf('id="your-answers"')), /Lead|Old lead/);
  const sent = conflictForm(stale.body);
  assert.deepEqual(sent.fields, ['objective']);
  assert.equal(sent.lead, undefined);

  const applied = await b.post(`/projects/${p.id}/edit`, sent, { from: `/projects/${p.id}` });
  assert.equal(applied.statusCode, 303, applied.body.slice(0, 500));
  const after = await w.services.projects.get(n.office.id, p.id);
  assert.equal(after.objective, 'My objective');
  assert.equal(after.lead, 'Their lead');
  assert.equal(after.title, 'Alpha');
  const [last] = await w.services.projects.history(n.office.id, p.id);
  assert.deepEqual(Object.keys(last.changes as object), ['objective']);
});

test('conflict page, the same field: both values shown, nothing saved until I choose, then my choice kept', async (t) => {
  const { w, n, p, b, form } = await setup(t);
  await w.services.projects.update({ by: n.admin, id: p.id, input: { version: 1, title: 'Their title' } });

  const stale = await b.post(`/projects/${p.id}/edit`, form({ title: 'My title', lead: 'My lead' }), { from: `/projects/${p.id}/edit` });
  assert.equal(stale.statusCode, 409);
  const page = squash(stale.body);
  assert.equal((page.match(/app-clash/g) ?? []).length, 1);
  assert.match(page, /Title: you both changed this/);
  assert.match(page, /When you opened the form it was: Alpha/);
  assert.match(page, /name="keep-title" type="radio" value="theirs"[^>]*> <label[^>]*> Keep theirs: Their title <\/label>/);
  assert.match(page, /name="keep-title" type="radio" value="mine"[^>]*> <label[^>]*> Use yours: My title <\/label>/);
  assert.doesNotMatch(page, /name="keep-title" type="radio" value="\w+" checked/);
  assert.match(page, /Lead <\/dt> <dd class="govuk-summary-list__value"> My lead/);
  const sent = conflictForm(stale.body);
  assert.deepEqual(sent.fields, ['title', 'lead']);

  // No choice made: 400 with the error summary, and nothing written.
  const unchosen = await b.post(`/projects/${p.id}/edit`, sent, { from: `/projects/${p.id}` });
  assert.equal(unchosen.statusCode, 400);
  assert.match(unchosen.body, /govuk-error-summary/);
  assert.match(unchosen.body, /href="#keep-title">Choose which title to keep/);
  const untouched = await w.services.projects.get(n.office.id, p.id);
  assert.equal(untouched.version, 2);
  assert.equal(untouched.title, 'Their title');
  assert.equal(untouched.lead, 'Old lead');

  // Keeping theirs: their title stands, my lead is saved.
  const kept = await b.post(`/projects/${p.id}/edit`, { ...sent, 'keep-title': 'theirs' }, { from: `/projects/${p.id}` });
  assert.equal(kept.statusCode, 303);
  const after = await w.services.projects.get(n.office.id, p.id);
  assert.equal(after.title, 'Their title');
  assert.equal(after.lead, 'My lead');
});

test('conflict page: choosing mine replaces their value, and a further change meanwhile brings the page back', async (t) => {
  const { w, n, p, b, form } = await setup(t);
  await w.services.projects.update({ by: n.admin, id: p.id, input: { version: 1, title: 'Their title' } });
  const stale = await b.post(`/projects/${p.id}/edit`, form({ title: 'My title' }), { from: `/projects/${p.id}/edit` });
  const sent = conflictForm(stale.body);
  // Someone changes the objective while the conflict page is open: sending it again meets that too.
  await w.services.projects.update({ by: n.admin, id: p.id, input: { version: 2, objective: 'Their objective' } });
  const again = await b.post(`/projects/${p.id}/edit`, { ...sent, 'keep-title': 'mine' }, { from: `/projects/${p.id}` });
  assert.equal(again.statusCode, 409);
  assert.match(squash(again.body), /Objective: Old objective → Their objective/);
  // My choice is still made.
  assert.match(squash(again.body), /name="keep-title" type="radio" value="mine" checked/);
  const ok = await b.post(`/projects/${p.id}/edit`, { ...conflictForm(again.body), 'keep-title': 'mine' }, { from: `/projects/${p.id}` });
  assert.equal(ok.statusCode, 303);
  const after = await w.services.projects.get(n.office.id, p.id);
  assert.equal(after.title, 'My title');
  assert.equal(after.objective, 'Their objective');
});
