import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { DomainError } from '../platform/errors.js';
import { parseAmount } from './decisions.schemas.js';

async function setup(t: TestContext) {
  const c = clock('2020-02-03T10:00:00Z');
  const w = await world(t, { now: c.now });
  const { decisions } = w.services;
  const n = w.north;
  const base = {
    reference: 'ID: 514',
    title: 'Hampshire contribution of £1.8m to part fund the fit out of the South East Regional policing centre',
    decisionMaker: 'Police and Crime Commissioner',
    summary: 'Approved the addition of £1,800,000 to Capital (Revenue Contributions) Reserve.',
    amount: '£1,800,000',
    tags: '[INVESTMENT in POLICING]',
  };
  return { c, w, decisions, n, base };
}

/** Asserts a DomainError with this code whose first field problem is on `field`. */
const fieldError = (code: string, field: string) => (e: unknown) => {
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, code);
  assert.ok(
    e.fields.some((f) => f.field === field),
    `expected a problem on ${field}, got ${JSON.stringify(e.fields)}`,
  );
  return true;
};

test('amounts: pounds with commas or pence parse to integer pence; part pence, negatives and words are refused', () => {
  assert.deepEqual(parseAmount('£1,800,000'), { pence: 180_000_000 });
  assert.deepEqual(parseAmount('1800000.00'), { pence: 180_000_000 });
  assert.deepEqual(parseAmount('£83,125'), { pence: 8_312_500 });
  assert.deepEqual(parseAmount('6366.5'), { pence: 636_650 });
  assert.deepEqual(parseAmount(44000), { pence: 4_400_000 });
  assert.deepEqual(parseAmount(''), { pence: null });
  for (const bad of ['12.345', '-5', 'abc', '1,80,000', '£', '1e6', '£-5']) assert.ok('error' in parseAmount(bad), bad);
  assert.match((parseAmount('-5') as { error: string }).error, /£0 or more/);
  assert.match((parseAmount('12.345') as { error: string }).error, /2 decimal places/);
});

test('a notice is created as a draft with every field, and a created history row', async (t) => {
  const { decisions, n, base, w } = await setup(t);
  const project = await w.services.projects.create({
    by: n.editor,
    input: { title: 'Regional centre', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id] },
  });
  const d = await decisions.create({
    by: n.editor,
    input: {
      ...base,
      fundingSource: 'Revenue contributions',
      decisionText: 'The PCC approves the contribution.',
      projectIds: [project.id],
      backgroundDocuments: 'Report to the PCC | https://example.org/report.pdf',
      exemptText: 'Contract values by supplier',
      exemption: 'Schedule 12A para 3',
      exemptReason: 'Commercially sensitive',
    },
  });
  assert.equal(d.status, 'draft');
  assert.equal(d.amountPence, 180_000_000);
  assert.deepEqual(d.tags, ['INVESTMENT in POLICING']);
  assert.deepEqual(d.projectIds, [project.id]);
  assert.deepEqual(d.backgroundDocuments, [{ title: 'Report to the PCC', url: 'https://example.org/report.pdf' }]);
  assert.equal(d.version, 1);
  const h = await decisions.history(n.office.id, d.id);
  assert.equal(h.length, 1);
  assert.equal(h[0].kind, 'created');
  assert.equal(h[0].actorName, 'north editor');
  assert.deepEqual(h[0].changes.amountPence, { from: null, to: 180_000_000 });
  assert.deepEqual(h[0].changes.reference, { from: null, to: 'ID: 514' });
});

