import { and, asc, count, desc, eq, getTableColumns, gte, ilike, inArray, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { auditLog, offices } from '../platform/auth/auth.table.js';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import { projects } from '../projects/projects.table.js';
import type { ListQuery } from './decisions.schemas.js';
import { decisionProjects } from '../projects/projects.table.js';
import { decisionHistory, decisions } from './decisions.table.js';

/** A notice with the projects it is linked to (decision_projects), ordered by id so that history compares sets. */
export type DecisionRow = typeof decisions.$inferSelect & { projectIds: string[] };
/** A notice as a choice or a link: what a project's page and forms show of it. */
export type DecisionRef = { id: string; reference: string; title: string; status: string; approvedOn: string | null; approvedPrecision: 'day' | 'month' };

const parseUuidArray = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
    : typeof v === 'string'
      ? v
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean)
      : [];
const projectIdsOf = sql<
  string[]
>`coalesce((select array_agg(dp.project_id order by dp.project_id) from decision_projects dp where dp.decision_id = ${decisions.id}), '{}')`.mapWith(
  parseUuidArray,
);
const withProjects = { ...getTableColumns(decisions), projectIds: projectIdsOf };
const refColumns = {
  id: decisions.id,
  reference: decisions.reference,
  title: decisions.title,
  status: decisions.status,
  approvedOn: decisions.approvedOn,
  approvedPrecision: decisions.approvedPrecision,
};
export type DecisionHistoryRow = typeof decisionHistory.$inferSelect;

/**
 * What the public may see of a notice. Public readers select exactly these columns, so the exempt
 * part never leaves the database on a public path, whatever a template or serialiser later does.
 */
const publicColumns = {
  id: decisions.id,
  reference: decisions.reference,
  title: decisions.title,
  decisionMaker: decisions.decisionMaker,
  approvedOn: decisions.approvedOn,
  approvedPrecision: decisions.approvedPrecision,
  summary: decisions.summary,
  decisionText: decisions.decisionText,
  amountPence: decisions.amountPence,
  fundingSource: decisions.fundingSource,
  tags: decisions.tags,
  backgroundDocuments: decisions.backgroundDocuments,
  publishedAt: decisions.publishedAt,
  updatedAt: decisions.updatedAt,
  // The one definition of "has an exempt part", in SQL for the public register; hasExemptPart() below is the same in code.
  hasExemptPart: sql<boolean>`(${decisions.exemptText} <> '' or ${decisions.exemption} <> '' or ${decisions.exemptReason} <> '')`.as('has_exempt_part'),
};
export type PublicDecision = {
  id: string;
  reference: string;
  title: string;
  decisionMaker: string;
  approvedOn: string | null;
  approvedPrecision: 'day' | 'month';
  summary: string;
  decisionText: string;
  amountPence: number | null;
  fundingSource: string;
  tags: string[];
  backgroundDocuments: { title: string; url: string }[];
  publishedAt: Date | null;
  updatedAt: Date;
  hasExemptPart: boolean;
};

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Filters shared by the public register and the editors' list. Search never looks at the exempt part. */
function filters(officeId: string, q: Partial<ListQuery>, publicOnly: boolean): SQL {
  const where: SQL[] = [eq(decisions.officeId, officeId)];
  if (publicOnly) where.push(eq(decisions.status, 'published'));
  else if (q.status) where.push(eq(decisions.status, q.status));
  if (q.q) {
    const pat = `%${escapeLike(q.q)}%`;
    where.push(
      or(
        ilike(decisions.reference, pat),
        ilike(decisions.title, pat),
        ilike(decisions.summary, pat),
        ilike(decisions.decisionText, pat),
        ilike(decisions.decisionMaker, pat),
        sql`array_to_string(${decisions.tags}, ' ') ilike ${pat}`,
      ) as SQL,
    );
  }
  if (q.year) where.push(gte(decisions.approvedOn, `${q.year}-01-01`), lte(decisions.approvedOn, `${q.year}-12-31`));
  if (q.tag) where.push(sql`exists (select 1 from unnest(${decisions.tags}) t where lower(t) = lower(${q.tag}))`);
  if (q.minAmount !== undefined) where.push(gte(decisions.amountPence, q.minAmount));
  if (q.maxAmount !== undefined) where.push(lte(decisions.amountPence, q.maxAmount));
  return and(...where) as SQL;
}

