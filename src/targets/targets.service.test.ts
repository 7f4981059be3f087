import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { cellText, type TableBlock } from '../documents/document.js';
import { DomainError } from '../platform/errors.js';
import { DEMO_REPORT_DATE, seedTargetsDemo } from './targets.demo.js';
import { buildTargetsReport } from './targets.report.js';

const fieldsOf = (e: unknown) => (e instanceof DomainError ? e.fields.map((f) => f.field) : []);
const rejectsOn = (field: string) => (e: unknown) => {
  assert.ok(e instanceof DomainError, String(e));
  assert.ok(fieldsOf(e).includes(field), `expected an error on ${field}, got ${JSON.stringify(e.fields)}`);
  return true;
};

async function setup(t: import('node:test').TestContext) {
  const c = clock('2014-01-20T10:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const base = {
    priorityId: n.priorities[0].id,
    statement: 'Reduce the rural solved-crime gap to 5%',
    owner: 'Chief Constable',
    unit: 'percentage points',
    kind: 'trajectory',
    direction: 'lower',
    baselineValue: '10',
    baselineDate: '2013-03-31',
    targetValue: '5',
    deadline: '2016-03-31',
    milestones: '2014-03-31 8.33\n2015-03-31 6.67',
  };
  return { c, w, n, base, targets: w.services.targets };
}

test('the report for the demo data reproduces TARGETS-2013-14’s RAG column, in order, from the observations', async (t) => {
  const { w, n } = await setup(t);
  await seedTargetsDemo({ services: w.services, by: n.admin, officeId: n.office.id });
  // Running it again adds nothing.
  await seedTargetsDemo({ services: w.services, by: n.admin, officeId: n.office.id });
  const { doc } = await buildTargetsReport({ services: w.services, officeId: n.office.id, input: { date: DEMO_REPORT_DATE } });
  assert.equal(doc.title, 'Update on targets and objectives for 2013/14');
  const tables = doc.blocks.filter((b): b is TableBlock => b.type === 'table');
  const rag = (caption: string) => tables.find((b) => b.caption === caption)?.rows.map((r) => cellText(r[3]));
  assert.deepEqual(rag('Priority 1: police targets'), ['Green', 'Green', 'Amber', 'Green', 'Red', '↓']);
  assert.deepEqual(rag('Priority 2: police targets'), ['Green']);
  assert.deepEqual(rag('Priority 3: police targets'), ['Green']);
  assert.equal(rag('Priority 4: police targets'), undefined, 'priority four has actions only');
  const headings = doc.blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);
  assert.deepEqual(headings, [
    'Priority 1: Improve frontline policing to deter criminals and keep communities safe',
    'Priority 2: Place victims and witnesses at the heart of policing and the wider criminal justice system',
    'Priority 3: Work together to reduce crime and anti social behaviour in your community',
    'Priority 4: Reducing re-offending',
  ]);
  const p4 = tables.find((b) => b.caption === 'Priority 4: OPCC actions (objectives)') as TableBlock;
  assert.deepEqual(
    p4.rows.map((r) => cellText(r[0]).split(' ')[0]),
    ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', 'New'],
  );
  assert.match(cellText(p4.rows[9][0]), /^New activity: 4\.10 \(SoCIAM/);
  // Delivery updates newest first, each with its month.
  const a11 = (tables.find((b) => b.caption === 'Priority 1: OPCC actions (objectives)') as TableBlock).rows[0];
  assert.match(
    cellText(a11[3]),
    /^Update Jan 14: Meeting arranged with the Chair of West Hampshire CCG[\s\S]*\nUpdate Oct 13: To achieve overall target by Mar 2016\./,
  );
  // Performance as the paper words it, and the comment.
  const p1 = tables.find((b) => b.caption === 'Priority 1: police targets') as TableBlock;
  assert.equal(cellText(p1.rows[2][2]), 'Year to date (31/12/13) sickness absence levels were 6.83 days per paid employee');
  assert.match(cellText(p1.rows[2][4]), /milestone target was to achieve 6\.38 days/);

  // As at a date before the January updates and the December figures: none of them show.
  const early = await buildTargetsReport({ services: w.services, officeId: n.office.id, input: { date: '2013-11-30' } });
  const earlyP1 = early.doc.blocks.find((b) => b.type === 'table' && b.caption === 'Priority 1: police targets') as TableBlock;
  assert.deepEqual(
    earlyP1.rows.map((r) => cellText(r[3])),
    Array(6).fill('Not yet known'),
  );
  const earlyA = early.doc.blocks.find((b) => b.type === 'table' && b.caption === 'Priority 1: OPCC actions (objectives)') as TableBlock;
  assert.doesNotMatch(cellText(earlyA.rows[0][3]), /Update Jan 14/);
});

