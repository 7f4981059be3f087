// Funds, rounds and bids through the pages and the API, on one database: the officer's forms, the
// public's bid without an account, the closing moment, late acceptance, versioned rules, office isolation.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { enterBid, errorLinks, grantsWorld, pageText as text, roadSafetyRound } from '../../test/grants.js';
import { apiClient, Browser } from '../../test/helpers.js';
import { grantBids } from './grants.table.js';

// The Fly Tipping Fund of HERTS-2016-11, as an officer types it into the round form.
const FLY_TIPPING_ROUND = {
  name: '2016/17',
  'opensOn-day': '1',
  'opensOn-month': '11',
  'opensOn-year': '2016',
  opensTime: '9am',
  'closesOn-day': '18',
  'closesOn-month': '11',
  'closesOn-year': '2016',
  closesTime: '5pm',
  pot: '£60,000',
  'spendBy-day': '31',
  'spendBy-month': '3',
  'spendBy-year': '2017',
  maxSharePercent: '75',
  maxYears: '1',
  staffCostsAllowed: 'yes',
  subFundingAllowed: 'no',
  eligibleOrganisations: 'Environment Agency\nHertfordshire County Council\nHertfordshire Constabulary',
  criteria: 'Evidence of need | 3\nValue for money | 2',
  evaluationRequired: 'no',
};

