// Every date a form asks for is a GOV.UK date input (issue 11, defect 11): the page shows the boxes,
// 31/03/2014-style answers are taken, 31/02/2019 is refused in the Design System's words with only the
// wrong box highlighted and the typed values kept, and dates in messages read "10 April 2018".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';

const squash = (html: string) => html.replace(/\s+/g, ' ');
const boxes = (name: string, d: string, m: string, y: string) => ({ [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y });

/** The date input for `name` as the page shows it: legend, the three boxes' values, which are highlighted. */
function dateInput(html: string, name: string) {
  const page = squash(html);
  const box = (part: string) => {
    const m = new RegExp(`<input class="([^"]*)" id="${name}-${part}" name="${name}-${part}" type="text"(?: value="([^"]*)")?`).exec(page);
    assert.ok(m, `no ${part} box for ${name}`);
    return { value: m[2] ?? '', error: m[1].includes('govuk-input--error') };
  };
  // The nearest legend before the day box is the date input's own.
  const before = page.slice(0, page.indexOf(`id="${name}-day"`));
  const legend = [...before.matchAll(/<legend class="govuk-fieldset__legend[^"]*"> ([^<]+?) <\/legend>/g)].pop()?.[1];
  return { legend, hint: /For example, \d+ \d+ \d{4}/.test(page), day: box('day'), month: box('month'), year: box('year') };
}

test('targets: as at, baseline, deadline, update date and the report date are day, month and year boxes', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const n = w.north;
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');

  const form = await b.get('/targets/new');
  assert.equal(dateInput(form.body, 'baselineDate').legend, 'Baseline date');
  assert.equal(dateInput(form.body, 'deadline').legend, 'Deadline');
  const made = await b.post(
    '/targets',
    {
      priorityId: n.priorities[0].id,
      statement: 'Cut burglary',
      kind: 'trajectory',
      direction: 'lower',
      baselineValue: '100',
      targetValue: '90',
      ...boxes('baselineDate', '31', '03', '2014'),
      ...boxes('deadline', '31/03/2017', '', ''),
      milestones: '31/3/2015 97\n31 March 2016 94',
    },
    { from: '/targets/new' },
  );
  assert.equal(made.statusCode, 303, made.body.slice(0, 300));
  const id = String(made.headers.location).split('/').pop() as string;
  const t1 = await w.services.targets.getTarget(n.office.id, id);
  assert.equal(t1.baselineDate, '2014-03-31');
  assert.equal(t1.deadline, '2017-03-31');
  assert.deepEqual(
    t1.milestones.map((m) => m.date),
    ['2015-03-31', '2016-03-31'],
  );
  const edit = dateInput((await b.get(`/targets/${id}/edit`)).body, 'deadline');
  assert.deepEqual([edit.day.value, edit.month.value, edit.year.value], ['31', '3', '2017']);

  const obsForm = await b.get(`/targets/${id}/observations/new`);
  const empty = dateInput(obsForm.body, 'asAt');
  assert.equal(empty.legend, 'As at');
  assert.ok(empty.hint);
  // 31 February: refused, only the day box highlighted, every typed value kept, nothing saved.
  const bad = await b.post(`/targets/${id}/observations`, { ...boxes('asAt', '31', '02', '2019'), value: '98', narrative: 'Kept' }, { from: `/targets/${id}` });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /<a href="#asAt-day">As at must be a real date<\/a>/);
  const shown = dateInput(bad.body, 'asAt');
  assert.deepEqual(
    [shown.day, shown.month, shown.year],
    [
      { value: '31', error: true },
      { value: '02', error: false },
      { value: '2019', error: false },
    ],
  );
  assert.match(bad.body, /id="value" name="value" type="text" value="98"/);
  const noMonth = await b.post(`/targets/${id}/observations`, { ...boxes('asAt', '31', '', '2014'), value: '98', narrative: 'x' }, { from: `/targets/${id}` });
  assert.match(noMonth.body, /<a href="#asAt-month">As at must include a month<\/a>/);
  assert.equal((await w.services.targets.getTarget(n.office.id, id)).latest, null);
  const ok = await b.post(
    `/targets/${id}/observations`,
    { ...boxes('asAt', '31', '03', '2015'), value: '98', narrative: 'Down 2%' },
    { from: `/targets/${id}` },
  );
  assert.equal(ok.statusCode, 303);
  assert.equal((await w.services.targets.getTarget(n.office.id, id)).latest?.asAt, '2015-03-31');

  // The report's "as at" is a date input in its GET form; typed boxes choose the date, and links keep ?date=.
  const report = await b.get('/targets/report?date-day=31&date-month=03&date-year=2015');
  assert.equal(report.statusCode, 200);
  assert.match(report.body, /href="\/targets\/report\?date=2015-03-31&amp;format=docx"/);
  const r = dateInput(report.body, 'date');
  assert.deepEqual([r.legend, r.day.value, r.month.value, r.year.value], ['Report as at', '31', '3', '2015']);
  const badReport = await b.get('/targets/report?date-day=31&date-month=2&date-year=2019');
  assert.equal(badReport.statusCode, 400);
  assert.match(badReport.body, /<a href="#date-day">Report as at must be a real date<\/a>/);
  assert.equal(dateInput(badReport.body, 'date').day.value, '31');
});

test('projects, plan and the report edit form: date inputs, and dates in messages in the user’s terms', async (t) => {
  const c = clock('2018-06-01T10:00:00Z');
  const w = await world(t, { config: { logLevel: 'error' }, now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  const p = await w.services.projects.create({
    by: n.editor,
    input: { title: 'Alpha', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], effectiveOn: '2018-04-10' },
  });
  const move = await b.get(`/projects/${p.id}/move/scope`);
  assert.equal(dateInput(move.body, 'effectiveOn').legend, 'Date it took effect');
  const early = await b.post(`/projects/${p.id}/move/scope`, { version: '1', ...boxes('effectiveOn', '1', '4', '2018') }, { from: `/projects/${p.id}` });
  assert.equal(early.statusCode, 422);
  assert.match(early.body, /cannot be before the project’s last recorded change on 10 April 2018/);
  assert.doesNotMatch(early.body, /2018-04-10/);
  const feb = await b.post(`/projects/${p.id}/move/scope`, { version: '1', ...boxes('effectiveOn', '31', '2', '2018') }, { from: `/projects/${p.id}` });
  assert.equal(feb.statusCode, 400);
  assert.match(feb.body, /<a href="#effectiveOn-day">Date it took effect must be a real date<\/a>/);
  const typed = await b.post(`/projects/${p.id}/move/scope`, { version: '1', ...boxes('effectiveOn', '30/04/2018', '', '') }, { from: `/projects/${p.id}` });
  assert.equal(typed.statusCode, 303);
  assert.match((await b.get(`/projects/${p.id}`)).body, /Took effect 30 April 2018/);

  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  const plan = await admin.get('/admin/plan');
  const start = dateInput(plan.body, 'periodStart');
  assert.deepEqual([start.legend, start.day.value, start.month.value, start.year.value], ['Start of the plan period', '1', '4', '2016']);

  const edit = await b.get('/reports/2018-Q1/edit');
  assert.equal(dateInput(edit.body, 'panelMeetingOn').legend, 'Police and Crime Panel meeting date (optional)');
  const saved = await b.post('/reports/2018-Q1/edit', boxes('panelMeetingOn', '13/04/2018', '', ''), { from: '/reports/2018-Q1/edit' });
  assert.equal(saved.statusCode, 303);
  assert.equal((await w.services.reports.draft(n.office.id, '2018-Q1'))?.panelMeetingOn, '2018-04-13');
});
