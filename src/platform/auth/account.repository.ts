import { and, desc, eq, gte, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { offices, recoveryCodes, type SecurityEventKind, securityEvents, sessions, users } from './auth.table.js';

export type SecurityEventFilter = { kind?: SecurityEventKind; userId?: string; from?: Date; to?: Date; limit: number };

/** A person's own account: second factor, recovery codes, sessions; and the office's security log. */
export function createAccountRepository({ db }: { db: DbOrTx }) {
  return {
    async userById(id: string) {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row;
    },
    async setUser(id: string, v: Partial<typeof users.$inferInsert>) {
      const [row] = await db.update(users).set(v).where(eq(users.id, id)).returning();
      return row;
    },
    /**
     * Records that a TOTP code of this time step was used, if no code of this step or a later one
     * was: false means the code was replayed (or raced by another request with it).
     */
    async claimTotpStep(userId: string, step: number) {
      const rows = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
        .returning({ id: users.id });
      return rows.length === 1;
    },
    async replaceRecoveryCodes(userId: string, hashes: string[]) {
      await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      if (hashes.length) await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
    },
    /** A person's unused recovery codes (their hashes), to check one typed against. */
    unusedRecoveryCodes(userId: string) {
      return db
        .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
    },
    /** Marks a recovery code used, once: false when another request used it first. */
    async useRecoveryCode(id: string, at: Date) {
      const rows = await db
        .update(recoveryCodes)
        .set({ usedAt: at })
        .where(and(eq(recoveryCodes.id, id), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id });
      return rows.length === 1;
    },
    async recoveryCodesLeft(userId: string) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      return row.n;
    },
    async sessionByHash(idHash: string) {
      const [row] = await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.idHash, idHash), isNull(sessions.endedAt)));
      return row;
    },
    async setSession(idHash: string, v: Partial<typeof sessions.$inferInsert>) {
      await db.update(sessions).set(v).where(eq(sessions.idHash, idHash));
    },
    /** A person's sessions not ended and not past the idle or absolute time-out, newest first. */
    liveSessions(userId: string, { idleSince, createdSince }: { idleSince: Date; createdSince: Date }) {
      return db
        .select({
          ref: sessions.ref,
          idHash: sessions.idHash,
          createdAt: sessions.createdAt,
          lastSeenAt: sessions.lastSeenAt,
          address: sessions.address,
          userAgent: sessions.userAgent,
          pending: sessions.pending,
        })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt), gte(sessions.lastSeenAt, idleSince), gte(sessions.createdAt, createdSince)))
        .orderBy(desc(sessions.lastSeenAt));
    },
    /** Ends one of a person's sessions by its reference; false when it is not theirs or already ended. */
    async endSessionByRef(userId: string, ref: string, at: Date) {
      const rows = await db
        .update(sessions)
        .set({ endedAt: at })
        .where(and(eq(sessions.userId, userId), eq(sessions.ref, ref), isNull(sessions.endedAt)))
        .returning({ ref: sessions.ref });
      return rows.length === 1;
    },
    /** Ends every session of a person but one; returns how many ended. */
    async endOtherSessions(userId: string, keepIdHash: string, at: Date) {
      const rows = await db
        .update(sessions)
        .set({ endedAt: at })
        .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt), sql`${sessions.idHash} <> ${keepIdHash}`))
        .returning({ ref: sessions.ref });
      return rows.length;
    },
    async setOffice(id: string, v: Partial<typeof offices.$inferInsert>) {
      const [row] = await db.update(offices).set(v).where(eq(offices.id, id)).returning();
      return row;
    },
    async insertEvent(v: typeof securityEvents.$inferInsert) {
      await db.insert(securityEvents).values(v);
    },
    /** An office's security events, newest first, filtered; with the name of the person each is about. */
    listEvents(officeId: string, f: SecurityEventFilter) {
      const where: SQL[] = [eq(securityEvents.officeId, officeId)];
      if (f.kind) where.push(eq(securityEvents.kind, f.kind));
      if (f.userId) where.push(eq(securityEvents.userId, f.userId));
      if (f.from) where.push(gte(securityEvents.at, f.from));
      if (f.to) where.push(lte(securityEvents.at, f.to));
      return db
        .select({
          id: securityEvents.id,
          kind: securityEvents.kind,
          at: securityEvents.at,
          address: securityEvents.address,
          userAgent: securityEvents.userAgent,
          actorName: securityEvents.actorName,
          detail: securityEvents.detail,
          userId: securityEvents.userId,
          userName: users.name,
          userEmail: users.email,
        })
        .from(securityEvents)
        .leftJoin(users, eq(users.id, securityEvents.userId))
        .where(and(...where))
        .orderBy(desc(securityEvents.at), desc(securityEvents.id))
        .limit(f.limit);
    },
  };
}
