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
     * Takes the token and key's lock until this transaction ends, if no other transaction holds it
     * (false then, without waiting): requests sent together with one key never run side by side.
     */
    async tryLock(tokenId: string, key: string): Promise<boolean> {
      const r = (await db.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${`${tokenId}:${key}`}, 0)) as locked`)) as unknown as {
        rows: { locked: boolean }[];
      };
      return r.rows[0]?.locked === true;
    },
    /** Whether this transaction has written anything yet (PostgreSQL gives a transaction an id on its first write). */
    async wrote(): Promise<boolean> {
      const r = (await db.execute(sql`select pg_current_xact_id_if_assigned() is not null as wrote`)) as unknown as { rows: { wrote: boolean }[] };
      return r.rows[0]?.wrote === true;
    },
    /**
     * Records the key with its answer; a row of the same token and key older than `since` is
     * replaced. False when a current one exists (another request with the key got there first).
     */
    async claim(
      v: Omit<IdempotencyRow, 'status' | 'answer' | 'answeredAt'> & { status: number; answer: string; answeredAt: Date },
      since: Date,
    ): Promise<boolean> {
      const rows = await db
        .insert(idempotencyKeys)
        .values(v)
        .onConflictDoUpdate({
          target: [idempotencyKeys.tokenId, idempotencyKeys.key],
          set: { requestHash: v.requestHash, resourceId: v.resourceId, createdAt: v.createdAt, status: v.status, answer: v.answer, answeredAt: v.answeredAt },
          setWhere: lt(idempotencyKeys.createdAt, since),
        })
        .returning({ key: idempotencyKeys.key });
      return rows.length === 1;
    },
    /** Deletes the keys recorded before `before`. */
    async purge(before: Date) {
      await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before));
    },
  };
}