test('bad input: a clear error on the field, and nothing saved', async (t) => {
  const { decisions, n, base, w } = await setup(t);
  await decisions.create({ by: n.editor, input: base });
  const cases: [Record<string, unknown>, string][] = [
    [{ ...base, reference: 'id: 514' }, 'reference'], // same reference, other case
    [{ ...base, reference: 'X1', amount: '12.345' }, 'amount'],
    [{ ...base, reference: 'X2', amount: '-5' }, 'amount'],
    [{ ...base, reference: 'X3', amount: 'abc' }, 'amount'],
    [{ ...base, reference: '' }, 'reference'],
    [{ ...base, reference: 'X4', title: ' ' }, 'title'],
    [{ ...base, reference: 'X5', backgroundDocuments: 'Bad | javascript:alert(1)' }, 'backgroundDocuments'],
    [{ ...base, reference: 'X6', exemptText: 'secret' }, 'exemption'],
    [{ ...base, reference: 'X7', projectIds: ['00000000-0000-4000-8000-000000000000'] }, 'projectIds'],
  ];
  for (const [input, field] of cases) await assert.rejects(decisions.create({ by: n.editor, input }), fieldError('decision.invalid', field));
  // Another office's project is unknown here.
  const southProject = await w.services.projects.create({
    by: w.south.editor,
    input: { title: 'South only', strandId: w.south.strands[0].id, priorityIds: [w.south.priorities[0].id] },
  });
  await assert.rejects(
    decisions.create({ by: n.editor, input: { ...base, reference: 'X8', projectIds: [southProject.id] } }),
    fieldError('decision.invalid', 'projectIds'),
  );
  assert.equal((await decisions.list(n.office.id, {})).total, 1);
  // The same reference is fine in another office: references are each office's own scheme.
  await decisions.create({ by: w.south.editor, input: base });
});

test('approve: date approved may not be in the future; publish needs a summary; withdraw needs a reason; each recorded', async (t) => {
  const { c, decisions, n, base } = await setup(t);
  const d = await decisions.create({ by: n.editor, input: { ...base, summary: '' } });
  await assert.rejects(
    decisions.approve({ by: n.editor, id: d.id, input: { version: 1, approvedOn: '2020-02-04' } }),
    fieldError('decision.invalid', 'approvedOn'),
  );
  await assert.rejects(
    decisions.approve({ by: n.editor, id: d.id, input: { version: 1, approvedOn: '2020-02-30' } }),
    fieldError('decision.invalid', 'approvedOn'),
  );
  assert.equal((await decisions.get(n.office.id, d.id)).version, 1, 'nothing saved');
  c.advance(60_000);
  const a = await decisions.approve({ by: n.editor, id: d.id, input: { version: 1, approvedOn: '2019-11-28' } });
  assert.equal(a.status, 'approved');
  assert.equal(a.approvedOn, '2019-11-28');
  await assert.rejects(decisions.publish({ by: n.editor, id: d.id, input: { version: 2 } }), fieldError('decision.invalid', 'summary'));
  assert.equal((await decisions.get(n.office.id, d.id)).status, 'approved', 'nothing saved');
  await decisions.update({
    by: n.editor,
    id: d.id,
    input: { version: 2, summary: 'Approved the addition of £1,800,000.', reason: 'summary for the register' },
  });
  const p = await decisions.publish({ by: n.editor, id: d.id, input: { version: 3 } });
  assert.equal(p.status, 'published');
  assert.ok(p.publishedAt);
  // A published notice keeps its summary.
  await assert.rejects(decisions.update({ by: n.editor, id: d.id, input: { version: 4, summary: '' } }), fieldError('decision.invalid', 'summary'));
  await assert.rejects(decisions.withdraw({ by: n.editor, id: d.id, input: { version: 4, reason: ' ' } }), fieldError('decision.invalid', 'reason'));
  const wd = await decisions.withdraw({ by: n.editor, id: d.id, input: { version: 4, reason: 'Published in error' } });
  assert.equal(wd.status, 'withdrawn');
  await assert.rejects(
    decisions.update({ by: n.editor, id: d.id, input: { version: 5, title: 'x' } }),
    (e: unknown) => e instanceof DomainError && e.code === 'decision.refused',
  );

  const h = await decisions.history(n.office.id, d.id);
  assert.deepEqual(
    h.map((x) => x.kind),
    ['withdrawn', 'published', 'edited', 'approved', 'created'],
  );
  assert.deepEqual(h[0].changes.status, { from: 'published', to: 'withdrawn' });
  assert.equal(h[0].reason, 'Published in error');
  assert.deepEqual(h[2].changes, { summary: { from: '', to: 'Approved the addition of £1,800,000.' } });
  assert.equal(h[2].reason, 'summary for the register');
  assert.deepEqual(h[3].changes, { approvedOn: { from: null, to: '2019-11-28' }, status: { from: 'draft', to: 'approved' } });
  assert.ok(h.every((x) => x.actorName === 'north editor' && x.recordedAt instanceof Date));
});