// One database for the file (lean CI): the steps run in order on one clock, from 10 November 2016.
test('grant funds through the pages and the API', async (t) => {
  const { c, w, app } = await grantsWorld(t, '2016-11-10T10:00:00Z');
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  const fund = await w.services.grants.createFund({ by: w.north.editor, input: { code: 'ftf', name: 'Fly Tipping Fund' } });

  await t.test('officers set up a fund and a round through GOV.UK forms; wrong answers come back with the error summary and are kept', async () => {
    const bad = await editor.post(
      `/grants/funds/${fund.id}/rounds/new`,
      { ...FLY_TIPPING_ROUND, closesTime: 'teatime', 'spendBy-day': '32', maxSharePercent: '175', criteria: 'Need | eleven' },
      { from: `/grants/funds/${fund.id}/rounds/new` },
    );
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(errorLinks(bad.body).sort(), ['#closesTime', '#criteria', '#maxSharePercent', '#spendBy-day'].sort());
    assert.match(bad.body, /value="teatime"/);
    assert.match(text(bad.body), /Closing time must be a time, like 5pm, 9:30am or 17:00/);
    assert.equal((await w.services.grants.listRounds(w.north.office.id)).length, 0, 'nothing written');

    const ok = await editor.post(`/grants/funds/${fund.id}/rounds/new`, FLY_TIPPING_ROUND, { from: `/grants/funds/${fund.id}/rounds/new` });
    assert.equal(ok.statusCode, 303);
    const page = await editor.get(ok.headers.location as string);
    const words = text(page.body);
    for (const s of [
      'Bids open at 9am on Tuesday 1 November 2016 and close at 5pm on Friday 18 November 2016.',
      'The pot is £60,000; all of it must be spent by 31 March 2017.',
      'The fund pays at most 75% of the total project cost; the bid must say how the rest is funded.',
      'Only these organisations may bid: Environment Agency, Hertfordshire County Council, Hertfordshire Constabulary.',
      'Assessed on: Evidence of need (weight 3), Value for money (weight 2).',
      'No sub-funding or further commissioning of the grant.',
    ])
      assert.ok(words.includes(s), s);
    const [round] = await w.services.grants.listRounds(w.north.office.id);
    assert.equal(round.closesAt.toISOString(), '2016-11-18T17:00:00.000Z');
    const history = await w.services.grants.history(w.north.office.id, round.id);
    assert.equal(history[0].actorName, 'north editor');

    // The list and the fund page show it.
    assert.match(text((await editor.get('/grants')).body), /Fly Tipping Fund \(FTF\) .*2016\/17 5pm on Friday 18 November 2016 £60,000 Open 0/);
    assert.match(
      text((await editor.get(`/grants/funds/${fund.id}`)).body),
      /2016\/17 9am on Tuesday 1 November 2016 5pm on Friday 18 November 2016 £60,000 Open/,
    );
  });

  await t.test('the public bids without an account: a reference, a private link (only its hash stored), every rule named with its figure', async () => {
    const made = await editor.post(
      `/grants/funds/${fund.id}/rounds/new`,
      { ...FLY_TIPPING_ROUND, name: 'Second' },
      { from: `/grants/funds/${fund.id}/rounds/new` },
    );
    const round = { id: (made.headers.location as string).split('/').pop() as string };
    const publicUrl = `/o/north/grants/rounds/${round.id}`;

    const visitor = new Browser(app);
    const roundPage = await visitor.get(publicUrl);
    assert.equal(roundPage.statusCode, 200);
    assert.match(text(roundPage.body), /Start a bid/);
    const started = await visitor.post(`${publicUrl}/apply`, {}, { from: publicUrl });
    assert.equal(started.statusCode, 303);
    const link = started.headers.location as string;
    const secret = link.split('/').pop() as string;
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    const draftPage = await visitor.get(link);
    assert.equal(draftPage.headers['cache-control'], 'no-store');
    assert.match(text(draftPage.body), /Your bid reference is FTF-001/);

    // Only the hash of the secret is in the database.
    const [row] = await w.database.db.select().from(grantBids);
    assert.equal(row.secretHash, createHash('sha256').update(secret).digest('hex'));
    assert.ok(!JSON.stringify(row).includes(secret));
    assert.equal((await visitor.get(`/o/north/grants/bids/${'A'.repeat(43)}`)).statusCode, 404, 'a guessed link finds nothing');
    assert.equal((await visitor.get(`/o/south/grants/bids/${secret}`)).statusCode, 404, 'the link works only under its own office');

    const answers = {
      organisationName: 'Keep Britain Tidy',
      organisationType: 'charity',
      contactName: 'Ann Applicant',
      contactEmail: 'ann@example.org',
      title: 'Fly tipping cameras',
      purpose: 'Cameras at hotspots',
      year1: '2016/17',
      amount1: '£48,000',
      totalCost: '£60,000',
      otherFunding: '',
      action: 'save',
    };
    const saved = await visitor.post(link, answers, { from: link });
    assert.equal(saved.statusCode, 303, 'a draft saves whatever the rules say');
    const refused = await visitor.post(link, { ...answers, action: 'submit' }, { from: link });
    assert.equal(refused.statusCode, 400);
    const said = text(refused.body);
    assert.ok(said.includes('This fund pays at most 75% of the total project cost. You asked for £48,000 of £60,000: 80%.'), said);
    assert.ok(
      said.includes(
        'Only these organisations may bid for this fund: Environment Agency, Hertfordshire County Council, Hertfordshire Constabulary. “Keep Britain Tidy” is not one of them.',
      ),
    );
    assert.ok(said.includes('Say how the other £12,000 of the project’s £60,000 is funded: this fund pays at most 75%.'));
    assert.match(refused.body, /value="Keep Britain Tidy"/, 'answers kept');
    assert.equal((await w.services.grants.getBid(w.north.office.id, row.id)).status, 'draft', 'nothing submitted');

    const fixed = {
      ...answers,
      organisationName: 'Environment Agency',
      organisationType: 'public_body',
      amount1: '£45,000',
      otherFunding: 'Our own budget',
      action: 'submit',
    };
    const submitted = await visitor.post(link, fixed, { from: link });
    assert.equal(submitted.statusCode, 303);
    const progress = text((await visitor.get(link)).body);
    assert.match(progress, /Status Submitted Submitted 10am on Thursday 10 November 2016/);
    assert.equal((await visitor.post(link, fixed, { from: publicUrl })).statusCode, 422, 'a submitted bid cannot be changed through the link');

    // Staff see it, with its history: the applicant's changes and when.
    const bidPage = text((await editor.get(`/grants/bids/${row.id}`)).body);
    assert.match(bidPage, /It meets every rule of the round \(version 1\)/);
    assert.match(bidPage, /Submitted .* The applicant \(online\)/);

    // A second bid started, then the round closes at 5pm: submitting is refused, an officer may accept it late.
    const second = await visitor.post(`${publicUrl}/apply`, {}, { from: publicUrl });
    const link2 = second.headers.location as string;
    await visitor.post(link2, { ...fixed, action: 'save' }, { from: link2 });
    c.set('2016-11-18T17:00:01Z');
    const late = await visitor.post(link2, fixed, { from: '/sign-in' });
    assert.equal(late.statusCode, 422);
    assert.match(text(late.body), /Bids for this round closed at 5pm on Friday 18 November 2016/);
    assert.match(text((await visitor.get(publicUrl)).body), /This round closed at 5pm on Friday 18 November 2016/);
    assert.equal((await visitor.post(`${publicUrl}/apply`, {}, { from: '/sign-in' })).statusCode, 422, 'no new bid after closing');

    await editor.signIn('editor@north.example.org'); // a week on: the session has expired
    const bids = await w.services.grants.listBids(w.north.office.id, round.id);
    const draft = bids.find((b) => b.status === 'draft') as (typeof bids)[number];
    const noReason = await editor.post(`/grants/bids/${draft.id}/accept-late`, { reason: '' }, { from: `/grants/bids/${draft.id}` });
    assert.equal(noReason.statusCode, 400);
    assert.match(text(noReason.body), /Enter why this late bid is accepted/);
    const accepted = await editor.post(`/grants/bids/${draft.id}/accept-late`, { reason: 'Email server down at 4pm' }, { from: `/grants/bids/${draft.id}` });
    assert.equal(accepted.statusCode, 303);
    const after = await w.services.grants.getBid(w.north.office.id, draft.id);
    assert.equal(after.status, 'submitted');
    assert.equal(after.lateReason, 'Email server down at 4pm');
    const h = await w.services.grants.history(w.north.office.id, draft.id);
    assert.deepEqual([h[0].kind, h[0].actorName, h[0].reason], ['accepted late', 'north editor', 'Email server down at 4pm']);
  });

  await t.test(
    'the API: officers enter emailed bids (late only with a reason); changed rules are a new version and bids keep theirs; offices are isolated',
    async () => {
      const fund = await w.services.grants.createFund({ by: w.north.editor, input: { code: 'csg', name: 'Community Safety Grant' } });
      const north = await apiClient(app, w.services, w.north.editor);
      const south = await apiClient(app, w.services, w.south.editor);
      const round = {
        name: '2017/18',
        opensOn: '2016-11-01',
        opensTime: '9am',
        closesOn: '2016-11-30',
        closesTime: '17:00',
        pot: '£250,000',
        spendBy: '2020-03-31',
        minBid: '£5,000',
        maxYears: 3,
        staffCostsAllowed: true,
        subFundingAllowed: false,
        eligibleTypes: ['csp', 'charity'],
        endorsementBy: 'Responsible Authorities Group',
        evaluationRequired: true,
      };
      const made = await north.call('POST', `/grants/funds/${fund.id}/rounds`, round);
      assert.equal(made.status, 201);
      assert.equal(made.body.closesInWords, '5pm on Wednesday 30 November 2016');
      const id = made.body.id;
      const bid = {
        organisationName: 'Stevenage CSP',
        organisationType: 'csp',
        title: 'Youth diversion',
        purpose: 'Three years of a youth worker',
        amounts: [
          { year: '2017/18', amount: '£4,999' },
          { year: '2018/19', amount: '£0.99' },
        ],
        staffCosts: '£5,000',
        subFunding: false,
        endorsedBy: 'RAG, 20 November 2016',
        evaluationPlan: 'University evaluation',
        receivedOn: '2016-11-30',
        receivedTime: '5:01pm',
      };
      c.set('2016-12-02T10:00:00Z');
      const refused = await north.call('POST', `/grants/rounds/${id}/bids`, bid);
      assert.equal(refused.status, 400);
      assert.deepEqual(
        refused.body.error.fields.map((f: { message: string }) => f.message),
        [
          'The bid was received at 5:01pm on Wednesday 30 November 2016, after the round closed at 5pm on Wednesday 30 November 2016. Enter why it is accepted late, or record it as ineligible.',
          'Bids for this round closed at 5pm on Wednesday 30 November 2016. This bid was sent at 5:01pm on Wednesday 30 November 2016.',
          'The smallest bid this fund takes is £5,000. You asked for £4,999.99.',
          'Staff costs of £5,000 are more than the £4,999.99 asked for.',
        ],
      );
      const entered = await north.call('POST', `/grants/rounds/${id}/bids`, {
        ...bid,
        amounts: [{ year: '2017/18', amount: '£5,000' }],
        lateReason: 'Posted to the wrong inbox at 4:55pm',
      });
      assert.equal(entered.status, 201);
      assert.deepEqual([entered.body.reference, entered.body.status, entered.body.rulesVersion], ['CSG-001', 'submitted', 1]);
      assert.equal(entered.body.submittedAt, '2016-11-30T17:01:00.000Z');

      // Raise the minimum: version 2. The bid in keeps version 1 and still meets it.
      const current = await north.call('GET', `/grants/rounds/${id}`);
      assert.equal(current.body.rules.minBidPence, 500_000);
      const changed = await north.call('PUT', `/grants/rounds/${id}`, {
        ...round,
        minBid: '£10,000',
        version: current.body.version,
        reason: 'Fewer, bigger bids',
      });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.rulesVersion, 2);
      const judged = await north.call('GET', `/grants/bids/${entered.body.id}`);
      assert.deepEqual(judged.body.breaches, []);
      assert.equal(judged.body.rulesVersion, 1);
      const stale = await north.call('PUT', `/grants/rounds/${id}`, { ...round, version: current.body.version });
      assert.equal(stale.status, 409);
      const history = await north.call('GET', `/grants/bids/${entered.body.id}/history`);
      assert.equal(history.body[0].reason, 'Posted to the wrong inbox at 4:55pm');

      // Another office sees none of it.
      assert.equal((await south.call('GET', `/grants/rounds/${id}`)).status, 404);
      assert.equal((await south.call('GET', `/grants/bids/${entered.body.id}`)).status, 404);
      assert.equal((await south.call('GET', `/grants/funds/${fund.id}`)).status, 404);
      assert.deepEqual((await south.call('GET', '/grants/funds')).body, []);
      const southBrowser = new Browser(app);
      await southBrowser.signIn('editor@south.example.org');
      assert.equal((await southBrowser.get(`/grants/rounds/${id}`)).statusCode, 404);
      assert.equal((await southBrowser.get(`/o/south/grants/rounds/${id}`)).statusCode, 404);
    },
  );

  await t.test(
    'assessment: declare before seeing; a conflicted assessor cannot see or score the bid (web and API); moderation ranks against the pot',
    async () => {
      const { round: r } = await roadSafetyRound(w.services.grants, w.north.editor, {
        criteria: [
          { name: 'Need', weight: 3 },
          { name: 'Value', weight: 1 },
        ],
      });
      const enter = (organisationName: string, amounts: { year: string; amount: string }[]) =>
        enterBid(w.services.grants, w.north.editor, r.id, organisationName, '', { title: `${organisationName} project`, purpose: '', amounts });
      const A = await enter('Alpha', [{ year: '2016/17', amount: '£30,000' }]);
      const B = await enter('Beta', [
        { year: '2016/17', amount: '£5,000' },
        { year: '2017/18', amount: '£15,000' },
      ]);
      await enter('Gamma', [{ year: '2017/18', amount: '£10,000' }]);
      const editorApi = await apiClient(app, w.services, w.north.editor);
      const viewerActor = { ...w.north.editor, userId: w.north.users.viewer.id, name: 'north viewer', role: 'viewer' as const };
      const viewerApi = await apiClient(app, w.services, viewerActor);
      const adminApi = await apiClient(app, w.services, w.north.admin);
      for (const userId of [w.north.users.viewer.id, w.north.users.admin.id])
        assert.equal((await editorApi.call('POST', `/grants/rounds/${r.id}/assessors`, { userId })).status, 201);
      assert.equal((await editorApi.call('POST', `/grants/rounds/${r.id}/assessors`, { userId: '00000000-0000-4000-8000-000000000000' })).status, 400);

      // Before declaring, the assessor sees nothing of the bid.
      assert.equal((await viewerApi.call('GET', `/grants/bids/${A.id}`)).status, 403);
      assert.match(
        (await viewerApi.call('GET', `/grants/bids/${A.id}/assessment`)).body.error.message,
        /Declare whether you have a conflict of interest with bid RSF-001/,
      );
      assert.equal((await viewerApi.call('POST', `/grants/bids/${A.id}/declaration`, { conflicted: true, note: 'My sister runs Alpha' })).status, 201);
      assert.equal((await viewerApi.call('POST', `/grants/bids/${A.id}/declaration`, { conflicted: false })).status, 422, 'a declaration is kept as made');
      for (const [method, url, b] of [
        ['GET', `/grants/bids/${A.id}`, undefined],
        ['GET', `/grants/bids/${A.id}/assessment`, undefined],
        ['GET', `/grants/bids/${A.id}/history`, undefined],
        [
          'PUT',
          `/grants/bids/${A.id}/scores`,
          {
            scores: [
              { criterion: 'Need', score: 5 },
              { criterion: 'Value', score: 5 },
            ],
          },
        ],
      ] as const) {
        const res = await viewerApi.call(method, url, b);
        assert.equal(res.status, 403, `${method} ${url}`);
        assert.ok(!JSON.stringify(res.body).includes('Alpha'), 'nothing of the bid in the refusal');
      }
      const viewerWeb = new Browser(app);
      await viewerWeb.signIn('viewer@north.example.org');
      assert.equal((await viewerWeb.get(`/grants/bids/${A.id}`)).statusCode, 403);
      const refusedPage = await viewerWeb.get(`/grants/assess/${A.id}`);
      assert.equal(refusedPage.statusCode, 403);
      assert.ok(!refusedPage.body.includes('Alpha project'));

      // Declaring on the web, then scoring.
      const declare = await viewerWeb.get(`/grants/assess/${B.id}`);
      assert.match(text(declare.body), /Before you see bid RSF-002/);
      assert.ok(!declare.body.includes('Beta project'), 'the bid is not shown before the declaration');
      const blank = await viewerWeb.post(`/grants/assess/${B.id}/declaration`, {}, { from: `/grants/assess/${B.id}` });
      assert.equal(blank.statusCode, 400);
      assert.match(text(blank.body), /Select yes if you have a conflict of interest with this bid/);
      assert.equal((await viewerWeb.post(`/grants/assess/${B.id}/declaration`, { conflicted: 'no' }, { from: `/grants/assess/${B.id}` })).statusCode, 303);
      const scoring = await viewerWeb.get(`/grants/assess/${B.id}`);
      assert.match(text(scoring.body), /Beta project .*Need \(weight 3\)/);
      const badScore = await viewerWeb.post(`/grants/assess/${B.id}/scores`, { score0: '6', score1: '5' }, { from: `/grants/assess/${B.id}` });
      assert.equal(badScore.statusCode, 400);
      assert.match(text(badScore.body), /Each score must be a whole number from 0 to 5/);
      const good = await viewerWeb.post(
        `/grants/assess/${B.id}/scores`,
        { score0: '5', comment0: 'Clear need', score1: '5' },
        { from: `/grants/assess/${B.id}` },
      );
      assert.equal(good.statusCode, 303);
      for (const [bid, score] of [
        [A, 4],
        [B, 1],
      ] as const) {
        assert.equal((await adminApi.call('POST', `/grants/bids/${bid.id}/declaration`, { conflicted: false })).status, 201);
        const scored = await adminApi.call('PUT', `/grants/bids/${bid.id}/scores`, {
          scores: [
            { criterion: 'Need', score },
            { criterion: 'Value', score, comment: 'ok' },
          ],
        });
        assert.equal(scored.status, 200);
      }
      assert.equal((await adminApi.call('PUT', `/grants/bids/${A.id}/scores`, { scores: [{ criterion: 'Need', score: 3 }] })).status, 400, 'every criterion');

      // Alpha 80% (the admin's only: the viewer is conflicted), Beta (100% + 20%) / 2 = 60%, Gamma not scored.
      const m = await editorApi.call('GET', `/grants/rounds/${r.id}/moderation`);
      assert.deepEqual(
        m.body.rows.map((x: Record<string, unknown>) => [x.reference, x.percent, x.assessors, x.runningTotalPence, x.withinPot, x.runningByYear]),
        [
          ['RSF-001', 80, 1, 3_000_000, true, { '2016/17': 3_000_000 }],
          ['RSF-002', 60, 2, 5_000_000, true, { '2016/17': 3_500_000, '2017/18': 1_500_000 }],
          ['RSF-003', null, 0, 6_000_000, false, { '2016/17': 3_500_000, '2017/18': 2_500_000 }],
        ],
      );
      await editor.signIn('editor@north.example.org'); // the clock has moved on past the session's life
      const page = text((await editor.get(`/grants/rounds/${r.id}/moderation`)).body);
      assert.match(page, /1 RSF-001 Alpha 80% 1 £30,000 £30,000 £30,000 Yes/);
      assert.match(page, /3 RSF-003 Gamma Not scored 0 £10,000 £60,000 £35,000 £25,000 No/);
      const rec = await editorApi.call('POST', `/grants/bids/${A.id}/recommendation`, { recommendation: 'fund', reasons: 'Strongest evidence of need' });
      assert.equal(rec.status, 200);
      assert.equal(rec.body.recommendation, 'fund');
      const hist = await w.services.grants.history(w.north.office.id, A.id);
      assert.deepEqual(hist.map((h) => [h.kind, h.actorName]).slice(0, 3), [
        ['recommended', 'north editor'],
        ['scored', 'north admin'],
        ['no conflict declared', 'north admin'],
      ]);
      assert.ok(hist.some((h) => h.kind === 'conflict declared' && h.reason === 'My sister runs Alpha'));
    },
  );
});

