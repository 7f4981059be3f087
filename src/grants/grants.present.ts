// Grants as the pages show them: amounts in pounds, moments in London words, rules in sentences.
import { presentHistory } from '../platform/history.js';
import { userDate } from '../platform/dates.js';
import type { AwardRow, BidRow, GrantHistoryRow, RoundRow } from './grants.repository.js';
import type { GrantsService, ModerationRow } from './grants.service.js';
import { londonMoment, londonParts, ORGANISATION_TYPES, pounds, type Rules, totalAsked } from './grants.rules.js';

export const BID_STATUS: Record<string, string> = { draft: 'Draft', submitted: 'Submitted', ineligible: 'Ineligible', withdrawn: 'Withdrawn' };
export const ROUND_STATE: Record<string, string> = { open: 'Open', closed: 'Closed', not_open: 'Not open yet' };

const LABELS: Record<string, string> = {
  code: 'Code',
  name: 'Name',
  description: 'Description',
  opensAt: 'Bids open',
  closesAt: 'Bids close',
  potPence: 'Pot',
  spendBy: 'Spend by',
  rulesVersion: 'Rules version',
  rules: 'Rules',
  reference: 'Reference',
  status: 'Status',
  organisationName: 'Organisation',
  organisationType: 'Type of organisation',
  contactName: 'Contact name',
  contactEmail: 'Contact email',
  title: 'Project title',
  purpose: 'What the money is for',
  amounts: 'Amounts asked for',
  totalCostPence: 'Total project cost',
  otherFunding: 'How the rest is funded',
  staffCostsPence: 'Staff costs',
  subFunding: 'Sub-funding',
  endorsedBy: 'Endorsement',
  evaluationPlan: 'Evaluation',
  priorities: 'Plan priorities',
  submittedAt: 'Submitted',
  lateReason: 'Reason accepted late',
  plannedStart: 'Planned start',
  plannedEnd: 'Planned end',
  conditions: 'Conditions',
  evaluation: 'Evaluation',
  evaluatedOn: 'Evaluated on',
  payment: 'Payment',
  return: 'Monitoring return',
  summary: 'What it reported',
  givingPrefix: '360Giving prefix',
  publisherWebsite: 'Web site',
};

function show(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '(none)';
  if (field.endsWith('Pence')) return pounds(v as number);
  if (field === 'opensAt' || field === 'closesAt' || field === 'submittedAt') return londonMoment(new Date(v as string));
  if (field === 'amounts') return (v as { year: string; pence: number }[]).map((a) => `${a.year}: ${pounds(a.pence)}`).join('; ');
  if (field === 'organisationType') return ORGANISATION_TYPES[v as keyof typeof ORGANISATION_TYPES] ?? String(v);
  if (field === 'status') return BID_STATUS[v as string] ?? String(v);
  if (field === 'subFunding') return v ? 'Yes' : 'No';
  if (field === 'rules') return 'changed (see the round’s rules)';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

export const historyView = (rows: GrantHistoryRow[]) =>
  presentHistory(rows, {
    kindWord: (k) => k[0].toUpperCase() + k.slice(1),
    label: (f) => LABELS[f] ?? f,
    show,
    hasBefore: (h) => !['created', 'entered by an officer', 'recorded as ineligible'].includes(h.kind),
  });

export const bidView = (b: BidRow) => ({
  ...b,
  statusLabel: BID_STATUS[b.status],
  asked: pounds(totalAsked(b)),
  amountsText: b.amounts.map((a) => `${a.year}: ${pounds(a.pence)}`).join('; '),
  totalCost: b.totalCostPence === null ? '' : pounds(b.totalCostPence),
  staffCosts: pounds(b.staffCostsPence),
  typeLabel: ORGANISATION_TYPES[b.organisationType as keyof typeof ORGANISATION_TYPES] ?? '',
  submitted: b.submittedAt ? londonMoment(b.submittedAt) : '',
});

export const roundView = (r: RoundRow) => ({
  ...r,
  opens: londonMoment(r.opensAt),
  closes: londonMoment(r.closesAt),
  pot: pounds(r.potPence),
});

/** A stored round as its form's answers. */
export function roundFormValues(r: RoundRow, rules: Rules): Record<string, unknown> {
  const o = londonParts(r.opensAt);
  const c = londonParts(r.closesAt);
  const [sy, sm, sd] = r.spendBy.split('-');
  const [oy, om, od] = o.date.split('-');
  const [cy, cm, cd] = c.date.split('-');
  return {
    name: r.name,
    'opensOn-day': String(+od),
    'opensOn-month': String(+om),
    'opensOn-year': oy,
    opensTime: o.time,
    'closesOn-day': String(+cd),
    'closesOn-month': String(+cm),
    'closesOn-year': cy,
    closesTime: c.time,
    pot: pounds(r.potPence),
    'spendBy-day': String(+sd),
    'spendBy-month': String(+sm),
    'spendBy-year': sy,
    minBid: rules.minBidPence === null ? '' : pounds(rules.minBidPence),
    maxBid: rules.maxBidPence === null ? '' : pounds(rules.maxBidPence),
    maxSharePercent: rules.maxSharePercent === null ? '' : String(rules.maxSharePercent),
    maxYears: String(rules.maxYears),
    staffCostsAllowed: rules.staffCostsAllowed ? 'yes' : 'no',
    subFundingAllowed: rules.subFundingAllowed ? 'yes' : 'no',
    eligibleOrganisations: rules.eligibleOrganisations.join('\n'),
    eligibleTypes: rules.eligibleTypes,
    priorities: rules.priorities.join('\n'),
    criteria: rules.criteria.map((c) => `${c.name} | ${c.weight}`).join('\n'),
    endorsementBy: rules.endorsementBy,
    evaluationRequired: rules.evaluationRequired ? 'yes' : 'no',
    version: String(r.version),
  };
}

/** A stored bid as its form's answers (year1/amount1 ... one row a financial year). */
export function bidFormValues(b: BidRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    organisationName: b.organisationName,
    organisationType: b.organisationType,
    contactName: b.contactName,
    contactEmail: b.contactEmail,
    title: b.title,
    purpose: b.purpose,
    totalCost: b.totalCostPence === null ? '' : pounds(b.totalCostPence),
    otherFunding: b.otherFunding,
    staffCosts: b.staffCostsPence ? pounds(b.staffCostsPence) : '',
    subFunding: b.subFunding ? 'yes' : 'no',
    endorsedBy: b.endorsedBy,
    evaluationPlan: b.evaluationPlan,
    priorities: b.priorities,
  };
  b.amounts.forEach((a, i) => {
    out[`year${i + 1}`] = a.year;
    out[`amount${i + 1}`] = pounds(a.pence);
  });
  return out;
}

