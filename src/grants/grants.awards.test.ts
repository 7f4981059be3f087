// Awards as decisions (issue 14): a recommended bid awarded through the bid page drafts its decision
// notice in the register in the same transaction; refusals are field errors with nothing written; the
// public register of grants made shows awards only, of its own office; the Specified Information
// checklist dates its grants item from the latest award; the 360Giving export validates against the standard's schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AWARD_INPUT, enterBid, errorLinks, grantsWorld, pageText as text, roadSafetyRound } from '../../test/grants.js';
import { apiClient, Browser, clock, world } from '../../test/helpers.js';

type W = Awaited<ReturnType<typeof world>>;

/** A Road Safety Fund round (pot £50,000, at most 75% of the cost) with three bids in; Alpha and Gamma recommended, Beta declined. */
async function roundWithBids(w: W, o: W['north'], tag = '') {
  const g = w.services.grants;
  const { fund, round } = await roadSafetyRound(g, o.editor, { maxSharePercent: 75 });
  const enter = (organisationName: string, amount: string, totalCost: string) =>
    enterBid(g, o.editor, round.id, organisationName, amount, {
      contactName: `${tag}Pat Applicant`,
      contactEmail: `pat${tag.trim().toLowerCase()}@example.org`,
      title: `${tag}${organisationName} speed watch`,
      purpose: `${tag}Speed watch volunteers in ${organisationName} villages`,
      totalCost,
      otherFunding: 'Parish councils',
    });
  const alpha = await enter(`${tag}Alpha Trust`, '£30,000', '£40,000');
  const beta = await enter(`${tag}Beta Trust`, '£6,000', '£10,000');
  const gamma = await enter(`${tag}Gamma Trust`, '£25,000', '£40,000');
  for (const [b, recommendation] of [
    [alpha, 'fund'],
    [beta, 'decline'],
    [gamma, 'fund'],
  ] as const)
    await g.recommend({ by: o.editor, bidId: b.id, input: { recommendation, reasons: `${tag}Panel view on ${b.reference}` } });
  return { fund, round, alpha, beta, gamma };
}

const AWARD = {
  reference: 'DN 2016/41',
  'awardedOn-day': '12',
  'awardedOn-month': '12',
  'awardedOn-year': '2016',
  year1: '2016/17',
  amount1: '30000',
  conditions: AWARD_INPUT.conditions,
  reasons: AWARD_INPUT.reasons,
};

