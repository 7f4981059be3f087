import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import type { ListQuery } from './decisions.schemas.js';
import { decisionHistory, decisions } from './decisions.table.js';

export type DecisionRow = typeof decisions.$inferSelect;
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
  summary: decisions.summary,
  decisionText: decisions.decisionText,
  amountPence: decisions.amountPence,
  fundingSource: decisions.fundingSource,
  tags: decisions.tags,
  backgroundDocuments: decisions.backgroundDocuments,
  publishedAt: decisions.publishedAt,
  updatedAt: decisions.updatedAt,
  hasExemptPart: sql<boolean>`(${decisions.exemptText} <> '' or ${decisions.exemption} <> '')`.as('has_exempt_part'),
};
export type PublicDecision = {
  id: string;
  reference: string;
  title: string;
  decisionMaker: string;
  approvedOn: string | null;
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
        .select()
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
      const [row] = await db
        .update(decisions)
        .set({ ...v, version: version + 1 })
        .where(and(eq(decisions.officeId, officeId), eq(decisions.id, id), eq(decisions.version, version)))
        .returning();
      return row;
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
        .select()
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
      let query = db.select(publicColumns).from(decisions).where(cond).orderBy(...registerOrder).$dynamic();
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
      const tagRows = await db.selectDistinct({ tag: sql<string>`unnest(${decisions.tags})` }).from(decisions).where(cond);
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
