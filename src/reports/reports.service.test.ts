import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { DomainError } from '../platform/errors.js';
import { createReportsService } from './reports.service.js';

async function setup(t: import('node:test').TestContext) {
  const c = clock('2018-04-20T09:00:00Z');
  const w = await world(t, { now: c.now });
  const n = w.north;
  const { projects } = w.services;
  const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], objective: 'An objective', forecastEnd: '2018-Q2' };
  const mk = (title: string, effectiveOn: string, extra: Record<string, unknown> = {}) =>
    projects.create({ by: n.editor, input: { ...base, title, effectiveOn, ...extra } });
  const move = async (id: string, move: string, effectiveOn: string, extra: Record<string, unknown> = {}) => {
    const p = await projects.get(n.office.id, id);
    return projects.move({ by: n.editor, id, input: { move, version: p.version, effectiveOn, ...extra } });
  };
  return { c, w, n, projects, mk, move, base };
}

test("the quarter's dashboard, review, spotlights and current projects come from the history as at its end", async (t) => {
  const { w, n, projects, mk, move, c } = await setup(t);
  // Before the quarter (financial 2017-18 Q4 = Jan-Mar 2018).
  const done = await mk('Police & Fire Governance Review', '2017-10-02', { stage: 'delivery' });
  const gdprCand = await mk('General Data Protection Regulations (GDPR)', '2017-11-01', {
    statutory: true,
    overview: 'Update all policies.',
    outcome: 'OPCC compliant.',
  });
  const pic = await mk('Police Investigation Centre Evaluation', '2017-11-02', {
    stage: 'delivery',
    strandId: n.strands[1].id,
    priorityIds: [n.priorities[1].id, n.priorities[0].id],
  });
  const court = await mk('Court Observation Panel', '2017-11-03', { stage: 'scoping' });
  const fgm1 = await mk('FGM landscape', '2017-11-04', { stage: 'scoping' });
  const fgm2 = await mk('Other harmful cultural practices', '2017-11-04', { stage: 'scoping' });
  const fgm = await mk('FGM & other harmful cultural practices', '2017-11-05', { stage: 'scoping' });
  // In the quarter.
  await move(done.id, 'complete', '2018-02-14');
  await move(gdprCand.id, 'scope', '2018-01-15');
  await mk('Grants Investment Programme', '2018-03-01', { stage: 'delivery' });
  await mk('Revolving Door', '2018-02-01');
  await mk('Sign-posting', '2018-03-31');
  await projects.update({
    by: n.editor,
    id: pic.id,
    input: { version: 1, forecastEnd: '2022-Q1', reason: 'to align with expected completion date of last PIC', effectiveOn: '2018-03-01' },
  });
  await move(court.id, 'hold', '2018-03-10', { reason: 'LCJB decided to place this action on hold' });
  const f = await projects.get(n.office.id, fgm.id);
  await projects.merge({
    by: n.editor,
    targetId: fgm.id,
    input: { sourceIds: [fgm1.id, fgm2.id], version: f.version, reason: 'for efficiency', effectiveOn: '2018-02-20' },
  });
  // After the quarter: must not show.
  await mk('Appropriate Adults Review', '2018-04-02');
  c.set('2018-04-21T09:00:00Z');
  await projects.update({ by: n.editor, id: gdprCand.id, input: { version: 2, overview: 'Changed after the quarter.' } });
  // Another office's projects never show.
  await w.services.projects.create({
    by: w.south.editor,
    input: { strandId: w.south.strands[0].id, priorityIds: [w.south.priorities[0].id], title: 'South secret', effectiveOn: '2018-02-01' },
  });

  const decisions = [{ reference: '507', title: '2018/19 Budget', approvedOn: '2018-02-07', summary: 'Approval of budget for 2018/19.' }];
  const calls: unknown[] = [];
  const reports = createReportsService({
    db: w.database.db,
    projects,
    plan: w.services.plan,
    decisionsInPeriod: async (...a) => {
      calls.push(a);
      return decisions;
    },
  });
  const m = await reports.model(n.office.id, '2017-18-Q4');
  assert.deepEqual(calls, [[n.office.id, '2018-01-01', '2018-03-31']]);
  assert.equal(m.period.months, 'January to March 2018');
  const g = Object.fromEntries(m.dashboard.groups.map((x) => [x.group, x]));
  assert.deepEqual([g.completed.previous, g.completed.count, g.completed.trend], [0, 1, 'up']);
  // Before: GDPR candidate; PIC, Court, FGM x3, Governance current (6). After: +GDPR +Grants -Governance -2 merged = 5.
  assert.deepEqual([g.current.previous, g.current.count, g.current.in, g.current.out, g.current.trend], [6, 5, 2, 3, 'down']);
  assert.deepEqual([g.future.previous, g.future.count, g.future.in, g.future.out, g.future.trend], [1, 2, 2, 1, 'up']);
  assert.ok(m.dashboard.groups.every((x) => x.reconciles));
  assert.deepEqual(
    m.dashboard.delivered.map((p) => p.title),
    ['Police & Fire Governance Review'],
  );
  assert.deepEqual(
    m.dashboard.initiated.map((p) => p.title),
    ['General Data Protection Regulations (GDPR) (statutory)', 'Grants Investment Programme'],
  );
  assert.deepEqual(
    m.dashboard.candidates.map((p) => p.title),
    ['Revolving Door', 'Sign-posting'],
  );
  // PIC serves both priorities: counted once, under the first in the plan's order.
  const cur = m.dashboard.priorities.find((s) => s.group === 'current')!;
  assert.deepEqual(
    cur.rows.map((r) => [r.count, r.percent]),
    [
      [5, 100],
      [0, 0],
    ],
  );
  assert.deepEqual(
    m.review.map((r) => [r.project, r.text]),
    [
      ['FGM & other harmful cultural practices', 'Merged into this project: ‘FGM landscape’ and ‘Other harmful cultural practices’. For efficiency.'],
      ['Police Investigation Centre Evaluation', 'Project end date extended from Q2 2018 to Q1 2022. To align with expected completion date of last PIC.'],
      ['Court Observation Panel (statutory)'.replace(' (statutory)', ''), 'Project placed on hold. LCJB decided to place this action on hold.'],
    ],
  );
  assert.deepEqual(
    m.spotlights.map((s) => [s.title, s.overview, s.outcome]),
    [
      ['General Data Protection Regulations (GDPR) (statutory)', 'Update all policies.', 'OPCC compliant.'],
      ['Grants Investment Programme', '', ''],
    ],
  );
  assert.deepEqual(
    m.currentByStrand.map((s) => [s.strand, s.projects.map((p) => `${p.title}|${p.forecastEnd}`)]),
    [
      [
        'Big Issues',
        [
          'Court Observation Panel|Q2 2018',
          'FGM & other harmful cultural practices|Q2 2018',
          'General Data Protection Regulations (GDPR) (statutory)|Q2 2018',
          'Grants Investment Programme|Q2 2018',
        ],
      ],
      ['Policing', ['Police Investigation Centre Evaluation|Q1 2022']],
    ],
  );
  assert.deepEqual(m.decisions, decisions);
  assert.ok(!JSON.stringify(m).includes('South secret'));
  // The same quarter by its calendar name gives the same figures.
  const cal = await reports.model(n.office.id, '2018-Q1');
  assert.deepEqual(cal.dashboard, m.dashboard);
  assert.deepEqual(cal.review, m.review);
});