test('every edited field is recorded old -> new, with who and why; an unchanged save records nothing', async (t) => {
  const { decisions, n, base } = await setup(t);
  const d = await decisions.create({ by: n.editor, input: base });
  const u = await decisions.update({
    by: n.editor,
    id: d.id,
    input: {
      version: 1,
      amount: '1800000.00',
      title: 'New title',
      tags: ['INVESTMENT in POLICING', 'Estates'],
      exemptText: 'x',
      exemption: 'y',
      exemptReason: 'z',
      reason: 'corrected',
    },
  });
  assert.equal(u.version, 2);
  const h = await decisions.history(n.office.id, d.id);
  assert.equal(h.length, 2);
  assert.deepEqual(h[0].changes, {
    title: { from: base.title, to: 'New title' },
    tags: { from: ['INVESTMENT in POLICING'], to: ['INVESTMENT in POLICING', 'Estates'] },
    exemptText: { from: '', to: 'x' },
    exemption: { from: '', to: 'y' },
    exemptReason: { from: '', to: 'z' },
  });
  assert.equal(h[0].reason, 'corrected');
  const same = await decisions.update({ by: n.editor, id: d.id, input: { version: 2, amount: '£1,800,000' } });
  assert.equal(same.version, 2);
  assert.equal((await decisions.history(n.office.id, d.id)).length, 2);
});

test('a stale version is refused with decision.conflict and changes nothing', async (t) => {
  const { decisions, n, base } = await setup(t);
  const d = await decisions.create({ by: n.editor, input: base });
  await decisions.update({ by: n.editor, id: d.id, input: { version: 1, title: 'First' } });
  await assert.rejects(decisions.update({ by: n.editor, id: d.id, input: { version: 1, title: 'Second' } }), (e: unknown) => {
    assert.ok(e instanceof DomainError);
    assert.equal(e.code, 'decision.conflict');
    assert.deepEqual(e.details, { yourVersion: 1, currentVersion: 2 });
    return true;
  });
  await assert.rejects(
    decisions.approve({ by: n.editor, id: d.id, input: { version: 1, approvedOn: '2020-01-01' } }),
    (e: unknown) => e instanceof DomainError && e.code === 'decision.conflict',
  );
  const now = await decisions.get(n.office.id, d.id);
  assert.equal(now.title, 'First');
  assert.equal(now.status, 'draft');
});

