// test-pass: pglite-only (a fund's rules as pure functions, no database)
// Every rule of a round, at, inside and past its limit; the closing moment either side of 5pm across
// both clock changes. The figures are HERTS-2016-11's: the Fly Tipping Fund (75% of the total cost,
// £60,000 pot, bids by 5pm on Friday 18 November 2016) and the Community Safety Grant (£5,000 minimum,
// up to three years, staff costs allowed, no sub-funding, endorsed by the Responsible Authorities Group).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BidFacts, checkBid, financialYearOf, londonInstant, londonMoment, percent, pounds, type Rules } from './grants.rules.js';
import { parseTime } from './grants.schemas.js';

const open: Rules = {
  minBidPence: null,
  maxBidPence: null,
  maxSharePercent: null,
  maxYears: 1,
  staffCostsAllowed: true,
  subFundingAllowed: true,
  eligibleOrganisations: [],
  eligibleTypes: [],
  priorities: [],
  criteria: [],
  endorsementBy: '',
  evaluationRequired: false,
};
const round = { opensAt: new Date('2016-10-01T08:00:00Z'), closesAt: londonInstant('2016-11-18', '17:00'), spendBy: '2017-03-31' };
const inTime = new Date('2016-11-01T12:00:00Z');
const bid = (over: Partial<BidFacts> = {}): BidFacts => ({
  organisationName: 'Environment Agency',
  organisationType: 'public_body',
  amounts: [{ year: '2016/17', pence: 4_500_000 }],
  totalCostPence: 6_000_000,
  otherFunding: 'Partners pay the rest',
  staffCostsPence: 0,
  subFunding: false,
  endorsedBy: '',
  evaluationPlan: '',
  priorities: [],
  ...over,
});
const messages = (rules: Rules, b: BidFacts, at = inTime) => checkBid(rules, round, b, at).map((e) => e.message);

test('money, shares and moments in words', () => {
  assert.equal(pounds(4_800_000), '£48,000');
  assert.equal(pounds(499_999), '£4,999.99');
  assert.equal(percent(4_800_000, 6_000_000), '80%');
  assert.equal(percent(4_500_100, 6_000_000), '75%', 'never rounded up: £45,001 of £60,000 is 75.001%, shown 75%, and refused');
  assert.equal(percent(4_530_000, 6_000_000), '75.5%');
  assert.equal(londonMoment(round.closesAt), '5pm on Friday 18 November 2016');
  assert.equal(londonMoment(londonInstant('2016-12-01', '09:30')), '9:30am on Thursday 1 December 2016');
  assert.equal(londonMoment(londonInstant('2016-12-01', '12:00')), 'midday on Thursday 1 December 2016');
  assert.equal(financialYearOf('2017-03-31'), '2016/17');
  assert.equal(financialYearOf('2017-04-01'), '2017/18');
  assert.deepEqual(['5pm', '5:30pm', '17:00', '9am', '12am', 'midday', '25:00', '13pm', 'soon'].map(parseTime), [
    '17:00',
    '17:30',
    '17:00',
    '09:00',
    '00:00',
    '12:00',
    null,
    null,
    null,
  ]);
});

test('a London time is the right instant in winter, in summer and on both change days', () => {
  assert.equal(londonInstant('2016-11-18', '17:00').toISOString(), '2016-11-18T17:00:00.000Z');
  assert.equal(londonInstant('2017-06-01', '17:00').toISOString(), '2017-06-01T16:00:00.000Z');
  // Sunday 26 March 2017: clocks go forward at 1am; 5pm is British Summer Time.
  assert.equal(londonInstant('2017-03-26', '17:00').toISOString(), '2017-03-26T16:00:00.000Z');
  assert.equal(londonInstant('2017-03-26', '00:30').toISOString(), '2017-03-26T00:30:00.000Z');
  // Sunday 30 October 2016: clocks go back at 2am; 5pm is Greenwich Mean Time.
  assert.equal(londonInstant('2016-10-30', '17:00').toISOString(), '2016-10-30T17:00:00.000Z');
  assert.equal(londonInstant('2016-10-29', '17:00').toISOString(), '2016-10-29T16:00:00.000Z');
});

