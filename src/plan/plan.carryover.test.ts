// Moving to a new plan (issue 16): the new plan's sections and commitments are mapped to the old
// plan's, and publishing it carries the projects over (they serve the new priorities, and what
// delivered an old commitment delivers the new one); a past quarter's report is unchanged, and a
// quarter of the new plan splits the projects across its priorities.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, testApp, world } from '../../test/helpers.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const split = (m: { dashboard: { priorities: { group: string; rows: { priority: string; count: number }[] }[] } }, group: string) =>
  m.dashboard.priorities
    .find((p) => p.group === group)
    ?.rows.map((r) => `${r.priority}: ${r.count}`)
    .join('; ');

test('mapping a new plan to the old, publishing it carries projects over; past quarters keep the plan in force then', async (t) => {
  const c = clock('2016-06-01T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const [champion, reduce] = n.priorities;
  const old = await w.services.plan.currentPlan(n.office.id);
  const project = await w.services.projects.create({
    by: n.editor,
    input: { title: 'Beacon victims hub', strandId: n.strands[0].id, priorityIds: [champion.id], forecastEnd: '2018-Q4' },
  });
  const other = await w.services.projects.create({
    by: n.editor,
    input: { title: 'Offender pays scheme', strandId: n.strands[1].id, priorityIds: [reduce.id], forecastEnd: '2018-Q4' },
  });
  await w.services.projects.move({ by: n.editor, id: project.id, input: { version: project.version, move: 'scope', reason: 'Scoping agreed' } });
  await w.services.projects.move({ by: n.editor, id: other.id, input: { version: other.version, move: 'scope', reason: 'Scoping agreed' } });
  const oldCommitment = await w.services.plan.createCommitment({ by: n.admin, planId: old.id, input: { sectionId: champion.id, text: 'Support victims' } });
  await w.services.plan.linkCommitment({ by: n.editor, commitmentId: oldCommitment.id, input: { kind: 'project', refId: project.id } });

  c.set('2017-02-01T10:00:00Z');
  const pastBefore = await w.services.reports.model(n.office.id, '2016-17-Q3');
  assert.equal(split(pastBefore, 'current'), 'Champion community needs: 1; Reduce offending: 1');

  // The new plan, drafted with its chapters and a commitment.
  const plan = await w.services.plan.createPlan({
    by: n.admin,
    input: {
      title: 'Community Safety and Criminal Justice Plan 2017-2022',
      periodStart: '2017-04-01',
      periodEnd: '2022-03-31',
      status: 'draft',
      sectionNoun: 'chapter',
    },
  });
  const victims = await w.services.plan.createSection({ by: n.admin, planId: plan.id, input: { name: 'Putting Victims at the Centre', colour: '#1d70b8' } });
  const business = await w.services.plan.createSection({ by: n.admin, planId: plan.id, input: { name: 'Business Sense', colour: '#00703c' } });
  const newCommitment = await w.services.plan.createCommitment({ by: n.admin, planId: plan.id, input: { sectionId: victims.id, text: 'Expand Beacon' } });

  // The mapping page: a wrong choice is refused with the error summary; then saved.
  const admin = new Browser(app);
  await admin.signIn(n.users.admin.email);
  const form = await admin.get(`/plans/${plan.id}/carry-over`);
  assert.equal(form.statusCode, 200);
  assert.match(
    text(form.body),
    /Putting Victims at the Centre Carries on the priority Nothing: a new priority Champion community needs \(Police and Crime Plan 2016-2021\) Reduce offending/,
  );
  assert.match(
    text(form.body),
    /“Expand Beacon” carries on the commitment Nothing: a new commitment Champion community needs: Support victims \(Police and Crime Plan 2016-2021\)/,
  );
  const bad = await admin.post(`/plans/${plan.id}/carry-over`, { [`section-${victims.id}`]: business.id }, { from: `/plans/${plan.id}/carry-over` });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, new RegExp(`href="#section-${victims.id}">Choose a priority of an earlier plan`));
  const saved = await admin.post(
    `/plans/${plan.id}/carry-over`,
    { [`section-${victims.id}`]: champion.id, [`section-${business.id}`]: '', [`commitment-${newCommitment.id}`]: oldCommitment.id },
    { from: `/plans/${plan.id}/carry-over` },
  );
  assert.equal(saved.statusCode, 303);
  assert.match(
    text((await admin.get(`/plans/${plan.id}`)).body),
    /1\. Putting Victims at the Centre Carries on “Champion community needs” of Police and Crime Plan 2016-2021\./,
  );
  // Nothing is carried before publication.
  assert.deepEqual((await w.services.projects.get(n.office.id, project.id)).priorityIds, [champion.id]);

  // Consultation, then published: the projects carry over.
  for (const [status, day] of [
    ['consultation', '1'],
    ['published', '6'],
  ])
    assert.equal(
      (
        await admin.post(
          `/plans/${plan.id}/status`,
          { status, 'on-day': day, 'on-month': '2', 'on-year': '2017', reason: status },
          { from: `/plans/${plan.id}/status` },
        )
      ).statusCode,
      303,
    );
  assert.deepEqual((await w.services.projects.get(n.office.id, project.id)).priorityIds.sort(), [champion.id, victims.id].sort());
  assert.deepEqual((await w.services.projects.get(n.office.id, other.id)).priorityIds, [reduce.id], 'an unmapped priority’s project stays');
  const page = text((await admin.get(`/plans/${plan.id}`)).body);
  assert.match(page, /Carried over: 1 project and 1 link to what delivers a commitment carried over from the earlier plan/);
  assert.match(page, /Expand Beacon 0 of 1 done or on track: Project: Beacon victims hub \(Scoping\)/);
  assert.match(text((await admin.get(`/projects/${project.id}`)).body), /Carried over to the new plan/);
  assert.match((await admin.get(`/plans/${plan.id}/carry-over`)).body, /This plan is published: its projects have been carried over/);
  const late = await admin.post(`/plans/${plan.id}/carry-over`, { [`section-${victims.id}`]: '' }, { from: `/plans/${plan.id}/carry-over` });
  assert.equal(late.statusCode, 422);

  // A past quarter's report is exactly as it was; the last quarter of the old plan too; the new plan's quarter splits across its chapters.
  assert.deepEqual(await w.services.reports.model(n.office.id, '2016-17-Q3'), pastBefore);
  c.set('2017-07-10T10:00:00Z');
  assert.equal(split(await w.services.reports.model(n.office.id, '2016-17-Q4'), 'current'), 'Champion community needs: 1; Reduce offending: 1');
  const q1 = await w.services.reports.model(n.office.id, '2017-18-Q1');
  assert.match(split(q1, 'current') ?? '', /^Putting Victims at the Centre: 1; Business Sense: 0/);
});
