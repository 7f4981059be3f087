// A round's rules as data, and the one pure function that judges a bid by them. Every message names
// the rule and the figure, as a GOV.UK error must: "This fund pays at most 75% of the total project
// cost. You asked for £48,000 of £60,000: 80%" (the Fly Tipping Fund of HERTS-2016-11).
import type { FieldError } from '../platform/errors.js';

export const ORGANISATION_TYPES = {
  csp: 'Community Safety Partnership',
  local_authority: 'Local authority',
  charity: 'Registered charity',
  community_group: 'Community group',
  public_body: 'Other public body',
  company: 'Company',
} as const;
export type OrganisationType = keyof typeof ORGANISATION_TYPES;

export type Criterion = { name: string; weight: number };

export type Rules = {
  /** Pence, or null for no limit ("£5k minimum bid – no maximum": the Community Safety Grant). */
  minBidPence: number | null;
  maxBidPence: number | null;
  /** Whole percent of the total project cost the fund pays at most, or null (the Fly Tipping Fund: 75). */
  maxSharePercent: number | null;
  /** How many financial years a bid may ask money for (the Community Safety Grant: up to three). */
  maxYears: number;
  staffCostsAllowed: boolean;
  subFundingAllowed: boolean;
  /** Only these organisations may bid (the Fly Tipping Group's members); empty: any of `eligibleTypes`. */
  eligibleOrganisations: string[];
  /** Types that may bid; empty with no named organisations: anyone. */
  eligibleTypes: OrganisationType[];
  /** The plan priorities the fund serves: a bid must name at least one when there are any. */
  priorities: string[];
  criteria: Criterion[];
  /** Who must endorse a bid ("Responsible Authorities Group"), or '' for nobody. */
  endorsementBy: string;
  evaluationRequired: boolean;
};

export type BidFacts = {
  organisationName: string;
  organisationType: string;
  amounts: { year: string; pence: number }[];
  totalCostPence: number | null;
  otherFunding: string;
  staffCostsPence: number;
  subFunding: boolean;
  endorsedBy: string;
  evaluationPlan: string;
  priorities: string[];
};

export type RoundFacts = { opensAt: Date; closesAt: Date; spendBy: string };

// ---- Money and time in words ------------------------------------------------------------

/** £48,000 or £4,999.99: pounds with pence only when there are some. */
export function pounds(pence: number): string {
  const whole = Math.floor(Math.abs(pence) / 100);
  const p = Math.abs(pence) % 100;
  return `${pence < 0 ? '-' : ''}£${whole.toLocaleString('en-GB')}${p ? `.${String(p).padStart(2, '0')}` : ''}`;
}

