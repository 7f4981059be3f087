// Golden test: DPU-2018-04's Hampshire quarter (January to March 2018), entered by the demo as dated
// history, comes out as the paper said: 4 delivered, 2 initiated, 6 candidates, and its Delivery
// Plan Review rows (merges with the names merged, extensions old -> new with the reason, the hold),
// and its six decision notices.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshDb } from '../../test/helpers.js';
import { testConfig } from '../config.js';
import { seedDemo } from '../demo/demo.js';
import * as H from '../demo/hampshire.js';
import { createServices } from '../app.js';

test('the Jan-Mar 2018 Hampshire report lists exactly the paper’s projects, review rows and decision notices', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  const demo = await seedDemo({ services });
  const m = await services.reports.model(demo.office.id, '2017-18-Q4');
  assert.equal(m.period.months, 'January to March 2018');
  const sorted = (xs: string[]) => [...xs].sort((a, b) => a.localeCompare(b, 'en-GB'));
  assert.deepEqual(
    m.dashboard.delivered.map((p) => p.title),
    sorted(['18/19 Budget Consultation', 'Police & Fire Governance Review', 'Review of Modern Slavery Partnerships', 'Review of Sexual Crime Strategy']),
  );
  assert.deepEqual(
    m.dashboard.initiated.map((p) => p.title),
    ['General Data Protection Regulations (GDPR) (statutory)', 'Grants Investment Programme'],
  );
  assert.deepEqual(
    m.dashboard.candidates.map((p) => p.title),
    sorted([
      'Revolving Door',
      'Community Safety Alliance Review',
      'Appropriate Adults Review',
      'Sign-posting',
      'Implementation of Modern Slavery Partnerships',
      'Review of Out of Court Disposals and Community Remedy',
    ]),
  );
  // DPU-2018-04's arrows: completed up, current down, future up.
  assert.deepEqual(
    m.dashboard.groups.map((g) => [g.group, g.trend, g.reconciles]),
    [
      ['completed', 'up', true],
      ['current', 'down', true],
      ['future', 'up', true],
    ],
  );
  assert.deepEqual(m.dashboard.flags, []);

  const yc = H.EXTENSIONS[1];
  const expected: [string, string][] = [
    ...H.MERGES.map(
      (g) =>
        [
          g.into,
          `Merged into this project: ${[...g.sources]
            .sort((a, b) => a.localeCompare(b))
            .map((s) => `‘${s}’`)
            .join(g.sources.length > 2 ? ', ' : ' and ')
            .replace(/, (‘[^‘]*’)$/, ' and $1')}. ${g.reason}`,
        ] as [string, string],
    ),
    ['Police Investigation Centre Evaluation', `Project end date extended from Q2 2019 to Q1 2022. ${H.EXTENSIONS[0].reason}`],
    ...yc.titles.map((title) => [title, `Project end date extended from Q1 2018 to Sep 2018. ${yc.reason}`] as [string, string]),
    ['Court Observation Panel', `Project placed on hold. ${H.HOLDS[0].reason}`],
  ];
  assert.deepEqual(
    m.review.map((r) => [r.project, r.text]),
    expected,
  );
  assert.equal(
    m.review[1].text,
    'Merged into this project: ‘Housing & Support for Offenders’, ‘Integrated Offender Management commissioned service HCC areas’ and ‘Pan Hampshire Arrest Referral, Liaison and Diversion Service’. Three projects merged into one umbrella project for efficiency.',
  );
  // The merge lists the merged projects in alphabetical order, as the history records them.
  // Spotlights default to the projects initiated in the quarter, with their overview as it then stood.
  assert.deepEqual(
    m.spotlights.map((s) => s.title),
    ['General Data Protection Regulations (GDPR) (statutory)', 'Grants Investment Programme'],
  );
  assert.match(m.spotlights[0].overview, /^To update all policies/);
  // Barnahus was completed at the end of scoping in June 2018: still current at the end of March.
  assert.ok(m.currentByStrand.some((s) => s.projects.some((p) => p.title === 'Review of Barnahus Model')));
  // DPU-2018-04 lists six notices "approved in last quarter", the first (Contact Management) approved in
  // December 2017: the demo's editor starts the paper's list on 1 December, and the paper says so.
  assert.equal(m.period.decisionsFrom, H.SEED_000_REPORT.decisionsFrom);
  assert.deepEqual(
    m.decisions.map((d) => [d.title, d.approvedOn.slice(0, 7)]),
    [
      ['Contact Management Programme Budget Uplift – Nov 2017', '2017-12'],
      ['6 month extension to grant funded sexual crime and domestic abuse support services on the Isle of Wight', '2018-01'],
      ['Proposed funding allocations under the Safer Communities Grant Fund for 2018/19', '2018-02'],
      ['Data Analyst secondment', '2018-02'],
      ['2018/19 Budget', '2018-02'],
      ['Treasury Management and Investment Strategy 2018 – 2021', '2018-03'],
    ],
  );
  const doc = await services.reports.doc(m);
  assert.ok(doc.blocks.some((b) => b.type === 'heading' && b.level === 1 && b.text === 'Decision notices approved from 1 December 2017 to 31 March 2018'));
  // The quarter before keeps its own period's list.
  const before = await services.reports.model(demo.office.id, '2017-18-Q3');
  assert.deepEqual(
    before.decisions.map((d) => d.reference),
    ['HIOW-2017-12-01'],
  );
  assert.equal(before.period.decisionsFrom, '2017-10-01');
  const next = await services.reports.model(demo.office.id, '2018-19-Q1');
  assert.deepEqual(
    next.review.map((r) => r.text),
    // The reason starts by saying what happened: said once, not "Project completed at the end of scoping. Completed at the end of scoping; ...".
    [`Project completed at the end of scoping${H.BARNAHUS.reason.slice('Completed at the end of scoping'.length)}`],
  );
  assert.deepEqual(
    next.dashboard.delivered.map((p) => p.title),
    ['Review of Barnahus Model'],
  );
});
