// The plan from draft to publication (issue 16): dated transitions with who and why, refused out of
// order; renaming kept; one plan in force on any day; sections, commitments and what delivers them;
// the statutory contents of the Police Reform and Social Responsibility Act 2011 s.7 (HERTS-2016-11).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { DomainError } from '../platform/errors.js';

const refused = (code: string, field?: string) => (e: unknown) => {
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, code);
  if (field) assert.equal(e.fields[0]?.field, field);
  return true;
};

test('a plan moves draft → consultation → published → superseded, dated, with who and why; one plan in force on any day', async (t) => {
  const c = clock('2016-11-10T10:00:00Z');
  const w = await world(t, { now: c.now });
  const { plan } = w.services;
  const n = w.north;
  const [old] = await plan.listPlans(n.office.id);
  const draft = await plan.createPlan({
    by: n.admin,
    input: { title: 'Police and Crime Plan 2015-2020', periodStart: '2017-04-01', periodEnd: '2022-03-31', status: 'draft', sectionNoun: 'chapter' },
  });
  assert.equal(draft.sectionNoun, 'chapter');
  // Renamed (HERTS-2016-11 3.1): the history keeps both titles.
  await plan.updatePlan({
    by: n.admin,
    id: draft.id,
    version: draft.version,
    input: {
      title: 'Community Safety and Criminal Justice Plan 2017-2022',
      periodStart: '2017-04-01',
      periodEnd: '2022-03-31',
      status: 'draft',
      reason: 'The new emphasis on criminal justice',
    },
  });
  // Out of order: a draft cannot be published, nor a consultation go back to draft.
  await assert.rejects(
    plan.transition({ by: n.admin, id: draft.id, input: { status: 'published', on: '2016-11-10', reason: 'x' } }),
    refused('plan.transition_refused', 'status'),
  );
  await assert.rejects(plan.transition({ by: n.admin, id: draft.id, input: { status: 'consultation', on: '2016-11-28' } }), refused('plan.invalid', 'reason'));
  await plan.transition({ by: n.admin, id: draft.id, input: { status: 'consultation', on: '2016-11-28', reason: 'Draft circulated to the Panel' } });
  await assert.rejects(
    plan.transition({ by: n.admin, id: draft.id, input: { status: 'draft', on: '2016-12-01', reason: 'x' } }),
    refused('plan.transition_refused'),
  );
  await assert.rejects(
    plan.transition({ by: n.admin, id: draft.id, input: { status: 'published', on: '2016-11-01', reason: 'x' } }),
    refused('plan.invalid', 'on'),
  );
  c.advance(90 * 86400_000);
  // While in consultation the old plan is still the one in force.
  assert.equal((await plan.planInForceOn(n.office.id, '2017-02-01'))?.id, old.id);
  const published = await plan.transition({ by: n.admin, id: draft.id, input: { status: 'published', on: '2017-02-06', reason: 'Signed off 23 January' } });
  assert.equal(published.status, 'published');
  // Publishing the new plan superseded the old one at the new one's start.
  const after = await plan.getPlan(n.office.id, old.id);
  assert.equal(after.status, 'superseded');
  assert.equal(after.supersededFrom, '2017-04-01');
  assert.equal((await plan.planInForceOn(n.office.id, '2017-03-31'))?.id, old.id);
  assert.equal((await plan.planInForceOn(n.office.id, '2017-04-01'))?.id, draft.id);
  assert.equal((await plan.planInForceOn(n.office.id, '2020-06-30'))?.id, draft.id, 'not both: the old period runs to 2021 but it was superseded');
  assert.equal(await plan.planInForceOn(n.office.id, '2015-01-01'), undefined);
  assert.equal((await plan.listPlans(n.office.id)).filter((p) => p.status === 'published').length, 1);
  // The other office is untouched.
  assert.equal((await plan.currentPlan(w.south.office.id))?.status, 'published');

  const h = await plan.history(n.office.id, draft.id);
  assert.deepEqual(
    h.map((e) => [e.kind, e.fromStatus, e.toStatus, e.fromText, e.toText, e.effectiveOn, e.reason, e.actorName]),
    [
      ['entered', null, 'draft', null, 'Police and Crime Plan 2015-2020', '2016-11-10', null, 'north admin'],
      [
        'renamed',
        null,
        null,
        'Police and Crime Plan 2015-2020',
        'Community Safety and Criminal Justice Plan 2017-2022',
        '2016-11-10',
        'The new emphasis on criminal justice',
        'north admin',
      ],
      ['status', 'draft', 'consultation', null, null, '2016-11-28', 'Draft circulated to the Panel', 'north admin'],
      ['status', 'consultation', 'published', null, null, '2017-02-06', 'Signed off 23 January', 'north admin'],
    ],
  );
  const oldHistory = await plan.history(n.office.id, old.id);
  assert.deepEqual(oldHistory.at(-1) && [oldHistory.at(-1)?.toStatus, oldHistory.at(-1)?.effectiveOn], ['superseded', '2017-04-01']);
  await assert.rejects(
    plan.transition({ by: w.south.admin, id: draft.id, input: { status: 'superseded', on: '2018-01-01', reason: 'x' } }),
    refused('plan.not_found'),
  );
  await assert.rejects(
    plan.transition({ by: n.admin, id: old.id, input: { status: 'published', on: '2018-01-01', reason: 'x' } }),
    refused('plan.transition_refused'),
  );
});