test('an editor rewords a review entry and picks spotlights; the paper keeps the rewording, the generated text stays beside it', async (t) => {
  const { w, n, mk, move } = await setup(t);
  const a = await mk('Court Observation Panel', '2017-11-03', { stage: 'scoping' });
  const b = await mk('Other', '2017-11-03', { stage: 'scoping', overview: 'Why', outcome: 'What' });
  await move(a.id, 'hold', '2018-03-10', { reason: 'LCJB decision' });
  const { reports } = w.services;
  await assert.rejects(
    reports.saveDraft({ by: n.editor, periodId: '2018-Q1', input: { panelMeetingOn: '2018-02-30' } }),
    (e: unknown) => e instanceof DomainError && e.fields[0].field === 'panelMeetingOn',
  );
  await assert.rejects(
    reports.saveDraft({ by: n.editor, periodId: '2018-Q1', input: { spotlightIds: ['00000000-0000-0000-0000-000000000000'] } }),
    (e: unknown) => e instanceof DomainError && e.fields[0].field === 'spotlightIds',
  );
  const d = await reports.saveDraft({
    by: n.editor,
    periodId: '2018-Q1',
    input: {
      panelMeetingOn: '2018-04-13',
      spotlightIds: [b.id],
      reviewEdits: { [a.id]: 'Placed on hold by the LCJB; the OPCC is pressing for it to return.' },
    },
  });
  await assert.rejects(
    reports.saveDraft({ by: n.editor, periodId: '2018-Q1', input: { version: d.version - 1 } }),
    (e: unknown) => e instanceof DomainError && e.code === 'report.conflict',
  );
  const m = await reports.model(n.office.id, '2018-Q1');
  assert.equal(m.period.panelMeetingOn, '2018-04-13');
  assert.deepEqual(
    m.review.map((r) => [r.text, r.generated, r.edited]),
    [['Placed on hold by the LCJB; the OPCC is pressing for it to return.', 'Project placed on hold. LCJB decision.', true]],
  );
  assert.deepEqual(
    m.spotlights.map((s) => [s.title, s.overview, s.outcome]),
    [['Other', 'Why', 'What']],
  );
  // Settings belong to their office and period.
  assert.equal(await reports.draft(w.south.office.id, '2018-Q1'), null);
  assert.equal((await reports.model(n.office.id, '2017-18-Q4')).period.panelMeetingOn, null);
});

