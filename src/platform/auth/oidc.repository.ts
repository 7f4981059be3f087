import { and, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { offices } from './auth.table.js';
import { officeSso, oidcLogins, oidcSessions } from './oidc.table.js';

export function createOidcRepository({ db }: { db: DbOrTx }) {
  return {
    async settings(officeId: string) {
      const [row] = await db.select().from(officeSso).where(eq(officeSso.officeId, officeId));
      return row;
    },
    async upsertSettings(v: typeof officeSso.$inferInsert) {
      const { officeId, ...rest } = v;
      await db.insert(officeSso).values(v).onConflictDoUpdate({ target: officeSso.officeId, set: rest });
    },
    /** The offices whose staff may sign in at a provider, by name. */
    enabledOffices() {
      return db
        .select({ slug: offices.slug, name: offices.name, providerName: officeSso.providerName, passwordSignIn: officeSso.passwordSignIn })
        .from(officeSso)
        .innerJoin(offices, eq(offices.id, officeSso.officeId))
        .where(eq(officeSso.enabled, true))
        .orderBy(offices.name);
    },
    async insertLogin(v: typeof oidcLogins.$inferInsert) {
      await db.insert(oidcLogins).values(v);
    },
    /** Takes a sign-in under way: it can be used once only. */
    async takeLogin(idHash: string) {
      const [row] = await db.delete(oidcLogins).where(eq(oidcLogins.idHash, idHash)).returning();
      return row;
    },
    async forgetLoginsBefore(at: Date) {
      await db.delete(oidcLogins).where(lt(oidcLogins.createdAt, at));
    },
    async insertSession(v: typeof oidcSessions.$inferInsert) {
      await db.insert(oidcSessions).values(v);
    },
    async takeSession(sessionIdHash: string) {
      const [row] = await db
        .delete(oidcSessions)
        .where(and(eq(oidcSessions.sessionIdHash, sessionIdHash)))
        .returning();
      return row;
    },
  };
}
