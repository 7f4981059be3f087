import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { idempotencyKeys } from './idempotency.table.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export function createIdempotencyRepository({ db }: { db: DbOrTx }) {
  return {
    /** The token's key, if it was recorded since `since` (older ones count as gone). */
    async find(tokenId: string, key: string, since: Date): Promise<IdempotencyRow | undefined> {
      const [row] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key), gte(idempotencyKeys.createdAt, since)));
      return row;
    },
    /**
     * Waits for any other transaction holding the same token and key, then holds them until this one
     * ends: requests sent together with one key run one after the other, never side by side.
     */
    async lock(tokenId: string, key: string) {
      await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${tokenId}:${key}`}, 0))`);
    },
    /** Whether this transaction has written anything yet (PostgreSQL gives a transaction an id on its first write). */
    async wrote(): Promise<boolean> {
      const r = (await db.execute(sql`select pg_current_xact_id_if_assigned() is not null as wrote`)) as unknown as { rows: { wrote: boolean }[] };
      return r.rows[0]?.wrote === true;
    },
    /**
     * Records the key; a row of the same token and key older than `since` is replaced. False when a
     * current one exists (another request with the key got there first).
     */
    async claim(v: { tokenId: string; key: string; requestHash: string; resourceId: string | null; createdAt: Date }, since: Date): Promise<boolean> {
      const rows = await db
        .insert(idempotencyKeys)
        .values(v)
        .onConflictDoUpdate({
          target: [idempotencyKeys.tokenId, idempotencyKeys.key],
          set: { requestHash: v.requestHash, resourceId: v.resourceId, createdAt: v.createdAt, status: null, answer: null, answeredAt: null },
          setWhere: lt(idempotencyKeys.createdAt, since),
        })
        .returning({ key: idempotencyKeys.key });
      return rows.length === 1;
    },
    async answer(tokenId: string, key: string, v: { status: number; answer: string; answeredAt: Date }) {
      await db
        .update(idempotencyKeys)
        .set(v)
        .where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
    },
    /** Deletes the keys recorded before `before`. */
    async purge(before: Date) {
      await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
    },
  };
}