/** A share as people say it: 80%, 75.5%, 74.99% (two places at most, never rounded up past a limit). */
export function percent(part: number, whole: number): string {
  const hundredths = Math.floor((part * 10_000) / whole);
  const s = (hundredths / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${s}%`;
}

const TZ = 'Europe/London';
const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
// London wall-clock times are the platform's (platform/db/time.ts); re-exported for this area's callers.
export { londonInstant, londonParts } from '../platform/db/time.js';

/** "5pm on Friday 18 November 2016", "9:30am on Thursday 1 December 2016", "midday on ...". */
export function londonMoment(at: Date): string {
  const p = Object.fromEntries(partsFmt.formatToParts(at).map((x) => [x.type, x.value]));
  const h = Number(p.hour);
  const mi = p.minute;
  const sec = p.second !== '00' ? `:${p.second}` : '';
  let time: string;
  if (h === 12 && mi === '00' && !sec) time = 'midday';
  else if (h === 0 && mi === '00' && !sec) time = 'midnight';
  else {
    const h12 = h % 12 === 0 ? 12 : h % 12;
    time = `${h12}${mi === '00' && !sec ? '' : `:${mi}${sec}`}${h < 12 ? 'am' : 'pm'}`;
  }
  return `${time} on ${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "2016/17": the financial year (1 April to 31 March) a London date falls in. */
export function financialYearOf(isoDate: string): string {
  const [y, m] = isoDate.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
export const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;
export const isFinancialYear = (s: string) => {
  const m = FINANCIAL_YEAR.exec(s);
  return !!m && (Number(m[1]) + 1) % 100 === Number(m[2]);
};
const yearStart = (fy: string) => `${fy.slice(0, 4)}-04-01`;

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${iso}T00:00:00Z`));

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

// ---- The judgement ----------------------------------------------------------------------

export const totalAsked = (b: Pick<BidFacts, 'amounts'>) => b.amounts.reduce((s, a) => s + a.pence, 0);

/**
 * Every rule of the round a bid breaks, as field problems for the GOV.UK error summary; none when it
 * may be submitted. `at` is when it is submitted; `lateAccepted` when an officer has accepted it
 * late with a recorded reason (then the closing moment does not refuse it). Pure: no clock, no database.
 */
export function checkBid(rules: Rules, round: RoundFacts, bid: BidFacts, at: Date, opts: { lateAccepted?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });

  // Time: before opening, after closing. "By 5pm" takes a bid sent at 5pm itself.
  if (at.getTime() < round.opensAt.getTime()) add('round', `This round opens at ${londonMoment(round.opensAt)}. Bids cannot be submitted before then.`);
  if (at.getTime() > round.closesAt.getTime() && !opts.lateAccepted)
    add('round', `Bids for this round closed at ${londonMoment(round.closesAt)}. This bid was sent at ${londonMoment(at)}.`);

  // Who may bid.
  const named = rules.eligibleOrganisations;
  if (!bid.organisationName.trim()) add('organisationName', 'Enter the name of the organisation bidding');
  else if (named.length) {
    const ok = named.some((n) => n.trim().toLowerCase() === bid.organisationName.trim().toLowerCase());
    if (!ok)
      add('organisationName', `Only these organisations may bid for this fund: ${named.join(', ')}. “${bid.organisationName.trim()}” is not one of them.`);
  }
  if (!bid.organisationType) add('organisationType', 'Select the type of organisation');
  else if (!named.length && rules.eligibleTypes.length && !rules.eligibleTypes.includes(bid.organisationType as OrganisationType)) {
    const label = ORGANISATION_TYPES[bid.organisationType as OrganisationType] ?? bid.organisationType;
    add(
      'organisationType',
      `This fund takes bids only from a ${list(rules.eligibleTypes.map((t) => ORGANISATION_TYPES[t].toLowerCase()))}. The bid is from a ${label.toLowerCase()}.`,
    );
  }

  // The money asked, year by year.
  const asked = totalAsked(bid);
  if (!bid.amounts.length || asked <= 0) add('amounts', 'Enter the amount you are asking for in at least one financial year');
  else {
    if (rules.minBidPence !== null && asked < rules.minBidPence)
      add('amounts', `The smallest bid this fund takes is ${pounds(rules.minBidPence)}. You asked for ${pounds(asked)}.`);
    if (rules.maxBidPence !== null && asked > rules.maxBidPence)
      add('amounts', `This fund pays at most ${pounds(rules.maxBidPence)} a bid. You asked for ${pounds(asked)}.`);
    if (bid.amounts.length > rules.maxYears)
      add(
        'amounts',
        `This fund pays for at most ${rules.maxYears} financial year${rules.maxYears === 1 ? '' : 's'}. You asked for ${bid.amounts.length}: ${bid.amounts.map((a) => a.year).join(', ')}.`,
      );
    const late = bid.amounts.filter((a) => yearStart(a.year) > round.spendBy);
    if (late.length)
      add('amounts', `All of this fund’s money must be spent by ${longDate(round.spendBy)}. You asked for money in ${late.map((a) => a.year).join(', ')}.`);
  }

  // Share of the total project cost (integer arithmetic: 75% of £60,000 is exactly £45,000).
  if (rules.maxSharePercent !== null && rules.maxSharePercent < 100) {
    const total = bid.totalCostPence;
    if (!total || total <= 0) add('totalCostPence', `Enter the total cost of the project: this fund pays at most ${rules.maxSharePercent}% of it`);
    else if (asked > total) add('totalCostPence', `You asked for ${pounds(asked)}, more than the total project cost of ${pounds(total)}.`);
    else {
      if (asked * 100 > rules.maxSharePercent * total)
        add(
          'totalCostPence',
          `This fund pays at most ${rules.maxSharePercent}% of the total project cost. You asked for ${pounds(asked)} of ${pounds(total)}: ${percent(asked, total)}.`,
        );
      if (asked < total && !bid.otherFunding.trim())
        add(
          'otherFunding',
          `Say how the other ${pounds(total - asked)} of the project’s ${pounds(total)} is funded: this fund pays at most ${rules.maxSharePercent}%.`,
        );
    }
  } else if (bid.totalCostPence !== null && asked > bid.totalCostPence && bid.totalCostPence > 0)
    add('totalCostPence', `You asked for ${pounds(asked)}, more than the total project cost of ${pounds(bid.totalCostPence)}.`);

  if (!rules.staffCostsAllowed && bid.staffCostsPence > 0)
    add('staffCostsPence', `This fund does not pay for staff. The bid includes ${pounds(bid.staffCostsPence)} of staff costs.`);
  else if (bid.staffCostsPence > asked && asked > 0)
    add('staffCostsPence', `Staff costs of ${pounds(bid.staffCostsPence)} are more than the ${pounds(asked)} asked for.`);
  if (!rules.subFundingAllowed && bid.subFunding)
    add('subFunding', 'This fund does not allow sub-funding: the grant cannot be passed on to, or used to commission, another organisation.');
  if (rules.endorsementBy && !bid.endorsedBy.trim())
    add('endorsedBy', `This fund needs each bid endorsed by the ${rules.endorsementBy}. Say when and by whom it was endorsed.`);
  if (rules.evaluationRequired && !bid.evaluationPlan.trim())
    add('evaluationPlan', 'This fund requires an evaluation at the end of the project. Say how the project will be evaluated.');
  if (rules.priorities.length && !bid.priorities.some((p) => rules.priorities.includes(p)))
    add('priorities', `Select at least one of the plan priorities this fund serves: ${rules.priorities.join('; ')}.`);
  return errors;
}

/** The rules in words, for the round's pages (officers and applicants read the same list). */
export function rulesInWords(rules: Rules, round: RoundFacts & { potPence: number }): string[] {
  const out = [`Bids open at ${londonMoment(round.opensAt)} and close at ${londonMoment(round.closesAt)}.`];
  out.push(`The pot is ${pounds(round.potPence)}; all of it must be spent by ${longDate(round.spendBy)}.`);
  if (rules.minBidPence !== null && rules.maxBidPence !== null) out.push(`Bids from ${pounds(rules.minBidPence)} to ${pounds(rules.maxBidPence)}.`);
  else if (rules.minBidPence !== null) out.push(`The smallest bid is ${pounds(rules.minBidPence)}; there is no maximum.`);
  else if (rules.maxBidPence !== null) out.push(`The largest bid is ${pounds(rules.maxBidPence)}.`);
  if (rules.maxSharePercent !== null && rules.maxSharePercent < 100)
    out.push(`The fund pays at most ${rules.maxSharePercent}% of the total project cost; the bid must say how the rest is funded.`);
  out.push(`Money for up to ${rules.maxYears} financial year${rules.maxYears === 1 ? '' : 's'}.`);
  out.push(rules.staffCostsAllowed ? 'Staff costs may be funded.' : 'Staff costs are not funded.');
  out.push(rules.subFundingAllowed ? 'Sub-funding is allowed.' : 'No sub-funding or further commissioning of the grant.');
  if (rules.eligibleOrganisations.length) out.push(`Only these organisations may bid: ${rules.eligibleOrganisations.join(', ')}.`);
  else if (rules.eligibleTypes.length) out.push(`Open to: ${rules.eligibleTypes.map((t) => ORGANISATION_TYPES[t]).join(', ')}.`);
  else out.push('Any organisation may bid.');
  if (rules.priorities.length) out.push(`Bids must serve one of the plan priorities: ${rules.priorities.join('; ')}.`);
  if (rules.criteria.length) out.push(`Assessed on: ${rules.criteria.map((c) => `${c.name} (weight ${c.weight})`).join(', ')}.`);
  if (rules.endorsementBy) out.push(`Bids must be endorsed by the ${rules.endorsementBy}.`);
  if (rules.evaluationRequired) out.push('An evaluation is required at the end of the project.');
  return out;
}
