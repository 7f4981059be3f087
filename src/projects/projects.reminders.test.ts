// Reminder emails for projects past their forecast end, through a real SMTP server on loopback:
// the office's setting (off by default, audited), who gets them, each reminder sent once, and two
// runners racing (two instances on one PostgreSQL; on PGlite, two runners in the one process).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { startSmtp } from '../../test/smtp.js';
import { appJobs, createServices } from '../app.js';
import type { Config } from '../config.js';
import { createDb } from '../platform/db/client.js';
import { DomainError } from '../platform/errors.js';
import { createPgBossRunner, createTimerRunner, type JobRunner } from '../platform/jobs/jobs.js';
import { REMINDER_JOB } from '../platform/reminders/reminders.job.js';

const KIND = 'projects.past-forecast-end';

async function setup(t: import('node:test').TestContext) {
  const smtp = await startSmtp(t);
  const c = clock('2026-01-15T10:00:00Z');
  const smtpConfig: Config['smtp'] = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'pcp@opcc.example.org' };
  const w = await world(t, { now: c.now, config: { smtp: smtpConfig, publicUrl: 'https://pcp.example.org' } });
  const { projects } = w.services;
  const project = (o: typeof w.north, title: string, forecastEnd: string, stage = 'delivery', lead = '') =>
    projects.create({
      by: o.editor,
      input: { title, strandId: o.strands[0].id, priorityIds: [o.priorities[0].id], objective: 'An objective', forecastEnd, stage, lead },
    });
  return { smtp, c, w, project };
}

const code = (c: string, field?: string) => (e: unknown) => e instanceof DomainError && e.code === c && (!field || e.fields.some((f) => f.field === field));

test('reminders of projects past their forecast end: off until an admin turns them on, then each sent once to the editors and admins', async (t) => {
  const { smtp, c, w, project } = await setup(t);
  const { reminders, auth } = w.services;
  const rural = await project(w.north, 'Rural Crime Review', '2025-11', 'delivery', 'Jo Bloggs');
  const future = await project(w.north, 'Future Work', '2026-Q2');
  await project(w.north, 'Old Idea', '2025-01', 'candidate');
  await project(w.south, 'South Overdue', '2025-10');

  // Off by default, and off when turned off: nothing is sent, nothing claimed.
  assert.deepEqual(await reminders.sendDue(), { reminders: 0, notes: [] });
  await reminders.saveSetting({ by: w.north.admin, kind: KIND, input: { enabled: 'false', recipients: '' } });
  assert.equal((await reminders.sendDue()).reminders, 0);
  assert.equal(smtp.messages.length, 0);
  assert.deepEqual(
    (await reminders.settingsFor(w.north.office.id)).map((k) => [k.kind, k.enabled, k.sent]),
    [
      [KIND, false, 0],
      ['panel.response-due', false, 0],
      ['panel.answer-due', false, 0],
      ['grants.return-due', false, 0],
    ],
  );

  await reminders.saveSetting({ by: w.north.admin, kind: KIND, input: { enabled: 'true', recipients: '', reason: 'The delivery board asked' } });
  assert.equal((await reminders.sendDue()).reminders, 1);
  const [m] = await smtp.waitFor(1);
  assert.deepEqual(m.to.sort(), ['admin@north.example.org', 'editor@north.example.org']);
  assert.deepEqual(m.envelopeTo.sort(), ['admin@north.example.org', 'editor@north.example.org']);
  assert.equal(m.subject, 'North OPCC: Projects past their forecast end (1)');
  assert.match(m.text, /^Projects past their forecast end, North OPCC, as at 15 January 2026:$/m);
  assert.match(m.text, /^- Rural Crime Review: forecast end Nov 2025, delivery, lead Jo Bloggs$/m);
  assert.ok(m.text.includes(`https://pcp.example.org/projects/${rural.id}`), m.text);
  assert.ok(m.text.includes('https://pcp.example.org/admin/reminders'), m.text);
  for (const other of ['Future Work', 'Old Idea', 'South Overdue']) assert.ok(!m.text.includes(other), `${other} is not in the message`);

  // Sent once: the next run sends nothing.
  assert.equal((await reminders.sendDue()).reminders, 0);
  // Q2 2026 passes on 1 July (London): the next run sends that one alone.
  c.set('2026-06-30T22:30:00Z');
  assert.equal((await reminders.sendDue()).reminders, 0, '23:30 on 30 June in London: not yet');
  c.set('2026-06-30T23:30:00Z');
  assert.equal((await reminders.sendDue()).reminders, 1);
  const second = (await smtp.waitFor(2))[1];
  assert.equal(second.subject, 'North OPCC: Projects past their forecast end (1)');
  assert.match(second.text, /^- Future Work: forecast end Q2 2026, delivery$/m);
  assert.ok(!second.text.includes('Rural Crime Review'));

  // The change is in the audit log with who and why; the admin page's numbers count what went out.
  const audit = await auth.listAuditFor(w.north.office.id, 'reminder_setting', KIND);
  assert.deepEqual(
    audit.map((a) => [a.actorName, a.reason, JSON.parse(a.changes).enabled]),
    [['north admin', 'The delivery board asked', { from: false, to: true }]],
  );
  const [s] = await reminders.settingsFor(w.north.office.id);
  assert.deepEqual([s.enabled, s.recipients, s.sent], [true, [], 2]);

  // The office names who gets them; the other office's setting is its own.
  await reminders.saveSetting({ by: w.south.admin, kind: KIND, input: { enabled: 'true', recipients: 'pmo@south.example.org;  board@south.example.org' } });
  assert.equal((await reminders.sendDue()).reminders, 1);
  const third = (await smtp.waitFor(3))[2];
  assert.deepEqual(third.to, ['pmo@south.example.org', 'board@south.example.org']);
  assert.match(third.text, /^- South Overdue: forecast end Oct 2025, delivery$/m);
  assert.equal(smtp.messages.filter((x) => x.text.includes('Rural Crime Review')).length, 1);
  assert.ok(future.id);
});

