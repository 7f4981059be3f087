import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { offices } from '../platform/auth/auth.table.js';
import { projects } from './projects.table.js';
import { projectStatuses } from './status.table.js';

export type StatusRow = typeof projectStatuses.$inferSelect;

export function createStatusRepository({ db }: { db: DbOrTx }) {
  return {
    async scheme(officeId: string) {
      const [row] = await db.select({ scheme: offices.quarterScheme }).from(offices).where(eq(offices.id, officeId));
      return row?.scheme;
    },
    /** The project, locked for the transaction: two entries for it are made one after the other. */
    async projectForUpdate(officeId: string, id: string) {
      const [row] = await db
        .select({ id: projects.id, title: projects.title, stage: projects.stage })
        .from(projects)
        .where(and(eq(projects.officeId, officeId), eq(projects.id, id)))
        .for('update');
      return row;
    },
    async projectExists(officeId: string, id: string) {
      const [row] = await db
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.officeId, officeId), eq(projects.id, id)));
      return !!row;
    },
    /** Every entry of a project for a quarter, newest first. */
    async entries(officeId: string, projectId: string, periodId: string): Promise<StatusRow[]> {
      return db
        .select()
        .from(projectStatuses)
        .where(and(eq(projectStatuses.officeId, officeId), eq(projectStatuses.projectId, projectId), eq(projectStatuses.periodId, periodId)))
        .orderBy(desc(projectStatuses.version));
    },
    /** Every entry of a project, newest first (all quarters). */
    async allEntries(officeId: string, projectId: string): Promise<StatusRow[]> {
      return db
        .select()
        .from(projectStatuses)
        .where(and(eq(projectStatuses.officeId, officeId), eq(projectStatuses.projectId, projectId)))
        .orderBy(desc(projectStatuses.recordedAt), desc(projectStatuses.id));
    },
    /** The latest entry of each project for a quarter, as recorded by `knownAt` when given. */
    async latest(officeId: string, periodId: string, opts: { knownAt?: Date; projectIds?: string[] } = {}): Promise<StatusRow[]> {
      if (opts.projectIds && !opts.projectIds.length) return [];
      const where = [eq(projectStatuses.officeId, officeId), eq(projectStatuses.periodId, periodId)];
      if (opts.knownAt) where.push(lte(projectStatuses.recordedAt, opts.knownAt));
      if (opts.projectIds) where.push(inArray(projectStatuses.projectId, opts.projectIds));
      return db
        .selectDistinctOn([projectStatuses.projectId])
        .from(projectStatuses)
        .where(and(...where))
        .orderBy(projectStatuses.projectId, desc(projectStatuses.version));
    },
    async insert(v: typeof projectStatuses.$inferInsert) {
      const [row] = await db.insert(projectStatuses).values(v).onConflictDoNothing().returning();
      return row;
    },
    count: async (officeId: string) =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(projectStatuses).where(eq(projectStatuses.officeId, officeId)))[0].n,
  };
}
