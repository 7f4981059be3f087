import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.js';

/**
 * The optimistic write every versioned table shares: the row matching `where` is changed only if
 * its version is still `version`, and then gets the next one. Undefined when someone else wrote
 * first (or no row matches): the caller turns that into its area's conflict.
 */
export async function updateVersioned<T extends PgTable & { version: PgColumn }>(
  db: DbOrTx,
  table: T,
  where: SQL | undefined,
  version: number,
  values: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect'] | undefined> {
  const rows = (await db
    .update(table)
    .set({ ...values, version: version + 1 } as PgUpdateSetSource<T>)
    .where(and(where, eq(table.version, version)))
    .returning()) as T['$inferSelect'][];
  return rows[0];
}
