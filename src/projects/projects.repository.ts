import { and, asc, count, desc, eq, getTableColumns, gte, ilike, inArray, isNull, lt, max, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import { strands } from '../plan/plan.table.js';
import type { ListQuery } from './projects.schemas.js';
import { projectHistory, projectPriorities, projects } from './projects.table.js';
import { parseForecast } from './forecast.js';
import type { Stage } from './stages.js';

export type ProjectRow = typeof projects.$inferSelect & { priorityIds: string[] };
export type HistoryRow = typeof projectHistory.$inferSelect;

/** A history row as the quarterly report reads it (see reportableChangesBetween). */
export type ReportableChange = {
  projectId: string;
  kind: string;
  move: string | null;
  changes: unknown;
  reason: string | null;
  title: string;
  statutory: boolean;
  strandId: string;
  /** On a change into the completed stage: whether the project had been completed before the period. */
  completedBefore: boolean | null;
};

export type AsAtRow = {
  id: string;
  title: string;
  objective: string;
  stage: Stage;
  strandId: string;
  priorityIds: string[];
  lead: string;
  statutory: boolean;
  forecastEnd: string | null;
  forecastPrecision: 'month' | 'quarter' | 'tbd';
  umbrellaId: string | null;
  mergedIntoId: string | null;
  /** Issue 18: the local areas served then; none is all of them. */
  areaIds: string[];
  version: number;
  effectiveAt: Date;
};

const GROUP_STAGES: Record<string, Stage[]> = {
  future: ['candidate'],
  current: ['scoping', 'delivery', 'on_hold'],
  completed: ['completed'],
};

/** A project's priority ids as a column of its row (one index probe each), not a second query. */
const priorityIds = sql<string[]>`coalesce((select array_agg(pp.priority_id) from project_priorities pp where pp.project_id = ${projects.id}), '{}')`.mapWith(
  parsePgArray,
);
const withPriorities = { ...getTableColumns(projects), priorityIds };
/** Issue 18: the projects serving a local area: those naming it, and those naming none (all areas). */
const servesArea = (areaId?: string) => (areaId ? sql`(cardinality(${projects.areaIds}) = 0 or ${areaId}::uuid = any(${projects.areaIds}))` : undefined);

export function createProjectsRepository({ db }: { db: DbOrTx }) {
  /** The list's filters and order, shared by a page of it and the whole of it (CSV). */
  function listFilter(officeId: string, q: ListQuery & { statusPeriodId?: string }, today: string) {
    const where: SQL[] = [eq(projects.officeId, officeId)];
    const stages = new Set<string>(q.stage ?? []);
    if (q.group) for (const s of GROUP_STAGES[q.group]) stages.add(s);
    if (stages.size) where.push(inArray(projects.stage, [...stages] as Stage[]));
    if (q.strandId) where.push(eq(projects.strandId, q.strandId));
    if (q.areaId) where.push(servesArea(q.areaId) as SQL);
    if (q.priorityId) where.push(sql`exists (select 1 from project_priorities pp where pp.project_id = ${projects.id} and pp.priority_id = ${q.priorityId})`);
    if (q.lead) where.push(ilike(projects.lead, `%${escapeLike(q.lead)}%`));
    if (q.statutory === 'yes') where.push(eq(projects.statutory, true));
    if (q.statutory === 'no') where.push(eq(projects.statutory, false));
    const before = q.endBefore ? parseForecast(q.endBefore) : null;
    if (before?.date) where.push(lt(projects.forecastEnd, before.date));
    const after = q.endAfter ? parseForecast(q.endAfter) : null;
    if (after?.date) where.push(gte(projects.forecastEnd, after.date));
    // isOverdue in SQL: the day after the forecast month or quarter has come.
    if (q.overdue === 'true')
      where.push(sql`${projects.stage} in ('scoping', 'delivery', 'on_hold') and ${projects.forecastPrecision} <> 'tbd' and ${projects.forecastEnd} is not null
        and (${projects.forecastEnd} + case when ${projects.forecastPrecision} = 'quarter' then interval '3 months' else interval '1 month' end)::date <= ${today}::date`);
    // Issue 18: the latest status entry of the quarter under way (status.table.ts); current projects only.
    if (q.status && q.statusPeriodId) {
      where.push(inArray(projects.stage, GROUP_STAGES.current));
      const latest = sql`(select ps.status from project_statuses ps where ps.project_id = ${projects.id} and ps.period_id = ${q.statusPeriodId} order by ps.version desc limit 1)`;
      where.push(q.status === 'not_reported' ? sql`${latest} is null` : sql`${latest} = ${q.status}`);
    }
    if (q.q) {
      const pat = `%${escapeLike(q.q)}%`;
      where.push(or(ilike(projects.title, pat), ilike(projects.objective, pat), ilike(projects.lead, pat)) as SQL);
    }
    const dir = q.order === 'desc' ? desc : asc;
    const order = {
      title: [dir(projects.title)],
      stage: [dir(projects.stage), asc(projects.title)],
      strand: [dir(strands.position), asc(projects.title)],
      forecast: [sql`${projects.forecastEnd} ${sql.raw(q.order === 'desc' ? 'desc' : 'asc')} nulls last`, asc(projects.title)],
      updated: [dir(projects.updatedAt), asc(projects.title)],
    }[q.sort];
    return { cond: and(...where), order };
  }

  return {
    async get(officeId: string, id: string): Promise<ProjectRow | undefined> {
      const [row] = await db
        .select(withPriorities)
        .from(projects)
        .where(and(eq(projects.officeId, officeId), eq(projects.id, id)));
      return row;
    },
    /** The projects serving any of these priorities (moving to a new plan carries them over). */
    async servingAny(officeId: string, priorityIds: string[]): Promise<ProjectRow[]> {
      if (!priorityIds.length) return [];
      const ids = db
        .selectDistinct({ id: projectPriorities.projectId })
        .from(projectPriorities)
        .where(and(eq(projectPriorities.officeId, officeId), inArray(projectPriorities.priorityId, priorityIds)));
      return db
        .select(withPriorities)
        .from(projects)
        .where(and(eq(projects.officeId, officeId), inArray(projects.id, ids)))
        .orderBy(asc(projects.title));
    },
    async getMany(officeId: string, ids: string[]): Promise<ProjectRow[]> {
      if (!ids.length) return [];
      return db
        .select(withPriorities)
        .from(projects)
        .where(and(eq(projects.officeId, officeId), inArray(projects.id, ids)));
    },
    async insert(v: typeof projects.$inferInsert, priorityIds: string[]) {
      const [row] = await db.insert(projects).values(v).returning();
      await db.insert(projectPriorities).values(priorityIds.map((priorityId) => ({ projectId: row.id, priorityId, officeId: row.officeId })));
      return row;
    },
    /** Writes only if nobody else has since: returns undefined on a stale version. */
    async update(officeId: string, id: string, version: number, v: Partial<typeof projects.$inferInsert>, priorityIds?: string[]) {
      const row = await updateVersioned(db, projects, and(eq(projects.officeId, officeId), eq(projects.id, id)), version, v);
      if (row && priorityIds) {
        await db.delete(projectPriorities).where(eq(projectPriorities.projectId, id));
        await db.insert(projectPriorities).values(priorityIds.map((priorityId) => ({ projectId: id, priorityId, officeId })));
      }
      return row;
    },
    /**
     * Appends a change to a project's history (call inside the change's transaction). The row it
     * follows gets its `valid_to`: changes never take effect before the project's last change, so
     * the rows of a project tile time without gaps or overlaps.
     */
    async insertHistory(v: typeof projectHistory.$inferInsert) {
      await db
        .update(projectHistory)
        .set({ validTo: v.effectiveAt })
        .where(and(eq(projectHistory.projectId, v.projectId), isNull(projectHistory.validTo)));
      await db.insert(projectHistory).values({ ...v, validTo: null });
    },
    history(officeId: string, projectId: string) {
      return db
        .select()
        .from(projectHistory)
        .where(and(eq(projectHistory.officeId, officeId), eq(projectHistory.projectId, projectId)))
        .orderBy(desc(projectHistory.effectiveAt), desc(projectHistory.id));
    },
    recentHistory(officeId: string, since: Date, limit: number) {
      return db
        .select()
        .from(projectHistory)
        .where(and(eq(projectHistory.officeId, officeId), gte(projectHistory.effectiveAt, since)))
        .orderBy(desc(projectHistory.effectiveAt), desc(projectHistory.id))
        .limit(limit);
    },
    async lastEffectiveAt(projectId: string): Promise<Date | null> {
      const [r] = await db
        .select({ m: max(projectHistory.effectiveAt) })
        .from(projectHistory)
        .where(eq(projectHistory.projectId, projectId));
      return r?.m ? new Date(r.m) : null;
    },
    /**
     * The portfolio as it stood at `at`: for each of the office's projects, the history snapshot in
     * force then. One GiST range lookup on (office, [effective_at, valid_to)); the rows come back as
     * one JSON value, which both drivers parse far faster than hundreds of typed rows.
     * With `knownAt`, only history recorded by then counts ("as it was known then").
     */
    async asAt(officeId: string, at: Date, knownAt?: Date): Promise<AsAtRow[]> {
      const res = await db.execute(sql`
        select coalesce(json_agg(json_build_object(
          'id', s.project_id, 'title', s.title, 'objective', s.objective, 'stage', s.stage, 'strandId', s.strand_id,
          'priorityIds', s.priority_ids, 'lead', s.lead, 'statutory', s.statutory, 'forecastEnd', s.forecast_end,
          'forecastPrecision', s.forecast_precision, 'umbrellaId', s.umbrella_id, 'mergedIntoId', s.merged_into_id,
          'version', s.version, 'effectiveAt', s.effective_at, 'areaIds', s.area_ids
        ) order by s.title, s.project_id), '[]') as "rows"
        from ${snapshotsAt(officeId, at, knownAt)}`);
      return jsonRows<Omit<AsAtRow, 'effectiveAt'> & { effectiveAt: string }>(res).map((r) => ({ ...r, effectiveAt: new Date(r.effectiveAt) }));
    },
    /** How many of the office's projects were at each stage at `at`: as `asAt`, counted in the database. */
    async stageCountsAt(officeId: string, at: Date, knownAt?: Date): Promise<Map<Stage, number>> {
      const res = await db.execute(sql`
        select coalesce(json_agg(json_build_object('stage', x.stage, 'n', x.n)), '[]') as "rows"
        from (select s.stage, count(*)::int as n from ${snapshotsAt(officeId, at, knownAt)} group by s.stage) x`);
      return new Map(jsonRows<{ stage: Stage; n: number }>(res).map((r) => [r.stage, r.n]));
    },
    /**
     * The changes that took effect in [from, to) and that a quarterly report tells of, oldest first:
     * stage moves (creation included), merges, extensions and re-scoped objectives. Only the columns
     * the report reads, as one JSON value.
     */
    async reportableChangesBetween(officeId: string, from: Date, to: Date, knownAt?: Date): Promise<ReportableChange[]> {
      const known = (alias: SQL) => (knownAt ? sql`and ${alias}.recorded_at <= ${knownAt.toISOString()}` : sql``);
      // The filter is written as the partial index project_history_reportable_idx is, so the planner uses it.
      const res = await db.execute(sql`
        select coalesce(json_agg(json_build_object(
          'projectId', h.project_id, 'kind', h.kind, 'move', h.move, 'changes', h.changes, 'reason', h.reason,
          'title', h.title, 'statutory', h.statutory, 'strandId', h.strand_id,
          'completedBefore', case when h.changes -> 'stage' ->> 'to' = 'completed' then exists (
            select 1 from project_history e
            where e.project_id = h.project_id and e.stage = 'completed' and e.effective_at < ${from.toISOString()} ${known(sql.raw('e'))}
          ) end
        ) order by h.effective_at, h.id), '[]') as "rows"
        from project_history h
        where h.office_id = ${officeId} and h.effective_at >= ${from.toISOString()} and h.effective_at < ${to.toISOString()}
          ${known(sql.raw('h'))}
          and (h.changes ?| array['stage', 'objective'] or h.kind in ('merged_in', 'extended', 'moved'))`);
      return jsonRows<ReportableChange>(res);
    },
    /** Every project of the office (id, title, stage) by title: what choice lists and names need. */
    choices(officeId: string) {
      return db
        .select({ id: projects.id, title: projects.title, stage: projects.stage })
        .from(projects)
        .where(eq(projects.officeId, officeId))
        .orderBy(projects.title);
    },
    async list(officeId: string, q: ListQuery & { statusPeriodId?: string }, today: string) {
      const { cond, order } = listFilter(officeId, q, today);
      const rows = await db
        .select({ project: projects, strandName: strands.name, priorityIds, total: sql<number>`count(*) over ()`.mapWith(Number) })
        .from(projects)
        .innerJoin(strands, eq(strands.id, projects.strandId))
        .where(cond)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      // A page past the end has no rows to carry the count.
      const total = rows.length ? rows[0].total : q.page > 1 ? Number((await db.select({ n: count() }).from(projects).where(cond))[0].n) : 0;
      return { total, items: rows.map((r) => ({ ...r.project, strandName: r.strandName, priorityIds: r.priorityIds })) };
    },
    /** The whole filtered list in its order, with what the CSV shows: one query. */
    all(officeId: string, q: ListQuery & { statusPeriodId?: string }, today: string) {
      const { cond, order } = listFilter(officeId, q, today);
      return db
        .select({
          id: projects.id,
          title: projects.title,
          objective: projects.objective,
          stage: projects.stage,
          strandName: strands.name,
          priorityIds,
          lead: projects.lead,
          statutory: projects.statutory,
          forecastEnd: projects.forecastEnd,
          forecastPrecision: projects.forecastPrecision,
          updatedAt: projects.updatedAt,
        })
        .from(projects)
        .innerJoin(strands, eq(strands.id, projects.strandId))
        .where(cond)
        .orderBy(...order);
    },
    /** How many of the office's projects serve each priority, by stage. */
    priorityCountsByStage(officeId: string, areaId?: string) {
      return db
        .select({ priorityId: projectPriorities.priorityId, stage: projects.stage, n: count() })
        .from(projects)
        .innerJoin(projectPriorities, eq(projectPriorities.projectId, projects.id))
        .where(and(eq(projects.officeId, officeId), servesArea(areaId)))
        .groupBy(projectPriorities.priorityId, projects.stage);
    },
    /** Per strand and stage; with an area, the projects serving it (those serving all areas too). */
    async countsByStage(officeId: string, areaId?: string) {
      return db
        .select({ stage: projects.stage, strandId: projects.strandId, n: count() })
        .from(projects)
        .where(and(eq(projects.officeId, officeId), servesArea(areaId)))
        .groupBy(projects.stage, projects.strandId);
    },
    async titles(officeId: string, ids: string[]) {
      if (!ids.length) return new Map<string, string>();
      const rows = await db
        .select({ id: projects.id, title: projects.title })
        .from(projects)
        .where(and(eq(projects.officeId, officeId), inArray(projects.id, ids)));
      return new Map(rows.map((r) => [r.id, r.title]));
    },
    /** The projects a project's page links to: its umbrella, what it merged into, what merged into it, and its children. */
    related(officeId: string, p: Pick<ProjectRow, 'id' | 'umbrellaId' | 'mergedIntoId'>) {
      const ids = [p.umbrellaId, p.mergedIntoId].filter((x): x is string => !!x);
      return db
        .select({ id: projects.id, title: projects.title, stage: projects.stage, umbrellaId: projects.umbrellaId, mergedIntoId: projects.mergedIntoId })
        .from(projects)
        .where(
          and(
            eq(projects.officeId, officeId),
            or(eq(projects.mergedIntoId, p.id), eq(projects.umbrellaId, p.id), ...(ids.length ? [inArray(projects.id, ids)] : [])),
          ),
        )
        .orderBy(projects.title);
    },
    async umbrellaChain(officeId: string, id: string) {
      const res = await db.execute(sql`
        with recursive up(id, umbrella_id, depth) as (
          select id, umbrella_id, 0 from projects where id = ${id} and office_id = ${officeId}
          union all
          select p.id, p.umbrella_id, up.depth + 1 from projects p join up on p.id = up.umbrella_id
          where up.depth < 50 and p.office_id = ${officeId}
        ) select id from up`);
      return (res as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
    },
  };
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** node-postgres parses uuid[] into arrays; PGlite may hand back the text form. */
/**
 * The office's project snapshots in force at `at`, as a FROM clause aliased `s`. Without `knownAt`,
 * the rows whose [effective_at, valid_to) holds `at` (GiST). With it, the newest row recorded by
 * `knownAt` that had taken effect by `at`, one index probe per project: valid_to may have been set
 * by a change recorded after `knownAt`.
 */
function snapshotsAt(officeId: string, at: Date, knownAt?: Date): SQL {
  const t = at.toISOString();
  if (!knownAt) return sql`project_history s where s.office_id = ${officeId} and tstzrange(s.effective_at, s.valid_to, '[)') @> ${t}::timestamptz`;
  return sql`projects p cross join lateral (
      select * from project_history h
      where h.project_id = p.id and h.effective_at <= ${t} and h.recorded_at <= ${knownAt.toISOString()}
      order by h.effective_at desc, h.id desc
      limit 1
    ) s
    where p.office_id = ${officeId}`;
}

/** The rows of a query that returns one JSON array in a column named "rows" (PGlite parses it; pg may not). */
function jsonRows<T>(res: unknown): T[] {
  const [row] = (res as { rows: { rows: unknown }[] }).rows;
  return (typeof row.rows === 'string' ? JSON.parse(row.rows) : row.rows) as T[];
}

function parsePgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === 'string')
    return v
      .replace(/^\{|\}$/g, '')
      .split(',')
      .filter(Boolean);
  return [];
}

export type ProjectsRepository = ReturnType<typeof createProjectsRepository>;
