// Grant monitoring returns as reminder emails (a real SMTP server on loopback): each return overdue or
// due within 14 days (London days) is reminded of once per due date; one received or further off is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enterBid, recommendAndAward, roadSafetyRound } from '../../test/grants.js';
import { clock, world } from '../../test/helpers.js';
import { startSmtp } from '../../test/smtp.js';
import type { Config } from '../config.js';

test('monitoring returns due soon or overdue are emailed once per due date', async (t) => {
  const smtp = await startSmtp(t);
  const c = clock('2016-12-14T10:00:00Z');
  const smtpConfig: Config['smtp'] = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'pcp@opcc.example.org' };
  const w = await world(t, { now: c.now, config: { logLevel: 'error', smtp: smtpConfig, publicUrl: 'https://pcp.example.org' } });
  const g = w.services.grants;
  const by = w.north.editor;
  const { round } = await roadSafetyRound(g, by, { maxYears: 1, criteria: [] });
  const bid = await enterBid(g, by, round.id, 'Alpha Trust', '£10,000', { title: 'Speed watch', purpose: 'Volunteers', totalCost: '£10,000' });
  const { award } = await recommendAndAward(g, by, bid.id, { awardedOn: '2016-12-01', conditions: 'Returns', reasons: 'Need' });
  const overdue = await g.addReturn({ by, awardId: award.id, input: { title: 'First return', dueOn: '2016-12-13' } });
  await g.addReturn({ by, awardId: award.id, input: { title: 'Second return', dueOn: '2016-12-28' } });
  await g.addReturn({ by, awardId: award.id, input: { title: 'Final return', dueOn: '2016-12-29' } });
  const received = await g.addReturn({ by, awardId: award.id, input: { title: 'Received return', dueOn: '2016-12-10' } });
  await g.receiveReturn({ by, returnId: received.id, input: { receivedOn: '2016-12-10', summary: 'Done', version: 1 } });

  const { reminders } = w.services;
  await reminders.saveSetting({ by: w.north.admin, kind: 'grants.return-due', input: { enabled: 'true', recipients: 'grants@north.example.org' } });
  assert.equal((await reminders.sendDue()).reminders, 2, 'the overdue one and the one due on 28 December; the 29th is 15 days off');
  const [mail] = await smtp.waitFor(1);
  assert.equal(mail.subject, 'North OPCC: Grant monitoring returns overdue or due within 14 days (2)');
  assert.match(mail.text, /^- First return from Alpha Trust \(decision DN 2016\/41\): overdue since 13 December 2016$/m);
  assert.match(mail.text, /^- Second return from Alpha Trust \(decision DN 2016\/41\): due on 28 December 2016$/m);
  assert.ok(mail.text.includes(`https://pcp.example.org/grants/awards/${award.id}`));
  assert.doesNotMatch(mail.text, /Final return|Received return/);
  assert.equal((await reminders.sendDue()).reminders, 0, 'each sent once');
  // A day on (London), the final return comes within 14 days; the first, received meanwhile, is not sent again.
  await g.receiveReturn({ by, returnId: overdue.id, input: { receivedOn: '2016-12-14', summary: 'Late but in', version: 1 } });
  c.set('2016-12-15T10:00:00Z');
  assert.equal((await reminders.sendDue()).reminders, 1);
});
