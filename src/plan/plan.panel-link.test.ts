// The timetable's Panel steps (issue 16): the Panel's report on the draft and the Commissioner's
// published response link to the Panel area's recommendations; the plan page shows each with its
// response status and a link to it; the public page shows those of public agenda items only, with
// no link into the office's own pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

test('a Panel step of the timetable links to the Panel’s recommendations; the public sees those of public items only', async (t) => {
  const c = clock('2016-11-10T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const s = w.services;
  const plan = await s.plan.createPlan({
    by: n.admin,
    input: {
      title: 'Community Safety and Criminal Justice Plan 2017-2022',
      periodStart: '2017-04-01',
      periodEnd: '2022-03-31',
      status: 'draft',
      sectionNoun: 'chapter',
    },
  });
  const step = await s.plan.addMilestone({
    by: n.admin,
    planId: plan.id,
    input: { kind: 'panel', title: 'Panel’s report on the draft plan', startsOn: '2016-11-28', statutory: true },
  });
  const meeting = await s.panel.createMeeting({ by: n.editor, input: { meetsOn: '2016-11-28', startsAt: '10:00', place: 'Hertford' } });
  const open = await s.panel.addItem({ by: n.editor, meetingId: meeting.id, input: { title: 'Draft Police and Crime Plan' } });
  const closedItem = await s.panel.addItem({ by: n.editor, meetingId: meeting.id, input: { title: 'Estates' } });
  await s.panel.updateItem({ by: n.editor, meetingId: meeting.id, id: closedItem.id, input: { exempt: 'yes', version: closedItem.version } });
  const rec = await s.panel.addRecommendation({
    by: n.editor,
    meetingId: meeting.id,
    input: { text: 'Add a chapter on rural crime', itemId: open.id, responseDue: '2016-12-31' },
  });
  const secret = await s.panel.addRecommendation({
    by: n.editor,
    meetingId: meeting.id,
    input: { text: 'Reconsider the sale of the Hatfield station', itemId: closedItem.id, responseDue: '2016-12-31' },
  });
  c.set('2016-12-05T10:00:00Z');
  await s.panel.respond({
    by: n.editor,
    id: rec.id,
    input: { version: 1, status: 'accepted', response: 'A rural crime chapter is added.', respondedOn: '2016-12-05', actions: '', reason: 'Response' },
  });

  const admin = new Browser(app);
  await admin.signIn(n.users.admin.email);
  const timetable = await admin.get(`/plans/${plan.id}/timetable`);
  assert.match(timetable.body, new RegExp(`href="/milestones/${step.id}/panel"`));
  const form = text((await admin.get(`/milestones/${step.id}/panel`)).body);
  assert.match(form, /Add a chapter on rural crime Panel meeting of 28 November 2016: Accepted/);
  assert.match(
    form,
    /Reconsider the sale of the Hatfield station Panel meeting of 28 November 2016: Awaiting response \(from an exempt item: never shown publicly\)/,
  );
  const bad = await admin.post(`/milestones/${step.id}/panel`, { recommendationIds: plan.id }, { from: `/milestones/${step.id}/panel` });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#recommendationIds">Choose recommendations of the Panel from the list/);
  const saved = await admin.post(`/milestones/${step.id}/panel`, { recommendationIds: [rec.id, secret.id] }, { from: `/milestones/${step.id}/panel` });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `/plans/${plan.id}/timetable`);

  const page = await admin.get(`/plans/${plan.id}`);
  assert.match(
    text(page.body),
    /28 November 2016 Panel’s report on the draft plan Statutory step Panel recommendation Add a chapter on rural crime \(Accepted, response of 5 December 2016\) Panel recommendation Reconsider the sale of the Hatfield station \(Awaiting response\)/,
  );
  assert.match(page.body, new RegExp(`href="/panel/recommendations/${rec.id}"`));

  // Public while in consultation: the public item's recommendation, without a link; never the exempt one.
  await s.plan.transition({ by: n.admin, id: plan.id, input: { status: 'consultation', on: '2016-12-05', reason: 'Consultation opens' } });
  const anon = new Browser(app);
  const pub = await anon.get(`/o/north/plans/${plan.id}`);
  assert.match(
    text(pub.body),
    /Panel’s report on the draft plan Statutory step Panel recommendation: Add a chapter on rural crime \(Accepted, response of 5 December 2016\)/,
  );
  assert.doesNotMatch(pub.body, /Hatfield/);
  assert.doesNotMatch(pub.body, /\/panel\/recommendations\//);

  // Another office's admin cannot reach the step.
  const south = new Browser(app);
  await south.signIn(w.south.users.admin.email);
  assert.equal((await south.get(`/milestones/${step.id}/panel`)).statusCode, 404);
});
