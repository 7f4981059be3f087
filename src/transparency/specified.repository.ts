import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { specifiedInformationLinks } from './specified.table.js';

export function createSpecifiedRepository({ db }: { db: DbOrTx }) {
  return {
    /** Every row of the office, newest first: the first row of an item is where it stands. */
    all: (officeId: string) =>
      db
        .select()
        .from(specifiedInformationLinks)
        .where(eq(specifiedInformationLinks.officeId, officeId))
        .orderBy(desc(specifiedInformationLinks.recordedAt), desc(specifiedInformationLinks.id)),
    history: (officeId: string, item: string) =>
      db
        .select()
        .from(specifiedInformationLinks)
        .where(and(eq(specifiedInformationLinks.officeId, officeId), eq(specifiedInformationLinks.item, item)))
        .orderBy(desc(specifiedInformationLinks.recordedAt), desc(specifiedInformationLinks.id)),
    async insert(v: typeof specifiedInformationLinks.$inferInsert) {
      const [row] = await db.insert(specifiedInformationLinks).values(v).returning();
      return row;
    },
  };
}
