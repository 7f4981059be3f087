// Overdue responses and written answers: on the office's home page, in a filterable list, and as
// reminder emails (a real SMTP server on loopback), each sent once per due day.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';
import { startSmtp } from '../../test/smtp.js';
import type { Config } from '../config.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:])/g, '$1');

test('overdue responses and answers: the home page says how many, the list filters them, the reminders email each once from its due day', async (t) => {
  const smtp = await startSmtp(t);
  const c = clock('2020-03-02T09:00:00Z');
  const smtpConfig: Config['smtp'] = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'pcp@opcc.example.org' };
  const w = await world(t, { now: c.now, config: { logLevel: 'error', smtp: smtpConfig, publicUrl: 'https://pcp.example.org' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const s = w.services.panel;
  const m = await s.createMeeting({ by: n.editor, input: { meetsOn: '2020-02-07' } });
  const item = await s.addItem({ by: n.editor, meetingId: m.id, input: { title: 'Plan delivery' } });
  const late = await s.addRecommendation({ by: n.editor, meetingId: m.id, input: { text: 'Publish the rural crime plan.', responseDue: '2020-02-28' } });
  const today = await s.addRecommendation({ by: n.editor, meetingId: m.id, input: { text: 'Report on Barnahus feasibility.', responseDue: '2020-03-02' } });
  await s.addRecommendation({ by: n.editor, meetingId: m.id, input: { text: 'Review the precept.', responseDue: '2020-04-01' } });
  const answered = await s.addRecommendation({ by: n.editor, meetingId: m.id, input: { text: 'Answered already.', responseDue: '2020-02-20' } });
  await s.respond({ by: n.editor, id: answered.id, input: { version: 1, status: 'accepted', response: 'Yes.', respondedOn: '2020-02-19' } });
  const q = await s.addQuestion({
    by: n.editor,
    meetingId: m.id,
    itemId: item.id,
    input: { askedBy: 'Cllr Jan Warwick', question: 'How many schools joined?', answerMode: 'in_writing', answerDue: '2020-02-21' },
  });
  await s.addQuestion({ by: n.editor, meetingId: m.id, itemId: item.id, input: { question: 'Later one', answerMode: 'in_writing', answerDue: '2020-03-20' } });
  // South's overdue recommendation: never on north's pages or emails.
  const sm = await s.createMeeting({ by: w.south.editor, input: { meetsOn: '2020-02-07' } });
  await s.addRecommendation({ by: w.south.editor, meetingId: sm.id, input: { text: 'SOUTH overdue', responseDue: '2020-02-01' } });

  const b = new Browser(app);
  await b.signIn(n.users.viewer.email);
  const home = await b.get('/');
  const attention = text(/<ul class="govuk-list" id="attention">[\s\S]*?<\/ul>/.exec(home.body)?.[0] ?? '');
  assert.equal(
    attention.trim(),
    'Overdue 1 Panel recommendation is overdue for the Commissioner’s response Overdue 1 question from the Panel is overdue for a written answer',
  );
  assert.match(home.body, /href="\/panel\/due\?kind=recommendation&amp;state=overdue"/);

  const rows = async (url: string) => {
    const r = await b.get(url);
    assert.equal(r.statusCode, 200, url);
    return [...r.body.matchAll(/<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([\s\S]*?)<\/tr>/g)].map((x) => text(x[1]).trim());
  };
  assert.deepEqual(await rows('/panel/due?kind=recommendation&state=overdue'), [
    'Recommendation: Publish the rural crime plan. 7 February 2020 28 February 2020 24 Overdue',
  ]);
  assert.deepEqual(await rows('/panel/due?kind=question&state=overdue'), ['Question: How many schools joined? 7 February 2020 21 February 2020 24 Overdue']);
  // Accepted but not closed: still on the log until its actions are done and it is closed.
  assert.deepEqual((await rows('/panel/due')).length, 6);
  assert.deepEqual(
    (await rows('/panel/due?kind=recommendation')).map((r) => r.split(' 7 February')[0]),
    [
      'Recommendation: Answered already.',
      'Recommendation: Publish the rural crime plan.',
      'Recommendation: Report on Barnahus feasibility.',
      'Recommendation: Review the precept.',
    ],
  );
  const bad = await b.get('/panel/due?kind=minutes');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Choose recommendations, questions or both/);
  const api = await apiClient(app, w.services, n.editor);
  const overdueApi = await api.call('GET', '/panel/actions-log?state=overdue');
  assert.deepEqual(overdueApi.body.map((x: { id: string }) => x.id).sort(), [late.id, q.id].sort());

  // Reminders: off until the admin turns them on; then each due thing once, today's included, none of south's.
  const { reminders } = w.services;
  for (const kind of ['panel.response-due', 'panel.answer-due'])
    await reminders.saveSetting({ by: n.admin, kind, input: { enabled: 'true', recipients: 'clerk@north.example.org' } });
  const sent = await reminders.sendDue();
  assert.equal(sent.reminders, 3);
  const mails = await smtp.waitFor(2);
  const bySubject = Object.fromEntries(mails.map((x) => [x.subject, x.text]));
  const responses = bySubject['North OPCC: Panel recommendations awaiting a response on or after its due date (2)'];
  assert.ok(responses, Object.keys(bySubject).join(' | '));
  assert.match(responses, /^- Publish the rural crime plan\.: response overdue since 28 February 2020 \(made 7 February 2020\)$/m);
  assert.match(responses, /^- Report on Barnahus feasibility\.: response due today \(made 7 February 2020\)$/m);
  assert.ok(responses.includes(`https://pcp.example.org/panel/recommendations/${today.id}`));
  assert.doesNotMatch(responses, /SOUTH|Review the precept|Answered already/);
  const answers = bySubject['North OPCC: Panel questions awaiting a written answer on or after its due date (1)'];
  assert.match(answers, /^- How many schools joined\?: written answer overdue since 21 February 2020 \(meeting of 7 February 2020\)$/m);
  assert.equal((await reminders.sendDue()).reminders, 0, 'each sent once');
  // A new due date that passes is a new reminder.
  const r = await s.recommendation(n.office.id, late.id);
  await s.respond({ by: n.editor, id: late.id, input: { version: r.version, status: 'awaiting_response', responseDue: '2020-03-02' } });
  assert.equal((await reminders.sendDue()).reminders, 1);
});