test('an officer who assesses the round declares on an ineligible bid, then opens it and declines it; a conflicted one never sees it', async (t) => {
  const { app, g, o } = await grantsWorld(t, '2016-11-20T12:00:00Z');
  const { round } = await roadSafetyRound(g, o.editor, { maxSharePercent: 75 });
  // £48,000 of a £60,000 project: 80%, past the round's 75%.
  const over = await enterBid(g, o.editor, round.id, 'Over Share Trust', '£48,000', { totalCost: '£60,000', otherFunding: 'Parish', recordIneligible: 'yes' });
  const clash = await enterBid(g, o.editor, round.id, 'Clash Share Trust', '£48,000', {
    totalCost: '£60,000',
    otherFunding: 'Parish',
    recordIneligible: 'yes',
  });
  assert.equal(over.status, 'ineligible');
  for (const u of [o.users.editor, o.users.viewer]) await g.assignAssessor({ by: o.editor, roundId: round.id, input: { userId: u.id } });
  const editor = new Browser(app);
  await editor.signIn(o.users.editor.email);
  const before = await editor.get(`/grants/bids/${over.id}`);
  assert.equal(before.statusCode, 403);
  assert.match(text(before.body), /Declare whether you have a conflict of interest with bid RSF-001 before you see it/);
  const declared = await editor.post(`/grants/assess/${over.id}/declaration`, { conflicted: 'no' }, { from: `/grants/assess/${over.id}` });
  assert.equal(declared.statusCode, 303, text(declared.body).slice(0, 300));
  assert.equal(declared.headers.location, `/grants/bids/${over.id}`);
  const page = await editor.get(`/grants/bids/${over.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /This bid breaks a rule of its round: it is not scored, and can be declined/);
  assert.match(text(page.body), /This fund pays at most 75% of the total project cost/);
  const declined = await editor.post(
    `/grants/bids/${over.id}/decline`,
    {
      declineReference: 'DN 2016/50',
      declineReasons: 'Asks for more than 75% of the cost',
      'declinedOn-day': '20',
      'declinedOn-month': '11',
      'declinedOn-year': '2016',
    },
    { from: `/grants/bids/${over.id}` },
  );
  assert.equal(declined.statusCode, 303, text(declined.body).slice(0, 400));
  assert.ok(await g.declineOfBid(o.office.id, over.id));
  // The other assessor declares a conflict on the second: it stays closed to them.
  const viewer = new Browser(app);
  await viewer.signIn(o.users.viewer.email);
  const conflicted = await viewer.post(
    `/grants/assess/${clash.id}/declaration`,
    { conflicted: 'yes', note: 'My sister runs it' },
    { from: `/grants/assess/${clash.id}` },
  );
  assert.equal(conflicted.statusCode, 303);
  const refused = await viewer.get(`/grants/bids/${clash.id}`);
  assert.equal(refused.statusCode, 403);
  assert.doesNotMatch(refused.body, /Clash Share Trust/);
});