test('the office’s tolerance decides amber or red', async (t) => {
  const { w, n } = await setup(t);
  await seedTargetsDemo({ services: w.services, by: n.admin, officeId: n.office.id });
  const column = async () => {
    const { doc } = await buildTargetsReport({ services: w.services, officeId: n.office.id, input: { date: DEMO_REPORT_DATE } });
    return (doc.blocks.find((b) => b.type === 'table') as TableBlock).rows.map((r) => cellText(r[3]));
  };
  assert.equal((await w.services.targets.settings(n.office.id)).tolerancePct, 10);
  // 60% against 70% is 14.3% short: red at 10%, amber at 15%. 6.83 against 6.38 is 7.1% over: red at 5%.
  await w.services.targets.updateSettings({ by: n.admin, input: { tolerancePct: '15', reason: 'Agreed with the Panel' } });
  assert.deepEqual(await column(), ['Green', 'Green', 'Amber', 'Green', 'Amber', '↓']);
  await w.services.targets.updateSettings({ by: n.admin, input: { tolerancePct: 5 } });
  assert.deepEqual(await column(), ['Green', 'Green', 'Red', 'Green', 'Red', '↓']);
  await assert.rejects(w.services.targets.updateSettings({ by: n.admin, input: { tolerancePct: '150' } }), rejectsOn('tolerancePct'));
  // The other office keeps the default.
  assert.equal((await w.services.targets.settings(w.south.office.id)).tolerancePct, 10);
});

