import { createHash, randomBytes } from 'node:crypto';
import { createDecisionsService } from '../decisions/decisions.service.js';
import { type Db, isUniqueViolation, type Tx } from '../platform/db/client.js';
import { addDays, londonDate } from '../platform/db/time.js';
import { type Actor, DomainError, type FieldError, invalid, notFound, StaleVersion } from '../platform/errors.js';
import { diffFields } from '../platform/history.js';
import { createMemo, type Memo } from '../platform/kept.js';
import { parseInput } from '../platform/validation.js';
import { type AwardRow, type BidRow, createAssessmentRepository, createGrantsRepository, type FundRow, type RoundRow } from './grants.repository.js';
import { type BidFacts, checkBid, financialYearOf, londonInstant, londonMoment, pounds, type Rules } from './grants.rules.js';
import {
  assignSchema,
  awardSchema,
  declarationSchema,
  declineSchema,
  evaluationSchema,
  grantSettingsSchema,
  paymentMadeSchema,
  paymentScheduleSchema,
  returnDueSchema,
  returnReceivedSchema,
  variationSchema,
  recommendationSchema,
  scoresSchema,
  acceptLateSchema,
  type BidInput,
  bidInputSchema,
  fundInputSchema,
  officerBidSchema,
  type RoundInput,
  roundInputSchema,
  roundUpdateSchema,
} from './grants.schemas.js';

/** Who wrote a change made through the private link: the applicant has no account. */
export const APPLICANT = 'The applicant (online)';

/** The secret of a bid's private link, and what is stored of it. */
const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
const SECRET = /^[A-Za-z0-9_-]{43}$/;

const ROUND_FIELDS = ['name', 'opensAt', 'closesAt', 'potPence', 'spendBy', 'rulesVersion'] as const;
const BID_FIELDS = [
  'status',
  'organisationName',
  'organisationType',
  'contactName',
  'contactEmail',
  'title',
  'purpose',
  'amounts',
  'totalCostPence',
  'otherFunding',
  'staffCostsPence',
  'subFunding',
  'endorsedBy',
  'evaluationPlan',
  'priorities',
  'rulesVersion',
  'submittedAt',
  'lateReason',
  'recommendation',
  'recommendationReasons',
] as const;

function rulesOf(v: RoundInput): Rules {
  return {
    minBidPence: v.minBid,
    maxBidPence: v.maxBid,
    maxSharePercent: v.maxSharePercent,
    maxYears: v.maxYears,
    staffCostsAllowed: v.staffCostsAllowed,
    subFundingAllowed: v.subFundingAllowed,
    eligibleOrganisations: v.eligibleOrganisations,
    eligibleTypes: v.eligibleTypes,
    priorities: v.priorities,
    criteria: v.criteria,
    endorsementBy: v.endorsementBy,
    evaluationRequired: v.evaluationRequired,
  };
}

/** The round's own checks: it closes after it opens, and its limits agree with each other. */
function roundErrors(v: RoundInput, opensAt: Date, closesAt: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (closesAt.getTime() <= opensAt.getTime()) errors.push({ field: 'closesOn', message: 'The closing date and time must be after bids open' });
  if (v.minBid !== null && v.maxBid !== null && v.minBid > v.maxBid)
    errors.push({ field: 'maxBid', message: 'The largest bid must be at least the smallest bid' });
  if (v.pot <= 0) errors.push({ field: 'pot', message: 'The pot must be more than £0' });
  if (v.spendBy < v.opensOn) errors.push({ field: 'spendBy', message: 'The date the money must be spent by must be on or after the date bids open' });
  return errors;
}

function bidValues(v: BidInput): Partial<BidRow> {
  return {
    organisationName: v.organisationName,
    organisationType: v.organisationType,
    contactName: v.contactName,
    contactEmail: v.contactEmail,
    title: v.title,
    purpose: v.purpose,
    amounts: v.amounts.map((a) => ({ year: a.year, pence: a.amount })).sort((a, b) => a.year.localeCompare(b.year)),
    totalCostPence: v.totalCost,
    otherFunding: v.otherFunding,
    staffCostsPence: v.staffCosts ?? 0,
    subFunding: v.subFunding,
    endorsedBy: v.endorsedBy,
    evaluationPlan: v.evaluationPlan,
    priorities: v.priorities,
  };
}

export const factsOf = (b: Pick<BidRow, keyof BidFacts>): BidFacts => ({
  organisationName: b.organisationName,
  organisationType: b.organisationType,
  amounts: b.amounts,
  totalCostPence: b.totalCostPence,
  otherFunding: b.otherFunding,
  staffCostsPence: b.staffCostsPence,
  subFunding: b.subFunding,
  endorsedBy: b.endorsedBy,
  evaluationPlan: b.evaluationPlan,
  priorities: b.priorities,
});

export type OfficeUser = { id: string; name: string };

