import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, Browser, freshDb, testApp, world } from '../../test/helpers.js';
import { createServices } from '../app.js';
import { testConfig } from '../config.js';
import { seedHertfordshireOffice } from '../demo/hertfordshire.js';
import { seedDecisionsDemo } from '../decisions/decisions.demo.js';
import { SAFER_COMMUNITIES_NOTICE, seedGrantsDemo, seedSaferCommunitiesFund } from './grants.demo.js';
import { createAssessmentRepository } from './grants.repository.js';

// HERTS-2016-11's three funds in the Hertfordshire demo office: each ineligible bid breaks the rule it is there to show.
test('the Hertfordshire demo funds: rules from the paper, one clean bid beside bids that each break a different rule', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  const herts = await seedHertfordshireOffice({ services });
  const demo = await seedGrantsDemo({ services, by: herts.editor, assessor: herts.admin });
  const officeId = herts.office.id;
  const g = services.grants;
  const verdicts = async (roundId: string) =>
    Promise.all(
      (await g.listBids(officeId, roundId)).map(async (b) => [
        b.reference,
        b.organisationName,
        b.status,
        (await g.breaches(officeId, b)).map((e) => e.message),
      ]),
    );
  assert.deepEqual(await verdicts(demo.flyRound.id), [
    ['FTF-001', 'East Hertfordshire District Council', 'submitted', []],
    ['FTF-002', 'Hertfordshire County Council', 'ineligible', ['This fund pays at most 75% of the total project cost. You asked for £48,000 of £60,000: 80%.']],
    [
      'FTF-003',
      'Keep Britain Tidy',
      'ineligible',
      [
        'Only these organisations may bid for this fund: Environment Agency, Broxbourne Borough Council, Dacorum Borough Council, East Hertfordshire District Council, Hertsmere Borough Council, North Hertfordshire District Council, St Albans City and District Council, Stevenage Borough Council, Three Rivers District Council, Watford Borough Council, Welwyn Hatfield Borough Council, Hertfordshire County Council, Hertfordshire Constabulary, Hertfordshire Fire & Rescue Service, Community Safety Partnerships, M25 Connect, National Farmers Union. “Keep Britain Tidy” is not one of them.',
      ],
    ],
    [
      'FTF-004',
      'Dacorum Borough Council',
      'ineligible',
      ['Bids for this round closed at 5pm on Friday 18 November 2016. This bid was sent at 5:20pm on Friday 18 November 2016.'],
    ],
  ]);
  assert.deepEqual(await verdicts(demo.csgRound.id), [
    ['CSG-001', 'Stevenage Community Safety Partnership', 'submitted', []],
    ['CSG-002', 'Hertsmere Community Safety Partnership', 'ineligible', ['The smallest bid this fund takes is £5,000. You asked for £4,500.']],
    [
      'CSG-003',
      'Watford Community Safety Partnership',
      'ineligible',
      ['This fund does not allow sub-funding: the grant cannot be passed on to, or used to commission, another organisation.'],
    ],
  ]);
  assert.deepEqual(await verdicts(demo.rsfRound.id), [
    ['RSF-001', 'Bishop’s Stortford Town Council', 'submitted', []],
    ['RSF-002', 'Hertfordshire Community Speedwatch Association', 'ineligible', ['This fund does not pay for staff. The bid includes £12,000 of staff costs.']],
  ]);
  // Each fund's clean bid awarded by a decision: the notices drafted, the public register's rows.
  const awarded = await g.publicAwards(officeId);
  assert.deepEqual(
    awarded.map((a) => [a.decisionReference, a.recipientName, a.amountPence, a.awardedOn, a.fundName]),
    [
      ['PCC Decision 2017/019', 'Bishop’s Stortford Town Council', 1_400_000, '2017-02-24', 'Road Safety Fund'],
      ['PCC Decision 2017/007', 'Stevenage Community Safety Partnership', 9_900_000, '2017-02-15', 'Community Safety Grant'],
      ['PCC Decision 2016/101', 'East Hertfordshire District Council', 1_800_000, '2016-12-14', 'Fly Tipping Fund'],
    ],
  );
  const notices = await services.decisions.list(officeId, {});
  assert.deepEqual(notices.items.map((d) => d.title).sort(), [
    'Grant of £14,000 to Bishop’s Stortford Town Council from the Road Safety Fund',
    'Grant of £18,000 to East Hertfordshire District Council from the Fly Tipping Fund',
    'Grant of £99,000 to Stevenage Community Safety Partnership from the Community Safety Grant',
  ]);
  // The sub-group's assessment: one assessor declared a conflict on FTF-001 (kept, and they cannot see it);
  // only the other's scores count: (5×3 + 4×2 + 3×1) of 30 = 86.7%.
  const ftf1 = (await g.listBids(officeId, demo.flyRound.id))[0];
  assert.equal(await g.assessorState(herts.admin, ftf1), 'conflicted');
  await assert.rejects(g.getBidFor(herts.admin, ftf1.id), /declared a conflict of interest with bid FTF-001/);
  const row = (await g.moderation(officeId, demo.flyRound.id)).rows.find((r) => r.bid.reference === 'FTF-001');
  assert.deepEqual([row?.assessors, row?.percent], [1, 86.7]);
  // A conflicted assessor's scores are left out of the database's totals even when the table holds
  // some (written before the declaration, or loaded from elsewhere): the totals are summed afresh.
  await database.exec(
    `insert into grant_scores (bid_id, office_id, user_id, criterion, score, comment, scored_at)
     select $1, $2, $3, c, 0, 'Written outside the service', now() from unnest($4::text[]) c`,
    [ftf1.id, officeId, herts.admin.userId, ['Evidence of the fly tipping problem', 'Value for money', 'Partnership working']],
  );
  await createAssessmentRepository({ db: database.db }).refreshTotals({ bidId: ftf1.id });
  const withConflicted = (await g.moderationNow(officeId, demo.flyRound.id)).rows.find((r) => r.bid.reference === 'FTF-001');
  assert.deepEqual([withConflicted?.assessors, withConflicted?.percent], [1, 86.7], 'the conflicted assessor’s zeros do not count');
  // The table is kept while the office's records have not changed, and made anew when they do,
  // whichever instance changed them (the change counter is read from the database).
  const kept = await g.moderation(officeId, demo.flyRound.id);
  assert.equal(await g.moderation(officeId, demo.flyRound.id), kept, 'kept while nothing changed');
  const elsewhere = createServices({ db: database.db, config: testConfig() }).grants;
  await elsewhere.score({
    by: herts.editor,
    bidId: ftf1.id,
    input: {
      scores: [
        { criterion: 'Evidence of the fly tipping problem', score: 5, comment: 'Rescored' },
        { criterion: 'Value for money', score: 5, comment: 'Rescored' },
        { criterion: 'Partnership working', score: 5, comment: 'Rescored' },
      ],
    },
  });
  const after = await g.moderation(officeId, demo.flyRound.id);
  assert.notEqual(after, kept);
  assert.deepEqual([after.rows.find((r) => r.bid.reference === 'FTF-001')?.percent], [100]);
  assert.deepEqual(after, await g.moderationNow(officeId, demo.flyRound.id), 'the kept table is the table now');
  const { rules } = await g.getRound(officeId, demo.csgRound.id);
  assert.deepEqual([rules.minBidPence, rules.maxBidPence, rules.maxYears, rules.endorsementBy], [500_000, null, 3, 'Responsible Authorities Group']);
});

