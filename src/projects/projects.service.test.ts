import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, world } from '../../test/helpers.js';
import { DomainError } from '../platform/errors.js';

const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;

async function setup(t: import('node:test').TestContext) {
  const c = clock('2018-01-10T09:00:00Z');
  const w = await world(t, { now: c.now });
  const { projects } = w.services;
  const n = w.north;
  const base = { strandId: n.strands[0].id, priorityIds: [n.priorities[0].id], objective: 'An objective', forecastEnd: '2018-Q2' };
  return { c, w, projects, n, base };
}

test('creating a project writes a created history row with every field', async (t) => {
  const { projects, n, base } = await setup(t);
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'GDPR', statutory: true } });
  assert.equal(p.stage, 'candidate');
  assert.equal(p.version, 1);
  const h = await projects.history(n.office.id, p.id);
  assert.equal(h.length, 1);
  assert.equal(h[0].kind, 'created');
  assert.equal(h[0].actorName, 'north editor');
  assert.deepEqual((h[0].changes as Record<string, { to: unknown }>).forecastEnd.to, '2018-Q2');
  assert.equal(h[0].statutory, true);
});

test('a field edit records old and new values, who and why; an unchanged save records nothing', async (t) => {
  const { c, projects, n, base } = await setup(t);
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'Hate Crime' } });
  c.advance(60_000);
  const u = await projects.update({ by: n.editor, id: p.id, input: { version: 1, title: 'Hate Crime Strategy', lead: 'Jo', reason: 'clearer' } });
  assert.equal(u.version, 2);
  const h = await projects.history(n.office.id, p.id);
  assert.equal(h[0].kind, 'edited');
  assert.deepEqual(h[0].changes, { title: { from: 'Hate Crime', to: 'Hate Crime Strategy' }, lead: { from: '', to: 'Jo' } });
  assert.equal(h[0].reason, 'clearer');
  const same = await projects.update({ by: n.editor, id: p.id, input: { version: 2, title: 'Hate Crime Strategy' } });
  assert.equal(same.version, 2);
  assert.equal((await projects.history(n.office.id, p.id)).length, 2);
});

test('extending the forecast end needs a reason and is recorded as an extension', async (t) => {
  const { projects, n, base } = await setup(t);
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'PIC Evaluation' } });
  await assert.rejects(projects.update({ by: n.editor, id: p.id, input: { version: 1, forecastEnd: '2022-Q1' } }), (e: unknown) => {
    assert.ok(e instanceof DomainError);
    assert.equal(e.code, 'project.invalid');
    assert.equal(e.fields[0].field, 'reason');
    return true;
  });
  assert.equal((await projects.get(n.office.id, p.id)).version, 1, 'nothing saved');
  await projects.update({ by: n.editor, id: p.id, input: { version: 1, forecastEnd: '2022-Q1', reason: 'align with last PIC' } });
  const h = await projects.history(n.office.id, p.id);
  assert.equal(h[0].kind, 'extended');
  assert.deepEqual(h[0].changes, { forecastEnd: { from: '2018-Q2', to: '2022-Q1' } });
  // Bringing the date forward needs no reason.
  await projects.update({ by: n.editor, id: p.id, input: { version: 2, forecastEnd: '2021-12' } });
});

test('a stale version is a conflict that lists what changed meanwhile, and saves nothing', async (t) => {
  const { projects, n, base } = await setup(t);
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'Court Films' } });
  await projects.update({ by: n.editor, id: p.id, input: { version: 1, lead: 'A' } });
  await assert.rejects(projects.update({ by: n.admin, id: p.id, input: { version: 1, lead: 'B' } }), (e: unknown) => {
    assert.ok(e instanceof DomainError && e.code === 'project.conflict');
    assert.equal((e.details as { changesSince: unknown[] }).changesSince.length, 1);
    return true;
  });
  await assert.rejects(projects.move({ by: n.admin, id: p.id, input: { version: 1, move: 'scope' } }), code('project.conflict'));
  assert.equal((await projects.get(n.office.id, p.id)).lead, 'A');
});