test('publishing freezes the paper; a later correction shows up as a listed difference', async (t) => {
  const { w, n, mk, move, c, projects } = await setup(t);
  const a = await mk('Review of Sexual Crime Strategy', '2017-11-03', { stage: 'delivery' });
  await move(a.id, 'complete', '2018-03-01');
  const { reports } = w.services;
  t.after(() => reports.close());
  const pub = await reports.publish({ by: n.admin, periodId: '2018-Q1' });
  const list = await reports.publications(n.office.id, '2018-Q1');
  assert.equal(list.length, 1);
  assert.equal(list[0].publishedByName, 'north admin');
  const row = await reports.publication(n.office.id, pub.id);
  assert.equal(row.docx.subarray(0, 2).toString(), 'PK');
  if (pub.pdf) assert.equal(row.pdf!.subarray(0, 5).toString(), '%PDF-');
  assert.match(row.html, /Review of Sexual Crime Strategy/);
  await assert.rejects(reports.publication(w.south.office.id, pub.id), (e: unknown) => e instanceof DomainError && e.code === 'publication.not_found');
  assert.deepEqual((await reports.compare(n.office.id, pub.id)).differences, []);
  // A project entered late, backdated into the quarter, changes a fresh regeneration but not the paper.
  c.set('2018-05-01T09:00:00Z');
  await projects.create({
    by: n.editor,
    input: { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], title: 'Late entry', effectiveOn: '2018-02-01' },
  });
  const cmp = await reports.compare(n.office.id, pub.id);
  assert.ok(
    cmp.differences.some((d) => d.includes('Candidate projects identified: ‘Late entry’ would now be listed.')),
    cmp.differences.join('\n'),
  );
  assert.ok(cmp.differences.some((d) => d.includes('Future projects at the end of the period: 0 published, 1 now.')));
  // The paper made from the history as it was known at publication is unchanged.
  const asKnown = await reports.model(n.office.id, '2018-Q1', { knownAt: new Date(row.knownAt) });
  assert.deepEqual({ ...asKnown, knownAt: null }, { ...(row.model as object), knownAt: null });
});

test('a project the history shows completed twice is listed as delivered once, and the second time is flagged', async (t) => {
  const { w, n, mk, move } = await setup(t);
  const a = await mk('Review of Sexual Crime Strategy', '2017-11-03', { stage: 'delivery' });
  await move(a.id, 'complete', '2017-12-01');
  // The stage machine cannot complete a project twice; an imported or hand-corrected history can.
  const { createProjectsRepository } = await import('../projects/projects.repository.js');
  const [last] = await createProjectsRepository({ db: w.database.db }).history(n.office.id, a.id);
  await createProjectsRepository({ db: w.database.db }).insertHistory({
    ...last,
    id: undefined,
    version: last.version + 1,
    kind: 'moved',
    move: 'complete',
    changes: { stage: { from: 'delivery', to: 'completed' } },
    effectiveAt: new Date('2018-02-01T10:00:00Z'),
    recordedAt: new Date('2018-04-20T09:00:00Z'),
  });
  const { reports } = w.services;
  const q4 = await reports.model(n.office.id, '2017-Q4');
  assert.deepEqual(
    q4.dashboard.delivered.map((p) => p.title),
    ['Review of Sexual Crime Strategy'],
  );
  const q1 = await reports.model(n.office.id, '2018-Q1');
  assert.deepEqual(q1.dashboard.delivered, []);
  assert.ok(
    q1.dashboard.flags.some((f) => /‘Review of Sexual Crime Strategy’ was completed again in this period, but it had already been delivered/.test(f)),
    q1.dashboard.flags.join('\n'),
  );
  // The extra move also breaks the reconciliation of completed projects, and that is said too.
  assert.ok(
    q1.dashboard.flags.some((f) => /^Completed projects do not reconcile: 1 \+ 1 in − 0 out ≠ 1/.test(f)),
    q1.dashboard.flags.join('\n'),
  );
});