test('awards as decisions, the public register of grants made and the 360Giving export', async (t) => {
  const { w, app } = await grantsWorld(t, '2016-12-14T10:00:00Z');
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  const n = await roundWithBids(w, w.north);
  const counts = async () => ({
    awards: (await w.services.grants.awards(w.north.office.id)).length,
    decisions: (await w.services.decisions.list(w.north.office.id, {})).total,
  });

  await t.test('refusals are field errors with the form kept, and nothing is written', async () => {
    // Before any award: the register says so, and there is no 360Giving package (the standard's holds at least one grant).
    assert.match(text((await app.inject({ method: 'GET', url: '/o/north/grants/awarded' })).body), /No grants have been awarded yet\./);
    assert.equal((await app.inject({ method: 'GET', url: '/o/north/grants/360giving.json' })).statusCode, 404);
    const bidUrl = `/grants/bids/${n.beta.id}`;
    const declined = await editor.post(`${bidUrl}/award`, { ...AWARD, amount1: '6000' }, { from: bidUrl });
    assert.equal(declined.statusCode, 400);
    assert.deepEqual(errorLinks(declined.body), ['#recommendation']);
    assert.match(text(declined.body), /The panel has not recommended funding bid RSF-002: record its recommendation to fund it first/);

    const alphaUrl = `/grants/bids/${n.alpha.id}`;
    const page = await editor.get(alphaUrl);
    assert.match(text(page.body), /Award the grant/);
    assert.match(page.body, /name="amount1"[^>]*value="30000.00"/, 'the bid’s amounts are offered');

    const overShare = await editor.post(`${alphaUrl}/award`, { ...AWARD, amount1: '£31,000' }, { from: alphaUrl });
    assert.equal(overShare.statusCode, 400);
    assert.deepEqual(errorLinks(overShare.body), ['#amounts']);
    assert.match(text(overShare.body), /This fund pays at most 75% of the total project cost. You asked for £31,000 of £40,000: 77.5%/);
    assert.match(overShare.body, /value="£31,000"/, 'what was typed is kept');

    const future = await editor.post(`${alphaUrl}/award`, { ...AWARD, 'awardedOn-day': '40', conditions: '' }, { from: alphaUrl });
    assert.equal(future.statusCode, 400);
    assert.deepEqual(errorLinks(future.body).sort(), ['#awardedOn-day', '#conditions']);
    assert.match(text(future.body), /Enter the conditions of the grant/);
    const later = await editor.post(`${alphaUrl}/award`, { ...AWARD, 'awardedOn-year': '2017' }, { from: alphaUrl });
    assert.equal(later.statusCode, 400);
    assert.match(text(later.body), /The date of the decision must be today or in the past/);
    assert.deepEqual(await counts(), { awards: 0, decisions: 0 });
  });

  await t.test('awarding drafts the decision notice in the same transaction; the award keeps conditions, purpose, amounts and the reference', async () => {
    const alphaUrl = `/grants/bids/${n.alpha.id}`;
    const ok = await editor.post(`${alphaUrl}/award`, AWARD, { from: alphaUrl });
    assert.equal(ok.statusCode, 303);
    const notice = await editor.get(ok.headers.location as string);
    const words = text(notice.body);
    assert.match(words, /Bid RSF-001 awarded. The decision notice DN 2016\/41 is drafted in the register/);
    assert.match(words, /Grant of £30,000 to Alpha Trust from the Road Safety Fund/);
    assert.match(words, /Reasons: Strongest evidence of need on rural roads/);
    assert.match(words, /Conditions: Quarterly monitoring returns; spend by 31 March 2018/);
    const [award] = await w.services.grants.awards(w.north.office.id);
    assert.equal(award.decisionReference, 'DN 2016/41');
    assert.deepEqual(award.amounts, [{ year: '2016/17', pence: 3_000_000 }]);
    assert.equal(award.purpose, 'Speed watch volunteers in Alpha Trust villages');
    const decision = await w.services.decisions.get(w.north.office.id, award.decisionId);
    assert.deepEqual([decision.status, decision.amountPence, decision.fundingSource], ['draft', 3_000_000, 'Road Safety Fund']);
    const bidPage = text((await editor.get(alphaUrl)).body);
    assert.match(bidPage, /Award Decision DN 2016\/41 on 12 December 2016 Amount £30,000 \(£30,000 in 2016\/17\)/);
    const hist = await w.services.grants.history(w.north.office.id, n.alpha.id);
    assert.deepEqual([hist[0].kind, hist[0].actorName, hist[0].reason], ['awarded', 'north editor', AWARD.reasons]);
    assert.equal((await w.services.decisions.history(w.north.office.id, decision.id))[0].kind, 'created');

    // Again: refused, nothing more written.
    const again = await editor.post(`${alphaUrl}/award`, { ...AWARD, reference: 'DN 2016/42' }, { from: alphaUrl });
    assert.equal(again.statusCode, 422);
    assert.deepEqual(await counts(), { awards: 1, decisions: 1 });
  });

  await t.test('the pot: an award past what is left is refused; a taken decision reference is refused and rolls the award back', async () => {
    const gammaUrl = `/grants/bids/${n.gamma.id}`;
    const over = await editor.post(`${gammaUrl}/award`, { ...AWARD, reference: 'DN 2016/43', amount1: '25000' }, { from: gammaUrl });
    assert.equal(over.statusCode, 400);
    assert.match(text(over.body), /The round’s pot is £50,000 and £30,000 is already awarded: £20,000 is left, less than the £25,000 of this award/);
    const taken = await editor.post(`${gammaUrl}/award`, { ...AWARD, amount1: '20000' }, { from: gammaUrl });
    assert.equal(taken.statusCode, 400);
    assert.deepEqual(errorLinks(taken.body), ['#reference']);
    assert.match(text(taken.body), /A decision notice with the reference “DN 2016\/41” already exists in this office/);
    assert.deepEqual(await counts(), { awards: 1, decisions: 1 });
    const ok = await editor.post(
      `${gammaUrl}/award`,
      { ...AWARD, reference: 'DN 2016/44', amount1: '20000', 'awardedOn-day': '13', recipientOrgId: 'GB-CHC-1234567' },
      { from: gammaUrl },
    );
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(await counts(), { awards: 2, decisions: 2 });
  });

  await t.test('the public register: awards only, of this office, never a bid not awarded or an applicant’s details', async () => {
    // South awards a canary bid: never on north's register.
    const s = await roundWithBids(w, w.south, 'CANARY ');
    await w.services.grants.award({
      by: w.south.editor,
      bidId: s.alpha.id,
      input: { ...AWARD, awardedOn: '2016-12-14', amounts: [{ year: '2016/17', amount: '30000' }] },
    });
    const home = await app.inject({ method: 'GET', url: '/o/north' });
    assert.match(text(home.body), /Grants awarded/);
    const page = await app.inject({ method: 'GET', url: '/o/north/grants/awarded' });
    assert.equal(page.statusCode, 200);
    const words = text(page.body);
    assert.match(words, /2 grants\./);
    assert.match(
      words,
      /Gamma Trust: Gamma Trust speed watch Recipient Gamma Trust Amount £20,000 \(£20,000 in 2016\/17\) Fund Road Safety Fund, Second round Purpose Speed watch volunteers in Gamma Trust villages Conditions Quarterly monitoring returns; spend by 31 March 2018 Reasons Strongest evidence of need on rural roads Date 13 December 2016 Decision DN 2016\/44/,
    );
    assert.match(words, /Alpha Trust: .* Date 12 December 2016 Decision DN 2016\/41/);
    for (const never of ['Beta', 'Pat Applicant', 'pat@example.org', 'CANARY', 'Panel view'])
      assert.ok(!page.body.includes(never), `never on the register: ${never}`);
    assert.equal((await app.inject({ method: 'GET', url: '/o/nowhere/grants/awarded' })).statusCode, 404);
    const south = text((await app.inject({ method: 'GET', url: '/o/south/grants/awarded' })).body);
    assert.match(south, /1 grant\. .*CANARY Alpha Trust/);

    // The Specified Information checklist: grants published through the product, dated by the latest award.
    const admin = new Browser(app);
    await admin.signIn(w.north.users.admin.email);
    const item = await w.services.specified.item(w.north.office.id, 'grants');
    assert.deepEqual([item.state, item.lastOn, item.product?.what], ['product', '2016-12-13', 'Register of grants awarded']);
    const checklist = await admin.get('/admin/specified-information');
    assert.match(text(/<tr class="govuk-table__row" id="item-grants">([\s\S]*?)<\/tr>/.exec(checklist.body)?.[1] ?? ''), /Published through PCP Tracker/);
  });

  await t.test('the 360Giving export validates against the standard’s schema and holds only awards of the office', async () => {
    const res = await app.inject({ method: 'GET', url: '/o/north/grants/360giving.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const pkg = res.json() as { grants: Record<string, unknown>[] } & Record<string, unknown>;
    // The standard names its dialect as "http://json-schema.org/draft/2020-12/schema"; Ajv knows it by its https address.
    const read = (f: string) => ({
      ...JSON.parse(readFileSync(new URL(`./360giving/${f}`, import.meta.url), 'utf8')),
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    // The package schema (1.4.3) refers to the grant schema by its 1.4.2 address: the vendored grant schema stands for it.
    const grantSchema = read('360-giving-schema.json');
    ajv.addSchema({ ...grantSchema, $id: 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json' });
    const validate = ajv.compile(read('360-giving-package-schema.json'));
    assert.ok(validate(pkg), JSON.stringify(validate.errors));
    assert.equal(pkg.grants.length, 2);
    const gamma = pkg.grants.find((g) => g.title === 'Gamma Trust speed watch') as Record<string, unknown>;
    assert.deepEqual(
      {
        id: gamma.id,
        currency: gamma.currency,
        amountAppliedFor: gamma.amountAppliedFor,
        amountAwarded: gamma.amountAwarded,
        awardDate: gamma.awardDate,
        recipient: gamma.recipientOrganization,
        funder: gamma.fundingOrganization,
        programme: gamma.grantProgramme,
      },
      {
        id: `360G-pcptracker-north-${(await w.services.grants.awards(w.north.office.id)).find((a) => a.decisionReference === 'DN 2016/44')?.id}`,
        currency: 'GBP',
        amountAppliedFor: 25000,
        amountAwarded: 20000,
        awardDate: '2016-12-13',
        recipient: [{ id: 'GB-CHC-1234567', name: 'Gamma Trust' }],
        funder: [{ id: '360G-pcptracker-north', name: 'North OPCC' }],
        programme: [{ title: 'Road Safety Fund: Second round' }],
      },
    );
    for (const never of ['Beta', 'Pat Applicant', 'pat@example.org', 'CANARY', 'Panel view']) assert.ok(!res.body.includes(never), never);
    // The CSV: the standard's column titles exactly (its template's "grants" sheet), read back with a CSV parser.
    const csv = await app.inject({ method: 'GET', url: '/o/north/grants/360giving.csv' });
    assert.equal(csv.statusCode, 200);
    const rows = parse(csv.body) as string[][];
    assert.deepEqual(rows[0], [
      'Identifier',
      'Title',
      'Description',
      'Currency',
      'Amount Applied For',
      'Amount Awarded',
      'Award Date',
      'Planned Dates:Start Date',
      'Planned Dates:End Date',
      'Recipient Org:Identifier',
      'Recipient Org:Name',
      'Funding Org:Identifier',
      'Funding Org:Name',
      'Grant Programme:Title',
    ]);
    assert.deepEqual(rows.find((r) => r[1] === 'Gamma Trust speed watch')?.slice(3), [
      'GBP',
      '25000.00',
      '20000.00',
      '2016-12-13',
      '',
      '',
      'GB-CHC-1234567',
      'Gamma Trust',
      '360G-pcptracker-north',
      'North OPCC',
      'Road Safety Fund: Second round',
    ]);
    assert.equal(rows.length, 3);
    for (const never of ['Beta', 'Pat Applicant', 'CANARY']) assert.ok(!csv.body.includes(never), never);
    // A made-up amount breaks the schema: the test can fail.
    assert.ok(!validate({ ...pkg, grants: [{ ...gamma, amountAwarded: 'lots' }] }));
    const api = await apiClient(app, w.services, w.north.editor);
    const json = { reference: 'DN 2016/50', awardedOn: '2016-12-14', conditions: 'Reports', reasons: 'Need', amounts: [{ year: '2016/17', amount: '6000' }] };
    const refused = await api.call('POST', `/grants/bids/${n.beta.id}/award`, json);
    assert.equal(refused.status, 400);
    assert.deepEqual(
      refused.body.error.fields.map((f: { field: string }) => f.field),
      ['recommendation', 'amounts'],
      'not recommended, and past the pot (£50,000 all awarded): both at once',
    );
    const southBid = (await w.services.grants.listBids(w.south.office.id, (await w.services.grants.listRounds(w.south.office.id))[0].id))[2];
    assert.equal((await api.call('POST', `/grants/bids/${southBid.id}/award`, json)).status, 404, 'another office’s bid');
    const viewer = await apiClient(app, w.services, { ...w.north.editor, userId: w.north.users.viewer.id, name: 'north viewer', role: 'viewer' });
    assert.equal((await viewer.call('POST', `/grants/bids/${n.gamma.id}/award`, {})).status, 403);
    const list = await api.call('GET', '/grants/awards');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((a: Record<string, unknown>) => [a.decisionReference, a.amountPence]),
      [
        ['DN 2016/44', 2_000_000],
        ['DN 2016/41', 3_000_000],
      ],
    );
  });
});

test('two awards at once against one pot: the second waits for the first and is refused', async (t) => {
  const c = clock('2016-12-14T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const n = await roundWithBids(w, w.north);
  const award = (bidId: string, reference: string, amount: string) =>
    w.services.grants.award({
      by: w.north.editor,
      bidId,
      input: { reference, awardedOn: '2016-12-14', conditions: 'Reports', reasons: 'Need', amounts: [{ year: '2016/17', amount }] },
    });
  const results = await Promise.allSettled([award(n.alpha.id, 'DN 1', '30000'), award(n.gamma.id, 'DN 2', '25000')]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.match(refused.reason.message, /The round’s pot is £50,000 and £(30|25),000 is already awarded/);
  assert.equal((await w.services.grants.awards(w.north.office.id)).length, 1);
  assert.equal((await w.services.decisions.list(w.north.office.id, {})).total, 1, 'the refused award’s notice is rolled back');
});
