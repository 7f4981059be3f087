import { bigint, bigserial, boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { offices } from '../platform/auth/auth.table.js';
import type { Rules } from './grants.rules.js';
import { decisions } from '../decisions/decisions.table.js';

/**
 * A grant fund (HERTS-2016-11: the Fly Tipping Fund, the Community Safety Grant, the Road Safety
 * Fund). Its money and rules live on its rounds: a fund of one financial year is a fund with one round.
 */
export const grantFunds = pgTable(
  'grant_funds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    // Short code that starts each bid reference of the fund ("FTF-001"): applicants quote it by phone and email.
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('grant_funds_office_code_uq').on(t.officeId, sql`lower(${t.code})`)],
);

/** A round of a fund: when bids may come in, the pot, and which version of its rules is in force. */
export const grantRounds = pgTable(
  'grant_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => grantFunds.id),
    name: text('name').notNull(),
    // Instants; the pages show and take them as London date-times ("5pm on Friday 18 November 2016").
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    // Pence: money is never a float.
    potPence: bigint('pot_pence', { mode: 'number' }).notNull(),
    spendBy: date('spend_by').notNull(),
    rulesVersion: integer('rules_version').notNull().default(1),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grant_rounds_fund_idx').on(t.fundId, t.opensAt)],
);

/**
 * Every version of a round's rules, kept: a bid records the version it was judged by, so changing
 * the rules later never changes the verdict on a bid already in.
 */
export const grantRoundRules = pgTable(
  'grant_round_rules',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id),
    officeId: uuid('office_id').notNull(),
    rulesVersion: integer('rules_version').notNull(),
    rules: jsonb('rules').$type<Rules>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('grant_round_rules_uq').on(t.roundId, t.rulesVersion)],
);

// ineligible: received (by email) but breaking a rule of its round; kept as a record of what came in, never assessed.
export const bidStatus = pgEnum('grant_bid_status', ['draft', 'submitted', 'ineligible', 'withdrawn']);
export type BidStatus = (typeof bidStatus.enumValues)[number];
export const bidSource = pgEnum('grant_bid_source', ['online', 'officer']);

export type YearAmount = { year: string; pence: number };

/**
 * A bid. The applicant's contact details are personal data: nothing public ever selects them.
 * `secretHash` is the SHA-256 of the private link's secret; the secret itself is never stored.
 */
export const grantBids = pgTable(
  'grant_bids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id),
    reference: text('reference').notNull(),
    secretHash: text('secret_hash'),
    source: bidSource('source').notNull(),
    status: bidStatus('status').notNull().default('draft'),
    organisationName: text('organisation_name').notNull().default(''),
    organisationType: text('organisation_type').notNull().default(''),
    contactName: text('contact_name').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    title: text('title').notNull().default(''),
    purpose: text('purpose').notNull().default(''),
    amounts: jsonb('amounts').$type<YearAmount[]>().notNull().default([]),
    totalCostPence: bigint('total_cost_pence', { mode: 'number' }),
    otherFunding: text('other_funding').notNull().default(''),
    staffCostsPence: bigint('staff_costs_pence', { mode: 'number' }).notNull().default(0),
    subFunding: boolean('sub_funding').notNull().default(false),
    endorsedBy: text('endorsed_by').notNull().default(''),
    evaluationPlan: text('evaluation_plan').notNull().default(''),
    priorities: text('priorities').array().notNull().default(sql`'{}'::text[]`),
    // The rules version it was judged by, set when it came in.
    rulesVersion: integer('rules_version'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    lateReason: text('late_reason'),
    // The panel's recommendation after moderation, with its reasons.
    recommendation: text('recommendation'),
    recommendationReasons: text('recommendation_reasons'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('grant_bids_office_reference_uq').on(t.officeId, sql`lower(${t.reference})`),
    uniqueIndex('grant_bids_secret_uq').on(t.secretHash),
    index('grant_bids_round_idx').on(t.roundId, t.status),
  ],
);

/** One row per change to a fund, round or bid: who (null for an applicant without an account), when, what, why. */
export const grantHistory = pgTable(
  'grant_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: uuid('office_id').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    kind: text('kind').notNull(),
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
  },
  (t) => [index('grant_history_entity_idx').on(t.entityId, t.id)],
);

/** Who assesses a round's bids (HERTS-2016-11: "evaluated by a sub group of FTG members"). */
export const grantAssessors = pgTable(
  'grant_assessors',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id),
    officeId: uuid('office_id').notNull(),
    userId: uuid('user_id').notNull(),
    userName: text('user_name').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('grant_assessors_uq').on(t.roundId, t.userId)],
);

/** An assessor's declaration on one bid, made before seeing it; kept whatever follows. */
export const grantDeclarations = pgTable(
  'grant_declarations',
  {
    bidId: uuid('bid_id')
      .notNull()
      .references(() => grantBids.id),
    officeId: uuid('office_id').notNull(),
    userId: uuid('user_id').notNull(),
    conflicted: boolean('conflicted').notNull(),
    note: text('note').notNull().default(''),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('grant_declarations_uq').on(t.bidId, t.userId)],
);

