import assert from 'node:assert/strict';
import { test } from 'node:test';
import { world } from '../../test/helpers.js';
import { DomainError } from '../platform/errors.js';

test('plan, priorities and strands: ordered, validated, unique names, every change audited', async (t) => {
  const w = await world(t);
  const { plan } = w.services;
  const n = w.north;
  const priorities = await plan.listPriorities(n.office.id);
  assert.deepEqual(
    priorities.map((p) => [p.position, p.name]),
    [
      [1, 'Champion community needs'],
      [2, 'Reduce offending'],
    ],
  );
  await assert.rejects(plan.createPriority({ by: n.admin, input: { name: 'Reduce offending', colour: '#00703c' } }), (e: unknown) => {
    assert.ok(e instanceof DomainError && e.code === 'priority.invalid');
    assert.deepEqual(e.fields, [{ field: 'name', message: 'A priority with this name already exists' }]);
    return true;
  });
  await assert.rejects(
    plan.createPriority({ by: n.admin, input: { name: 'x', colour: 'blue' } }),
    (e: unknown) => e instanceof DomainError && e.fields[0].field === 'colour',
  );
  // The same name is fine in another office.
  await plan.createStrand({ by: w.south.admin, input: { name: 'Community' } });
  await plan.createStrand({ by: n.admin, input: { name: 'Community' } });
  await assert.rejects(
    plan.createStrand({ by: n.admin, input: { name: 'Community' } }),
    (e: unknown) => e instanceof DomainError && e.code === 'strand.invalid',
  );
  const renamed = await plan.updateStrand({ by: n.admin, id: n.strands[0].id, input: { name: 'Big Issues (renamed)' } });
  assert.equal(renamed.version, 2);
  const audit = await w.services.auth.listAuditFor(n.office.id, 'strand', n.strands[0].id);
  assert.deepEqual(
    audit.map((a) => a.action),
    ['created', 'updated'],
  );
  assert.equal(audit[1].actorName, 'north admin');
  assert.deepEqual(JSON.parse(audit[1].changes).before, { name: 'Big Issues', position: 1 });

  const current = await plan.currentPlan(n.office.id);
  assert.ok(current);
  await assert.rejects(
    plan.updatePlan({
      by: n.admin,
      id: current.id,
      version: current.version,
      input: { title: 'P', periodStart: '2021-04-01', periodEnd: '2020-03-31', status: 'published' },
    }),
    (e: unknown) => e instanceof DomainError && e.fields[0].field === 'periodEnd',
  );
  await plan.updatePlan({
    by: n.admin,
    id: current.id,
    version: current.version,
    input: { title: 'Police and Crime Plan 2021-2024', periodStart: '2021-04-01', periodEnd: '2024-03-31', status: 'published' },
  });
  await assert.rejects(
    plan.updatePlan({
      by: n.admin,
      id: current.id,
      version: current.version,
      input: { title: 'Stale', periodStart: '2021-04-01', periodEnd: '2024-03-31', status: 'published' },
    }),
    (e: unknown) => e instanceof DomainError && e.code === 'plan.conflict',
  );
  await assert.rejects(plan.getPlan(w.south.office.id, current.id), (e: unknown) => e instanceof DomainError && e.code === 'plan.not_found');
});
