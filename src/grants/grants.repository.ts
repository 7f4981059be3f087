import { and, asc, count, desc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import {
  grantAssessors,
  grantAwards,
  grantBids,
  grantDeclines,
  grantPayments,
  grantReturns,
  grantSettings,
  grantDeclarations,
  grantFunds,
  grantHistory,
  grantRoundRules,
  grantRounds,
  grantScores,
} from './grants.table.js';

export type FundRow = typeof grantFunds.$inferSelect;
export type RoundRow = typeof grantRounds.$inferSelect;
export type BidRow = typeof grantBids.$inferSelect;
export type GrantHistoryRow = typeof grantHistory.$inferSelect;
export type AwardRow = typeof grantAwards.$inferSelect;
export type DeclineRow = typeof grantDeclines.$inferSelect;
export type PaymentRow = typeof grantPayments.$inferSelect;
export type ReturnRow = typeof grantReturns.$inferSelect;
export type SettingsRow = typeof grantSettings.$inferSelect;

/**
 * What the public may see of an award, column by column: never the bid's contact details, nor
 * anything of a bid that was not awarded (every public reader starts from grant_awards).
 */
const publicAwardColumns = {
  id: grantAwards.id,
  decisionReference: grantAwards.decisionReference,
  recipientName: grantAwards.recipientName,
  recipientOrgId: grantAwards.recipientOrgId,
  title: grantAwards.title,
  purpose: grantAwards.purpose,
  conditions: grantAwards.conditions,
  reasons: grantAwards.reasons,
  amounts: grantAwards.amounts,
  amountPence: grantAwards.amountPence,
  awardedOn: grantAwards.awardedOn,
  plannedStart: grantAwards.plannedStart,
  plannedEnd: grantAwards.plannedEnd,
  fundName: grantFunds.name,
  fundCode: grantFunds.code,
  roundName: grantRounds.name,
  // What the recipient asked for, year by year (360Giving's Amount Applied For); nothing else of the bid.
  appliedFor: grantBids.amounts,
};
export type PublicAward = {
  [K in keyof typeof publicAwardColumns]:
    | (typeof publicAwardColumns)[K]['_']['data']
    | ((typeof publicAwardColumns)[K]['_']['notNull'] extends true ? never : null);
};

export function createGrantsRepository({ db }: { db: DbOrTx }) {
  return {
    async funds(officeId: string) {
      return db.select().from(grantFunds).where(eq(grantFunds.officeId, officeId)).orderBy(asc(grantFunds.name));
    },
    async fund(officeId: string, id: string): Promise<FundRow | undefined> {
      const [r] = await db
        .select()
        .from(grantFunds)
        .where(and(eq(grantFunds.officeId, officeId), eq(grantFunds.id, id)));
      return r;
    },
    async fundByCode(officeId: string, code: string): Promise<FundRow | undefined> {
      const [r] = await db
        .select()
        .from(grantFunds)
        .where(and(eq(grantFunds.officeId, officeId), sql`lower(${grantFunds.code}) = lower(${code})`));
      return r;
    },
    async insertFund(v: typeof grantFunds.$inferInsert) {
      const [r] = await db.insert(grantFunds).values(v).returning();
      return r;
    },
    async rounds(officeId: string, fundId?: string) {
      const where = fundId ? and(eq(grantRounds.officeId, officeId), eq(grantRounds.fundId, fundId)) : eq(grantRounds.officeId, officeId);
      return db.select().from(grantRounds).where(where).orderBy(asc(grantRounds.opensAt));
    },
    async round(officeId: string, id: string): Promise<RoundRow | undefined> {
      const [r] = await db
        .select()
        .from(grantRounds)
        .where(and(eq(grantRounds.officeId, officeId), eq(grantRounds.id, id)));
      return r;
    },
    async insertRound(v: typeof grantRounds.$inferInsert) {
      const [r] = await db.insert(grantRounds).values(v).returning();
      return r;
    },
    updateRound: (officeId: string, id: string, version: number, values: Partial<RoundRow>) =>
      updateVersioned(db, grantRounds, and(eq(grantRounds.officeId, officeId), eq(grantRounds.id, id)), version, values),
    async rules(roundId: string, rulesVersion: number) {
      const [r] = await db
        .select()
        .from(grantRoundRules)
        .where(and(eq(grantRoundRules.roundId, roundId), eq(grantRoundRules.rulesVersion, rulesVersion)));
      return r;
    },
    async insertRules(v: typeof grantRoundRules.$inferInsert) {
      await db.insert(grantRoundRules).values(v);
    },
    async bids(officeId: string, roundId: string) {
      return db
        .select()
        .from(grantBids)
        .where(and(eq(grantBids.officeId, officeId), eq(grantBids.roundId, roundId)))
        .orderBy(asc(grantBids.reference));
    },
    async bidCounts(officeId: string) {
      const rows = await db
        .select({ roundId: grantBids.roundId, status: grantBids.status, n: count() })
        .from(grantBids)
        .where(eq(grantBids.officeId, officeId))
        .groupBy(grantBids.roundId, grantBids.status);
      return rows;
    },
    async bid(officeId: string, id: string): Promise<BidRow | undefined> {
      const [r] = await db
        .select()
        .from(grantBids)
        .where(and(eq(grantBids.officeId, officeId), eq(grantBids.id, id)));
      return r;
    },
    async bidBySecretHash(officeId: string, hash: string): Promise<BidRow | undefined> {
      const [r] = await db
        .select()
        .from(grantBids)
        .where(and(eq(grantBids.officeId, officeId), eq(grantBids.secretHash, hash)));
      return r;
    },
    /** How many bids the office has under a fund's code: the next reference's number. */
    async bidsOfFund(officeId: string, fundId: string) {
      const [r] = await db
        .select({ n: count() })
        .from(grantBids)
        .innerJoin(grantRounds, eq(grantRounds.id, grantBids.roundId))
        .where(and(eq(grantBids.officeId, officeId), eq(grantRounds.fundId, fundId)));
      return r?.n ?? 0;
    },
    async insertBid(v: typeof grantBids.$inferInsert) {
      const [r] = await db.insert(grantBids).values(v).returning();
      return r;
    },
    updateBid: (officeId: string, id: string, version: number, values: Partial<BidRow>) =>
      updateVersioned(db, grantBids, and(eq(grantBids.officeId, officeId), eq(grantBids.id, id)), version, values),
    async insertAward(v: typeof grantAwards.$inferInsert) {
      const [r] = await db.insert(grantAwards).values(v).returning();
      return r;
    },
    /** Holds the round's row until the transaction ends: two awards against one pot are checked one after the other. */
    async lockRound(officeId: string, id: string) {
      await db
        .select({ id: grantRounds.id })
        .from(grantRounds)
        .where(and(eq(grantRounds.officeId, officeId), eq(grantRounds.id, id)))
        .for('update');
    },
    async awardOfBid(officeId: string, bidId: string): Promise<AwardRow | undefined> {
      const [r] = await db
        .select()
        .from(grantAwards)
        .where(and(eq(grantAwards.officeId, officeId), eq(grantAwards.bidId, bidId)));
      return r;
    },
    async awards(officeId: string, roundId?: string): Promise<AwardRow[]> {
      const where = roundId ? and(eq(grantAwards.officeId, officeId), eq(grantAwards.roundId, roundId)) : eq(grantAwards.officeId, officeId);
      return db.select().from(grantAwards).where(where).orderBy(desc(grantAwards.awardedOn), asc(grantAwards.decisionReference));
    },
    /** The public register's rows: the office's awards, newest first, with their fund and round. */
    async publicAwards(officeId: string): Promise<PublicAward[]> {
      return db
        .select(publicAwardColumns)
        .from(grantAwards)
        .innerJoin(grantFunds, eq(grantFunds.id, grantAwards.fundId))
        .innerJoin(grantRounds, eq(grantRounds.id, grantAwards.roundId))
        .innerJoin(grantBids, eq(grantBids.id, grantAwards.bidId))
        .where(eq(grantAwards.officeId, officeId))
        .orderBy(desc(grantAwards.awardedOn), asc(grantAwards.decisionReference));
    },
    async award(officeId: string, id: string): Promise<AwardRow | undefined> {
      const [r] = await db
        .select()
        .from(grantAwards)
        .where(and(eq(grantAwards.officeId, officeId), eq(grantAwards.id, id)));
      return r;
    },
    updateAward: (officeId: string, id: string, version: number, values: Partial<AwardRow>) =>
      updateVersioned(db, grantAwards, and(eq(grantAwards.officeId, officeId), eq(grantAwards.id, id)), version, values),
    async insertDecline(v: typeof grantDeclines.$inferInsert) {
      const [r] = await db.insert(grantDeclines).values(v).returning();
      return r;
    },
    async declineOfBid(officeId: string, bidId: string): Promise<DeclineRow | undefined> {
      const [r] = await db
        .select()
        .from(grantDeclines)
        .where(and(eq(grantDeclines.officeId, officeId), eq(grantDeclines.bidId, bidId)));
      return r;
    },
    payments: (officeId: string, awardId: string) =>
      db
        .select()
        .from(grantPayments)
        .where(and(eq(grantPayments.officeId, officeId), eq(grantPayments.awardId, awardId)))
        .orderBy(asc(grantPayments.dueOn), asc(grantPayments.createdAt)),
    async payment(officeId: string, id: string): Promise<PaymentRow | undefined> {
      const [r] = await db
        .select()
        .from(grantPayments)
        .where(and(eq(grantPayments.officeId, officeId), eq(grantPayments.id, id)));
      return r;
    },
    async insertPayment(v: typeof grantPayments.$inferInsert) {
      const [r] = await db.insert(grantPayments).values(v).returning();
      return r;
    },
    updatePayment: (officeId: string, id: string, version: number, values: Partial<PaymentRow>) =>
      updateVersioned(db, grantPayments, and(eq(grantPayments.officeId, officeId), eq(grantPayments.id, id)), version, values),
    returns: (officeId: string, awardId: string) =>
      db
        .select()
        .from(grantReturns)
        .where(and(eq(grantReturns.officeId, officeId), eq(grantReturns.awardId, awardId)))
        .orderBy(asc(grantReturns.dueOn), asc(grantReturns.createdAt)),
    async return_(officeId: string, id: string): Promise<ReturnRow | undefined> {
      const [r] = await db
        .select()
        .from(grantReturns)
        .where(and(eq(grantReturns.officeId, officeId), eq(grantReturns.id, id)));
      return r;
    },
    async insertReturn(v: typeof grantReturns.$inferInsert) {
      const [r] = await db.insert(grantReturns).values(v).returning();
      return r;
    },
    updateReturn: (officeId: string, id: string, version: number, values: Partial<ReturnRow>) =>
      updateVersioned(db, grantReturns, and(eq(grantReturns.officeId, officeId), eq(grantReturns.id, id)), version, values),
    /** Returns not yet received and due on or before a day, oldest first, with their award's recipient and decision. */
    returnsDueBy: (officeId: string, day: string) =>
      db
        .select({
          id: grantReturns.id,
          awardId: grantReturns.awardId,
          title: grantReturns.title,
          dueOn: grantReturns.dueOn,
          recipientName: grantAwards.recipientName,
          decisionReference: grantAwards.decisionReference,
          bidId: grantAwards.bidId,
        })
        .from(grantReturns)
        .innerJoin(grantAwards, eq(grantAwards.id, grantReturns.awardId))
        .where(and(eq(grantReturns.officeId, officeId), isNull(grantReturns.receivedOn), lte(grantReturns.dueOn, day)))
        .orderBy(asc(grantReturns.dueOn)),
    /** Money paid per award of the office, in pence. */
    paidByAward: (officeId: string) =>
      db
        .select({ awardId: grantPayments.awardId, paid: sql<number>`coalesce(sum(${grantPayments.paidPence}), 0)::bigint`.mapWith(Number) })
        .from(grantPayments)
        .where(and(eq(grantPayments.officeId, officeId), isNotNull(grantPayments.paidOn)))
        .groupBy(grantPayments.awardId),
    /** Every payment made of the office's awards: the award, the day and the amount. */
    paymentsMade: async (officeId: string) =>
      (
        await db
          .select({ awardId: grantPayments.awardId, paidOn: grantPayments.paidOn, paidPence: grantPayments.paidPence })
          .from(grantPayments)
          .where(and(eq(grantPayments.officeId, officeId), isNotNull(grantPayments.paidOn)))
      ).map((p) => ({ awardId: p.awardId, paidOn: p.paidOn as string, paidPence: p.paidPence ?? 0 })),
    /** The plan priorities each awarded bid named. */
    prioritiesOfAwarded: (officeId: string) =>
      db
        .select({ awardId: grantAwards.id, priorities: grantBids.priorities })
        .from(grantAwards)
        .innerJoin(grantBids, eq(grantBids.id, grantAwards.bidId))
        .where(eq(grantAwards.officeId, officeId)),
    settings: async (officeId: string): Promise<SettingsRow | undefined> => {
      const [r] = await db.select().from(grantSettings).where(eq(grantSettings.officeId, officeId));
      return r;
    },
    async upsertSettings(v: typeof grantSettings.$inferInsert) {
      const [r] = await db
        .insert(grantSettings)
        .values(v)
        .onConflictDoUpdate({
          target: grantSettings.officeId,
          set: { givingPrefix: v.givingPrefix, publisherWebsite: v.publisherWebsite, updatedAt: v.updatedAt, version: sql`${grantSettings.version} + 1` },
        })
        .returning();
      return r;
    },
    async insertHistory(v: typeof grantHistory.$inferInsert) {
      await db.insert(grantHistory).values(v);
    },
    async history(officeId: string, entityId: string) {
      return db
        .select()
        .from(grantHistory)
        .where(and(eq(grantHistory.officeId, officeId), eq(grantHistory.entityId, entityId)))
        .orderBy(desc(grantHistory.id));
    },
  };
}

export type AssessorRow = typeof grantAssessors.$inferSelect;
export type DeclarationRow = typeof grantDeclarations.$inferSelect;
export type ScoreRow = typeof grantScores.$inferSelect;

/** Assessors, declarations and scores. */
export function createAssessmentRepository({ db }: { db: DbOrTx }) {
  return {
    assessors: (officeId: string, roundId: string) =>
      db
        .select()
        .from(grantAssessors)
        .where(and(eq(grantAssessors.officeId, officeId), eq(grantAssessors.roundId, roundId)))
        .orderBy(asc(grantAssessors.userName)),
    async isAssessor(roundId: string, userId: string) {
      const [r] = await db
        .select({ u: grantAssessors.userId })
        .from(grantAssessors)
        .where(and(eq(grantAssessors.roundId, roundId), eq(grantAssessors.userId, userId)));
      return !!r;
    },
    async assign(v: typeof grantAssessors.$inferInsert) {
      await db.insert(grantAssessors).values(v).onConflictDoNothing();
    },
    async declaration(bidId: string, userId: string): Promise<DeclarationRow | undefined> {
      const [r] = await db
        .select()
        .from(grantDeclarations)
        .where(and(eq(grantDeclarations.bidId, bidId), eq(grantDeclarations.userId, userId)));
      return r;
    },
    async declare(v: typeof grantDeclarations.$inferInsert) {
      await db.insert(grantDeclarations).values(v);
    },
    /** Every conflicted declaration of a round's bids: whose scores the moderation leaves out. */
    conflictsOfRound: (officeId: string, roundId: string) =>
      db
        .select({ bidId: grantDeclarations.bidId, userId: grantDeclarations.userId })
        .from(grantDeclarations)
        .innerJoin(grantBids, eq(grantBids.id, grantDeclarations.bidId))
        .where(and(eq(grantDeclarations.officeId, officeId), eq(grantBids.roundId, roundId), eq(grantDeclarations.conflicted, true))),
    scoresOf: (bidId: string, userId: string) =>
      db
        .select()
        .from(grantScores)
        .where(and(eq(grantScores.bidId, bidId), eq(grantScores.userId, userId))),
    async replaceScores(bidId: string, userId: string, rows: (typeof grantScores.$inferInsert)[]) {
      await db.delete(grantScores).where(and(eq(grantScores.bidId, bidId), eq(grantScores.userId, userId)));
      if (rows.length) await db.insert(grantScores).values(rows);
    },
    scoresOfRound: (officeId: string, roundId: string) =>
      db
        .select({ bidId: grantScores.bidId, userId: grantScores.userId, criterion: grantScores.criterion, score: grantScores.score })
        .from(grantScores)
        .innerJoin(grantBids, eq(grantBids.id, grantScores.bidId))
        .where(and(eq(grantScores.officeId, officeId), eq(grantBids.roundId, roundId))),
  };
}