test('the closing moment: 5pm is in time, a second later is refused, either side of each clock change', () => {
  for (const [day, utcHour] of [
    ['2016-10-29', 16], // Saturday, still summer time
    ['2016-10-30', 17], // the Sunday the clocks go back
    ['2017-03-25', 17], // Saturday, still winter time
    ['2017-03-26', 16], // the Sunday the clocks go forward
  ] as const) {
    const closesAt = londonInstant(day, '17:00');
    assert.equal(closesAt.getUTCHours(), utcHour, day);
    const r = { ...round, opensAt: new Date('2016-01-01T00:00:00Z'), closesAt, spendBy: '2018-03-31' };
    const b = bid({ amounts: [{ year: financialYearOf(day), pence: 4_500_000 }] });
    const at = (ms: number) => checkBid(open, r, b, new Date(closesAt.getTime() + ms));
    assert.deepEqual(at(-1000), [], `${day}: a second before 5pm`);
    assert.deepEqual(at(0), [], `${day}: at 5pm itself`);
    const late = at(1000);
    assert.equal(late.length, 1);
    assert.equal(late[0].field, 'round');
    assert.match(
      late[0].message,
      new RegExp(`^Bids for this round closed at 5pm on \\w+ ${Number(day.slice(8))} \\w+ ${day.slice(0, 4)}\\. This bid was sent at 5:00:01pm`),
    );
    // An hour out (the mistake a clock change invites) is on the wrong side.
    assert.equal(at(3_600_000).length, 1);
    assert.deepEqual(checkBid(open, r, b, new Date(closesAt.getTime() + 3_600_000), { lateAccepted: true }), [], 'accepted late by an officer');
  }
  const early = checkBid(open, round, bid(), new Date(round.opensAt.getTime() - 1));
  assert.match(early[0].message, /^This round opens at 9am on Saturday 1 October 2016/);
});

test('the largest share of the total project cost: 75% at, inside and past', () => {
  const rules = { ...open, maxSharePercent: 75 };
  assert.deepEqual(messages(rules, bid({ amounts: [{ year: '2016/17', pence: 4_500_000 }] })), [], 'exactly 75%');
  assert.deepEqual(messages(rules, bid({ amounts: [{ year: '2016/17', pence: 4_499_999 }] })), [], 'a penny under');
  assert.deepEqual(messages(rules, bid({ amounts: [{ year: '2016/17', pence: 4_500_001 }] })), [
    'This fund pays at most 75% of the total project cost. You asked for £45,000.01 of £60,000: 75%.',
  ]);
  assert.deepEqual(messages(rules, bid({ amounts: [{ year: '2016/17', pence: 4_800_000 }] })), [
    'This fund pays at most 75% of the total project cost. You asked for £48,000 of £60,000: 80%.',
  ]);
  assert.deepEqual(messages(rules, bid({ otherFunding: ' ' })), ['Say how the other £15,000 of the project’s £60,000 is funded: this fund pays at most 75%.']);
  assert.deepEqual(messages(rules, bid({ totalCostPence: null })), ['Enter the total cost of the project: this fund pays at most 75% of it']);
  assert.deepEqual(messages(rules, bid({ totalCostPence: 4_000_000 })), ['You asked for £45,000, more than the total project cost of £40,000.']);
});

test('the smallest and largest bid: at, inside and past', () => {
  const rules = { ...open, minBidPence: 500_000, maxBidPence: 5_000_000 };
  const asking = (pence: number) => messages(rules, bid({ amounts: [{ year: '2016/17', pence }], totalCostPence: null }));
  assert.deepEqual(asking(500_000), []);
  assert.deepEqual(asking(500_001), []);
  assert.deepEqual(asking(499_999), ['The smallest bid this fund takes is £5,000. You asked for £4,999.99.']);
  assert.deepEqual(asking(5_000_000), []);
  assert.deepEqual(asking(4_999_999), []);
  assert.deepEqual(asking(5_000_001), ['This fund pays at most £50,000 a bid. You asked for £50,000.01.']);
  assert.deepEqual(asking(0), ['Enter the amount you are asking for in at least one financial year']);
});

test('years funded and the spend-by date', () => {
  const rules = { ...open, maxYears: 3 };
  const r3 = { ...round, spendBy: '2020-03-31' };
  const years = (ys: string[], r = r3) =>
    checkBid(rules, r, bid({ amounts: ys.map((year) => ({ year, pence: 1_000_000 })), totalCostPence: null }), inTime).map((e) => e.message);
  assert.deepEqual(years(['2017/18', '2018/19']), []);
  assert.deepEqual(years(['2017/18', '2018/19', '2019/20']), []);
  assert.deepEqual(years(['2017/18', '2018/19', '2019/20', '2020/21']), [
    'This fund pays for at most 3 financial years. You asked for 4: 2017/18, 2018/19, 2019/20, 2020/21.',
    'All of this fund’s money must be spent by 31 March 2020. You asked for money in 2020/21.',
  ]);
  // The Fly Tipping Fund: all spent by 31 March 2017, one year.
  assert.deepEqual(messages(open, bid({ amounts: [{ year: '2017/18', pence: 100 }], totalCostPence: null })), [
    'All of this fund’s money must be spent by 31 March 2017. You asked for money in 2017/18.',
  ]);
});