test('sections, commitments and what delivers them; the statutory contents warn where one is missing; the timetable is done, late or to come', async (t) => {
  const c = clock('2016-12-01T10:00:00Z');
  const w = await world(t, { now: c.now });
  const { plan } = w.services;
  const n = w.north;
  const p = await plan.createPlan({
    by: n.admin,
    input: {
      title: 'Community Safety and Criminal Justice Plan 2017-2022',
      periodStart: '2017-04-01',
      periodEnd: '2022-03-31',
      status: 'draft',
      sectionNoun: 'chapter',
    },
  });
  const victims = await plan.createSection({
    by: n.admin,
    planId: p.id,
    input: { name: 'Putting Victims at the Centre', summary: 'Victims at the heart of the criminal justice system' },
  });
  const account = await plan.createSection({ by: n.admin, planId: p.id, input: { name: 'Holding to Account' } });
  await assert.rejects(plan.createSection({ by: n.admin, planId: p.id, input: { name: 'Holding to Account' } }), refused('priority.invalid', 'name'));
  const beacon = await plan.createCommitment({
    by: n.admin,
    planId: p.id,
    input: { sectionId: victims.id, text: 'Expand the remit of Beacon, the Victims’ Care Hub' },
  });
  await assert.rejects(
    plan.createCommitment({ by: n.admin, planId: p.id, input: { sectionId: n.priorities[0].id, text: 'x' } }),
    refused('commitment.invalid', 'sectionId'),
  );
  await assert.rejects(plan.createCommitment({ by: w.south.admin, planId: p.id, input: { sectionId: victims.id, text: 'x' } }), refused('plan.not_found'));

  // Delivery: the default describes nothing, so a link to anything is refused (the app hands in the real finder; see the routes test).
  await assert.rejects(
    plan.linkCommitment({ by: n.editor, commitmentId: beacon.id, input: { kind: 'project', refId: n.priorities[0].id } }),
    refused('commitment.invalid', 'refId'),
  );

  // Statutory contents: all six missing, then one covered.
  let v = await plan.planView(n.office.id, p.id);
  assert.equal(v.missing.length, 6);
  await plan.setStatutory({ by: n.admin, planId: p.id, input: { item: 'performance', sectionId: account.id } });
  await assert.rejects(
    plan.setStatutory({ by: n.admin, planId: p.id, input: { item: 'grants', sectionId: n.priorities[0].id } }),
    refused('plan.invalid', 'sectionId'),
  );
  await assert.rejects(plan.setStatutory({ by: n.admin, planId: p.id, input: { item: 'nonsense', sectionId: '' } }), refused('plan.invalid', 'item'));
  v = await plan.planView(n.office.id, p.id);
  assert.deepEqual(
    v.missing.map((m) => m.item),
    ['objectives', 'policing', 'resources', 'reporting', 'grants'],
  );
  assert.equal(v.contents.find((x) => x.item === 'performance')?.section?.name, 'Holding to Account');

  // The timetable (HERTS-2016-11 section 5): London dates.
  await plan.addMilestone({
    by: n.admin,
    planId: p.id,
    input: { kind: 'panel', title: 'Draft outline shared with the Police and Crime Panel', startsOn: '2016-11-10', statutory: 'false' },
  });
  const draftToPanel = await plan.addMilestone({
    by: n.admin,
    planId: p.id,
    input: { kind: 'panel', title: 'Draft circulated to the Police and Crime Panel', startsOn: '2016-11-28', statutory: 'true' },
  });
  await plan.addMilestone({
    by: n.admin,
    planId: p.id,
    input: { kind: 'consultation', title: 'Public, victims and partner consultation', startsOn: '2016-11-28', endsOn: '2017-01-16', statutory: 'true' },
  });
  await assert.rejects(
    plan.addMilestone({ by: n.admin, planId: p.id, input: { kind: 'panel', title: 'x', startsOn: '2017-01-16', endsOn: '2017-01-01' } }),
    refused('milestone.invalid', 'endsOn'),
  );
  await plan.milestoneDone({ by: n.admin, id: draftToPanel.id, input: { doneOn: '2016-11-28' } });
  v = await plan.planView(n.office.id, p.id);
  assert.deepEqual(
    v.milestones.map((m) => [m.title, m.statutory, m.state]),
    [
      ['Draft outline shared with the Police and Crime Panel', false, 'late'],
      ['Draft circulated to the Police and Crime Panel', true, 'done'],
      ['Public, victims and partner consultation', true, 'to_come'],
    ],
  );
  assert.deepEqual(
    v.sections.map((s) => [s.name, s.summary, s.commitments.map((x) => x.text)]),
    [
      ['Putting Victims at the Centre', 'Victims at the heart of the criminal justice system', ['Expand the remit of Beacon, the Victims’ Care Hub']],
      ['Holding to Account', null, []],
    ],
  );
  const audit = await w.services.auth.listAuditFor(n.office.id, 'milestone', draftToPanel.id);
  assert.deepEqual(
    audit.map((a) => [a.action, a.actorName]),
    [
      ['created', 'north admin'],
      ['done', 'north admin'],
    ],
  );
});