/** An award as the pages and the public register show it. */
export const awardView = (
  a: Pick<AwardRow, 'decisionReference' | 'recipientName' | 'title' | 'purpose' | 'conditions' | 'reasons' | 'amounts' | 'amountPence' | 'awardedOn'>,
) => ({
  id: (a as { id?: string }).id,
  decisionId: (a as { decisionId?: string }).decisionId,
  decisionReference: a.decisionReference,
  recipientName: a.recipientName,
  title: a.title,
  purpose: a.purpose,
  conditions: a.conditions,
  reasons: a.reasons,
  amount: pounds(a.amountPence),
  amountsText: a.amounts.map((y) => `${pounds(y.pence)} in ${y.year}`).join(', '),
  awardedOn: userDate(a.awardedOn),
});

/** A row of a list of awards (a fund's, a decision notice's): the award with its fund. */
export const awardRowView = (a: AwardRow & { fundName: string }) => ({ ...awardView(a), fundId: a.fundId, fundName: a.fundName });

/** The award form's first answers: the bid's purpose and its amounts per year. */
export function awardFormValues(b: BidRow): Record<string, string> {
  const v: Record<string, string> = { purpose: b.purpose, reasons: b.recommendationReasons ?? '' };
  b.amounts.forEach((a, i) => {
    v[`year${i + 1}`] = a.year;
    v[`amount${i + 1}`] = (a.pence / 100).toFixed(2);
  });
  return v;
}

/** The grants a decision notice made, for the notice's page (handed to src/decisions by the composition root). */
export const grantsOfDecision = (grants: Pick<GrantsService, 'awardsOfDecision'>) => async (officeId: string, decisionId: string) =>
  (await grants.awardsOfDecision(officeId, decisionId)).map((a) => ({
    href: `/grants/awards/${a.id}`,
    recipient: a.recipientName,
    title: a.title,
    amount: pounds(a.amountPence),
    fund: a.fundName,
    fundHref: `/grants/funds/${a.fundId}`,
  }));

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const RECOMMENDATION: Record<string, string> = { fund: 'Fund', decline: 'Decline' };
const moderationHtml = new WeakMap<object, string[]>();

/**
 * The moderation table's rows as HTML, every value escaped, made once per table the service keeps (a
 * page of 100 rows is then a slice joined, not 1,000 template expressions at every request: see
 * bench/grants.bench.ts).
 */
export function moderationRowsHtml(m: { rows: ModerationRow[]; years: string[] }): string[] {
  const kept = moderationHtml.get(m);
  if (kept) return kept;
  const num = (v: string | number) => `<td class="govuk-table__cell govuk-table__cell--numeric">${escapeHtml(String(v))}</td>`;
  const made = m.rows.map(
    (r) =>
      `<tr class="govuk-table__row">${num(r.rank)}<td class="govuk-table__cell"><a class="govuk-link" href="/grants/bids/${escapeHtml(r.bid.id)}">${escapeHtml(r.bid.reference)}</a> ${escapeHtml(r.bid.organisationName)}</td>${num(r.percent === null ? 'Not scored' : `${r.percent}%`)}${num(r.assessors)}${num(pounds(r.asked))}${num(pounds(r.runningTotal))}${m.years.map((y) => num(r.runningByYear[y] === undefined ? '' : pounds(r.runningByYear[y]))).join('')}<td class="govuk-table__cell">${r.withinPot ? 'Yes' : 'No'}</td><td class="govuk-table__cell">${r.bid.recommendation ? (RECOMMENDATION[r.bid.recommendation] ?? '') : 'None yet'}</td></tr>\n`,
  );
  moderationHtml.set(m, made);
  return made;
}