test('staff costs, sub-funding, endorsement, evaluation and priorities', () => {
  const strict = {
    ...open,
    staffCostsAllowed: false,
    subFundingAllowed: false,
    endorsementBy: 'Responsible Authorities Group',
    evaluationRequired: true,
    priorities: ['Putting victims first'],
  };
  const clean = bid({ endorsedBy: 'RAG, 3 November 2016', evaluationPlan: 'An evaluation by the university', priorities: ['Putting victims first'] });
  assert.deepEqual(messages(strict, clean), []);
  assert.deepEqual(messages(strict, { ...clean, staffCostsPence: 1 }), ['This fund does not pay for staff. The bid includes £0.01 of staff costs.']);
  assert.deepEqual(messages(open, { ...clean, staffCostsPence: 4_500_000 }), [], 'staff costs up to the whole bid where allowed');
  assert.deepEqual(messages(open, { ...clean, staffCostsPence: 4_500_001 }), ['Staff costs of £45,000.01 are more than the £45,000 asked for.']);
  assert.deepEqual(messages(strict, { ...clean, subFunding: true }), [
    'This fund does not allow sub-funding: the grant cannot be passed on to, or used to commission, another organisation.',
  ]);
  assert.deepEqual(messages(open, { ...clean, subFunding: true }), []);
  assert.deepEqual(messages(strict, { ...clean, endorsedBy: '' }), [
    'This fund needs each bid endorsed by the Responsible Authorities Group. Say when and by whom it was endorsed.',
  ]);
  assert.deepEqual(messages(strict, { ...clean, evaluationPlan: '' }), [
    'This fund requires an evaluation at the end of the project. Say how the project will be evaluated.',
  ]);
  assert.deepEqual(messages(strict, { ...clean, priorities: ['Something else'] }), [
    'Select at least one of the plan priorities this fund serves: Putting victims first.',
  ]);
});

test('who may bid: named organisations, or types', () => {
  const members = { ...open, eligibleOrganisations: ['Environment Agency', 'Hertfordshire County Council'] };
  assert.deepEqual(messages(members, bid({ organisationName: 'hertfordshire county council ' })), [], 'named, in any case');
  assert.deepEqual(messages(members, bid({ organisationName: 'Keep Britain Tidy' })), [
    'Only these organisations may bid for this fund: Environment Agency, Hertfordshire County Council. “Keep Britain Tidy” is not one of them.',
  ]);
  const types = { ...open, eligibleTypes: ['csp' as const, 'charity' as const] };
  assert.deepEqual(messages(types, bid({ organisationType: 'charity' })), []);
  assert.deepEqual(messages(types, bid({ organisationType: 'company' })), [
    'This fund takes bids only from a community safety partnership or registered charity. The bid is from a company.',
  ]);
  assert.deepEqual(messages(open, bid({ organisationName: '' })), ['Enter the name of the organisation bidding']);
});

test('moderation leaves out the scores of an assessor who declared a conflict', async () => {
  const { moderationTable } = await import('./grants.service.js');
  const rules: Rules = { ...open, criteria: [{ name: 'Need', weight: 1 }] };
  const bid = (id: string, reference: string) => ({ id, reference, status: 'submitted', amounts: [{ year: '2016/17', pence: 100 }] }) as never;
  const t = moderationTable(
    { potPence: 150 },
    rules,
    [bid('a', 'X-1'), bid('b', 'X-2')],
    [
      { bidId: 'a', userId: 'u1', criterion: 'Need', score: 5 },
      { bidId: 'a', userId: 'u2', criterion: 'Need', score: 0 },
      { bidId: 'b', userId: 'u1', criterion: 'Need', score: 4 },
    ],
    [{ bidId: 'a', userId: 'u2' }],
  );
  assert.deepEqual(
    t.rows.map((r) => [r.bid.reference, r.percent, r.assessors, r.runningTotal, r.withinPot]),
    [
      ['X-1', 100, 1, 100, true],
      ['X-2', 80, 1, 200, false],
    ],
  );
});
