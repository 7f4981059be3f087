// Reminder emails for Panel recommendations whose response falls due, through a real SMTP server on
// loopback: off until an office admin turns the kind on; a response due within a fortnight or
// overdue is reminded of once; a responded one never; a new due date is a new reminder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { startSmtp } from '../../test/smtp.js';

const KIND = 'panel.response-due';

test('Panel recommendations whose response falls due within a fortnight (or is overdue): each reminded of once, when the office turns the kind on', async (t) => {
  const smtp = await startSmtp(t);
  const c = clock('2026-03-02T10:00:00Z');
  const w = await world(t, {
    now: c.now,
    config: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'pcp@opcc.example.org' }, publicUrl: 'https://pcp.example.org' },
  });
  const { panel, reminders } = w.services;
  const n = w.north;
  const meeting = await panel.createMeeting({ by: n.editor, input: { meetsOn: '2026-02-06', startsAt: '10:00', place: 'Winchester' } });
  const rec = (text: string, responseDue?: string) => panel.addRecommendation({ by: n.editor, meetingId: meeting.id, input: { text, responseDue } });
  const soon = await rec('Publish the rural crime strategy', '2026-03-16');
  const late = await rec('Report on 101 call waiting times', '2026-02-27');
  const later = await rec('Review the custody suites', '2026-04-30');
  await rec('Thank the volunteers');
  const answered = await rec('Brief the Panel on the estates plan', '2026-03-05');
  await panel.respond({
    by: n.editor,
    id: answered.id,
    input: { version: 1, status: 'accepted', response: 'Briefing on 20 March.', respondedOn: '2026-03-01' },
  });

  // Every office's kinds are listed, off until turned on.
  assert.deepEqual(
    (await reminders.settingsFor(n.office.id)).map((k) => [k.kind, k.enabled]),
    [
      ['projects.past-forecast-end', false],
      [KIND, false],
    ],
  );
  assert.equal((await reminders.sendDue()).reminders, 0);
  await reminders.saveSetting({ by: n.admin, kind: KIND, input: { enabled: 'true', recipients: 'panel.officer@north.example.org' } });
  assert.equal((await reminders.sendDue()).reminders, 2);
  const [m] = await smtp.waitFor(1);
  assert.deepEqual(m.to, ['panel.officer@north.example.org']);
  assert.equal(m.subject, 'North OPCC: Panel recommendations whose response falls due (2)');
  assert.match(m.text, /^- Report on 101 call waiting times: response overdue since 27 February 2026 \(Panel meeting of 6 February 2026\)$/m);
  assert.match(m.text, /^- Publish the rural crime strategy: response due 16 March 2026 \(Panel meeting of 6 February 2026\)$/m);
  assert.ok(m.text.includes(`https://pcp.example.org/panel/recommendations/${soon.id}`), m.text);
  assert.ok(m.text.includes(`https://pcp.example.org/panel/recommendations/${late.id}`), m.text);
  for (const other of ['custody', 'volunteers', 'estates']) assert.ok(!m.text.includes(other), `${other} is not in the message`);
  // The projects' kind is still off: only this kind was sent.
  assert.deepEqual(
    (await reminders.settingsFor(n.office.id)).map((k) => [k.kind, k.sent]),
    [
      ['projects.past-forecast-end', 0],
      [KIND, 2],
    ],
  );

  // Sent once; the one due on 30 April comes into the fortnight on 16 April (London).
  assert.equal((await reminders.sendDue()).reminders, 0);
  c.set('2026-04-15T22:30:00Z');
  assert.equal((await reminders.sendDue()).reminders, 0, '23:30 on 15 April in London: not yet');
  c.set('2026-04-15T23:30:00Z');
  assert.equal((await reminders.sendDue()).reminders, 1);
  assert.match((await smtp.waitFor(2))[1].text, /^- Review the custody suites: response due 30 April 2026 /m);
  assert.equal(later.responseDue, '2026-04-30');

  // The overdue one given a new due date is reminded of again; the other office is never mailed.
  const current = await panel.recommendation(n.office.id, late.id);
  await panel.respond({
    by: n.editor,
    id: late.id,
    input: { version: current.version, status: 'awaiting_response', responseDue: '2026-04-24', reason: 'Extension agreed' },
  });
  assert.equal((await reminders.sendDue()).reminders, 1);
  assert.match((await smtp.waitFor(3))[2].text, /^- Report on 101 call waiting times: response due 24 April 2026 /m);
  assert.equal(smtp.messages.length, 3);
});