test('two editors entering the same reference at once: one notice, the other gets the field error', async (t) => {
  const { decisions, n, base } = await setup(t);
  const results = await Promise.allSettled([
    decisions.create({ by: n.editor, input: base }),
    decisions.create({ by: n.editor, input: { ...base, title: 'Other' } }),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  fieldError('decision.invalid', 'reference')(failed.reason);
  assert.equal((await decisions.list(n.office.id, {})).total, 1);
});

test('office isolation: another office cannot read or change a notice', async (t) => {
  const { decisions, n, base, w } = await setup(t);
  const d = await decisions.create({ by: n.editor, input: base });
  await assert.rejects(decisions.get(w.south.office.id, d.id), (e: unknown) => e instanceof DomainError && e.code === 'decision.not_found');
  await assert.rejects(
    decisions.update({ by: w.south.editor, id: d.id, input: { version: 1, title: 'x' } }),
    (e: unknown) => e instanceof DomainError && e.code === 'decision.not_found',
  );
  await assert.rejects(decisions.history(w.south.office.id, d.id), (e: unknown) => e instanceof DomainError && e.code === 'decision.not_found');
  assert.equal((await decisions.list(w.south.office.id, {})).total, 0);
});

test('approvedBetween: approved and published notices in the range, by date then reference', async (t) => {
  const { decisions, n, w } = await setup(t);
  const make = async (reference: string, approvedOn: string | null, publish = false, office = n) => {
    const d = await decisions.create({
      by: office.editor,
      input: { reference, title: `T ${reference}`, decisionMaker: 'PCC', summary: `S ${reference}`, amount: '100', tags: 'A' },
    });
    if (!approvedOn) return d;
    const a = await decisions.approve({ by: office.editor, id: d.id, input: { version: 1, approvedOn } });
    return publish ? decisions.publish({ by: office.editor, id: d.id, input: { version: a.version } }) : a;
  };
  await make('ID: 505', '2019-10-01', true);
  await make('ID: 499', '2019-10-01');
  await make('ID: 514', '2019-11-30', true);
  await make('ID: 400', '2019-09-30', true); // the day before
  await make('ID: 600', '2020-01-01'); // the day after
  await make('ID: 700', null); // a draft
  const wd = await make('ID: 508', '2019-11-01');
  await decisions.withdraw({ by: n.editor, id: wd.id, input: { version: wd.version, reason: 'superseded' } });
  await make('ID: 506', '2019-10-15', true, w.south);
  const r = await decisions.approvedBetween(n.office.id, '2019-10-01', '2019-12-31');
  assert.deepEqual(
    r.map((x) => [x.reference, x.approvedOn]),
    [
      ['ID: 499', '2019-10-01'],
      ['ID: 505', '2019-10-01'],
      ['ID: 514', '2019-11-30'],
    ],
  );
  assert.deepEqual(Object.keys(r[0]).sort(), ['amountPence', 'approvedOn', 'approvedPrecision', 'id', 'reference', 'summary', 'tags', 'title']);
  assert.equal(r[0].amountPence, 10_000);
  assert.deepEqual(r[0].tags, ['A']);
  await assert.rejects(
    decisions.approvedBetween(n.office.id, '2019-12-31', '2019-10-01'),
    (e: unknown) => e instanceof DomainError && e.code === 'decision_period.invalid',
  );
});

test('the public list holds only published notices, filters by year, tag and amount, and never searches the exempt part', async (t) => {
  const { decisions, n } = await setup(t);
  const make = async (reference: string, approvedOn: string, amount: string, tags: string, publish = true, extra: Record<string, string> = {}) => {
    const d = await decisions.create({
      by: n.editor,
      input: { reference, title: `T ${reference}`, decisionMaker: 'PCC', summary: `S ${reference}`, amount, tags, ...extra },
    });
    const a = await decisions.approve({ by: n.editor, id: d.id, input: { version: 1, approvedOn } });
    if (publish) await decisions.publish({ by: n.editor, id: d.id, input: { version: a.version } });
  };
  await make('ID: 514', '2019-11-01', '£1,800,000', 'INVESTMENT in POLICING', true, {
    exemptText: 'CANARY-zebra',
    exemption: 'para 3',
    exemptReason: 'commercial',
  });
  await make('ID: 507', '2020-01-01', '£44,000', '');
  await make('ID: 502', '2019-10-01', '£6,366', 'INVESTMENT in POLICING');
  await make('ID: 900', '2019-10-01', '£5', 'INVESTMENT in POLICING', false);
  const refs = async (q: Record<string, string>) => (await decisions.publicList(n.office.id, q)).items.map((d) => d.reference);
  assert.deepEqual(await refs({}), ['ID: 507', 'ID: 514', 'ID: 502']);
  assert.deepEqual(await refs({ year: '2019' }), ['ID: 514', 'ID: 502']);
  assert.deepEqual(await refs({ tag: 'investment in policing' }), ['ID: 514', 'ID: 502']);
  assert.deepEqual(await refs({ minAmount: '10,000', maxAmount: '£100000' }), ['ID: 507']);
  assert.deepEqual(await refs({ q: 'S ID: 50' }), ['ID: 507', 'ID: 502']);
  assert.deepEqual(await refs({ q: 'CANARY' }), []);
  const one = (await decisions.publicList(n.office.id, {})).items[1];
  assert.equal(one.hasExemptPart, true);
  assert.ok(!('exemptText' in one) && !('exemption' in one) && !('exemptReason' in one));
  await assert.rejects(decisions.publicList(n.office.id, { minAmount: 'abc' }), fieldError('decision_list.invalid', 'minAmount'));
  assert.deepEqual(await decisions.publicFacets(n.office.id), { tags: ['INVESTMENT in POLICING'], years: [2020, 2019] });
});