test('moves: through every gate, hold and resume to the stage it left, refusals change nothing', async (t) => {
  const { c, w, projects, n, base } = await setup(t);
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'Barnahus' } });
  await assert.rejects(projects.move({ by: n.editor, id: p.id, input: { version: 1, move: 'complete' } }), code('project.move_refused'));
  await assert.rejects(projects.move({ by: n.editor, id: p.id, input: { version: 1, move: 'hold' } }), code('project.invalid'));
  let v = (await projects.move({ by: n.editor, id: p.id, input: { version: 1, move: 'scope', effectiveOn: '2018-01-10' } })).version;
  c.advance(86_400_000);
  const held = await projects.move({ by: n.editor, id: p.id, input: { version: v, move: 'hold', reason: 'LCJB paused it' } });
  assert.equal(held.stage, 'on_hold');
  assert.equal(held.heldFrom, 'scoping');
  const resumed = await projects.move({ by: n.editor, id: p.id, input: { version: held.version, move: 'resume' } });
  assert.equal(resumed.stage, 'scoping');
  v = resumed.version;
  // A decision notice is named by its reference (the API's older form) and must be one of the office's.
  const notice = await w.services.decisions.create({ by: n.editor, input: { reference: 'ID: 499', title: 'Barnahus completion' } });
  await assert.rejects(
    projects.move({ by: n.editor, id: p.id, input: { version: v, move: 'complete_at_scoping', decisionRef: '999' } }),
    code('project.invalid'),
  );
  const done = await projects.move({ by: n.editor, id: p.id, input: { version: v, move: 'complete_at_scoping', decisionRef: 'ID: 499' } });
  assert.equal(done.stage, 'completed');
  await assert.rejects(projects.move({ by: n.editor, id: p.id, input: { version: done.version, move: 'scope' } }), code('project.move_refused'));
  const h = await projects.history(n.office.id, p.id);
  assert.deepEqual(
    h.map((x) => x.move ?? x.kind),
    ['complete_at_scoping', 'resume', 'hold', 'scope', 'created'],
  );
  assert.equal(h[0].decisionRef, 'ID: 499');
  assert.equal(h[0].decisionId, notice.id);
  // The notice the gate was decided by is linked to the project, and the link is in the entry.
  assert.deepEqual(
    (await w.services.projects.decisionsOf(n.office.id, p.id)).map((d) => d.reference),
    ['ID: 499'],
  );
  assert.deepEqual((h[0].changes as Record<string, unknown>).decisionIds, { from: [], to: [notice.id] });
  assert.equal(h[2].reason, 'LCJB paused it');
});

test('merging several projects into one records both sides', async (t) => {
  const { projects, n, base } = await setup(t);
  const a = await projects.create({ by: n.editor, input: { ...base, title: 'Youth Commissioning', stage: 'scoping' } });
  const b = await projects.create({ by: n.editor, input: { ...base, title: 'Review of Youth Diversionary Services', stage: 'scoping' } });
  const into = await projects.create({ by: n.editor, input: { ...base, title: 'Youth Prevention & Diversion Services', stage: 'scoping' } });
  await assert.rejects(projects.merge({ by: n.editor, targetId: into.id, input: { version: 1, sourceIds: [a.id, b.id] } }), code('project.invalid'));
  await assert.rejects(projects.merge({ by: n.editor, targetId: into.id, input: { version: 1, sourceIds: [into.id], reason: 'x' } }), code('project.invalid'));
  const r = await projects.merge({ by: n.editor, targetId: into.id, input: { version: 1, sourceIds: [a.id, b.id], reason: 'efficiency' } });
  assert.deepEqual(
    r.sources.map((s) => s.stage),
    ['merged', 'merged'],
  );
  assert.equal((await projects.get(n.office.id, a.id)).mergedIntoId, into.id);
  const th = await projects.history(n.office.id, into.id);
  assert.equal(th[0].kind, 'merged_in');
  assert.deepEqual(
    (th[0].changes as { mergedFrom: { to: { title: string }[] } }).mergedFrom.to.map((x) => x.title),
    ['Review of Youth Diversionary Services', 'Youth Commissioning'],
  );
  const links = await projects.links(n.office.id, into.id);
  assert.equal(links.mergedFrom.length, 2);
});