export function createGrantsService({
  db,
  now = () => new Date(),
  usersOf = async () => [],
}: {
  db: Db;
  now?: () => Date;
  /** The office's users, to assign assessors from (the composition root hands in the auth service's list). */
  usersOf?: (officeId: string) => Promise<OfficeUser[]>;
}) {
  const repo = createGrantsRepository({ db });
  const assessment = createAssessmentRepository({ db });
  type Who = { officeId: string; actorId: string | null; actorName: string };
  const whoOf = (by: Actor): Who => ({ officeId: by.officeId, actorId: by.userId, actorName: by.name });

  async function history(tx: Tx, who: Who, entity: string, entityId: string, kind: string, changes: Record<string, unknown>, reason?: string | null) {
    await createGrantsRepository({ db: tx }).insertHistory({
      officeId: who.officeId,
      entity,
      entityId,
      kind,
      changes: changes as Record<string, { from: unknown; to: unknown }>,
      reason: reason || null,
      recordedAt: now(),
      actorId: who.actorId,
      actorName: who.actorName,
    });
  }

  async function getRound(officeId: string, id: string) {
    const round = await repo.round(officeId, id);
    if (!round) throw notFound('grant_round');
    const [fund, rules] = await Promise.all([repo.fund(officeId, round.fundId), repo.rules(round.id, round.rulesVersion)]);
    return { round, fund: fund as FundRow, rules: rules.rules };
  }

  /** Whether a round takes bids now: open, closed or not yet open. */
  const stateOf = (round: RoundRow, at = now()) =>
    at.getTime() < round.opensAt.getTime() ? ('not_open' as const) : at.getTime() > round.closesAt.getTime() ? ('closed' as const) : ('open' as const);

  /** A new reference under the fund's code: FTF-001, FTF-002, ... */
  async function nextReference(tx: Tx, officeId: string, fund: FundRow) {
    const n = await createGrantsRepository({ db: tx }).bidsOfFund(officeId, fund.id);
    return `${fund.code}-${String(n + 1).padStart(3, '0')}`;
  }

  /** Runs a write that takes a new reference; two bids started at once may want the same one: the second tries again. */
  async function withReference<T>(fn: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (e) {
        if (i < 3 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  async function changeBid(who: Who, before: BidRow, patch: Partial<BidRow>, kind: string, reason?: string | null) {
    const after = { ...before, ...patch } as BidRow;
    const changes = diffFields(BID_FIELDS, before, after);
    if (!Object.keys(changes).length) return before;
    try {
      return await db.transaction(async (tx) => {
        const updated = await createGrantsRepository({ db: tx }).updateBid(who.officeId, before.id, before.version, { ...patch, updatedAt: now() });
        if (!updated) throw new StaleVersion(before.id, before.version);
        await history(tx as Tx, who, 'bid', before.id, kind, changes, reason);
        return updated;
      });
    } catch (e) {
      if (e instanceof StaleVersion)
        throw new DomainError('grant_bid.conflict', 'This bid was changed since you opened it. Open it again and make your change again.');
      throw e;
    }
  }

  /** A versioned write in a transaction: a stale version becomes the area's conflict after the rollback. */
  async function inTx<T>(what: 'grant_award', fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(async (tx) => fn(tx as Tx));
    } catch (e) {
      if (e instanceof StaleVersion)
        throw new DomainError(`${what}.conflict`, 'This was changed since you opened it. Open it again and make your change again.');
      throw e;
    }
  }

  /**
   * The conflict rule: an assessor of the bid's round sees a bid only after declaring on it, and
   * never when the declaration says conflicted. Staff who are not its assessors see it as before.
   */
  async function guard(by: Pick<Actor, 'userId' | 'officeId'>, bid: BidRow) {
    if (!by.userId || !(await assessment.isAssessor(bid.roundId, by.userId))) return { assessor: false as const, declaration: undefined };
    const declaration = await assessment.declaration(bid.id, by.userId);
    if (!declaration)
      throw new DomainError('grant_assessment.forbidden', `Declare whether you have a conflict of interest with bid ${bid.reference} before you see it.`);
    if (declaration.conflicted)
      throw new DomainError('grant_assessment.forbidden', `You declared a conflict of interest with bid ${bid.reference}: you cannot see or score it.`);
    return { assessor: true as const, declaration };
  }

  /**
   * What is made from an office's records, kept while they have not changed (platform/kept.ts): under
   * the office's change counter as the request already has it (with its session or its office, read
   * before anything was made), or read from the database first (so another instance's change is
   * seen at once, and nothing is ever kept under a counter newer than its data).
   */
  const keptByCounter =
    (memo: Memo) =>
    async <T>(officeId: string, counter: number | undefined, key: string, make: () => Promise<T>): Promise<T> =>
      memo.get(officeId, counter ?? (await repo.changeCounter(officeId)), key, make);
  /** Moderation tables by office, round and change counter. */
  const moderationKept = keptByCounter(createMemo({ max: 32 }));
  /** The public register's rows by office and change counter (20,000 awards are a 9 MB 360Giving file). */
  const publicAwardsKept = keptByCounter(createMemo({ max: 8 }));

  const service = {
    stateOf,

    // ---- Funds ---------------------------------------------------------------------------
    async createFund({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('grant_fund', fundInputSchema, input);
      const taken = () => invalid('grant_fund', [{ field: 'code', message: `A fund with the code ${v.code} already exists in this office` }]);
      if (await repo.fundByCode(by.officeId, v.code)) throw taken();
      try {
        return await db.transaction(async (tx) => {
          const at = now();
          const fund = await createGrantsRepository({ db: tx }).insertFund({
            officeId: by.officeId,
            code: v.code,
            name: v.name,
            description: v.description,
            createdAt: at,
            updatedAt: at,
          });
          await history(tx as Tx, whoOf(by), 'fund', fund.id, 'created', diffFields(['code', 'name', 'description'] as const, null, fund), v.reason);
          return fund;
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw taken();
        throw e;
      }
    },
    listFunds: (officeId: string) => repo.funds(officeId),
    async getFund(officeId: string, id: string) {
      const fund = await repo.fund(officeId, id);
      if (!fund) throw notFound('grant_fund');
      return fund;
    },
    /** Every round of the office (or of one fund), with how many bids are in and drafted. */
    async listRounds(officeId: string, fundId?: string) {
      const [rounds, counts] = await Promise.all([repo.rounds(officeId, fundId), repo.bidCounts(officeId)]);
      return rounds.map((r) => {
        const mine = counts.filter((c) => c.roundId === r.id);
        return {
          ...r,
          state: stateOf(r),
          submitted: mine.find((c) => c.status === 'submitted')?.n ?? 0,
          drafts: mine.find((c) => c.status === 'draft')?.n ?? 0,
        };
      });
    },

    // ---- Rounds and their rules ------------------------------------------------------------
    async createRound({ by, fundId, input }: { by: Actor; fundId: string; input: unknown }) {
      const fund = await service.getFund(by.officeId, fundId);
      const v = parseInput('grant_round', roundInputSchema, input);
      const opensAt = londonInstant(v.opensOn, v.opensTime);
      const closesAt = londonInstant(v.closesOn, v.closesTime);
      const errors = roundErrors(v, opensAt, closesAt);
      if (errors.length) throw invalid('grant_round', errors);
      return db.transaction(async (tx) => {
        const r = createGrantsRepository({ db: tx });
        const at = now();
        const round = await r.insertRound({
          officeId: by.officeId,
          fundId: fund.id,
          name: v.name,
          opensAt,
          closesAt,
          potPence: v.pot,
          spendBy: v.spendBy,
          rulesVersion: 1,
          createdAt: at,
          updatedAt: at,
        });
        const rules = rulesOf(v);
        await r.insertRules({ roundId: round.id, officeId: by.officeId, rulesVersion: 1, rules, createdAt: at });
        await history(
          tx as Tx,
          whoOf(by),
          'round',
          round.id,
          'created',
          { ...diffFields(ROUND_FIELDS, null, round), rules: { from: null, to: rules } },
          v.reason,
        );
        return round;
      });
    },

    /**
     * Changes a round; changed rules become a new version, and bids already in keep the version they
     * were judged by. `version` is the round's, as read.
     */
    async updateRound({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const { round: before, rules: oldRules } = await getRound(by.officeId, id);
      const v = parseInput('grant_round', roundUpdateSchema, input);
      const version = v.version;
      const opensAt = londonInstant(v.opensOn, v.opensTime);
      const closesAt = londonInstant(v.closesOn, v.closesTime);
      const errors = roundErrors(v, opensAt, closesAt);
      if (errors.length) throw invalid('grant_round', errors);
      const rules = rulesOf(v);
      const rulesChanged = JSON.stringify(rules) !== JSON.stringify(oldRules);
      const patch: Partial<RoundRow> = {
        name: v.name,
        opensAt,
        closesAt,
        potPence: v.pot,
        spendBy: v.spendBy,
        rulesVersion: before.rulesVersion + (rulesChanged ? 1 : 0),
      };
      const changes: Record<string, unknown> = diffFields(ROUND_FIELDS, before, { ...before, ...patch }, (row, f) =>
        row[f] instanceof Date ? (row[f] as Date).toISOString() : row[f],
      );
      if (rulesChanged) changes.rules = { from: oldRules, to: rules };
      if (!Object.keys(changes).length) return before;
      try {
        return await db.transaction(async (tx) => {
          const r = createGrantsRepository({ db: tx });
          const updated = await r.updateRound(by.officeId, id, version, { ...patch, updatedAt: now() });
          if (!updated) throw new StaleVersion(id, version);
          if (rulesChanged) await r.insertRules({ roundId: id, officeId: by.officeId, rulesVersion: updated.rulesVersion, rules, createdAt: now() });
          await history(tx as Tx, whoOf(by), 'round', id, rulesChanged ? 'rules changed' : 'edited', changes, v.reason);
          return updated;
        });
      } catch (e) {
        if (e instanceof StaleVersion)
          throw new DomainError('grant_round.conflict', 'Someone else changed this round since you opened it. Open it again and make your change again.', [], {
            yourVersion: version,
            currentVersion: (await repo.round(by.officeId, id))?.version,
          });
        throw e;
      }
    },
    getRound,
    /** The rules of one version of a round: what a bid that came in under it is judged by. */
    async rulesVersion(officeId: string, roundId: string, rulesVersion: number) {
      await getRound(officeId, roundId);
      const r = await repo.rules(roundId, rulesVersion);
      if (!r) throw notFound('grant_round');
      return r.rules;
    },

    // ---- Bids --------------------------------------------------------------------------------
    listBids: async (officeId: string, roundId: string) => {
      await getRound(officeId, roundId);
      return repo.bids(officeId, roundId);
    },
    async getBid(officeId: string, id: string) {
      const b = await repo.bid(officeId, id);
      if (!b) throw notFound('grant_bid');
      return b;
    },
    /** A bid as a member of staff may see it: the conflict rule applies to the round's assessors. */
    async getBidFor(by: Actor, id: string) {
      const b = await service.getBid(by.officeId, id);
      await guard(by, b);
      return b;
    },

    // ---- Assessment -----------------------------------------------------------------------------
    /** Where an assessor stands with a bid: not its assessor, yet to declare, conflicted, or clear to score. */
    async assessorState(by: Actor, bid: BidRow) {
      if (!by.userId || !(await assessment.isAssessor(bid.roundId, by.userId))) return 'not_assessor' as const;
      const d = await assessment.declaration(bid.id, by.userId);
      return !d ? ('undeclared' as const) : d.conflicted ? ('conflicted' as const) : ('clear' as const);
    },
    assessors: async (officeId: string, roundId: string) => {
      await getRound(officeId, roundId);
      return assessment.assessors(officeId, roundId);
    },
    async assignAssessor({ by, roundId, input }: { by: Actor; roundId: string; input: unknown }) {
      const { round } = await getRound(by.officeId, roundId);
      const v = parseInput('grant_assessment', assignSchema, input);
      const user = (await usersOf(by.officeId)).find((u) => u.id === v.userId);
      if (!user) throw invalid('grant_assessment', [{ field: 'userId', message: 'Select an assessor from the list' }]);
      await db.transaction(async (tx) => {
        await createAssessmentRepository({ db: tx }).assign({
          roundId: round.id,
          officeId: by.officeId,
          userId: user.id,
          userName: user.name,
          assignedAt: now(),
        });
        await history(tx as Tx, whoOf(by), 'round', round.id, 'assessor assigned', { assessor: { from: null, to: user.name } });
      });
      return assessment.assessors(by.officeId, round.id);
    },
    /** The assessor declares on a bid before seeing it; a declaration is kept and cannot be changed. */
    async declare({ by, bidId, input }: { by: Actor; bidId: string; input: unknown }) {
      const bid = await service.getBid(by.officeId, bidId);
      const v = parseInput('grant_assessment', declarationSchema, input);
      // An ineligible bid is declared on too: an officer who assesses the round must still say
      // whether they are conflicted before they open it to decline it.
      if (bid.status !== 'submitted' && bid.status !== 'ineligible')
        throw new DomainError('grant_assessment.refused', `Bid ${bid.reference} is not in for assessment.`);
      const userId = by.userId;
      if (!userId || !(await assessment.isAssessor(bid.roundId, userId)))
        throw new DomainError('grant_assessment.forbidden', 'You are not an assessor of this round.');
      if (await assessment.declaration(bid.id, userId))
        throw new DomainError('grant_assessment.refused', `You have already declared on bid ${bid.reference}; a declaration is kept as made.`);
      await db.transaction(async (tx) => {
        await createAssessmentRepository({ db: tx }).declare({
          bidId: bid.id,
          officeId: by.officeId,
          userId,
          conflicted: v.conflicted,
          note: v.note,
          declaredAt: now(),
        });
        await history(
          tx as Tx,
          whoOf(by),
          'bid',
          bid.id,
          v.conflicted ? 'conflict declared' : 'no conflict declared',
          { assessor: { from: null, to: by.name } },
          v.note,
        );
      });
      return { conflicted: v.conflicted };
    },
    /** What an assessor sees of a bid: refused until they declare, and for good if conflicted. */
    async assessmentOf({ by, bidId }: { by: Actor; bidId: string }) {
      const bid = await service.getBid(by.officeId, bidId);
      const g = await guard(by, bid);
      if (!g.assessor) throw new DomainError('grant_assessment.forbidden', 'You are not an assessor of this round.');
      const { round, rules } = await getRound(by.officeId, bid.roundId);
      const judgedBy = bid.rulesVersion ? await service.rulesVersion(by.officeId, round.id, bid.rulesVersion) : rules;
      return { bid, round, criteria: judgedBy.criteria, scores: await assessment.scoresOf(bid.id, by.userId as string) };
    },
    /** Scores on every criterion of the bid's rules, with comments; a later call replaces the assessor's scores. */
    async score({ by, bidId, input }: { by: Actor; bidId: string; input: unknown }) {
      const { bid, criteria } = await service.assessmentOf({ by, bidId });
      const v = parseInput('grant_assessment', scoresSchema, input);
      const names = criteria.map((c) => c.name);
      const given = v.scores.map((x) => x.criterion);
      const missing = names.filter((n) => !given.includes(n));
      const unknown = given.filter((n) => !names.includes(n));
      if (missing.length || unknown.length || new Set(given).size !== given.length)
        throw invalid('grant_assessment', [{ field: 'scores', message: `Score each criterion once: ${names.join(', ')}` }]);
      await db.transaction(async (tx) => {
        const at = now();
        await createAssessmentRepository({ db: tx }).replaceScores(
          bid.id,
          by.userId as string,
          v.scores.map((x) => ({
            bidId: bid.id,
            officeId: by.officeId,
            userId: by.userId as string,
            criterion: x.criterion,
            score: x.score,
            comment: x.comment,
            scoredAt: at,
          })),
        );
        await createAssessmentRepository({ db: tx }).refreshTotals({ bidId: bid.id });
        await history(tx as Tx, whoOf(by), 'bid', bid.id, 'scored', {
          scores: { from: null, to: v.scores.map((x) => `${x.criterion}: ${x.score}`).join('; ') },
        });
      });
      return assessment.scoresOf(bid.id, by.userId as string);
    },
    /**
     * The moderation table: submitted bids ranked by their weighted score (the mean over assessors
     * of each one's share of the most the criteria allow), conflicted assessors' scores left out,
     * with running totals of the money asked against the pot, in all and by financial year.
     */
    moderation(officeId: string, roundId: string, counter?: number) {
      // Kept, with its round and fund, while the office's records have not changed.
      return moderationKept(officeId, counter, roundId, () => service.moderationNow(officeId, roundId));
    },
    /** The moderation table as the records are now, never kept. */
    async moderationNow(officeId: string, roundId: string) {
      const { round, fund, rules } = await getRound(officeId, roundId);
      // One query: the bids with their score totals per criterion, kept by each scoring (grant_bid_totals).
      const bids = await repo.moderationBids(officeId, roundId);
      const weight = new Map(rules.criteria.map((c) => [c.name, c.weight]));
      const totals: BidTotals = new Map();
      for (const b of bids)
        if (b.sums && b.assessors)
          totals.set(b.id, { sum: Object.entries(b.sums).reduce((t, [c, v]) => t + v * (weight.get(c) ?? 0), 0), assessors: b.assessors });
      // With the round and fund it is of: a page needs no other read while the table is kept.
      return { ...rankBids(round, rules, bids, totals), round, fund };
    },
    async recommend({ by, bidId, input }: { by: Actor; bidId: string; input: unknown }) {
      const before = await service.getBidFor(by, bidId);
      const v = parseInput('grant_assessment', recommendationSchema, input);
      if (before.status !== 'submitted') throw new DomainError('grant_assessment.refused', `Bid ${before.reference} is not in for assessment.`);
      return changeBid(whoOf(by), before, { recommendation: v.recommendation, recommendationReasons: v.reasons }, 'recommended', v.reasons);
    },
    history: (officeId: string, entityId: string) => repo.history(officeId, entityId),

    /**
     * Awards a bid the panel recommended, by a decision: the decision notice (title with the
     * recipient and the fund, the amount, reasons and conditions) is drafted in the register through
     * the decisions service on this transaction (a savepoint inside it), then the award is written
     * with the notice's reference, and the bid's history says so: all of it or nothing.
     * Refused, with the field to correct: a bid not recommended, more than the round's pot has
     * left, or an amount the round's rules do not allow (judged by the rules the bid came in under).
     */
    async award({ by, bidId, input }: { by: Actor; bidId: string; input: unknown }) {
      const bid = await service.getBid(by.officeId, bidId);
      let v: ReturnType<typeof awardSchema.parse>;
      try {
        v = parseInput('grant_award', awardSchema, input);
      } catch (e) {
        // "amounts.0.amount" is the form's amounts fieldset: one message each.
        if (!(e instanceof DomainError)) throw e;
        const seen = new Set<string>();
        const fields = e.fields.map((f) => ({ ...f, field: f.field.split('.')[0] })).filter((f) => !seen.has(f.message) && seen.add(f.message));
        throw new DomainError(e.code, e.message, fields, e.details);
      }
      if (await repo.awardOfBid(by.officeId, bid.id)) throw new DomainError('grant_award.refused', `Bid ${bid.reference} has already been awarded.`);
      const { round, fund, rules } = await getRound(by.officeId, bid.roundId);
      const judgedBy = bid.rulesVersion ? await service.rulesVersion(by.officeId, round.id, bid.rulesVersion) : rules;
      const amounts = (v.amounts.length ? v.amounts.map((a) => ({ year: a.year, pence: a.amount })) : bid.amounts).sort((a, b) => a.year.localeCompare(b.year));
      const total = amounts.reduce((t, a) => t + a.pence, 0);
      const errors: FieldError[] = [];
      if (bid.status !== 'submitted' || bid.recommendation !== 'fund')
        errors.push({
          field: 'recommendation',
          message:
            bid.status !== 'submitted'
              ? `Bid ${bid.reference} is ${bid.status}: only a bid in for assessment and recommended by the panel can be awarded`
              : `The panel has not recommended funding bid ${bid.reference}: record its recommendation to fund it first`,
        });
      if (v.awardedOn > londonDate(now())) errors.push({ field: 'awardedOn', message: 'The date of the decision must be today or in the past' });
      // The rules on the money, as for the bid: the amount, the share of the cost, the years, spend by.
      for (const e of checkBid(judgedBy, round, factsOf({ ...bid, amounts }), bid.submittedAt ?? now(), { lateAccepted: true }))
        if (!errors.some((x) => x.message === e.message)) errors.push({ field: 'amounts', message: e.message });
      const awarded = (await repo.awards(by.officeId, round.id)).reduce((t, a) => t + a.amountPence, 0);
      if (awarded + total > round.potPence)
        errors.push({
          field: 'amounts',
          message: `The round’s pot is ${pounds(round.potPence)} and ${pounds(awarded)} is already awarded: ${pounds(round.potPence - awarded)} is left, less than the ${pounds(total)} of this award`,
        });
      // A notice already in the register (not withdrawn) when the award is linked to it rather than drafting one.
      const existing = v.existingNotice ? await createDecisionsService({ db, now }).refByReference(by.officeId, v.reference) : undefined;
      if (v.existingNotice && !existing)
        errors.push({
          field: 'reference',
          message: `There is no decision notice with the reference “${v.reference}” in the register: enter the reference of a notice there, or answer no to draft one`,
        });
      else if (existing?.status === 'withdrawn')
        errors.push({ field: 'reference', message: `Decision notice ${existing.reference} is withdrawn: a grant cannot be made by it` });
      if (errors.length) throw invalid('grant_award', errors);
      const purpose = v.purpose || bid.purpose;
      const recipient = bid.organisationName.trim();
      const years = amounts.map((a) => `${pounds(a.pence)} in ${a.year}`).join(', ');
      try {
        return await db.transaction(async (tx) => {
          // The pot again, under the round's lock: an award made meanwhile counts.
          const r = createGrantsRepository({ db: tx });
          await r.lockRound(by.officeId, round.id);
          const nowAwarded = (await r.awards(by.officeId, round.id)).reduce((t, a) => t + a.amountPence, 0);
          if (nowAwarded + total > round.potPence)
            throw invalid('grant_award', [
              {
                field: 'amounts',
                message: `The round’s pot is ${pounds(round.potPence)} and ${pounds(nowAwarded)} is already awarded: ${pounds(round.potPence - nowAwarded)} is left, less than the ${pounds(total)} of this award`,
              },
            ]);
          const decision =
            existing ??
            (await createDecisionsService({ db: tx as unknown as Db, now }).create({
              by,
              input: {
                reference: v.reference,
                title: `Grant of ${pounds(total)} to ${recipient} from the ${fund.name}`,
                summary: `${pounds(total)} to ${recipient} for ${bid.title || 'its project'} (${fund.name}, ${round.name}, bid ${bid.reference}).`,
                decisionText: `To award ${recipient} a grant of ${pounds(total)} (${years}) from the ${fund.name}, ${round.name}, for: ${purpose}\n\nReasons: ${v.reasons}\n\nConditions: ${v.conditions}`,
                amount: (total / 100).toFixed(2),
                fundingSource: fund.name,
                tags: ['Grants'],
                reason: `Award of grant bid ${bid.reference}`,
              },
            }));
          const award = await createGrantsRepository({ db: tx }).insertAward({
            officeId: by.officeId,
            bidId: bid.id,
            roundId: round.id,
            fundId: fund.id,
            decisionId: decision.id,
            decisionReference: decision.reference,
            recipientName: recipient,
            recipientOrgId: v.recipientOrgId,
            title: bid.title || `${fund.name} grant`,
            purpose,
            conditions: v.conditions,
            reasons: v.reasons,
            amounts,
            amountPence: total,
            awardedOn: v.awardedOn,
            createdAt: now(),
          });
          const changes = {
            award: { from: null, to: `${pounds(total)} (${years})` },
            decision: { from: null, to: existing ? `${decision.reference} (a notice already in the register)` : decision.reference },
            conditions: { from: null, to: v.conditions },
            awardedOn: { from: null, to: v.awardedOn },
          };
          await history(tx as Tx, whoOf(by), 'bid', bid.id, 'awarded', changes, v.reasons);
          await history(tx as Tx, whoOf(by), 'award', award.id, 'awarded', changes, v.reasons);
          return { award, decision, linked: Boolean(existing) };
        });
      } catch (e) {
        // Two officers awarding the same bid at once: the second finds it done.
        if (isUniqueViolation(e)) throw new DomainError('grant_award.refused', `Bid ${bid.reference} has already been awarded.`);
        throw e;
      }
    },
    awardOfBid: (officeId: string, bidId: string) => repo.awardOfBid(officeId, bidId),
    declineOfBid: (officeId: string, bidId: string) => repo.declineOfBid(officeId, bidId),

    /**
     * Declines a bid by a decision, as awarding does: the notice is drafted in the register through
     * the decisions service in the same transaction. The applicant, the bid and the reasons go in the
     * notice's exempt part only: a declined bid is never published (nor on the grants register, nor in
     * the 360Giving export, which read grant_awards alone).
     */
    async decline({ by, bidId, input }: { by: Actor; bidId: string; input: unknown }) {
      const bid = await service.getBid(by.officeId, bidId);
      const v = parseInput('grant_award', declineSchema, input);
      const errors: FieldError[] = [];
      if (bid.status !== 'submitted' && bid.status !== 'ineligible')
        errors.push({ field: 'reasons', message: `Bid ${bid.reference} is ${bid.status}: only a bid that came in can be declined` });
      if (v.declinedOn > londonDate(now())) errors.push({ field: 'declinedOn', message: 'The date of the decision must be today or in the past' });
      if (errors.length) throw invalid('grant_award', errors);
      if (await repo.awardOfBid(by.officeId, bid.id))
        throw new DomainError('grant_award.refused', `Bid ${bid.reference} has been awarded: it cannot be declined.`);
      if (await repo.declineOfBid(by.officeId, bid.id)) throw new DomainError('grant_award.refused', `Bid ${bid.reference} has already been declined.`);
      const { round, fund } = await getRound(by.officeId, bid.roundId);
      const asked = pounds(bid.amounts.reduce((t, a) => t + a.pence, 0));
      try {
        return await db.transaction(async (tx) => {
          const decision = await createDecisionsService({ db: tx as unknown as Db, now }).create({
            by,
            input: {
              reference: v.reference,
              title: `A bid to the ${fund.name} declined (${round.name})`,
              summary: `Not to award a grant on a bid to the ${fund.name}, ${round.name}.`,
              decisionText: `Not to award a grant on bid ${bid.reference} to the ${fund.name}, ${round.name}. The applicant and the reasons, which were given to the applicant, are in the exempt part.`,
              fundingSource: fund.name,
              tags: ['Grants'],
              exemptText: `Applicant: ${bid.organisationName || 'not given'}. Project: ${bid.title || 'not given'}. Asked for: ${asked}.\n\nReasons: ${v.reasons}`,
              exemption: 'Information about an applicant whose bid was declined',
              exemptReason: 'A declined bid is not published: only grants made are (Specified Information Order).',
              reason: `Decline of grant bid ${bid.reference}`,
            },
          });
          const decline = await createGrantsRepository({ db: tx }).insertDecline({
            officeId: by.officeId,
            bidId: bid.id,
            roundId: round.id,
            fundId: fund.id,
            decisionId: decision.id,
            decisionReference: decision.reference,
            reasons: v.reasons,
            declinedOn: v.declinedOn,
            createdAt: now(),
          });
          await history(
            tx as Tx,
            whoOf(by),
            'bid',
            bid.id,
            'declined',
            { decision: { from: null, to: decision.reference }, declinedOn: { from: null, to: v.declinedOn } },
            v.reasons,
          );
          return { decline, decision };
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('grant_award.refused', `Bid ${bid.reference} has already been declined.`);
        throw e;
      }
    },

    // ---- After the award: payments, monitoring returns, variations, evaluation -------------------
    async getAward(officeId: string, id: string) {
      const a = await repo.award(officeId, id);
      if (!a) throw notFound('grant_award');
      return a;
    },
    /** An award with its bid, payments, returns and history: the award's page and its API answer. */
    async awardDetail(officeId: string, id: string) {
      const award = await service.getAward(officeId, id);
      const [bid, payments, returns, hist] = await Promise.all([
        service.getBid(officeId, award.bidId),
        repo.payments(officeId, award.id),
        repo.returns(officeId, award.id),
        repo.history(officeId, award.id),
      ]);
      const paid = payments.reduce((t, p) => t + (p.paidOn ? (p.paidPence ?? 0) : 0), 0);
      const scheduled = payments.reduce((t, p) => t + p.amountPence, 0);
      return { award, bid, payments, returns, history: hist, paidPence: paid, scheduledPence: scheduled, today: londonDate(now()) };
    },
    async payment(officeId: string, id: string) {
      const p = await repo.payment(officeId, id);
      if (!p) throw notFound('grant_award');
      return p;
    },
    async monitoringReturn(officeId: string, id: string) {
      const r = await repo.return_(officeId, id);
      if (!r) throw notFound('grant_award');
      return r;
    },
    /** Puts a payment on the award's schedule; the schedule never pays more than the award. */
    async schedulePayment({ by, awardId, input }: { by: Actor; awardId: string; input: unknown }) {
      const award = await service.getAward(by.officeId, awardId);
      const v = parseInput('grant_award', paymentScheduleSchema, input);
      const scheduled = (await repo.payments(by.officeId, award.id)).reduce((t, p) => t + p.amountPence, 0);
      if (v.amount <= 0) throw invalid('grant_award', [{ field: 'amount', message: 'The amount must be more than £0' }]);
      if (scheduled + v.amount > award.amountPence)
        throw invalid('grant_award', [
          {
            field: 'amount',
            message: `The award is ${pounds(award.amountPence)} and ${pounds(scheduled)} is already scheduled: at most ${pounds(award.amountPence - scheduled)} more can be`,
          },
        ]);
      return db.transaction(async (tx) => {
        const at = now();
        const p = await createGrantsRepository({ db: tx }).insertPayment({
          officeId: by.officeId,
          awardId: award.id,
          dueOn: v.dueOn,
          amountPence: v.amount,
          note: v.note,
          createdAt: at,
          updatedAt: at,
        });
        await history(tx as Tx, whoOf(by), 'award', award.id, 'payment scheduled', {
          payment: { from: null, to: `${pounds(v.amount)} due on ${v.dueOn}` },
        });
        return p;
      });
    },
    /** Records a scheduled payment as made, on a day, for its amount unless another is given. */
    async recordPayment({ by, paymentId, input }: { by: Actor; paymentId: string; input: unknown }) {
      const before = await repo.payment(by.officeId, paymentId);
      if (!before) throw notFound('grant_award');
      const v = parseInput('grant_award', paymentMadeSchema, input);
      const award = await service.getAward(by.officeId, before.awardId);
      if (before.paidOn) throw new DomainError('grant_award.refused', `This payment was already recorded as paid on ${before.paidOn}.`);
      const amount = v.amount ?? before.amountPence;
      const errors: FieldError[] = [];
      if (v.paidOn > londonDate(now())) errors.push({ field: 'paidOn', message: 'The date it was paid must be today or in the past' });
      if (v.paidOn < award.awardedOn) errors.push({ field: 'paidOn', message: `The date it was paid must be on or after the award, ${award.awardedOn}` });
      const paid = (await repo.payments(by.officeId, award.id)).reduce((t, p) => t + (p.paidOn ? (p.paidPence ?? 0) : 0), 0);
      if (amount <= 0) errors.push({ field: 'amount', message: 'The amount paid must be more than £0' });
      else if (paid + amount > award.amountPence)
        errors.push({
          field: 'amount',
          message: `The award is ${pounds(award.amountPence)} and ${pounds(paid)} is already paid: at most ${pounds(award.amountPence - paid)} more can be`,
        });
      if (errors.length) throw invalid('grant_award', errors);
      return inTx('grant_award', async (tx) => {
        const p = await createGrantsRepository({ db: tx }).updatePayment(by.officeId, before.id, v.version, {
          paidOn: v.paidOn,
          paidPence: amount,
          note: v.note || before.note,
          updatedAt: now(),
        });
        if (!p) throw new StaleVersion(before.id, v.version);
        await history(tx, whoOf(by), 'award', award.id, 'payment made', {
          payment: { from: `${pounds(before.amountPence)} due on ${before.dueOn}`, to: `${pounds(amount)} paid on ${v.paidOn}` },
        });
        return p;
      });
    },
    async addReturn({ by, awardId, input }: { by: Actor; awardId: string; input: unknown }) {
      const award = await service.getAward(by.officeId, awardId);
      const v = parseInput('grant_award', returnDueSchema, input);
      if (v.dueOn < award.awardedOn)
        throw invalid('grant_award', [{ field: 'dueOn', message: `The date the return is due must be on or after the award, ${award.awardedOn}` }]);
      return db.transaction(async (tx) => {
        const at = now();
        const r = await createGrantsRepository({ db: tx }).insertReturn({
          officeId: by.officeId,
          awardId: award.id,
          title: v.title,
          dueOn: v.dueOn,
          createdAt: at,
          updatedAt: at,
        });
        await history(tx as Tx, whoOf(by), 'award', award.id, 'return due', { return: { from: null, to: `${v.title}, due on ${v.dueOn}` } });
        return r;
      });
    },
    async receiveReturn({ by, returnId, input }: { by: Actor; returnId: string; input: unknown }) {
      const before = await repo.return_(by.officeId, returnId);
      if (!before) throw notFound('grant_award');
      const v = parseInput('grant_award', returnReceivedSchema, input);
      if (before.receivedOn) throw new DomainError('grant_award.refused', `This return was already received on ${before.receivedOn}.`);
      if (v.receivedOn > londonDate(now()))
        throw invalid('grant_award', [{ field: 'receivedOn', message: 'The date it was received must be today or in the past' }]);
      return inTx('grant_award', async (tx) => {
        const r = await createGrantsRepository({ db: tx }).updateReturn(by.officeId, before.id, v.version, {
          receivedOn: v.receivedOn,
          summary: v.summary,
          updatedAt: now(),
        });
        if (!r) throw new StaleVersion(before.id, v.version);
        await history(tx, whoOf(by), 'award', before.awardId, 'return received', {
          return: { from: `${before.title}, due on ${before.dueOn}`, to: `received on ${v.receivedOn}` },
          summary: { from: null, to: v.summary },
        });
        return r;
      });
    },
    /**
     * Varies an award (amount per year, planned dates, conditions) with the reason. A larger amount is
     * checked against the round's pot under its lock, as an award is; never below what is already paid.
     */
    async vary({ by, awardId, input }: { by: Actor; awardId: string; input: unknown }) {
      const before = await service.getAward(by.officeId, awardId);
      const v = parseInput('grant_award', variationSchema, input);
      const amounts = v.amounts.length
        ? v.amounts.map((a) => ({ year: a.year, pence: a.amount })).sort((a, b) => a.year.localeCompare(b.year))
        : before.amounts;
      const total = amounts.reduce((t, a) => t + a.pence, 0);
      const patch: Partial<AwardRow> = {
        amounts,
        amountPence: total,
        plannedStart: v.plannedStart ?? before.plannedStart,
        plannedEnd: v.plannedEnd ?? before.plannedEnd,
        conditions: v.conditions || before.conditions,
      };
      const errors: FieldError[] = [];
      if (patch.plannedStart && patch.plannedEnd && patch.plannedEnd < patch.plannedStart)
        errors.push({ field: 'plannedEnd', message: 'The planned end date must be on or after the planned start date' });
      const paid = (await repo.payments(by.officeId, before.id)).reduce((t, p) => t + (p.paidOn ? (p.paidPence ?? 0) : 0), 0);
      if (total < paid) errors.push({ field: 'amounts', message: `${pounds(paid)} is already paid: the award cannot be less than that` });
      if (total <= 0) errors.push({ field: 'amounts', message: 'The award must be more than £0' });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (total !== before.amountPence || JSON.stringify(amounts) !== JSON.stringify(before.amounts)) changes.amounts = { from: before.amounts, to: amounts };
      if (patch.plannedStart !== before.plannedStart) changes.plannedStart = { from: before.plannedStart, to: patch.plannedStart };
      if (patch.plannedEnd !== before.plannedEnd) changes.plannedEnd = { from: before.plannedEnd, to: patch.plannedEnd };
      if (patch.conditions !== before.conditions) changes.conditions = { from: before.conditions, to: patch.conditions };
      if (!errors.length && !Object.keys(changes).length)
        errors.push({ field: 'amounts', message: 'Change the amounts, the planned dates or the conditions: this variation changes nothing' });
      if (errors.length) throw invalid('grant_award', errors);
      const round = (await repo.round(by.officeId, before.roundId)) as RoundRow;
      return inTx('grant_award', async (tx) => {
        const r = createGrantsRepository({ db: tx });
        if (total > before.amountPence) {
          await r.lockRound(by.officeId, round.id);
          const others = (await r.awards(by.officeId, round.id)).filter((a) => a.id !== before.id).reduce((t, a) => t + a.amountPence, 0);
          if (others + total > round.potPence)
            throw invalid('grant_award', [
              {
                field: 'amounts',
                message: `The round’s pot is ${pounds(round.potPence)} and ${pounds(others)} is awarded to other bids: at most ${pounds(round.potPence - others)} is left for this award, less than ${pounds(total)}`,
              },
            ]);
        }
        const updated = await r.updateAward(by.officeId, before.id, v.version, { ...patch, updatedAt: now() });
        if (!updated) throw new StaleVersion(before.id, v.version);
        await history(tx, whoOf(by), 'award', before.id, 'varied', changes, v.reason);
        return updated;
      });
    },
    /** The evaluation at the end of the funded work. */
    async evaluate({ by, awardId, input }: { by: Actor; awardId: string; input: unknown }) {
      const before = await service.getAward(by.officeId, awardId);
      const v = parseInput('grant_award', evaluationSchema, input);
      if (v.evaluatedOn > londonDate(now()))
        throw invalid('grant_award', [{ field: 'evaluatedOn', message: 'The date of the evaluation must be today or in the past' }]);
      return inTx('grant_award', async (tx) => {
        const updated = await createGrantsRepository({ db: tx }).updateAward(by.officeId, before.id, v.version, {
          evaluation: v.evaluation,
          evaluatedOn: v.evaluatedOn,
          updatedAt: now(),
        });
        if (!updated) throw new StaleVersion(before.id, v.version);
        await history(tx, whoOf(by), 'award', before.id, before.evaluation ? 'evaluation changed' : 'evaluated', {
          evaluation: { from: before.evaluation, to: v.evaluation },
          evaluatedOn: { from: before.evaluatedOn, to: v.evaluatedOn },
        });
        return updated;
      });
    },
    /** Monitoring returns not received and due within `days` days from today (London), overdue first. */
    async returnsDue(officeId: string, days = 14) {
      const today = londonDate(now());
      const rows = await repo.returnsDueBy(officeId, addDays(today, days));
      return rows.map((r) => ({ ...r, overdue: r.dueOn < today }));
    },

    /**
     * Money by fund, financial year and plan priority: the pot (rounds' pots; a round's year is the
     * year it opens in), awarded (each award's amount per financial year), paid (by the year of the
     * day paid) and what is left of the pot. A priority has no pot of its own; an award counts under
     * every priority its bid names.
     */
    async totals(officeId: string) {
      const [funds, rounds, awards, paid, bids] = await Promise.all([
        repo.funds(officeId),
        repo.rounds(officeId),
        repo.awards(officeId),
        repo.paymentsMade(officeId),
        repo.prioritiesOfAwarded(officeId),
      ]);
      type Line = { key: string; potPence: number | null; awardedPence: number; paidPence: number; remainingPence: number | null };
      const line = (key: string, pot: number | null): Line => ({ key, potPence: pot, awardedPence: 0, paidPence: 0, remainingPence: pot });
      const byFund = new Map(funds.map((f) => [f.id, line(f.name, 0)]));
      const byYear = new Map<string, Line>();
      const byPriority = new Map<string, Line>();
      const year = (y: string) => byYear.get(y) ?? (byYear.set(y, line(y, 0)).get(y) as Line);
      const priority = (p: string) => byPriority.get(p) ?? (byPriority.set(p, line(p, null)).get(p) as Line);
      const all = line('All funds', 0);
      for (const r of rounds) {
        const f = byFund.get(r.fundId) as Line;
        f.potPence = (f.potPence ?? 0) + r.potPence;
        const y = year(financialYearOf(londonDate(r.opensAt)));
        y.potPence = (y.potPence ?? 0) + r.potPence;
        all.potPence = (all.potPence ?? 0) + r.potPence;
      }
      const prioritiesOf = new Map(bids.map((b) => [b.awardId, b.priorities]));
      const fundOf = new Map(awards.map((a) => [a.id, a.fundId]));
      for (const a of awards) {
        (byFund.get(a.fundId) as Line).awardedPence += a.amountPence;
        all.awardedPence += a.amountPence;
        for (const y of a.amounts) year(y.year).awardedPence += y.pence;
        for (const p of prioritiesOf.get(a.id) ?? []) priority(p).awardedPence += a.amountPence;
      }
      for (const p of paid) {
        const f = byFund.get(fundOf.get(p.awardId) as string);
        if (f) f.paidPence += p.paidPence;
        all.paidPence += p.paidPence;
        year(financialYearOf(p.paidOn)).paidPence += p.paidPence;
        for (const pr of prioritiesOf.get(p.awardId) ?? []) priority(pr).paidPence += p.paidPence;
      }
      const done = (l: Line) => ({ ...l, remainingPence: l.potPence === null ? null : l.potPence - l.awardedPence });
      return {
        all: done(all),
        byFund: [...byFund.values()].map(done),
        byYear: [...byYear.values()].sort((a, b) => a.key.localeCompare(b.key)).map(done),
        byPriority: [...byPriority.values()].sort((a, b) => a.key.localeCompare(b.key)).map(done),
      };
    },

    // ---- Settings: the office's 360Giving prefix -------------------------------------------------
    settings: (officeId: string) => repo.settings(officeId),
    async saveSettings({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('grant_settings', grantSettingsSchema, input);
      const before = await repo.settings(by.officeId);
      return db.transaction(async (tx) => {
        const r = await createGrantsRepository({ db: tx }).upsertSettings({
          officeId: by.officeId,
          givingPrefix: v.givingPrefix,
          publisherWebsite: v.publisherWebsite,
          updatedAt: now(),
        });
        await history(tx as Tx, whoOf(by), 'settings', by.officeId, before ? 'settings changed' : 'settings set', {
          givingPrefix: { from: before?.givingPrefix ?? null, to: v.givingPrefix },
          publisherWebsite: { from: before?.publisherWebsite ?? null, to: v.publisherWebsite },
        });
        return r;
      });
    },
    /** Today in London, as the export's issue date. */
    today: () => londonDate(now()),
    awards: (officeId: string, roundId?: string) => repo.awards(officeId, roundId),
    /** The grants made from a fund, newest first, each with the decision notice that made it. */
    awardsOfFund: (officeId: string, fundId: string) => repo.awardsBy(officeId, { fundId }),
    /** The grants a decision notice made (drafted by awarding, or linked to a notice already in the register). */
    awardsOfDecision: (officeId: string, decisionId: string) => repo.awardsBy(officeId, { decisionId }),
    /** The public register of grants made: awards only, with what the Order asks to publish. */
    /** The public register's rows (awards only), kept while the office's records have not changed: read them, never change them. */
    publicAwards: (officeId: string, counter?: number) => publicAwardsKept(officeId, counter, 'public-awards', () => repo.publicAwards(officeId)),

    /** The rules a bid breaks: by the version it was judged by once in, by the round's rules in force while a draft. */
    async breaches(officeId: string, bid: BidRow) {
      const { round, rules } = await getRound(officeId, bid.roundId);
      const judgedBy = bid.rulesVersion ? await service.rulesVersion(officeId, round.id, bid.rulesVersion) : rules;
      const at = bid.submittedAt ?? now();
      return checkBid(judgedBy, round, factsOf(bid), at, { lateAccepted: !!bid.lateReason || bid.status === 'draft' });
    },

    /**
     * The public starts a bid, without an account, while the round is open. The answer holds the
     * private link's secret: shown once, never stored (only its SHA-256 is).
     */
    async startBid({ officeId, roundId }: { officeId: string; roundId: string }) {
      const { round, fund } = await getRound(officeId, roundId);
      const state = stateOf(round);
      if (state === 'closed') throw new DomainError('grant_bid.refused', `Bids for this round closed at ${londonMoment(round.closesAt)}.`);
      if (state === 'not_open') throw new DomainError('grant_bid.refused', `This round opens at ${londonMoment(round.opensAt)}.`);
      const secret = randomBytes(32).toString('base64url');
      const bid = await withReference(() =>
        db.transaction(async (tx) => {
          const at = now();
          const b = await createGrantsRepository({ db: tx }).insertBid({
            officeId,
            roundId,
            reference: await nextReference(tx as Tx, officeId, fund),
            secretHash: hashSecret(secret),
            source: 'online',
            status: 'draft',
            createdAt: at,
            updatedAt: at,
          });
          await history(tx as Tx, { officeId, actorId: null, actorName: APPLICANT }, 'bid', b.id, 'started', { reference: { from: null, to: b.reference } });
          return b;
        }),
      );
      return { bid, secret };
    },

    /** The bid a private link opens; a wrong or malformed secret is the same 404 as no bid. */
    async bidBySecret(officeId: string, secret: string) {
      if (!SECRET.test(secret)) throw notFound('grant_bid');
      const b = await repo.bidBySecretHash(officeId, hashSecret(secret));
      if (!b) throw notFound('grant_bid');
      return b;
    },

    /**
     * The applicant saves a draft (`submit` false) or submits it. Submitting checks every rule of the
     * round at this moment: a problem writes nothing. A submitted bid can no longer be changed here.
     */
    async saveOnline({ officeId, secret, input, submit }: { officeId: string; secret: string; input: unknown; submit: boolean }) {
      const before = await service.bidBySecret(officeId, secret);
      if (before.status !== 'draft') throw new DomainError('grant_bid.refused', `Bid ${before.reference} has been submitted and can no longer be changed.`);
      const v = parseInput('grant_bid', bidInputSchema, input);
      const { round } = await getRound(officeId, before.roundId);
      const who = { officeId, actorId: null, actorName: APPLICANT };
      const values = bidValues(v);
      // A draft may be saved until the round closes; after that only an officer can take it in.
      if (stateOf(round) === 'closed')
        throw new DomainError('grant_bid.refused', `Bids for this round closed at ${londonMoment(round.closesAt)}. Contact the office if your bid was late.`, [
          { field: 'round', message: `Bids for this round closed at ${londonMoment(round.closesAt)}` },
        ]);
      if (!submit) return changeBid(who, before, values, 'draft saved');
      const { rules } = await getRound(officeId, before.roundId);
      const at = now();
      const errors = checkBid(rules, round, factsOf({ ...before, ...values } as BidRow), at);
      if (!values.title) errors.push({ field: 'title', message: 'Enter the project title' });
      if (!values.purpose) errors.push({ field: 'purpose', message: 'Say what the money is for' });
      if (!values.contactName) errors.push({ field: 'contactName', message: 'Enter the name of the person to contact about the bid' });
      if (!values.contactEmail) errors.push({ field: 'contactEmail', message: 'Enter the email address of the person to contact' });
      if (errors.length) throw invalid('grant_bid', errors);
      return changeBid(who, before, { ...values, status: 'submitted', submittedAt: at, rulesVersion: round.rulesVersion }, 'submitted');
    },

    /**
     * An officer enters a bid received by email, at the moment it was received. After the closing
     * moment it is taken only with the officer's recorded reason for accepting it late.
     */
    async enterBid({ by, roundId, input }: { by: Actor; roundId: string; input: unknown }) {
      const { round, fund, rules } = await getRound(by.officeId, roundId);
      const v = parseInput('grant_bid', officerBidSchema, input);
      const receivedAt = londonInstant(v.receivedOn, v.receivedTime);
      const errors: FieldError[] = [];
      if (receivedAt.getTime() > now().getTime()) errors.push({ field: 'receivedOn', message: 'The date and time received must be now or in the past' });
      const late = receivedAt.getTime() > round.closesAt.getTime();
      if (late && !v.lateReason && !v.recordIneligible)
        errors.push({
          field: 'lateReason',
          message: `The bid was received at ${londonMoment(receivedAt)}, after the round closed at ${londonMoment(round.closesAt)}. Enter why it is accepted late, or record it as ineligible.`,
        });
      const values = bidValues(v);
      const breaches = checkBid(rules, round, factsOf(values as BidRow), receivedAt, { lateAccepted: late && !!v.lateReason });
      if (!values.title) errors.push({ field: 'title', message: 'Enter the project title' });
      // A bid that breaks a rule is refused, unless the officer records it as received and ineligible.
      if (errors.length || (breaches.length && !v.recordIneligible)) throw invalid('grant_bid', [...errors, ...breaches]);
      const status = breaches.length ? ('ineligible' as const) : ('submitted' as const);
      return withReference(() =>
        db.transaction(async (tx) => {
          const at = now();
          const b = await createGrantsRepository({ db: tx }).insertBid({
            ...(values as BidRow),
            officeId: by.officeId,
            roundId,
            reference: await nextReference(tx as Tx, by.officeId, fund),
            secretHash: null,
            source: 'officer',
            status,
            submittedAt: receivedAt,
            rulesVersion: round.rulesVersion,
            lateReason: late && v.lateReason ? v.lateReason : null,
            createdAt: at,
            updatedAt: at,
          });
          await history(
            tx as Tx,
            whoOf(by),
            'bid',
            b.id,
            status === 'ineligible' ? 'recorded as ineligible' : 'entered by an officer',
            diffFields(BID_FIELDS, null, b),
            late && v.lateReason ? v.lateReason : 'Received by email',
          );
          return b;
        }),
      );
    },

    /** An officer takes in a draft its applicant could not submit before the round closed, with the reason. */
    async acceptLate({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const before = await service.getBid(by.officeId, id);
      const v = parseInput('grant_bid', acceptLateSchema, input);
      const { round, rules } = await getRound(by.officeId, before.roundId);
      if (before.status !== 'draft') throw new DomainError('grant_bid.refused', `Bid ${before.reference} is ${before.status}, not a draft.`);
      if (stateOf(round) !== 'closed')
        throw new DomainError('grant_bid.refused', `The round is still open until ${londonMoment(round.closesAt)}: the applicant can submit the bid.`);
      const at = now();
      const errors = checkBid(rules, round, factsOf(before), at, { lateAccepted: true });
      if (errors.length)
        throw new DomainError(
          'grant_bid.refused',
          `Bid ${before.reference} breaks the round’s rules, so it cannot be accepted: ${errors.map((e) => e.message).join(' ')}`,
          [{ field: 'reason', message: `The bid breaks the round’s rules: ${errors[0].message}` }],
        );
      return changeBid(
        whoOf(by),
        before,
        { status: 'submitted', submittedAt: at, rulesVersion: round.rulesVersion, lateReason: v.reason },
        'accepted late',
        v.reason,
      );
    },
  };
  return service;
}
export type GrantsService = ReturnType<typeof createGrantsService>;

/** What the moderation table needs of a bid: nothing more is read for 2,000 of them. */
export type ModerationBid = Pick<BidRow, 'id' | 'reference' | 'organisationName' | 'amounts' | 'recommendation' | 'status'>;

export type ModerationRow = {
  bid: ModerationBid;
  rank: number;
  /** Mean weighted score as a percentage of the most possible, to one decimal; null before any score. */
  percent: number | null;
  assessors: number;
  asked: number;
  runningTotal: number;
  withinPot: boolean;
  runningByYear: Record<string, number>;
};

/** Each bid's sum over its assessors (conflicted ones left out) of their weighted totals, and how many assessors that is. */
export type BidTotals = Map<string, { sum: number; assessors: number }>;

/**
 * The moderation table, pure, from each bid's totals (what the database sums in one query: see
 * moderation): submitted bids ranked by mean weighted score, with running totals against the pot.
 */
export function rankBids(round: Pick<RoundRow, 'potPence'>, rules: Rules, bids: ModerationBid[], totals: BidTotals) {
  const most = 5 * rules.criteria.reduce((s, c) => s + c.weight, 0);
  const scored = bids
    .filter((b) => b.status === 'submitted')
    .map((bid) => {
      const t = totals.get(bid.id);
      const percent = t?.assessors && most ? Math.round((t.sum / t.assessors / most) * 1000) / 10 : null;
      return { bid, percent, assessors: t?.assessors ?? 0, asked: bid.amounts.reduce((s, a) => s + a.pence, 0) };
    })
    .sort((a, b) => (b.percent ?? -1) - (a.percent ?? -1) || a.bid.reference.localeCompare(b.bid.reference));
  let running = 0;
  const byYear: Record<string, number> = {};
  const rows: ModerationRow[] = scored.map((r, i) => {
    running += r.asked;
    for (const a of r.bid.amounts) byYear[a.year] = (byYear[a.year] ?? 0) + a.pence;
    return { ...r, rank: i + 1, runningTotal: running, withinPot: running <= round.potPence, runningByYear: { ...byYear } };
  });
  return { rows, potPence: round.potPence, years: Object.keys(byYear).sort() };
}

/** The same from the individual scores and conflicts: the rule in a form a test can state by hand. */
export function moderationTable(
  round: Pick<RoundRow, 'potPence'>,
  rules: Rules,
  bids: ModerationBid[],
  scores: { bidId: string; userId: string; criterion: string; score: number }[],
  conflicts: { bidId: string; userId: string }[],
): { rows: ModerationRow[]; potPence: number; years: string[] } {
  const weight = new Map(rules.criteria.map((c) => [c.name, c.weight]));
  const conflicted = new Set(conflicts.map((c) => `${c.bidId} ${c.userId}`));
  const sums = new Map<string, Map<string, number>>();
  for (const s of scores) {
    if (conflicted.has(`${s.bidId} ${s.userId}`)) continue;
    let byUser = sums.get(s.bidId);
    if (!byUser) {
      byUser = new Map();
      sums.set(s.bidId, byUser);
    }
    byUser.set(s.userId, (byUser.get(s.userId) ?? 0) + s.score * (weight.get(s.criterion) ?? 0));
  }
  const totals: BidTotals = new Map(
    [...sums].map(([bidId, byUser]) => [bidId, { sum: [...byUser.values()].reduce((a, b) => a + b, 0), assessors: byUser.size }]),
  );
  return rankBids(round, rules, bids, totals);
}
