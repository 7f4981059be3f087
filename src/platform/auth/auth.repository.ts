import { and, asc, desc, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { type DbOrTx, prepared } from '../db/client.js';
import { apiTokens, auditLog, offices, type Role, serverSecrets, sessions, signInFailures, users } from './auth.table.js';

/**
 * A session with its person and office, the query of every signed-in request (issue 19: prepared once;
 * the office's change counter comes with it, the key of the kept pages). On a PGlite folder its answer
 * is kept until the next statement that may write (sign-out, a revoked session, a disabled person, a
 * touch of last-seen, any change to the office's records), so a request that only reads asks nothing
 * of the database.
 */
const sessionLookup = prepared(
  'pcp_session_lookup',
  (db) =>
    db
      .select({
        session: {
          csrfSecret: sessions.csrfSecret,
          createdAt: sessions.createdAt,
          lastSeenAt: sessions.lastSeenAt,
          pending: sessions.pending,
        },
        user: { id: users.id, name: users.name, email: users.email, role: users.role, disabled: users.disabled },
        office: { id: offices.id, slug: offices.slug, name: offices.name, area: offices.area, changeCounter: offices.changeCounter },
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(offices, eq(offices.id, sessions.officeId))
      .where(and(eq(sessions.idHash, sql.placeholder('idHash')), isNull(sessions.endedAt))),
  { keptUntilWrite: true },
);
/** An API token with its person and office, the query of every API call (prepared once). */
const tokenLookup = prepared('pcp_token_lookup', (db) =>
  db
    .select({
      token: { id: apiTokens.id, role: apiTokens.role, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt },
      user: { id: users.id, name: users.name, role: users.role, disabled: users.disabled },
      office: { id: offices.id },
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(offices, eq(offices.id, apiTokens.officeId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), isNull(apiTokens.revokedAt))),
);
/** An office as its public pages show it, with its change counter, by its address (the public pages' kept copies; kept until a write, as the session). */
const officeCounterLookup = prepared(
  'pcp_office_counter',
  (db) =>
    db
      .select({ id: offices.id, slug: offices.slug, name: offices.name, changeCounter: offices.changeCounter })
      .from(offices)
      .where(eq(offices.slug, sql.placeholder('slug'))),
  { keptUntilWrite: true },
);

export function createAuthRepository({ db }: { db: DbOrTx }) {
  return {
    async officeCounterBySlug(slug: string): Promise<{ id: string; slug: string; name: string; changeCounter: number } | undefined> {
      const [row] = await officeCounterLookup(db, { slug });
      return row;
    },
    /** The secret called `name`: the one stored, or `value` stored now if there was none (the first of several instances wins). */
    async ensureSecret(name: string, value: string) {
      await db.insert(serverSecrets).values({ name, value }).onConflictDoNothing();
      const [row] = await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name));
      return row.value;
    },
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
    /** The accounts with this address, oldest first: one per office at most. */
    usersByEmail(email: string) {
      return db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).orderBy(users.createdAt, users.id);
    },
    async userByEmailInOffice(officeId: string, email: string) {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.officeId, officeId), sql`lower(${users.email}) = lower(${email})`));
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
      const [row] = await sessionLookup(db, { idHash });
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
      const [row] = await tokenLookup(db, { tokenHash });
      return row;
    },
    /** Tokens of an office, or of one person in it; newest first, without their secrets. */
    listTokens(officeId: string, userId?: string) {
      const parent = sql<string | null>`(select p.name from ${apiTokens} p where p.id = ${apiTokens.parentId})`;
      return db
        .select({
          id: apiTokens.id,
          name: apiTokens.name,
          role: apiTokens.role,
          createdAt: apiTokens.createdAt,
          expiresAt: apiTokens.expiresAt,
          lastUsedAt: apiTokens.lastUsedAt,
          revokedAt: apiTokens.revokedAt,
          parentId: apiTokens.parentId,
          parentName: parent,
          userId: apiTokens.userId,
          userName: users.name,
        })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(userId ? and(eq(apiTokens.officeId, officeId), eq(apiTokens.userId, userId)) : eq(apiTokens.officeId, officeId))
        .orderBy(desc(apiTokens.createdAt), asc(apiTokens.name));
    },
    async tokenInOffice(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.officeId, officeId), eq(apiTokens.id, id)));
      return row;
    },
    /** Revokes a token and every token made from it, however deep; returns those it revoked. */
    async revokeTokenTree(officeId: string, id: string, at: Date) {
      const tree = sql`with recursive tree(id) as (
          select ${apiTokens.id} from ${apiTokens} where ${apiTokens.id} = ${id} and ${apiTokens.officeId} = ${officeId}
          union select t.id from ${apiTokens} t join tree on t.parent_id = tree.id
        ) select id from tree`;
      return db
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(sql`${apiTokens.id} in (${tree})`, isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id, name: apiTokens.name });
    },
    async touchToken(id: string, at: Date) {
      // Requests of one token arriving together: only the first of the minute writes.
      await db
        .update(apiTokens)
        .set({ lastUsedAt: at })
        .where(
          and(
            eq(apiTokens.id, id),
            sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} <= ${new Date(at.getTime() - 60_000).toISOString()}::timestamptz)`,
          ),
        );
    },

    // ---- the sign-in throttle ----
    async insertSignInFailure(v: typeof signInFailures.$inferInsert) {
      const [row] = await db.insert(signInFailures).values(v).returning({ id: signInFailures.id });
      return row.id;
    },
    async deleteSignInFailure(id: string) {
      await db.delete(signInFailures).where(eq(signInFailures.id, id));
    },
    async forgetSignInFailuresBefore(at: Date) {
      await db.delete(signInFailures).where(lte(signInFailures.at, at));
    },
    /** Failures since `since` of the account, of the account from the address, and of the address. */
    async countSignInFailures({ accountKey, address, since }: { accountKey: string; address: string; since: Date }) {
      const [row] = await db
        .select({
          account: sql<number>`count(*) filter (where ${signInFailures.accountKey} = ${accountKey})`.mapWith(Number),
          pair: sql<number>`count(*) filter (where ${signInFailures.accountKey} = ${accountKey} and ${signInFailures.address} = ${address})`.mapWith(Number),
          address: sql<number>`count(*) filter (where ${signInFailures.address} = ${address})`.mapWith(Number),
        })
        .from(signInFailures)
        .where(and(gt(signInFailures.at, since), or(eq(signInFailures.accountKey, accountKey), eq(signInFailures.address, address))));
      return row;
    },
    /** The time of the n-th oldest failure (0-based) since `since` matching the keys given, leaving one row out. */
    async nthSignInFailureAt({ accountKey, address, since, n, except }: { accountKey?: string; address?: string; since: Date; n: number; except: string }) {
      const [row] = await db
        .select({ at: signInFailures.at })
        .from(signInFailures)
        .where(
          and(
            gt(signInFailures.at, since),
            ne(signInFailures.id, except),
            accountKey === undefined ? undefined : eq(signInFailures.accountKey, accountKey),
            address === undefined ? undefined : eq(signInFailures.address, address),
          ),
        )
        .orderBy(asc(signInFailures.at))
        .offset(n)
        .limit(1);
      return row?.at;
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