/** An approved decision notice of the north office. */
async function notice(w: import('../../test/helpers.js').World, reference: string, approvedOn: string) {
  const { decisions } = w.services;
  const by = w.north.editor;
  const d = await decisions.create({ by, input: { reference, title: `Notice ${reference}`, decisionMaker: 'PCC', summary: `Summary ${reference}` } });
  return decisions.approve({ by, id: d.id, input: { version: d.version, approvedOn } });
}
const fieldError = (field: string, message: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.fields.length === 1 && e.fields[0].field === field && message.test(e.fields[0].message);

test('decision notices approved from a chosen day: each wrong date refused, the choice audited, listed and stated in the paper', async (t) => {
  const { w, n } = await setup(t);
  const { reports } = w.services;
  await notice(w, 'DN-1', '2016-12-31');
  await notice(w, 'DN-2', '2017-12-01');
  await notice(w, 'DN-3', '2018-02-01');
  const save = (decisionsFrom: string, version?: number) =>
    reports.saveDraft({ by: n.editor, periodId: '2018-Q1', input: { version, panelMeetingOn: '2018-04-13', decisionsFrom } });
  await assert.rejects(save('2017-02-30'), fieldError('decisionsFrom', /^Enter the date decision notices are approved from as a real date$/));
  await assert.rejects(save('01/12/2017'), fieldError('decisionsFrom', /as a real date/));
  await assert.rejects(
    save('2018-04-01'),
    fieldError('decisionsFrom', /^The date decision notices are approved from must be on or before 31 March 2018, the end of the quarter$/),
  );
  await assert.rejects(
    save('2016-12-31'),
    fieldError('decisionsFrom', /^The date decision notices are approved from must be 1 January 2017 or later, no more than a year before the quarter starts$/),
  );
  assert.equal(await reports.draft(n.office.id, '2018-Q1'), null, 'nothing saved');

  // By default the period's notices, under the period's heading.
  const plain = await reports.model(n.office.id, '2018-Q1');
  assert.equal(plain.period.decisionsFrom, '2018-01-01');
  assert.deepEqual(
    plain.decisions.map((d) => d.reference),
    ['DN-3'],
  );
  const headings = async (m: typeof plain) =>
    (await reports.doc(m)).blocks.flatMap((b) => (b.type === 'heading' && b.level === 1 && b.text.startsWith('Decision notices') ? [b.text] : []));
  assert.deepEqual(await headings(plain), ['Decision notices approved in the period']);

  // A year before the start and the period's last day are the limits, both allowed.
  const first = await save('2017-01-01');
  const last = await save('2018-03-31', first.version);
  assert.equal(last.decisionsFrom, '2018-03-31');
  assert.deepEqual((await reports.model(n.office.id, '2018-Q1')).decisions, []);
  const wide = await save(' 2017-12-01 ', last.version);
  const m = await reports.model(n.office.id, '2018-Q1');
  assert.equal(m.period.decisionsFrom, '2017-12-01');
  assert.deepEqual(
    m.decisions.map((d) => [d.reference, d.approvedOn]),
    [
      ['DN-2', '2017-12-01'],
      ['DN-3', '2018-02-01'],
    ],
  );
  assert.deepEqual(await headings(m), ['Decision notices approved from 1 December 2017 to 31 March 2018']);
  assert.ok(
    (await reports.doc(m)).blocks.some((b) => b.type === 'table' && b.caption === 'Summary of decision notices approved from 1 December 2017 to 31 March 2018'),
  );

  // The period's start is the default: stored as none.
  const back = await save('2018-01-01', wide.version);
  assert.equal(back.decisionsFrom, null);
  const audit = await w.services.auth.listAuditFor(n.office.id, 'report', '2018-Q1');
  assert.deepEqual(
    audit.map((a) => a.action),
    ['draft_created', 'draft_updated', 'draft_updated', 'draft_updated'],
  );
  assert.equal(JSON.parse(audit[0].changes).decisionsFrom, '2017-01-01');
  const widened = JSON.parse(audit[2].changes);
  assert.deepEqual([widened.before.decisionsFrom, widened.after.decisionsFrom], ['2018-03-31', '2017-12-01']);
  const reset = JSON.parse(audit[3].changes);
  assert.deepEqual([reset.before.decisionsFrom, reset.after.decisionsFrom], ['2017-12-01', null]);
  assert.equal(audit[3].actorName, 'north editor');
});

test('a notice approved before the list starts and missing from the previous published paper is flagged; the published window is frozen and compared', async (t) => {
  const { w, n, c } = await setup(t);
  const { reports } = w.services;
  t.after(() => reports.close());
  c.set('2018-01-05T09:00:00Z');
  await notice(w, 'DN-NOV', '2017-11-10');
  const q4 = await reports.publish({ by: n.admin, periodId: '2017-Q4' });
  // Approved in December but entered after the December quarter's paper went to the Panel.
  c.set('2018-01-20T09:00:00Z');
  await notice(w, 'DN-DEC', '2017-12-15');
  c.set('2018-04-20T09:00:00Z');
  await notice(w, 'DN-FEB', '2018-02-01');

  const flagged = await reports.model(n.office.id, '2018-Q1');
  assert.deepEqual(
    flagged.decisions.map((d) => d.reference),
    ['DN-FEB'],
  );
  assert.deepEqual(flagged.dashboard.flags, [
    'Decision notice DN-DEC ‘Notice DN-DEC’, approved on 15 December 2017, is in no paper published for Q4 2017, and this paper’s decision notices start on 1 January 2018. To list it, set “Decision notices approved from” to 2017-12-15.',
  ]);
  // Nothing to compare with: no paper published for the previous period under this id, or by then.
  assert.deepEqual((await reports.model(n.office.id, '2017-18-Q4')).dashboard.flags, []);
  const q4Row = await reports.publication(n.office.id, q4.id);
  assert.deepEqual((await reports.model(n.office.id, '2018-Q1', { knownAt: new Date(q4Row.publishedAt.getTime() - 1) })).dashboard.flags, []);

  // Widened to the suggested day: listed, no flag; the paper published then keeps the window.
  const d = await reports.saveDraft({ by: n.editor, periodId: '2018-Q1', input: { decisionsFrom: '2017-12-15' } });
  const wide = await reports.model(n.office.id, '2018-Q1');
  assert.deepEqual(
    wide.decisions.map((x) => x.reference),
    ['DN-DEC', 'DN-FEB'],
  );
  assert.deepEqual(wide.dashboard.flags, []);
  const pub = await reports.publish({ by: n.admin, periodId: '2018-Q1' });
  const row = await reports.publication(n.office.id, pub.id);
  assert.equal((row.model as { period: { decisionsFrom: string } }).period.decisionsFrom, '2017-12-15');
  assert.match(row.html, /Decision notices approved from 15 December 2017 to 31 March 2018/);
  assert.deepEqual((await reports.compare(n.office.id, pub.id)).differences, []);
  // Put back to the default after publication: the comparison says what would change.
  await reports.saveDraft({ by: n.editor, periodId: '2018-Q1', input: { version: d.version, decisionsFrom: '' } });
  assert.deepEqual((await reports.compare(n.office.id, pub.id)).differences, [
    'Decision notice DN-DEC ‘Notice DN-DEC’ would not be listed now.',
    'Decision notices approved from: 2017-12-15 published, 2018-01-01 now.',
  ]);
  // A paper published before the setting existed has no window in its model: it started at its period's start.
  const old = { ...wide, period: { ...wide.period, decisionsFrom: undefined } } as unknown as typeof wide;
  const { diffModels } = await import('./report.diff.js');
  assert.deepEqual(diffModels(old, { ...wide, period: { ...wide.period, decisionsFrom: '2018-01-01' } }), []);
});

test('a past quarter splits its projects across the priorities of the plan then in force, after a new plan is published', async (t) => {
  const { w, n, mk } = await setup(t);
  await mk('Court Observation Panel', '2017-11-03', { stage: 'scoping' });
  const before = await w.services.reports.model(n.office.id, '2017-18-Q4');
  const shares = (m: typeof before) => m.dashboard.priorities.find((s) => s.group === 'current')!.rows.map((r) => [r.priority, r.count]);
  // (The world's priorities were recorded after the quarter: the one no project had then is left out.)
  assert.deepEqual(shares(before), [['Champion community needs', 1]]);
  // The 2016-2021 plan is superseded early by a new plan with priorities of its own.
  const [old] = await w.services.plan.listPlans(n.office.id);
  await w.services.plan.updatePlan({
    by: n.admin,
    id: old.id,
    version: old.version,
    input: { title: old.title, periodStart: old.periodStart, periodEnd: '2018-06-30', status: 'superseded' },
  });
  await w.services.plan.createPlan({
    by: n.admin,
    input: { title: 'Police and Crime Plan 2018-2022', periodStart: '2018-07-01', periodEnd: '2022-03-31', status: 'published' },
  });
  await w.services.plan.createPriority({ by: n.admin, input: { name: 'Keep people safe', colour: '#00703c' } });
  assert.deepEqual(
    (await w.services.plan.prioritiesInForce(n.office.id)).map((p) => p.name),
    ['Keep people safe'],
  );
  // The paper of January to March 2018 is as it was; a quarter of the new plan uses the new plan's priorities.
  assert.deepEqual(await w.services.reports.model(n.office.id, '2017-18-Q4'), before);
  assert.deepEqual(shares(await w.services.reports.model(n.office.id, '2018-19-Q2')), [
    ['Keep people safe', 0],
    ['No priority recorded', 1],
  ]);
});

test('renaming, recolouring and reordering strands and priorities, or adding a strand, after a quarter leaves its paper as it was', async (t) => {
  const { w, n, mk, c } = await setup(t);
  await mk('Court Observation Panel', '2017-11-03', { stage: 'scoping' });
  await mk('Police Investigation Centre Evaluation', '2017-11-02', { stage: 'delivery', strandId: n.strands[1].id, priorityIds: [n.priorities[1].id] });
  const before = await w.services.reports.model(n.office.id, '2017-18-Q4');
  const names = (m: typeof before) => ({
    strands: m.dashboard.groups.find((g) => g.group === 'current')!.perStrand.map((s) => `${s.strand} ${s.count}`),
    priorities: m.dashboard.priorities.find((s) => s.group === 'current')!.rows.map((r) => `${r.priority} ${r.colour} ${r.count}`),
    byStrand: m.currentByStrand.map((s) => s.strand),
  });
  assert.deepEqual(names(before), {
    strands: ['Big Issues 1', 'Policing 1'],
    priorities: ['Champion community needs #1d70b8 1', 'Reduce offending #d4351c 1'],
    byStrand: ['Big Issues', 'Policing'],
  });
  c.set('2018-05-01T09:00:00Z');
  await w.services.plan.updateStrand({ by: n.admin, id: n.strands[0].id, input: { name: 'Community', position: 9 } });
  await w.services.plan.createStrand({ by: n.admin, input: { name: 'Partnerships' } });
  await w.services.plan.updatePriority({ by: n.admin, id: n.priorities[1].id, input: { name: 'Cut reoffending', colour: '#00703c' } });
  await w.services.plan.updatePriority({ by: n.admin, id: n.priorities[0].id, input: { name: 'Champion community needs', colour: '#1d70b8', position: 5 } });
  c.set('2018-05-02T09:00:00Z');
  await w.services.plan.updateStrand({ by: n.admin, id: n.strands[1].id, input: { name: 'Policing and crime' } });

  assert.deepEqual(await w.services.reports.model(n.office.id, '2017-18-Q4'), before);
  // The quarter after the changes names, colours and orders them as they are now, with the new strand.
  assert.deepEqual(names(await w.services.reports.model(n.office.id, '2018-19-Q1')), {
    strands: ['Policing and crime 1', 'Community 1', 'Partnerships 0'],
    priorities: ['Cut reoffending #00703c 1', 'Champion community needs #1d70b8 1'],
    byStrand: ['Policing and crime', 'Community'],
  });
});