test('bad input is refused on its field and nothing is saved', async (t) => {
  const { n, base, targets } = await setup(t);
  await assert.rejects(targets.createTarget({ by: n.editor, input: { ...base, milestones: '2015-03-31 6.67\n2014-03-31 8.33' } }), rejectsOn('milestones'));
  await assert.rejects(targets.createTarget({ by: n.editor, input: { ...base, milestones: '2014-03-31' } }), rejectsOn('milestones'));
  await assert.rejects(targets.createTarget({ by: n.editor, input: { ...base, milestones: '2017-03-31 4' } }), rejectsOn('milestones'));
  await assert.rejects(targets.createTarget({ by: n.editor, input: { ...base, deadline: '2012-03-31' } }), rejectsOn('deadline'));
  await assert.rejects(targets.createTarget({ by: n.editor, input: { ...base, baselineValue: '' } }), rejectsOn('baselineValue'));
  await assert.rejects(targets.createTarget({ by: n.editor, input: { ...base, targetValue: 'five' } }), rejectsOn('targetValue'));
  await assert.rejects(targets.createTarget({ by: n.editor, input: { ...base, statement: '  ' } }), rejectsOn('statement'));
  assert.equal((await targets.listTargets(n.office.id)).length, 0, 'nothing saved');

  const tg = await targets.createTarget({ by: n.editor, input: base });
  await assert.rejects(targets.addObservation({ by: n.editor, targetId: tg.id, input: { value: '7.7' } }), rejectsOn('asAt'));
  await assert.rejects(targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2013-02-30', value: '7.7' } }), rejectsOn('asAt'));
  await assert.rejects(targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2013-12-31' } }), rejectsOn('value'));
  assert.equal((await targets.getTarget(n.office.id, tg.id)).observations.length, 0);
  await assert.rejects(targets.overrideRag({ by: n.editor, targetId: tg.id, input: { status: 'red', reason: 'x' } }), rejectsOn('status'));
  await targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2013-12-31', value: '7.7' } });
  await assert.rejects(targets.overrideRag({ by: n.editor, targetId: tg.id, input: { status: 'red', reason: ' ' } }), rejectsOn('reason'));
  await assert.rejects(targets.overrideRag({ by: n.editor, targetId: tg.id, input: { status: 'purple', reason: 'x' } }), rejectsOn('status'));
  assert.equal((await targets.getTarget(n.office.id, tg.id)).latest?.overrideStatus, null, 'no override saved');
  // The clock says 20 January 2014: a figure or update for a later day is refused.
  await assert.rejects(targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2014-01-21', value: '7' } }), rejectsOn('asAt'));
  await assert.rejects(targets.createAction({ by: n.editor, input: { priorityId: n.priorities[0].id, number: 'one', text: 'x' } }), rejectsOn('number'));
  const act = await targets.createAction({ by: n.editor, input: { priorityId: n.priorities[0].id, number: '1.1', text: 'x' } });
  await assert.rejects(targets.addDeliveryUpdate({ by: n.editor, actionId: act.id, input: { asAt: '2014-02-01', text: 'x' } }), rejectsOn('asAt'));
  assert.equal((await targets.getAction(n.office.id, act.id)).updates.length, 0);
  await assert.rejects(
    targets.addDeliveryUpdate({ by: n.editor, actionId: tg.id, input: { asAt: '2014-01-15', text: 'x' } }),
    (e: unknown) => e instanceof DomainError && e.code === 'action.not_found',
  );
});

test('every change is in the history with who, when, old -> new and why; an override comes back to the rule', async (t) => {
  const { c, n, base, targets } = await setup(t);
  const tg = await targets.createTarget({ by: n.editor, input: { ...base, reason: 'From the plan' } });
  c.advance(60_000);
  await targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2013-12-31', value: '7.7', narrative: 'gap reduced to 7.7%' } });
  let view = await targets.getTarget(n.office.id, tg.id);
  assert.ok(view.rag.kind === 'rag' && view.rag.status === 'green' && view.rag.source === 'rule');
  c.advance(60_000);
  await targets.overrideRag({ by: n.admin, targetId: tg.id, input: { status: 'amber', reason: 'Two beats not yet reporting' } });
  view = await targets.getTarget(n.office.id, tg.id);
  assert.ok(view.rag.kind === 'rag' && view.rag.status === 'amber' && view.rag.source === 'override' && view.rag.ruleStatus === 'green');
  c.advance(60_000);
  await assert.rejects(
    targets.updateTarget({ by: n.editor, id: tg.id, input: { ...base, version: 2, owner: 'x' } }),
    (e: unknown) => e instanceof DomainError && e.code === 'target.conflict',
  );
  await targets.updateTarget({ by: n.editor, id: tg.id, input: { ...base, version: 1, owner: 'Deputy Chief Constable', reason: 'New lead' } });
  c.advance(60_000);
  await targets.overrideRag({ by: n.admin, targetId: tg.id, input: { status: 'rule', reason: 'All beats reporting' } });
  view = await targets.getTarget(n.office.id, tg.id);
  assert.ok(view.rag.kind === 'rag' && view.rag.source === 'rule' && view.rag.status === 'green');

  const h = await targets.targetHistory(n.office.id, tg.id);
  assert.deepEqual(
    h.map((x) => x.kind),
    ['rag_override_removed', 'edited', 'rag_overridden', 'observation_added', 'created'],
  );
  assert.deepEqual(h[1].changes, { owner: { from: 'Chief Constable', to: 'Deputy Chief Constable' } });
  assert.equal(h[1].reason, 'New lead');
  assert.equal(h[1].actorName, 'north editor');
  assert.deepEqual((h[2].changes as { rag: unknown }).rag, { from: 'rule', to: 'amber' });
  assert.equal(h[2].reason, 'Two beats not yet reporting');
  assert.equal(h[2].actorName, 'north admin');
  assert.equal(h[4].reason, 'From the plan');
  assert.deepEqual((h[4].changes as Record<string, { to: unknown }>).milestones.to, [
    { date: '2014-03-31', value: 8.33 },
    { date: '2015-03-31', value: 6.67 },
  ]);
  assert.equal(h[4].recordedAt.toISOString(), '2014-01-20T10:00:00.000Z');

  const a = await targets.createAction({ by: n.editor, input: { priorityId: n.priorities[0].id, number: '1.2', text: 'Engage with the VCS', owners: 'ACC' } });
  await assert.rejects(targets.createAction({ by: n.editor, input: { priorityId: n.priorities[0].id, number: '1.2', text: 'dup' } }), rejectsOn('number'));
  await targets.addDeliveryUpdate({ by: n.editor, actionId: a.id, input: { asAt: '2013-10-31', text: 'Engagement started.' } });
  await targets.addDeliveryUpdate({ by: n.editor, actionId: a.id, input: { asAt: '2014-01-15', text: 'Meeting arranged.' } });
  await targets.updateAction({
    by: n.editor,
    id: a.id,
    input: { priorityId: n.priorities[0].id, number: '1.2', text: 'Engage with the VCS', owners: 'ACC', status: 'completed', version: 1, reason: 'Done' },
  });
  const av = await targets.getAction(n.office.id, a.id);
  assert.deepEqual(
    av.updates.map((u) => u.text),
    ['Meeting arranged.', 'Engagement started.'],
  );
  assert.equal(av.updates[0].actorName, 'north editor');
  const ah = await targets.actionHistory(n.office.id, a.id);
  assert.deepEqual(
    ah.map((x) => x.kind),
    ['edited', 'update_added', 'update_added', 'created'],
  );
  assert.deepEqual(ah[0].changes, { status: { from: 'in_progress', to: 'completed' } });
});

test('another office’s targets and actions are not found', async (t) => {
  const { w, n, base, targets } = await setup(t);
  const tg = await targets.createTarget({ by: n.editor, input: base });
  const a = await targets.createAction({ by: n.editor, input: { priorityId: n.priorities[0].id, number: '1.1', text: 'x' } });
  const s = w.south;
  const nf = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
  await assert.rejects(targets.getTarget(s.office.id, tg.id), nf('target.not_found'));
  await assert.rejects(targets.addObservation({ by: s.editor, targetId: tg.id, input: { asAt: '2013-12-31', value: 1 } }), nf('target.not_found'));
  await assert.rejects(targets.overrideRag({ by: s.editor, targetId: tg.id, input: { status: 'red', reason: 'x' } }), nf('target.not_found'));
  await assert.rejects(targets.updateTarget({ by: s.editor, id: tg.id, input: { ...base, version: 1 } }), nf('target.not_found'));
  await assert.rejects(targets.getAction(s.office.id, a.id), nf('action.not_found'));
  await assert.rejects(targets.addDeliveryUpdate({ by: s.editor, actionId: a.id, input: { asAt: '2014-01-15', text: 'x' } }), nf('action.not_found'));
  // A priority of another office is refused on the field.
  await assert.rejects(targets.createTarget({ by: s.editor, input: base }), rejectsOn('priorityId'));
  assert.equal((await targets.listTargets(s.office.id)).length, 0);
  assert.equal((await targets.listActions(s.office.id)).length, 0);
});

test('a corrected figure for the same date replaces the first in the RAG and the chart', async (t) => {
  const { c, n, base, targets } = await setup(t);
  const tg = await targets.createTarget({ by: n.editor, input: base });
  await targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2013-12-31', value: '9.9' } });
  const first = (await targets.getTarget(n.office.id, tg.id)).rag;
  assert.ok(first.kind === 'rag' && first.status === 'red');
  c.advance(60_000);
  await targets.addObservation({ by: n.editor, targetId: tg.id, input: { asAt: '2013-12-31', value: '7.7', narrative: 'Corrected: 7.7%' } });
  const v = await targets.getTarget(n.office.id, tg.id);
  assert.ok(v.rag.kind === 'rag' && v.rag.status === 'green');
  assert.equal(v.latest?.value, 7.7);
  const { targetChart } = await import('./chart.js');
  const chart = await targetChart(v);
  assert.deepEqual(chart.table.rows.find((r) => r[0] === '31 December 2013')?.[2], '7.7');
});

test('an action is numbered within its priority', async (t) => {
  const { n, targets } = await setup(t);
  await assert.rejects(targets.createAction({ by: n.editor, input: { priorityId: n.priorities[1].id, number: '1.1', text: 'x' } }), (e: unknown) => {
    assert.ok(e instanceof DomainError);
    assert.deepEqual(e.fields, [{ field: 'number', message: 'This priority is Priority 2: its actions are numbered 2.1, 2.2 and so on' }]);
    return true;
  });
  const a = await targets.createAction({ by: n.editor, input: { priorityId: n.priorities[1].id, number: '2.10', text: 'x', newActivity: 'yes' } });
  assert.equal(a.newActivity, true);
});
