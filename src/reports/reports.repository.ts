import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { offices } from '../platform/auth/auth.table.js';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import { projectHistory } from '../projects/projects.table.js';
import { reportDrafts, reportPublications } from './reports.table.js';

export type DraftRow = typeof reportDrafts.$inferSelect;
export type PublicationRow = typeof reportPublications.$inferSelect;

/**
 * The reports area's queries. It reads project history (read-only) for the two things the
 * projects area's snapshots do not carry: spotlight texts and earlier completions.
 */
export function createReportsRepository({ db }: { db: DbOrTx }) {
  return {
    async office(officeId: string) {
      const [row] = await db.select().from(offices).where(eq(offices.id, officeId));
      return row;
    },
    /** The office's change counter (null: no such office): the key of its kept papers (report.cache.ts). */
    async changeCounter(officeId: string): Promise<number | null> {
      const [row] = await db.select({ c: offices.changeCounter }).from(offices).where(eq(offices.id, officeId));
      return row ? row.c : null;
    },
    async officeBySlug(slug: string) {
      const [row] = await db.select().from(offices).where(eq(offices.slug, slug));
      return row;
    },
    async draft(officeId: string, periodId: string): Promise<DraftRow | undefined> {
      const [row] = await db
        .select()
        .from(reportDrafts)
        .where(and(eq(reportDrafts.officeId, officeId), eq(reportDrafts.periodId, periodId)));
      return row;
    },
    async insertDraft(v: typeof reportDrafts.$inferInsert) {
      const [row] = await db.insert(reportDrafts).values(v).onConflictDoNothing().returning();
      return row;
    },
    /** Writes only if nobody else has since: undefined on a stale version. */
    async updateDraft(officeId: string, periodId: string, version: number, v: Partial<typeof reportDrafts.$inferInsert>) {
      const row = await updateVersioned(db, reportDrafts, and(eq(reportDrafts.officeId, officeId), eq(reportDrafts.periodId, periodId)), version, v);
      return row;
    },
    async insertPublication(v: typeof reportPublications.$inferInsert) {
      const [row] = await db.insert(reportPublications).values(v).returning({ id: reportPublications.id, publishedAt: reportPublications.publishedAt });
      return row;
    },
    /** Publications of a period, newest first, without their files. */
    listPublications(officeId: string, periodId?: string) {
      return db
        .select({
          id: reportPublications.id,
          periodId: reportPublications.periodId,
          publishedAt: reportPublications.publishedAt,
          publishedByName: reportPublications.publishedByName,
          knownAt: reportPublications.knownAt,
          hasPdf: sql<boolean>`${reportPublications.pdf} is not null`,
        })
        .from(reportPublications)
        .where(and(eq(reportPublications.officeId, officeId), periodId ? eq(reportPublications.periodId, periodId) : undefined))
        .orderBy(desc(reportPublications.publishedAt));
    },
    /**
     * What each paper published for a period by `knownAt` listed as decision notices: the day its list
     * started (null in papers made before that was recorded) and the references. Only those parts
     * of the stored models are read.
     */
    async publishedDecisionLists(officeId: string, periodId: string, knownAt?: Date) {
      const rows = await db
        .select({
          decisionsFrom: sql<string | null>`${reportPublications.model} -> 'period' ->> 'decisionsFrom'`,
          references: sql<string[] | null>`(select array_agg(d ->> 'reference') from jsonb_array_elements(${reportPublications.model} -> 'decisions') as d)`,
        })
        .from(reportPublications)
        .where(
          and(
            eq(reportPublications.officeId, officeId),
            eq(reportPublications.periodId, periodId),
            knownAt ? lte(reportPublications.publishedAt, knownAt) : undefined,
          ),
        );
      return rows.map((r) => ({ decisionsFrom: r.decisionsFrom, references: r.references ?? [] }));
    },
    async publication(officeId: string, id: string): Promise<PublicationRow | undefined> {
      const [row] = await db
        .select()
        .from(reportPublications)
        .where(and(eq(reportPublications.officeId, officeId), eq(reportPublications.id, id)));
      return row;
    },
    /** When the office's earliest recorded project change took effect: where its list of quarters starts. */
    async firstEffectiveAt(officeId: string): Promise<Date | null> {
      const [row] = await db
        .select({ at: sql<Date | string | null>`min(${projectHistory.effectiveAt})` })
        .from(projectHistory)
        .where(eq(projectHistory.officeId, officeId));
      return row?.at ? new Date(row.at) : null;
    },
    /** Overview and outcome as they stood at `at`: the last recorded value of each, from the changes. */
    async spotlightTexts(officeId: string, projectIds: string[], at: Date, knownAt?: Date) {
      const out = new Map<string, { overview: string; outcome: string }>();
      if (!projectIds.length) return out;
      const rows = await db
        .select({ projectId: projectHistory.projectId, changes: projectHistory.changes })
        .from(projectHistory)
        .where(
          and(
            eq(projectHistory.officeId, officeId),
            inArray(projectHistory.projectId, projectIds),
            lte(projectHistory.effectiveAt, at),
            knownAt ? lte(projectHistory.recordedAt, knownAt) : undefined,
            // Written as the partial index project_history_texts_idx is, so the planner uses it.
            sql`${projectHistory.changes} ?| array['overview', 'outcome']`,
          ),
        )
        .orderBy(asc(projectHistory.effectiveAt), asc(projectHistory.id));
      for (const r of rows) {
        const c = r.changes as Record<string, { to?: unknown }>;
        const cur = out.get(r.projectId) ?? { overview: '', outcome: '' };
        if (c.overview) cur.overview = String(c.overview.to ?? '');
        if (c.outcome) cur.outcome = String(c.outcome.to ?? '');
        out.set(r.projectId, cur);
      }
      return out;
    },
  };
}
export type ReportsRepository = ReturnType<typeof createReportsRepository>;