const registerOrder = [sql`${decisions.approvedOn} desc nulls last`, desc(decisions.reference)];

export function createDecisionsRepository({ db }: { db: DbOrTx }) {
  return {
    async get(officeId: string, id: string): Promise<DecisionRow | undefined> {
      const [row] = await db
        .select(withProjects)
        .from(decisions)
        .where(and(eq(decisions.officeId, officeId), eq(decisions.id, id)));
      return row;
    },
    async byReference(officeId: string, reference: string) {
      const [row] = await db
        .select({ id: decisions.id })
        .from(decisions)
        .where(and(eq(decisions.officeId, officeId), sql`lower(${decisions.reference}) = lower(${reference})`));
      return row;
    },
    async insert(v: typeof decisions.$inferInsert) {
      const [row] = await db.insert(decisions).values(v).returning();
      return row;
    },
    /** Writes only if nobody else has since: undefined on a stale version. */
    async update(officeId: string, id: string, version: number, v: Partial<typeof decisions.$inferInsert>) {
      const row = await updateVersioned(db, decisions, and(eq(decisions.officeId, officeId), eq(decisions.id, id)), version, v);
      return row;
    },
    /** Makes `projectIds` the notice's projects (call inside the change's transaction). */
    async setProjectsOf(officeId: string, decisionId: string, projectIds: string[]) {
      await db.delete(decisionProjects).where(eq(decisionProjects.decisionId, decisionId));
      if (projectIds.length) await db.insert(decisionProjects).values(projectIds.map((projectId) => ({ decisionId, projectId, officeId })));
    },
    /** Makes `decisionIds` the project's notices (call inside the change's transaction). */
    async setDecisionsOf(officeId: string, projectId: string, decisionIds: string[]) {
      await db.delete(decisionProjects).where(eq(decisionProjects.projectId, projectId));
      if (decisionIds.length) await db.insert(decisionProjects).values(decisionIds.map((decisionId) => ({ decisionId, projectId, officeId })));
    },
    /** Adds one link if it is not there yet. */
    async link(officeId: string, decisionId: string, projectId: string) {
      await db.insert(decisionProjects).values({ decisionId, projectId, officeId }).onConflictDoNothing();
    },
    /** The notices linked to a project, newest approval first. */
    decisionsOf(officeId: string, projectId: string): Promise<DecisionRef[]> {
      return db
        .select(refColumns)
        .from(decisionProjects)
        .innerJoin(decisions, eq(decisions.id, decisionProjects.decisionId))
        .where(and(eq(decisionProjects.officeId, officeId), eq(decisionProjects.projectId, projectId)))
        .orderBy(sql`${decisions.approvedOn} desc nulls first`, asc(decisions.reference));
    },
    /** Notice ids linked to each of the given projects. */
    async decisionIdsOf(officeId: string, projectIds: string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>(projectIds.map((id) => [id, []]));
      if (!projectIds.length) return out;
      const rows = await db
        .select({ projectId: decisionProjects.projectId, decisionId: decisionProjects.decisionId })
        .from(decisionProjects)
        .where(and(eq(decisionProjects.officeId, officeId), inArray(decisionProjects.projectId, projectIds)))
        .orderBy(asc(decisionProjects.decisionId));
      for (const r of rows) out.get(r.projectId)?.push(r.decisionId);
      return out;
    },
    /** Each project's notices (id and reference), for the API's lists. */
    async refsOfProjects(officeId: string, projectIds: string[]): Promise<Map<string, { id: string; reference: string }[]>> {
      const out = new Map<string, { id: string; reference: string }[]>(projectIds.map((id) => [id, []]));
      if (!projectIds.length) return out;
      const rows = await db
        .select({ projectId: decisionProjects.projectId, id: decisions.id, reference: decisions.reference })
        .from(decisionProjects)
        .innerJoin(decisions, eq(decisions.id, decisionProjects.decisionId))
        .where(and(eq(decisionProjects.officeId, officeId), inArray(decisionProjects.projectId, projectIds)))
        .orderBy(asc(decisions.reference));
      for (const r of rows) out.get(r.projectId)?.push({ id: r.id, reference: r.reference });
      return out;
    },
    /** The office's notices with these ids (another office's ids are simply not found). */
    byIds(officeId: string, ids: string[]): Promise<DecisionRef[]> {
      if (!ids.length) return Promise.resolve([]);
      return db
        .select(refColumns)
        .from(decisions)
        .where(and(eq(decisions.officeId, officeId), inArray(decisions.id, ids)));
    },
    /** The office's notices whose reference is one of these, ignoring case. */
    byReferences(officeId: string, refs: string[]): Promise<DecisionRef[]> {
      if (!refs.length) return Promise.resolve([]);
      const lowered = refs.map((r) => r.trim().toLowerCase());
      return db
        .select(refColumns)
        .from(decisions)
        .where(and(eq(decisions.officeId, officeId), inArray(sql<string>`lower(${decisions.reference})`, lowered)));
    },
    /**
     * The office's notices named by these references: exactly (ignoring case), or else with an "ID:"
     * prefix ignored on both sides ("507" is "ID: 507") where that names one notice only. Unknown
     * references are left out of the map.
     */
    async resolveReferences(officeId: string, refs: string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      if (!refs.length) return out;
      const key = (s: string) =>
        s
          .trim()
          .toLowerCase()
          .replace(/^id\s*[:.]?\s*/, '');
      const exact = await this.byReferences(officeId, refs);
      for (const r of refs) {
        const d = exact.find((x) => x.reference.trim().toLowerCase() === r.trim().toLowerCase());
        if (d) out.set(r, d.id);
      }
      const missing = refs.filter((r) => !out.has(r));
      if (!missing.length) return out;
      // The reference without an "ID:" prefix, in SQL (the pattern a parameter, so no escaping is lost).
      const looseKey = sql<string>`lower(regexp_replace(btrim(${decisions.reference}), ${'^id\\s*[:.]?\\s*'}, '', 'i'))`;
      const rows = await db
        .select({ id: decisions.id, key: looseKey })
        .from(decisions)
        .where(and(eq(decisions.officeId, officeId), inArray(looseKey, missing.map(key))));
      for (const r of missing) {
        const hits = rows.filter((x) => x.key === key(r));
        if (hits.length === 1) out.set(r, hits[0].id);
      }
      return out;
    },
    /** Every notice of the office that may still be chosen (not withdrawn), newest approval first, for choice lists. */
    choices(officeId: string): Promise<DecisionRef[]> {
      return db
        .select(refColumns)
        .from(decisions)
        .where(and(eq(decisions.officeId, officeId), ne(decisions.status, 'withdrawn')))
        .orderBy(sql`${decisions.approvedOn} desc nulls first`, desc(decisions.reference));
    },
    /** The linked projects of a notice, by title. */
    projectsOf(officeId: string, decisionId: string) {
      return db
        .select({ id: projects.id, title: projects.title, stage: projects.stage })
        .from(decisionProjects)
        .innerJoin(projects, eq(projects.id, decisionProjects.projectId))
        .where(and(eq(decisionProjects.officeId, officeId), eq(decisionProjects.decisionId, decisionId)))
        .orderBy(asc(projects.title));
    },
    async exemptVisibleToViewers(officeId: string): Promise<boolean> {
      const [r] = await db.select({ v: offices.exemptVisibleToViewers }).from(offices).where(eq(offices.id, officeId));
      return !!r?.v;
    },
    async setExemptVisibleToViewers(officeId: string, v: boolean) {
      await db.update(offices).set({ exemptVisibleToViewers: v }).where(eq(offices.id, officeId));
    },
    async audit(v: typeof auditLog.$inferInsert) {
      await db.insert(auditLog).values(v);
    },
    async insertHistory(v: typeof decisionHistory.$inferInsert) {
      await db.insert(decisionHistory).values(v);
    },
    history(officeId: string, decisionId: string) {
      return db
        .select()
        .from(decisionHistory)
        .where(and(eq(decisionHistory.officeId, officeId), eq(decisionHistory.decisionId, decisionId)))
        .orderBy(desc(decisionHistory.id));
    },
    async list(officeId: string, q: ListQuery) {
      const cond = filters(officeId, q, false);
      const [{ n }] = await db.select({ n: count() }).from(decisions).where(cond);
      const items = await db
        .select(withProjects)
        .from(decisions)
        .where(cond)
        .orderBy(sql`${decisions.approvedOn} desc nulls first`, desc(decisions.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { total: Number(n), items };
    },
    async listPublished(officeId: string, q: Partial<ListQuery> & { page?: number; pageSize?: number }): Promise<{ total: number; items: PublicDecision[] }> {
      const cond = filters(officeId, q, true);
      const [{ n }] = await db.select({ n: count() }).from(decisions).where(cond);
      let query = db
        .select(publicColumns)
        .from(decisions)
        .where(cond)
        .orderBy(...registerOrder)
        .$dynamic();
      if (q.pageSize) query = query.limit(q.pageSize).offset(((q.page ?? 1) - 1) * q.pageSize);
      return { total: Number(n), items: (await query) as PublicDecision[] };
    },
    async getPublished(officeId: string, id: string): Promise<PublicDecision | undefined> {
      const [row] = await db
        .select(publicColumns)
        .from(decisions)
        .where(and(eq(decisions.officeId, officeId), eq(decisions.id, id), eq(decisions.status, 'published')));
      return row as PublicDecision | undefined;
    },
    /** Tags and years in use on the published register, for the filter lists. */
    async publishedFacets(officeId: string) {
      const cond = and(eq(decisions.officeId, officeId), eq(decisions.status, 'published'));
      const tagRows = await db
        .selectDistinct({ tag: sql<string>`unnest(${decisions.tags})` })
        .from(decisions)
        .where(cond);
      const yearRows = await db
        .selectDistinct({ year: sql<number>`extract(year from ${decisions.approvedOn})::int` })
        .from(decisions)
        .where(and(cond, sql`${decisions.approvedOn} is not null`));
      return {
        tags: tagRows.map((r) => r.tag).sort((a, b) => a.localeCompare(b)),
        years: yearRows.map((r) => Number(r.year)).sort((a, b) => b - a),
      };
    },
    approvedBetween(officeId: string, from: string, to: string) {
      return db
        .select({
          id: decisions.id,
          reference: decisions.reference,
          title: decisions.title,
          approvedOn: decisions.approvedOn,
          approvedPrecision: decisions.approvedPrecision,
          summary: decisions.summary,
          amountPence: decisions.amountPence,
          tags: decisions.tags,
        })
        .from(decisions)
        .where(
          and(
            eq(decisions.officeId, officeId),
            inArray(decisions.status, ['approved', 'published']),
            gte(decisions.approvedOn, from),
            lte(decisions.approvedOn, to),
          ),
        )
        .orderBy(asc(decisions.approvedOn), asc(decisions.reference));
    },
  };
}
export type DecisionsRepository = ReturnType<typeof createDecisionsRepository>;

/** Whether a notice has an exempt part (its text, the exemption it falls under, or why): what the pages and the API say without showing it. */
export const hasExemptPart = (d: { exemptText: string; exemption: string; exemptReason: string }) => !!(d.exemptText || d.exemption || d.exemptReason);