test('a change cannot take effect before the project’s last change, nor in the future', async (t) => {
  const { c, projects, n, base } = await setup(t);
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'Elder Strategy', effectiveOn: '2018-01-05' } });
  await assert.rejects(projects.move({ by: n.editor, id: p.id, input: { version: 1, move: 'scope', effectiveOn: '2018-01-01' } }), code('project.backdated'));
  await assert.rejects(projects.move({ by: n.editor, id: p.id, input: { version: 1, move: 'scope', effectiveOn: '2018-02-01' } }), code('project.invalid'));
  c.set('2018-03-01T12:00:00Z');
  await projects.move({ by: n.editor, id: p.id, input: { version: 1, move: 'scope', effectiveOn: '2018-01-05' } });
});

test('the portfolio as at several past instants', async (t) => {
  const { c, w, projects, n, base } = await setup(t);
  c.set('2018-06-30T12:00:00Z');
  const a = await projects.create({ by: n.editor, input: { ...base, title: 'A', effectiveOn: '2018-01-01' } });
  const b = await projects.create({ by: n.editor, input: { ...base, title: 'B', effectiveOn: '2018-02-01', stage: 'delivery' } });
  await projects.move({ by: n.editor, id: a.id, input: { version: 1, move: 'scope', effectiveOn: '2018-03-01' } });
  await projects.update({ by: n.editor, id: a.id, input: { version: 2, strandId: n.strands[1].id, effectiveOn: '2018-04-01' } });
  await projects.move({ by: n.editor, id: b.id, input: { version: 1, move: 'complete', effectiveOn: '2018-05-01' } });
  const at = async (d: string) =>
    Object.fromEntries(
      (await projects.asAt(n.office.id, { at: d })).projects.map((p) => [p.title, `${p.stage}/${p.strandId === n.strands[0].id ? 's1' : 's2'}`]),
    );
  assert.deepEqual(await at('2017-12-31'), {});
  assert.deepEqual(await at('2018-01-15'), { A: 'candidate/s1' });
  assert.deepEqual(await at('2018-02-28'), { A: 'candidate/s1', B: 'delivery/s1' });
  assert.deepEqual(await at('2018-03-01'), { A: 'scoping/s1', B: 'delivery/s1' });
  assert.deepEqual(await at('2018-04-30'), { A: 'scoping/s2', B: 'delivery/s1' });
  assert.deepEqual(await at('2018-06-01'), { A: 'scoping/s2', B: 'completed/s1' });
  // The other office sees none of it.
  assert.deepEqual((await projects.asAt(w.south.office.id, { at: '2018-06-01' })).projects, []);
});

test('ids of another office are not found', async (t) => {
  const { w, projects, n, base } = await setup(t);
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'North only' } });
  const s = w.south;
  await assert.rejects(projects.get(s.office.id, p.id), code('project.not_found'));
  await assert.rejects(projects.update({ by: s.editor, id: p.id, input: { version: 1, title: 'x' } }), code('project.not_found'));
  await assert.rejects(projects.move({ by: s.editor, id: p.id, input: { version: 1, move: 'scope' } }), code('project.not_found'));
  // A strand or priority of another office is refused as a field error.
  await assert.rejects(
    projects.create({ by: s.editor, input: { ...base, title: 'x' } }),
    (e: unknown) => e instanceof DomainError && e.fields.map((f) => f.field).join() === 'strandId,priorityIds',
  );
  assert.equal((await projects.list(s.office.id, {})).total, 0);
});

test('as at T, as known at K: a change back-dated after K does not show in what was known then', async (t) => {
  const { c, projects, n, base } = await setup(t);
  c.set('2018-04-10T12:00:00Z');
  const p = await projects.create({ by: n.editor, input: { ...base, title: 'Back-dated', stage: 'scoping', effectiveOn: '2018-01-01' } });
  const publishedAt = new Date('2018-04-10T13:00:00Z');
  c.set('2018-04-20T12:00:00Z');
  // Recorded on 20 April, effective in March: the quarter's picture changes, the known-at-publication one does not.
  await projects.move({ by: n.editor, id: p.id, input: { version: 1, move: 'deliver', effectiveOn: '2018-03-15' } });
  const now = await projects.asAt(n.office.id, { at: '2018-03-31' });
  const then = await projects.asAt(n.office.id, { at: '2018-03-31', knownAt: publishedAt.toISOString() });
  assert.equal(now.projects[0].stage, 'delivery');
  assert.equal(then.projects[0].stage, 'scoping');
});