test('a relay that refuses keeps the reminder for the next run; bad settings and non-admins are refused', async (t) => {
  const { smtp, w, project } = await setup(t);
  const { reminders } = w.services;
  await project(w.north, 'Refused Once', '2025-06');
  await reminders.saveSetting({ by: w.north.admin, kind: KIND, input: { enabled: 'true' } });
  smtp.refuse(true);
  await assert.rejects(reminders.sendDue(), /North OPCC: projects.past-forecast-end/);
  assert.equal((await reminders.settingsFor(w.north.office.id))[0].sent, 0);
  smtp.refuse(false);
  assert.equal((await reminders.sendDue()).reminders, 1);
  assert.match((await smtp.waitFor(1))[0].text, /^- Refused Once: forecast end Jun 2025, delivery$/m);

  await assert.rejects(reminders.saveSetting({ by: w.north.admin, kind: KIND, input: { enabled: 'maybe' } }), code('reminder_setting.invalid', 'enabled'));
  await assert.rejects(
    reminders.saveSetting({ by: w.north.admin, kind: KIND, input: { enabled: 'true', recipients: 'pmo@north.example.org, not-an-address' } }),
    code('reminder_setting.invalid', 'recipients'),
  );
  await assert.rejects(reminders.saveSetting({ by: w.north.editor, kind: KIND, input: { enabled: 'false' } }), code('auth.forbidden'));
  await assert.rejects(reminders.saveSetting({ by: w.north.admin, kind: 'grants.nope', input: { enabled: 'false' } }), code('reminder_kind.not_found'));
  assert.equal((await reminders.settingsFor(w.north.office.id))[0].enabled, true, 'nothing changed');
});

test('two runners racing send each reminder exactly once (two instances on PostgreSQL through pg-boss; two runners in one process on PGlite)', async (t) => {
  const { smtp, c, w, project } = await setup(t);
  const { database, config } = w;
  // A second instance: on PostgreSQL its own pool (as another process has); PGlite has one connection.
  const other = database.url ? await createDb({ databaseUrl: database.url, migrate: false }) : database;
  if (other !== database) t.after(() => other.close());
  const services = [w.services, createServices({ db: other.db, config, now: c.now })];
  await w.services.reminders.saveSetting({ by: w.north.admin, kind: KIND, input: { enabled: 'true' } });

  // The service's runs racing, five times over with new reminders each time.
  const titles: string[] = [];
  let sent = 0;
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 3; i++) {
      titles.push(`Race ${round}-${i}`);
      await project(w.north, `Race ${round}-${i}`, '2025-09');
    }
    const runs = await Promise.all([services[0].reminders.sendDue(), services[1].reminders.sendDue(), services[0].reminders.sendDue()]);
    sent += runs.reduce((n, r) => n + r.reminders, 0);
  }
  assert.equal(sent, titles.length, 'each reminder counted once');

  // The job runners: both started, both asked to run twice at once. The log has no `info`, as a
  // caller's logger may not: the job must run all the same (pg-boss's handler once skipped the run
  // itself with such a logger, and the queued job never sent anything).
  const errors: unknown[] = [];
  const log = { error: (o: unknown) => errors.push(o) };
  const runners: JobRunner[] = services.map((s) =>
    database.url
      ? createPgBossRunner(appJobs(s, config), { databaseUrl: database.url as string, now: c.now, log, pollingIntervalSeconds: 0.5 })
      : createTimerRunner(appJobs(s, config), { now: c.now, log }),
  );
  for (const r of runners) await r.start();
  t.after(async () => {
    for (const r of runners) await r.stop();
  });
  titles.push('Through the queue');
  await project(w.north, 'Through the queue', '2025-08');
  await Promise.all(runners.flatMap((r) => [r.trigger(REMINDER_JOB), r.trigger(REMINDER_JOB)]));
  const until = Date.now() + 90_000;
  while (!smtp.messages.some((m) => m.text.includes('Through the queue'))) {
    assert.ok(Date.now() < until, `the queue ran the reminder job (${errors.map((e) => JSON.stringify(e, Object.getOwnPropertyNames(e))).join('; ')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const r of runners) await r.stop();
  assert.deepEqual(errors, []);

  const text = smtp.messages.map((m) => m.text).join('\n');
  for (const title of titles) assert.equal(text.split(`- ${title}: `).length - 1, 1, `${title} is in exactly one message`);
  assert.equal((await w.services.reminders.settingsFor(w.north.office.id))[0].sent, titles.length);
});
