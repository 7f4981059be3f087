import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import type { Stage } from '../projects/stages.js';
import { decisionProjects, projectHistory, projectPriorities, projects } from '../projects/projects.table.js';
import { decisionHistory, decisions } from '../decisions/decisions.table.js';
import { targetObservations, targets, targetsHistory } from '../targets/targets.table.js';
import { importColumnNames, importUploads, imports } from './imports.table.js';

export type ImportRow = typeof imports.$inferSelect;
/** A history row as the export reads it. */
type HistoryRow = typeof projectHistory.$inferSelect;
/** A change as the export reads it: what only an entry row uses (strand to statutory) is null on other rows. */
export type ExportHistoryRow = Pick<HistoryRow, 'projectId' | 'kind' | 'move' | 'changes' | 'reason' | 'effectiveAt' | 'stage'> & {
  [K in 'strandId' | 'priorityIds' | 'objective' | 'lead' | 'statutory']: HistoryRow[K] | null;
} & { currentTitle: string };

export function createImportsRepository({ db }: { db: DbOrTx }) {
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
  return {
    async insert(v: typeof imports.$inferInsert) {
      await db.insert(imports).values(v);
    },
    async setHistoryRows(id: string) {
      await db.execute(sql`update imports set history_rows =
        (select count(*) from project_history where import_id = ${id}) + (select count(*) from decision_history where import_id = ${id})
        + (select count(*) from targets_history where import_id = ${id}) where id = ${id}`);
    },
    /** The office's projects as an import continues them: stage, where a hold returns to, the day of the last change. */
    async projectsState(officeId: string) {
      return rows<{ id: string; title: string; stage: Stage; heldFrom: Stage | null; lastAt: string | Date | null }>(sql`
        select p.id, p.title, p.stage, p.held_from as "heldFrom", (select max(h.effective_at) from project_history h where h.project_id = p.id) as "lastAt"
        from projects p where p.office_id = ${officeId}`);
    },
    /** The office's notices' references and targets' statements: what a file's rows are matched against. */
    /** The office's own names for a type's columns: header (as compared) -> column key. */
    async columnNames(officeId: string, type: string) {
      const rows = await db
        .select({ header: importColumnNames.header, key: importColumnNames.columnKey })
        .from(importColumnNames)
        .where(and(eq(importColumnNames.officeId, officeId), eq(importColumnNames.type, type)));
      return Object.fromEntries(rows.map((r) => [r.header, r.key])) as Record<string, string>;
    },
    /** Sets (or, with a null key, forgets) the office's names for some headers. */
    async setColumnNames(officeId: string, type: string, names: { header: string; key: string | null }[], setByName: string, setAt: Date) {
      for (const n of names) {
        await db
          .delete(importColumnNames)
          .where(and(eq(importColumnNames.officeId, officeId), eq(importColumnNames.type, type), eq(importColumnNames.header, n.header)));
        if (n.key) await db.insert(importColumnNames).values({ officeId, type, header: n.header, columnKey: n.key, setAt, setByName });
      }
    },
    async decisionReferences(officeId: string) {
      return (await db.select({ r: decisions.reference }).from(decisions).where(eq(decisions.officeId, officeId))).map((x) => x.r);
    },
    async targetStatements(officeId: string) {
      return (await db.select({ s: targets.statement }).from(targets).where(eq(targets.officeId, officeId))).map((x) => x.s);
    },
    /** The notices an import entered (their 'created' history rows). */
    async decisionsCreatedBy(officeId: string, id: string): Promise<string[]> {
      const r = await rows<{ id: string }>(
        sql`select decision_id as id from decision_history where office_id = ${officeId} and import_id = ${id} and kind = 'created'`,
      );
      return r.map((x) => x.id);
    },
    async targetsCreatedBy(officeId: string, id: string): Promise<string[]> {
      const r = await rows<{ id: string }>(
        sql`select entity_id as id from targets_history where office_id = ${officeId} and import_id = ${id} and entity = 'target' and kind = 'created'`,
      );
      return r.map((x) => x.id);
    },
    /** What its undoing would lose, for notices: a change since not made by it, a project linked to or decided by one of them. */
    async decisionsChangedSince(id: string, ids: string[]): Promise<string[]> {
      if (!ids.length) return [];
      const list = sql.join(
        ids.map((x) => sql`${x}::uuid`),
        sql`, `,
      );
      const [r] = await rows<{ later: number; linked: number; decided: number }>(sql`
        select
          (select count(*)::int from decision_history where decision_id in (${list}) and import_id is distinct from ${id}) as later,
          (select count(*)::int from decision_projects where decision_id in (${list})) as linked,
          (select count(*)::int from project_history where decision_id in (${list})) as decided`);
      const out: string[] = [];
      if (r.later) out.push(`${r.later} change(s) were made since to notices it entered`);
      if (r.linked || r.decided) out.push('projects have been linked to notices it entered');
      return out;
    },
    async targetsChangedSince(id: string, ids: string[]): Promise<string[]> {
      if (!ids.length) return [];
      const [r] = await rows<{ later: number }>(sql`
        select count(*)::int as later from targets_history where entity = 'target'
          and entity_id in (${sql.join(
            ids.map((x) => sql`${x}`),
            sql`, `,
          )}) and import_id is distinct from ${id}`);
      return r.later ? [`${r.later} change(s) were made since to targets it entered`] : [];
    },
    /** Removes the notices an import entered with their history (the database lets only this undo delete those rows). */
    async removeDecisions(importId: string, ids: string[]) {
      if (!ids.length) return;
      await db.execute(sql`select set_config('pcp.undo_import', ${importId}, true)`);
      await db.delete(decisionHistory).where(inArray(decisionHistory.decisionId, ids));
      await db.delete(decisions).where(inArray(decisions.id, ids));
    },
    async removeTargets(importId: string, ids: string[]) {
      if (!ids.length) return;
      await db.execute(sql`select set_config('pcp.undo_import', ${importId}, true)`);
      await db.delete(targetObservations).where(inArray(targetObservations.targetId, ids));
      await db.delete(targetsHistory).where(and(eq(targetsHistory.entity, 'target'), inArray(targetsHistory.entityId, ids)));
      await db.delete(targets).where(inArray(targets.id, ids));
    },
    /**
     * Every history row of the office's projects, oldest first, with each project's title now: the
     * columns the export reads, as one JSON value (50,000 rows mapped by Drizzle one by one took seconds).
     */
    /**
     * Every change of the office's projects, oldest first. A stage move needs only its move, reason
     * and instant: the fields only an entry row uses are read for entries alone (and a move's changes
     * for a merge), which halves what 55,000 rows bring over from the database.
     */
    async historyOfOffice(officeId: string): Promise<ExportHistoryRow[]> {
      const list = await rows<ExportHistoryRow & { effectiveAt: Date | string; changes: unknown }>(sql`
        select h.project_id as "projectId", h.kind, h.move, h.reason, h.effective_at as "effectiveAt", h.stage, p.title as "currentTitle",
          case when h.kind <> 'moved' or h.move = 'merge' then h.changes end as changes,
          case when h.kind = 'created' then h.strand_id end as "strandId",
          case when h.kind = 'created' then h.priority_ids end as "priorityIds",
          case when h.kind = 'created' then h.objective end as objective,
          case when h.kind = 'created' then h.lead end as lead,
          case when h.kind = 'created' then h.statutory end as statutory
        from project_history h join projects p on p.id = h.project_id where h.office_id = ${officeId}
        order by h.effective_at, h.id`);
      for (const x of list) {
        if (!(x.effectiveAt instanceof Date)) x.effectiveAt = new Date(x.effectiveAt);
        if (typeof x.changes === 'string') x.changes = JSON.parse(x.changes);
      }
      return list as ExportHistoryRow[];
    },
    async saveUpload(v: typeof importUploads.$inferInsert, olderThan: Date) {
      await db.delete(importUploads).where(sql`${importUploads.createdAt} < ${olderThan.toISOString()}`);
      await db.insert(importUploads).values(v);
    },
    async upload(officeId: string, id: string) {
      const [r] = await db
        .select()
        .from(importUploads)
        .where(and(eq(importUploads.officeId, officeId), eq(importUploads.id, id)));
      return r;
    },
    async dropUpload(id: string) {
      await db.delete(importUploads).where(eq(importUploads.id, id));
    },
    list: (officeId: string) => db.select().from(imports).where(eq(imports.officeId, officeId)).orderBy(desc(imports.createdAt)).limit(100),
    async get(officeId: string, id: string): Promise<ImportRow | undefined> {
      const [r] = await db
        .select()
        .from(imports)
        .where(and(eq(imports.officeId, officeId), eq(imports.id, id)));
      return r;
    },
    /** The projects an import entered (its 'created' history rows). */
    async createdBy(officeId: string, id: string): Promise<string[]> {
      const r = await rows<{ id: string }>(
        sql`select project_id as id from project_history where office_id = ${officeId} and import_id = ${id} and kind = 'created'`,
      );
      return r.map((x) => x.id);
    },
    /**
     * What has changed since an import that its undoing would lose: a change to one of its projects
     * not made by it, a change it made to a project it did not enter, another project pointing at
     * one of its projects (an umbrella, a merge), a decision notice linked to one of them since.
     */
    async changedSince(officeId: string, id: string, ids: string[]): Promise<string[]> {
      if (!ids.length) return [];
      const list = sql.join(
        ids.map((x) => sql`${x}::uuid`),
        sql`, `,
      );
      const [r] = await rows<{ later: number; outside: number; pointing: number; linked: number; statuses: number }>(sql`
        select
          (select count(*)::int from project_history where project_id in (${list}) and import_id is distinct from ${id}) as later,
          (select count(*)::int from project_history where import_id = ${id} and office_id = ${officeId} and project_id not in (${list})) as outside,
          (select count(*)::int from projects where office_id = ${officeId} and id not in (${list})
             and (umbrella_id in (${list}) or merged_into_id in (${list}))) as pointing,
          (select count(*)::int from decision_projects where project_id in (${list})) as linked,
          (select count(*)::int from project_statuses where project_id in (${list})) as statuses`);
      const out: string[] = [];
      if (r.later) out.push(`${r.later} change(s) were made since to projects it entered`);
      if (r.outside) out.push('it changed projects that were already in the tracker');
      if (r.pointing) out.push('other projects now point at projects it entered');
      if (r.linked) out.push('decision notices have been linked to projects it entered');
      // A quarterly status is history of its own (append-only): a project with one stays.
      if (r.statuses) out.push(`${r.statuses} quarterly status(es) have been recorded for projects it entered`);
      return out;
    },
    /**
     * Removes the projects an import entered, their history, priorities and notice links. History is
     * append-only in the database (migration import_undo_sql): the one delete it lets through is of
     * rows marked with the import that this transaction names as the one being undone.
     */
    async removeProjects(importId: string, ids: string[]) {
      if (!ids.length) return;
      await db.execute(sql`select set_config('pcp.undo_import', ${importId}, true)`);
      await db.delete(decisionProjects).where(inArray(decisionProjects.projectId, ids));
      await db.delete(projectPriorities).where(inArray(projectPriorities.projectId, ids));
      await db.delete(projectHistory).where(inArray(projectHistory.projectId, ids));
      await db.delete(projects).where(inArray(projects.id, ids));
    },
    async markUndone(id: string, v: { undoneById: string | null; undoneByName: string; undoneAt: Date; undoneReason: string }) {
      await db
        .update(imports)
        .set({ ...v, status: 'undone' })
        .where(eq(imports.id, id));
    },
  };
}
