// test-pass: pglite-only (demo data entry through the services; the demo's seeding on PostgreSQL is tested by src/demo/demo.test.ts)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshDb } from '../../test/helpers.js';
import { testConfig } from '../config.js';
import { cellText, type TableBlock } from '../documents/document.js';
import { seedDemo } from '../demo/demo.js';
import { createServices } from '../app.js';
import { DEMO_PLAN_TITLE, DEMO_REPORT_DATE, seedTargetsDemo } from './targets.demo.js';
import { buildTargetsReport } from './targets.report.js';

test('TARGETS-2013-14 enters alongside the Hampshire demo: an older, superseded plan; the plan in force is unchanged', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  const demo = await seedDemo({ services });
  const officeId = demo.office.id;
  const before = await services.plan.currentPlan(officeId);
  await seedTargetsDemo({ services, by: demo.admin, officeId });
  const plans = await services.plan.listPlans(officeId);
  assert.deepEqual(plans.find((p) => p.title === DEMO_PLAN_TITLE)?.status, 'superseded');
  assert.equal((await services.plan.currentPlan(officeId))?.id, before?.id, 'the 2016-2021 plan stays in force');
  assert.equal((await services.plan.listPriorities(officeId)).filter((p) => p.planId === before?.id).length, 4, 'its four priorities are untouched');
  const { doc } = await buildTargetsReport({ services, officeId, input: { date: DEMO_REPORT_DATE } });
  const rag = (n: number) =>
    (doc.blocks.find((b) => b.type === 'table' && b.caption === `Priority ${n}: police targets`) as TableBlock).rows.map((r) => cellText(r[3]));
  assert.deepEqual([rag(1), rag(2), rag(3)], [['Green', 'Green', 'Amber', 'Green', 'Red', '↓'], ['Green'], ['Green']]);
});
