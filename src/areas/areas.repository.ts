import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { localAreas } from './areas.table.js';

export type AreaRow = typeof localAreas.$inferSelect;

export function createAreasRepository({ db }: { db: DbOrTx }) {
  return {
    list: (officeId: string): Promise<AreaRow[]> =>
      db.select().from(localAreas).where(eq(localAreas.officeId, officeId)).orderBy(asc(localAreas.position), asc(localAreas.name)),
    async get(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(localAreas)
        .where(and(eq(localAreas.officeId, officeId), eq(localAreas.id, id)));
      return row;
    },
    async byName(officeId: string, name: string) {
      const [row] = await db
        .select()
        .from(localAreas)
        .where(and(eq(localAreas.officeId, officeId), sql`lower(${localAreas.name}) = lower(${name})`));
      return row;
    },
    async countKnown(officeId: string, ids: string[]) {
      if (!ids.length) return 0;
      const rows = await db
        .select({ id: localAreas.id })
        .from(localAreas)
        .where(and(eq(localAreas.officeId, officeId), inArray(localAreas.id, ids)));
      return rows.length;
    },
    async insert(v: typeof localAreas.$inferInsert) {
      const [row] = await db.insert(localAreas).values(v).returning();
      return row;
    },
    async update(officeId: string, id: string, v: Partial<typeof localAreas.$inferInsert>) {
      const [row] = await db
        .update(localAreas)
        .set({ ...v, version: sql`${localAreas.version} + 1`, updatedAt: new Date() })
        .where(and(eq(localAreas.officeId, officeId), eq(localAreas.id, id)))
        .returning();
      return row;
    },
  };
}
