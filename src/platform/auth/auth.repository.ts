import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { apiTokens, auditLog, offices, type Role, sessions, users } from './auth.table.js';

export function createAuthRepository({ db }: { db: DbOrTx }) {
  return {
    async insertOffice(v: typeof offices.$inferInsert) {
      const [row] = await db.insert(offices).values(v).returning();
      return row;
    },
    async officeBySlug(slug: string) {
      const [row] = await db.select().from(offices).where(eq(offices.slug, slug));
      return row;
    },
    async officeById(id: string) {
      const [row] = await db.select().from(offices).where(eq(offices.id, id));
      return row;
    },
    listOffices() {
      return db.select().from(offices).orderBy(offices.name);
    },
    async insertUser(v: typeof users.$inferInsert) {
      const [row] = await db.insert(users).values(v).returning();
      return row;
    },
    async userByEmail(email: string) {
      const [row] = await db
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = lower(${email})`);
      return row;
    },
    async userInOffice(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.officeId, officeId), eq(users.id, id)));
      return row;
    },
    listUsers(officeId: string) {
      return db.select().from(users).where(eq(users.officeId, officeId)).orderBy(users.name);
    },
    async updateUser(officeId: string, id: string, v: Partial<{ role: Role; disabled: boolean; name: string; passwordHash: string }>) {
      const [row] = await db
        .update(users)
        .set(v)
        .where(and(eq(users.officeId, officeId), eq(users.id, id)))
        .returning();
      return row;
    },
    async insertSession(v: typeof sessions.$inferInsert) {
      await db.insert(sessions).values(v);
    },
    async sessionWithUser(idHash: string) {
      const [row] = await db
        .select({ session: sessions, user: users, office: offices })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .innerJoin(offices, eq(offices.id, sessions.officeId))
        .where(and(eq(sessions.idHash, idHash), isNull(sessions.endedAt)));
      return row;
    },
    async touchSession(idHash: string, at: Date) {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, idHash));
    },
    async endSession(idHash: string, at: Date) {
      await db.update(sessions).set({ endedAt: at }).where(eq(sessions.idHash, idHash));
    },
    async endUserSessions(userId: string, at: Date) {
      await db
        .update(sessions)
        .set({ endedAt: at })
        .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)));
    },
    async insertToken(v: typeof apiTokens.$inferInsert) {
      const [row] = await db.insert(apiTokens).values(v).returning();
      return row;
    },
    async tokenByHash(tokenHash: string) {
      const [row] = await db
        .select({ token: apiTokens, user: users, office: offices })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .innerJoin(offices, eq(offices.id, apiTokens.officeId))
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
      return row;
    },
    listTokens(officeId: string) {
      return db
        .select({
          id: apiTokens.id,
          name: apiTokens.name,
          role: apiTokens.role,
          createdAt: apiTokens.createdAt,
          lastUsedAt: apiTokens.lastUsedAt,
          revokedAt: apiTokens.revokedAt,
          userName: users.name,
        })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(eq(apiTokens.officeId, officeId))
        .orderBy(apiTokens.createdAt);
    },
    async revokeToken(officeId: string, id: string, at: Date) {
      const [row] = await db
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(eq(apiTokens.officeId, officeId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning();
      return row;
    },
    async touchToken(id: string, at: Date) {
      // Requests of one token arriving together: only the first of the minute writes.
      await db
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(and(eq(apiTokens.id, id), sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} <= ${new Date(at.getTime() - 60_000).toISOString()}::timestamptz)`));
    },
    async audit(v: typeof auditLog.$inferInsert) {
      await db.insert(auditLog).values(v);
    },
    listAudit(officeId: string, entity: string, entityId: string) {
      return db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.officeId, officeId), eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
        .orderBy(auditLog.recordedAt);
    },
  };
}
export type AuthRepository = ReturnType<typeof createAuthRepository>;