/** One assessor's score of one bid on one criterion of its round (0 to 5), with a comment. */
export const grantScores = pgTable(
  'grant_scores',
  {
    bidId: uuid('bid_id')
      .notNull()
      .references(() => grantBids.id),
    officeId: uuid('office_id').notNull(),
    userId: uuid('user_id').notNull(),
    criterion: text('criterion').notNull(),
    score: integer('score').notNull(),
    comment: text('comment').notNull().default(''),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('grant_scores_uq').on(t.bidId, t.userId, t.criterion), index('grant_scores_bid_idx').on(t.bidId)],
);

/**
 * Each bid's scores summed per criterion over its assessors (a conflicted assessor's left out), and how
 * many assessors scored it: rewritten from grant_scores in the transaction of each scoring, so the
 * moderation table of 2,000 bids reads 2,000 rows, not 30,000 scores. Weights apply when it is read.
 */
export const grantBidTotals = pgTable(
  'grant_bid_totals',
  {
    bidId: uuid('bid_id')
      .primaryKey()
      .references(() => grantBids.id),
    officeId: uuid('office_id').notNull(),
    roundId: uuid('round_id').notNull(),
    sums: jsonb('sums').$type<Record<string, number>>().notNull(),
    assessors: integer('assessors').notNull(),
  },
  (t) => [index('grant_bid_totals_round_idx').on(t.roundId)],
);

/**
 * A grant made: the award of a recommended bid, made by a decision (the decision notice is drafted in
 * the register in the same transaction; `decisionReference` is its reference as the public quotes it).
 * What the public register and the 360Giving export publish comes only from this row: recipient,
 * title, purpose, conditions, reasons, amounts and date; never the applicant's contact details.
 */
export const grantAwards = pgTable(
  'grant_awards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => grantBids.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => grantFunds.id),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    decisionReference: text('decision_reference').notNull(),
    recipientName: text('recipient_name').notNull(),
    // An org-id ("GB-CHC-1234567", "GB-LAE-EHE") where known; the 360Giving export makes one from the name otherwise.
    recipientOrgId: text('recipient_org_id').notNull().default(''),
    title: text('title').notNull(),
    purpose: text('purpose').notNull(),
    conditions: text('conditions').notNull(),
    reasons: text('reasons').notNull(),
    amounts: jsonb('amounts').$type<YearAmount[]>().notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    awardedOn: date('awarded_on').notNull(),
    // When the funded work runs (360Giving's Planned Dates); a variation may move them.
    plannedStart: date('planned_start'),
    plannedEnd: date('planned_end'),
    // The evaluation at the end (HERTS-2016-11: "evaluated at the end"): what it found, and when.
    evaluation: text('evaluation'),
    evaluatedOn: date('evaluated_on'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('grant_awards_bid_uq').on(t.bidId), index('grant_awards_office_idx').on(t.officeId, t.awardedOn)],
);

/**
 * A bid declined by a decision: the notice is drafted in the register as for an award. Nothing public
 * reads this table: the register and the 360Giving export start from grant_awards only.
 */
export const grantDeclines = pgTable(
  'grant_declines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => grantBids.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => grantRounds.id),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => grantFunds.id),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    decisionReference: text('decision_reference').notNull(),
    reasons: text('reasons').notNull(),
    declinedOn: date('declined_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('grant_declines_bid_uq').on(t.bidId)],
);

/** A payment of an award: scheduled (due on a date), then made (paid on a date). Pence. */
export const grantPayments = pgTable(
  'grant_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    awardId: uuid('award_id')
      .notNull()
      .references(() => grantAwards.id),
    dueOn: date('due_on').notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    paidOn: date('paid_on'),
    paidPence: bigint('paid_pence', { mode: 'number' }),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grant_payments_award_idx').on(t.awardId, t.dueOn), index('grant_payments_office_idx').on(t.officeId)],
);

/** A monitoring return the recipient owes (due on a date), and when it came in, with what it said. */
export const grantReturns = pgTable(
  'grant_returns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    awardId: uuid('award_id')
      .notNull()
      .references(() => grantAwards.id),
    title: text('title').notNull(),
    dueOn: date('due_on').notNull(),
    receivedOn: date('received_on'),
    summary: text('summary').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grant_returns_award_idx').on(t.awardId, t.dueOn), index('grant_returns_office_due_idx').on(t.officeId, t.dueOn)],
);

/** An office's grants settings: its registered 360Giving prefix ("360G-hertspcc") and what its data package says of it. */
export const grantSettings = pgTable('grant_settings', {
  officeId: uuid('office_id')
    .primaryKey()
    .references(() => offices.id),
  givingPrefix: text('giving_prefix').notNull(),
  publisherWebsite: text('publisher_website').notNull().default(''),
  licence: text('licence').notNull().default('https://creativecommons.org/licenses/by/4.0/'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
