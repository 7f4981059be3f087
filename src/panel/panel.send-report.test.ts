import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';

const errorLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);

test('the quarterly report is sent to a meeting from its page: the editor picks the meeting and item, and the paper is frozen on the item', async (t) => {
  const c = clock('2018-04-20T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const s = w.services.panel;
  const past = await s.createMeeting({ by: n.editor, input: { meetsOn: '2018-02-02' } });
  await s.addItem({ by: n.editor, meetingId: past.id, input: { title: 'Old item' } });
  const next = await s.createMeeting({ by: n.editor, input: { meetsOn: '2018-05-11', startsAt: '10:00' } });
  const item = await s.addItem({ by: n.editor, meetingId: next.id, input: { title: 'Police and Crime Plan Delivery' } });
  await s
    .createMeeting({ by: w.south.editor, input: { meetsOn: '2018-05-01' } })
    .then((m) => s.addItem({ by: w.south.editor, meetingId: m.id, input: { title: 'SOUTH item' } }));

  const b = new Browser(app);
  await b.signIn(n.users.editor.email);
  const report = await b.get('/reports/2018-Q1');
  assert.match(report.body, /href="\/panel\/send-report\?period=2018-Q1" id="send-to-meeting">Send to a meeting/);
  const viewer = new Browser(app);
  await viewer.signIn(n.users.viewer.email);
  assert.doesNotMatch((await viewer.get('/reports/2018-Q1')).body, /send-to-meeting/);
  assert.equal((await viewer.get('/panel/send-report?period=2018-Q1')).statusCode, 403);

  const form = await b.get('/panel/send-report?period=2018-Q1');
  assert.equal(form.statusCode, 200);
  const labels = [...form.body.matchAll(/<label class="govuk-label govuk-radios__label" for="[^"]+">\s*([^<]*?)\s*<\/label>/g)].map((m) => m[1]);
  assert.deepEqual(labels, [
    'Police and Crime Panel, 11 May 2018, 10:00: 1. Police and Crime Plan Delivery',
    'Police and Crime Panel, 2 February 2018: 1. Old item',
  ]);

  const none = await b.post('/panel/send-report', { period: '2018-Q1' }, { from: '/panel/send-report?period=2018-Q1' });
  assert.equal(none.statusCode, 400);
  assert.deepEqual(errorLinks(none.body), ['#itemId Choose the meeting and agenda item to send the paper to']);
  const badPeriod = await b.post('/panel/send-report', { period: '2018-Q9', itemId: item.id }, { from: '/panel/send-report?period=2018-Q1' });
  assert.equal(badPeriod.statusCode, 400);
  assert.match(errorLinks(badPeriod.body)[0], /^#itemId /);
  assert.equal((await s.agenda(n.office.id, next.id)).items[0].papers.length, 0, 'nothing sent');

  const sent = await b.post('/panel/send-report', { period: '2018-Q1', itemId: item.id }, { from: '/panel/send-report?period=2018-Q1' });
  assert.equal(sent.statusCode, 303);
  const paperPage = await b.get(String(sent.headers.location));
  assert.match(paperPage.body, /sent to Police and Crime Panel, 11 May 2018, 10:00\./);
  const [paper] = (await s.agenda(n.office.id, next.id)).items[0].papers;
  assert.equal(paper.kind, 'delivery_progress');
  const meetingPage = await b.get(`/panel/meetings/${next.id}`);
  assert.match(meetingPage.body, new RegExp(`href="/panel/papers/${paper.id}">${paper.title}</a>`));
  // Another office's item is not one to choose.
  const southItem = (await s.agenda(w.south.office.id, (await s.meetings(w.south.office.id))[0].id)).items[0];
  const foreign = await b.post('/panel/send-report', { period: '2018-Q1', itemId: southItem.id }, { from: '/panel/send-report?period=2018-Q1' });
  assert.equal(foreign.statusCode, 400);
});