/** The rows of a table with this id, each as its cells' text, whitespace squeezed. */
function tableRows(html: string, id: string): string[][] {
  const body = new RegExp(`<table class="govuk-table" id="${id}">[\\s\\S]*?<tbody[^>]*>([\\s\\S]*?)</tbody>`).exec(html)?.[1] ?? '';
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1])));
}

// DPU-2018-04: Hampshire's Safer Communities Grant Fund allocation is a grant linked to the notice
// already in the register (HIOW-2018-02-01), seen from the fund, the award and the notice.
test('the Safer Communities Grant Fund allocation is linked to its decision notice HIOW-2018-02-01 on every page', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const by = w.north.editor;
  await seedDecisionsDemo({ services: w.services, by });
  const notices = await w.services.decisions.list(w.north.office.id, {});
  const { fund, award } = await seedSaferCommunitiesFund({ services: w.services, by });
  const notice = await w.services.decisions.get(w.north.office.id, award.decisionId);
  assert.deepEqual(
    [notice.reference, notice.title],
    [SAFER_COMMUNITIES_NOTICE, 'Proposed funding allocations under the Safer Communities Grant Fund for 2018/19'],
  );
  assert.equal((await w.services.decisions.list(w.north.office.id, {})).total, notices.total, 'no second notice drafted');

  const b = new Browser(app);
  await b.signIn(w.north.users.editor.email);
  const fundPage = await b.get(`/grants/funds/${fund.id}`);
  assert.equal(fundPage.statusCode, 200);
  assert.deepEqual(tableRows(fundPage.body, 'awards'), [
    ['Local organisation (not named in DPU-2018-04)', 'Safer communities project 2018/19', '£25,000', 'HIOW-2018-02-01', '1 February 2018'],
  ]);
  assert.ok(fundPage.body.includes(`<a class="govuk-link" href="/decisions/${notice.id}">HIOW-2018-02-01</a>`), 'the fund links the notice');
  const awardPage = await b.get(`/grants/awards/${award.id}`);
  assert.ok(
    awardPage.body.includes(`<a class="govuk-link" href="/decisions/${notice.id}">HIOW-2018-02-01</a> on 1 February 2018`),
    'the award links the notice',
  );
  const noticePage = await b.get(`/decisions/${notice.id}`);
  assert.deepEqual(tableRows(noticePage.body, 'grants'), [
    ['Local organisation (not named in DPU-2018-04)', 'Safer communities project 2018/19', 'Safer Communities Grant Fund', '£25,000'],
  ]);
  assert.ok(
    noticePage.body.includes(`href="/grants/awards/${award.id}"`) && noticePage.body.includes(`href="/grants/funds/${fund.id}"`),
    'the notice links the award and fund',
  );
  // The API gives the award with the notice it is linked to (checked against the OpenAPI document).
  const api = await apiClient(app, w.services, by);
  const viaApi = await api.call('GET', `/grants/awards/${award.id}`);
  assert.equal(viaApi.status, 200);
  assert.deepEqual([viaApi.body.decisionId, viaApi.body.decisionReference], [notice.id, 'HIOW-2018-02-01']);
  // The award's history says it was linked, not drafted.
  const history = await w.services.grants.history(w.north.office.id, award.id);
  assert.equal(history[0].changes.decision?.to, 'HIOW-2018-02-01 (a notice already in the register)');
});

test('linking an award to a notice refuses a reference the register does not hold, with nothing written', async (t) => {
  const w = await world(t);
  const by = w.north.editor;
  await seedDecisionsDemo({ services: w.services, by: w.south.editor });
  // The notice is the other office's: not this office's register.
  await assert.rejects(seedSaferCommunitiesFund({ services: w.services, by }), (e: Error & { fields?: { field: string; message: string }[] }) => {
    assert.deepEqual(e.fields, [
      {
        field: 'reference',
        message:
          'There is no decision notice with the reference “HIOW-2018-02-01” in the register: enter the reference of a notice there, or answer no to draft one',
      },
    ]);
    return true;
  });
  assert.deepEqual(await w.services.grants.awards(w.north.office.id), []);
});
