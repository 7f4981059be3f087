import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshDb } from '../../test/helpers.js';
import { createServices } from '../app.js';
import { testConfig } from '../config.js';
import { seedDemo } from '../demo/demo.js';
import * as H from '../demo/hampshire.js';
import type { Actor } from '../platform/errors.js';
import type { ReportModel } from '../reports/report.model.js';
import { readSheetFile } from './sheet-file.js';

export const PORTFOLIO = fileURLToPath(new URL('../demo/hampshire-portfolio.xlsx', import.meta.url));

/**
 * A report model without what names its office or its records' ids (another office's differ), and
 * without the decision notices, which live in their own register (the projects import does not bring them).
 */
function comparable(m: ReportModel, titles: Map<string, string>) {
  const json = JSON.stringify(
    {
      ...m,
      office: null,
      decisions: null,
      period: { ...m.period, decisionsFrom: null },
      dashboard: { ...m.dashboard, flags: m.dashboard.flags.filter((f) => !/decision/i.test(f)) },
    },
    (k, v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? (titles.get(v) ?? 'id') : k === 'asAt' || k === 'knownAt' ? null : v),
  );
  return JSON.parse(json);
}

test('the demo portfolio, exported with its history and imported into an empty office, gives the same report for every quarter; the shipped spreadsheet is that export', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  const demo = await seedDemo({ services });
  const exported = await services.imports.exportHistory(demo.office.id);

  // The spreadsheet shipped with the demo holds the same rows as the export made now.
  const rowsOf = async (data: Uint8Array) =>
    (await readSheetFile('p.xlsx', data)).sheets[0].rows.map((r) => r.map((c) => (c instanceof Date ? c.toISOString() : c)));
  assert.deepEqual(
    await rowsOf(readFileSync(PORTFOLIO)),
    await rowsOf(exported),
    'src/demo/hampshire-portfolio.xlsx is stale: npx tsx src/cli/write-demo-portfolio.ts',
  );

  // An empty office with the same plan, priorities and strands.
  const office = await services.auth.createOffice({ ...H.OFFICE, slug: 'copy' });
  const u = await services.auth.createUser({
    officeId: office.id,
    input: { email: 'a@copy.example', name: 'Copy admin', password: 'correct horse battery staple', role: 'admin' },
    by: null,
  });
  const by: Actor = { userId: u.id, name: 'Copy admin', officeId: office.id, role: 'admin' };
  await services.plan.createPlan({ by, input: H.PLAN });
  for (const p of H.PRIORITIES) await services.plan.createPriority({ by, input: p });
  for (const s of H.STRANDS) await services.plan.createStrand({ by, input: { name: s } });

  const r = await services.imports.run({ by, type: 'projects', name: 'hampshire-portfolio.xlsx', data: readFileSync(PORTFOLIO) });
  assert.equal(r.counts.create, Object.keys(demo.projectIds).length);

  const titlesOf = async (officeId: string) => {
    const m = new Map<string, string>();
    for (const p of await services.projects.choices(officeId)) m.set(p.id, p.title);
    for (const s of await services.plan.listStrands(officeId)) m.set(s.id, s.name);
    return m;
  };
  const [a, b] = [await titlesOf(demo.office.id), await titlesOf(office.id)];
  const quarters = (await services.reports.quarters(demo.office.id)).years.flatMap((y) => y.periods.map((p) => p.id));
  assert.ok(quarters.length >= 12, `${quarters.length} quarters`);
  assert.ok(quarters.includes(H.SEED_000_REPORT.periodId));
  for (const q of quarters) {
    const want = comparable(await services.reports.model(demo.office.id, q), a);
    const got = comparable(await services.reports.model(office.id, q), b);
    assert.deepEqual(got, want, `quarter ${q}`);
    // Not an empty comparison: DPU-2018-04's quarter names its four delivered projects and three merges.
    if (q === H.SEED_000_REPORT.periodId) {
      assert.equal(got.dashboard.delivered.length, 4);
      assert.match(JSON.stringify(got.review), /Merged into this project/, 'the merges are in the review');
    }
  }
});
