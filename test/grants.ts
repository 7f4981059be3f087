// What the grants tests (src/grants/*.test.ts) set up again and again, in one place: the Road Safety
// Fund's second round (HERTS-2016-11, 2.5, as the tests take it: 1 to 30 November 2016, pot £50,000),
// bids received by email, a bid recommended and awarded, and reading a page's text and error links.
import type { TestContext } from 'node:test';
import type { Services } from '../src/app.js';
import type { Actor } from '../src/platform/errors.js';
import { clock, testApp, world } from './helpers.js';

type Grants = Services['grants'];

/**
 * Two offices (helpers.ts world) and the app, on a clock set at `at` (ISO) that a test moves on;
 * `g` the grants service, `o` the north office.
 */
export async function grantsWorld(t: TestContext, at: string) {
  const c = clock(at);
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  return { c, w, app, g: w.services.grants, o: w.north };
}

/** The round's rules unless a test says otherwise: two years at most, staff costs allowed, no sub-funding, one criterion. */
export const ROAD_SAFETY_ROUND = {
  name: 'Second round',
  opensOn: '2016-11-01',
  opensTime: '9am',
  closesOn: '2016-11-30',
  closesTime: '5pm',
  pot: '£50,000',
  spendBy: '2018-03-31',
  maxYears: 2,
  staffCostsAllowed: true,
  subFundingAllowed: false,
  criteria: [{ name: 'Need', weight: 1 }] as { name: string; weight: number }[],
  evaluationRequired: false,
};

/** The Road Safety Fund (code RSF) with its second round, `rules` changing the round's. */
export async function roadSafetyRound(g: Grants, by: Actor, rules: Partial<typeof ROAD_SAFETY_ROUND> & Record<string, unknown> = {}) {
  const fund = await g.createFund({ by, input: { code: 'RSF', name: 'Road Safety Fund' } });
  const round = await g.createRound({ by, fundId: fund.id, input: { ...ROAD_SAFETY_ROUND, ...rules } });
  return { fund, round };
}

/**
 * A bid an officer enters as received by email on 20 November 2016 at 10am, from a charity asking
 * `amount` for 2016/17 for its speed watch volunteers; `more` adds to or changes the bid's answers.
 */
export const enterBid = (g: Grants, by: Actor, roundId: string, organisationName: string, amount: string, more: Record<string, unknown> = {}) =>
  g.enterBid({
    by,
    roundId,
    input: {
      organisationName,
      organisationType: 'charity',
      title: `${organisationName} speed watch`,
      purpose: `Speed watch volunteers in ${organisationName} villages`,
      amounts: [{ year: '2016/17', amount }],
      receivedOn: '2016-11-20',
      receivedTime: '10am',
      ...more,
    },
  });

/** The award the tests make: decision DN 2016/41 of 12 December 2016, with its conditions and reasons. */
export const AWARD_INPUT = {
  reference: 'DN 2016/41',
  awardedOn: '2016-12-12',
  conditions: 'Quarterly monitoring returns; spend by 31 March 2018',
  reasons: 'Strongest evidence of need on rural roads',
};

/** A bid the panel recommends funding, then awarded by a decision (the notice drafted), `input` changing the award's. */
export async function recommendAndAward(g: Grants, by: Actor, bidId: string, input: Record<string, unknown> = {}) {
  await g.recommend({ by, bidId, input: { recommendation: 'fund', reasons: 'Strong need' } });
  return g.award({ by, bidId, input: { ...AWARD_INPUT, ...input } });
}

/** A page's text as a reader sees it: tags gone, the entities the templates write turned back, white space squeezed. */
export const pageText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** Where the error summary's links go (#field), in order. */
export const errorLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">/g)].map((m) => m[1]);
