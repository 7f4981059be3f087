import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Tx } from '../platform/db/client.js';
import { londonDate } from '../platform/db/time.js';
import { type Actor, DomainError, invalid, notFound } from '../platform/errors.js';
import { createAuthRepository } from '../platform/auth/auth.repository.js';
import { parseInput } from '../platform/validation.js';
import { createPlanRepository } from '../plan/plan.repository.js';
import { createProjectsRepository } from '../projects/projects.repository.js';
import { createProjectsService } from '../projects/projects.service.js';
import { createProjectsBatch } from '../projects/projects.batch.js';
import { createImportsRepository, type ExportHistoryRow } from './imports.repository.js';
import { PROJECT_COLUMNS, planProjects, type ProjectsPlan, type RowProblem, type Step } from './projects-sheet.js';
import { projectsHistoryWorkbook } from './projects-export.js';
import { readSheetFile } from './sheet-file.js';
import { templateWorkbook } from './templates.js';
import { createDecisionsService } from '../decisions/decisions.service.js';
import { createTargetsService } from '../targets/targets.service.js';
import {
  type Column,
  DECISION_COLUMNS,
  type DecisionStep,
  planDecisions,
  planTargets,
  type SheetPlan,
  TARGET_COLUMNS,
  type TargetStep,
} from './other-sheets.js';

export const IMPORT_TYPES = ['projects', 'decisions', 'targets'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

export type Progress = (done: number, total: number) => void;

/** A file's rows could not all be entered: every problem, by row and column. Nothing was written. */
export class RowsInvalid extends DomainError {
  constructor(public readonly problems: RowProblem[]) {
    super(
      'import.rows_invalid',
      `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing was imported`,
      problems.slice(0, 200).map((p) => ({ field: 'file', message: p.message })),
      { problems: problems.slice(0, 1000) },
    );
  }
}

const undoSchema = z.object({
  reason: z
    .string({ message: 'Enter the reason the import is undone' })
    .trim()
    .min(1, { message: 'Enter the reason the import is undone' })
    .max(2000, { message: 'Reason must be 2000 characters or fewer' }),
});

/** Each type's columns, in the template's order. */
export const COLUMNS: Record<ImportType, readonly Column[]> = {
  projects: PROJECT_COLUMNS.map((c) => ({ ...c, example: null, required: ['title', 'change', 'date'].includes(c.key) })),
  decisions: DECISION_COLUMNS,
  targets: TARGET_COLUMNS,
};
export const TYPE_LABELS: Record<ImportType, string> = { projects: 'Projects', decisions: 'Decision notices', targets: 'Targets' };
/** The sheet of a workbook each type is read from (else its first sheet). */
const SHEET_NAMES: Record<ImportType, string[]> = { projects: ['projects'], decisions: ['decision notices', 'decisions'], targets: ['targets'] };

type AnyPlan = ({ type: 'projects' } & ProjectsPlan) | ({ type: 'decisions' } & SheetPlan<DecisionStep>) | ({ type: 'targets' } & SheetPlan<TargetStep>);

/** The column a service's field error belongs to, for the message by row and column. */
function columnOf(type: ImportType, field: string): string | null {
  if (type === 'projects') return columnOfField(field);
  const alias: Record<string, string> = { priorityId: 'priority', reportedTravel: 'travel' };
  return COLUMNS[type].find((c) => c.key === (alias[field] ?? field))?.header ?? null;
}

/** A refusal met while entering a row (a rule only the service checks): the row's problem, and the whole import rolled back. */
function rowProblem(type: ImportType, row: number, e: DomainError): RowsInvalid {
  const f = e.fields[0];
  const column = f ? columnOf(type, f.field) : null;
  return new RowsInvalid([
    {
      row,
      column,
      message: `Row ${row}${column ? `, column ‘${column}’` : ''}: ${(f?.message ?? e.message).replace(/^./, (x) => x.toLowerCase())}`,
    },
  ]);
}

const isType = (t: unknown): t is ImportType => typeof t === 'string' && (IMPORT_TYPES as readonly string[]).includes(t);

/**
 * `serviceOnly`: every change through the projects service, one call each, even where the batch could
 * enter them (the batch's test compares the two).
 */
export function createImportsService({ db, now = () => new Date(), serviceOnly = false }: { db: Db; now?: () => Date; serviceOnly?: boolean }) {
  const repo = createImportsRepository({ db });

  /** The sheet of a file that holds the type's rows: the one named for it (Projects, Decision notices, Targets), else the first. */
  async function rowsOf(type: ImportType, name: string, data: Uint8Array) {
    const file = await readSheetFile(name, data);
    const sheet = file.sheets.find((s) => SHEET_NAMES[type].includes(s.sheet.trim().toLowerCase())) ?? file.sheets[0];
    return sheet?.rows ?? [];
  }

  async function planFor(type: ImportType, officeId: string, name: string, data: Uint8Array): Promise<AnyPlan> {
    const rows = await rowsOf(type, name, data);
    const plan = createPlanRepository({ db });
    const today = londonDate(now());
    // The office's own column names, remembered from an earlier import.
    const mapping = await repo.columnNames(officeId, type);
    if (type === 'decisions') return { type, ...planDecisions(rows, { existing: await repo.decisionReferences(officeId), today }, mapping) };
    if (type === 'targets') {
      const [priorities, existing] = await Promise.all([plan.prioritiesInForce(officeId), repo.targetStatements(officeId)]);
      return { type, ...planTargets(rows, { priorities, existing, today }, mapping) };
    }
    const [strands, priorities, state] = await Promise.all([plan.listStrands(officeId), plan.prioritiesInForce(officeId), repo.projectsState(officeId)]);
    const existing = state.map((p) => ({ ...p, lastOn: p.lastAt ? londonDate(new Date(p.lastAt)) : null }));
    return { type, ...planProjects(rows, { strands, priorities, existing, today }, mapping) };
  }

  /** The file's header row, each with the column it is read as (by our name or the office's), or none. */
  async function headersOf(type: ImportType, officeId: string, name: string, data: Uint8Array) {
    const [rows, mapping] = await Promise.all([rowsOf(type, name, data), repo.columnNames(officeId, type)]);
    const byName = new Map(COLUMNS[type].map((c) => [normHeader(c.header), c.key]));
    return (rows[0] ?? []).map((cell, index) => {
      const header = cell === null || cell === undefined ? '' : String(cell).trim();
      return { index, header, key: byName.get(normHeader(header)) ?? mapping[normHeader(header)] ?? null, ours: byName.has(normHeader(header)) };
    });
  }

  /** The caller's transaction as a service's database: the service's own transactions run as part of it (see enter). */
  const inlined = (tx: Tx) =>
    new Proxy(tx, {
      get: (t, k, r) => (k === 'transaction' ? (fn: (x: Tx) => Promise<unknown>) => fn(t) : Reflect.get(t, k, r)),
    }) as unknown as Db;

  /** Enters notices through the decisions service: created, then approved and published as the file says. */
  async function enterDecisions(tx: Tx, by: Actor, importId: string, steps: DecisionStep[], progress: Progress) {
    let row = 0;
    const decisions = createDecisionsService({ db: inlined(tx), now, mark: () => ({ importId, importRow: row }) });
    let n = 0;
    for (const step of steps) {
      row = step.row;
      try {
        let d = await decisions.create({ by, input: step.input });
        if (step.approve) d = await decisions.approve({ by, id: d.id, input: { version: d.version, ...step.approve } });
        if (step.publish) await decisions.publish({ by, id: d.id, input: { version: d.version } });
      } catch (e) {
        if (e instanceof DomainError) throw rowProblem('decisions', step.row, e);
        throw e;
      }
      progress(++n, steps.length);
    }
  }

  /** Enters targets, then their readings, through the targets service. */
  async function enterTargets(tx: Tx, by: Actor, importId: string, steps: TargetStep[], progress: Progress) {
    let row = 0;
    const targets = createTargetsService({ db: inlined(tx), now, mark: () => ({ importId, importRow: row }) });
    const ids = new Map<string, string>();
    const key = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
    let n = 0;
    for (const step of steps) {
      row = step.row;
      try {
        if (step.kind === 'target') ids.set(key(step.statement), (await targets.createTarget({ by, input: step.input })).id);
        else await targets.addObservation({ by, targetId: ids.get(key(step.statement)) as string, input: step.input });
      } catch (e) {
        if (e instanceof DomainError) throw rowProblem('targets', step.row, e);
        throw e;
      }
      progress(++n, steps.length);
    }
  }

  /**
   * Enters a checked plan whose changes all concern projects the file itself enters (the usual case:
   * an office's tracker brought into an empty office) through the projects batch: the service's rules
   * and history rows, in memory, written with multi-row INSERTs. 50,000 changes take seconds instead of
   * minutes (bench/imports.bench.ts).
   */
  async function enterBatch(tx: Tx, by: Actor, importId: string, plan: ProjectsPlan, progress: Progress) {
    let row = 0;
    const batch = createProjectsBatch({ by, now, mark: () => ({ importId, importRow: row }) });
    const key = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
    const ids = new Map<string, string>();
    const done = new Set<Step>();
    const total = plan.steps.length;
    let n = 0;
    for (const step of plan.steps) {
      if (done.has(step)) continue;
      row = step.row;
      const reason = step.reason || undefined;
      try {
        if (step.kind === 'create') ids.set(key(step.title), batch.create({ ...step.fields, stage: step.stage, effectiveOn: step.on, reason }).id);
        else if (step.kind === 'move') batch.move(ids.get(key(step.title)) as string, { move: step.move, version: 1, effectiveOn: step.on, reason });
        else if (step.kind === 'update') batch.update(ids.get(key(step.title)) as string, { ...step.patch, version: 1, effectiveOn: step.on, reason });
        else {
          // As enter(): projects merged into one on the same day for the same reason are one merge.
          const group = plan.steps.filter(
            (s): s is typeof step => s.kind === 'merge' && !done.has(s) && s.on === step.on && key(s.into) === key(step.into) && s.reason === step.reason,
          );
          batch.merge(ids.get(key(step.into)) as string, {
            sourceIds: group.map((s) => ids.get(key(s.title)) as string),
            version: 1,
            effectiveOn: step.on,
            reason: step.reason,
          });
          for (const s of group) done.add(s);
          n += group.length - 1;
        }
      } catch (e) {
        if (e instanceof DomainError) throw rowProblem('projects', step.row, e);
        throw e;
      }
      done.add(step);
      if (++n % 500 === 0 || n === total) progress(n, total);
    }
    await batch.flush(tx);
  }

  /** A plan the batch can enter: every change is to a project the file enters, every merge into one. */
  const batchable = (plan: ProjectsPlan) => {
    const key = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
    const created = new Set(plan.steps.filter((s) => s.kind === 'create').map((s) => key(s.title)));
    return plan.steps.every((s) => created.has(key(s.title)) && (s.kind !== 'merge' || created.has(key(s.into))));
  };

  /** Enters a checked plan's steps through the projects service, inside the caller's transaction. */
  async function enter(tx: Tx, by: Actor, importId: string, plan: ProjectsPlan, progress: Progress) {
    let row = 0;
    // The service's own transactions run as part of this one, without a savepoint each: any problem
    // rolls the whole import back anyway, and thousands of subtransactions in one transaction slow
    // PostgreSQL's every visibility check (its subtransaction cache holds 64).
    const projects = createProjectsService({ db: inlined(tx), now, mark: () => ({ importId, importRow: row }) });
    const found = await createProjectsRepository({ db: tx }).choices(by.officeId);
    const key = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
    const ids = new Map<string, { id: string; version: number | null }>(found.map((p) => [key(p.title), { id: p.id, version: null }]));
    const version = async (k: string) => {
      const p = ids.get(k) as { id: string; version: number | null };
      if (p.version === null) p.version = (await projects.get(by.officeId, p.id)).version;
      return p;
    };
    const done = new Set<Step>();
    const total = plan.steps.length;
    let n = 0;
    for (const step of plan.steps) {
      if (done.has(step)) continue;
      row = step.row;
      try {
        if (step.kind === 'create') {
          const p = await projects.create({ by, input: { ...step.fields, stage: step.stage, effectiveOn: step.on, reason: step.reason || undefined } });
          ids.set(key(step.title), { id: p.id, version: p.version });
        } else if (step.kind === 'move') {
          const p = await version(key(step.title));
          const after = await projects.move({
            by,
            id: p.id,
            input: { move: step.move, version: p.version, effectiveOn: step.on, reason: step.reason || undefined },
          });
          p.version = after.version;
        } else if (step.kind === 'update') {
          const p = await version(key(step.title));
          const after = await projects.update({
            by,
            id: p.id,
            input: { ...step.patch, version: p.version, effectiveOn: step.on, reason: step.reason || undefined },
          });
          p.version = after.version;
        } else {
          // Projects merged into one on the same day for the same reason are one merge (one entry on the project they joined).
          const group = plan.steps.filter(
            (s): s is typeof step => s.kind === 'merge' && !done.has(s) && s.on === step.on && key(s.into) === key(step.into) && s.reason === step.reason,
          );
          const into = await version(key(step.into));
          const sources = await Promise.all(group.map((s) => version(key(s.title))));
          const r = await projects.merge({
            by,
            targetId: into.id,
            input: { sourceIds: sources.map((s) => s.id), version: into.version, effectiveOn: step.on, reason: step.reason },
            sourceVersions: Object.fromEntries(sources.map((s) => [s.id, s.version as number])),
          });
          into.version = r.target.version;
          for (const s of r.sources) (ids.get(key(s.title)) as { version: number | null }).version = s.version;
          for (const s of group) done.add(s);
          n += group.length - 1;
        }
      } catch (e) {
        if (e instanceof DomainError) throw rowProblem('projects', step.row, e);
        throw e;
      }
      done.add(step);
      progress(++n, total);
    }
  }

  return {
    /** The check before an import: what it would do, and every problem, with nothing written. */
    async check({ officeId, name, data, type = 'projects' }: { officeId: string; name: string; data: Uint8Array; type?: ImportType }) {
      const plan = await planFor(type, officeId, name, data);
      return { type, counts: plan.counts, problems: plan.problems };
    },

    /**
     * Imports a file in one transaction: the import's row, then every change through the projects
     * service (its own rules and history rows, each marked with the import and the file's row). Any
     * problem, found before or while entering, rolls all of it back.
     */
    async run({ by, type, name, data, progress = () => {} }: { by: Actor; type: ImportType; name: string; data: Uint8Array; progress?: Progress }) {
      if (!isType(type)) throw new DomainError('import.invalid', 'Choose what the file holds', [{ field: 'type', message: 'Choose what the file holds' }]);
      const plan = await planFor(type, by.officeId, name, data);
      if (plan.problems.length) throw new RowsInvalid(plan.problems);
      const id = randomUUID();
      await db.transaction(async (tx) => {
        const r = createImportsRepository({ db: tx });
        await r.insert({
          id,
          officeId: by.officeId,
          type,
          fileName: name.slice(0, 255),
          sha256: createHash('sha256').update(data).digest('hex'),
          counts: plan.counts,
          actorId: by.userId,
          actorName: by.name,
          createdAt: now(),
        });
        if (plan.type === 'projects' && batchable(plan) && !serviceOnly) await enterBatch(tx as Tx, by, id, plan, progress);
        else if (plan.type === 'projects') await enter(tx as Tx, by, id, plan, progress);
        else if (plan.type === 'decisions') await enterDecisions(tx as Tx, by, id, plan.steps, progress);
        else await enterTargets(tx as Tx, by, id, plan.steps, progress);
        await r.setHistoryRows(id);
      });
      return { id, counts: plan.counts };
    },

    /** Undoes an import whose projects nobody has changed since: they are removed; the import keeps who undid it, when and why. */
    async undo({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('import', undoSchema, input);
      return db.transaction(async (tx) => {
        const r = createImportsRepository({ db: tx });
        const imp = await r.get(by.officeId, id);
        if (!imp) throw notFound('import');
        if (imp.status === 'undone') throw new DomainError('import.undo_refused', 'This import has already been undone.');
        const type = isType(imp.type) ? imp.type : 'projects';
        const ids =
          type === 'decisions'
            ? await r.decisionsCreatedBy(by.officeId, id)
            : type === 'targets'
              ? await r.targetsCreatedBy(by.officeId, id)
              : await r.createdBy(by.officeId, id);
        const changed =
          type === 'decisions'
            ? await r.decisionsChangedSince(id, ids)
            : type === 'targets'
              ? await r.targetsChangedSince(id, ids)
              : await r.changedSince(by.officeId, id, ids);
        if (changed.length) throw new DomainError('import.undo_refused', `This import can no longer be undone: ${changed.join('; ')}.`);
        if (type === 'decisions') await r.removeDecisions(id, ids);
        else if (type === 'targets') await r.removeTargets(id, ids);
        else await r.removeProjects(id, ids);
        await r.markUndone(id, { undoneById: by.userId, undoneByName: by.name, undoneAt: now(), undoneReason: v.reason });
        return { removed: ids.length };
      });
    },

    /** The office's projects with their dated history as a workbook in the import's layout, grouped by project. */
    async exportHistory(officeId: string) {
      const plan = createPlanRepository({ db });
      const [rows, strands, priorities] = await Promise.all([repo.historyOfOffice(officeId), plan.listStrands(officeId), plan.listPriorities(officeId)]);
      const byProject = new Map<string, ExportHistoryRow[]>();
      for (const r of rows) {
        const list = byProject.get(r.projectId) ?? [];
        list.push(r);
        byProject.set(r.projectId, list);
      }
      return projectsHistoryWorkbook(
        [...byProject.values()].flat(),
        { strands: new Map(strands.map((s) => [s.id, s.name])), priorities: new Map(priorities.map((p) => [p.id, p.name])) },
        londonDate,
      );
    },
    /** Keeps an uploaded file for the check page and its confirmation (a day at most); refuses an unsafe one at once. */
    async upload({ by, name, data, type = 'projects' }: { by: Actor; name: string; data: Uint8Array; type?: unknown }) {
      if (!isType(type)) throw new DomainError('import.invalid', 'Choose what the file holds', [{ field: 'type', message: 'Choose what the file holds' }]);
      await readSheetFile(name, data);
      const id = randomUUID();
      await repo.saveUpload(
        {
          id,
          officeId: by.officeId,
          actorId: by.userId,
          fileName: name.slice(0, 255),
          type,
          dataBase64: Buffer.from(data).toString('base64'),
          createdAt: now(),
        },
        new Date(now().getTime() - 86_400_000),
      );
      return id;
    },
    async uploaded(officeId: string, id: string) {
      const u = await repo.upload(officeId, id);
      if (!u) throw notFound('import');
      const data = Buffer.from(u.dataBase64, 'base64');
      const type = isType(u.type) ? u.type : 'projects';
      const headers = await headersOf(type, officeId, u.fileName, data);
      return {
        id: u.id,
        name: u.fileName,
        data,
        typeLabel: TYPE_LABELS[type],
        headers,
        columns: COLUMNS[type].map((c) => ({ key: c.key, header: c.header, required: !!c.required })),
        ...(await this.check({ officeId, name: u.fileName, data, type })),
      };
    },
    /**
     * Remembers the office's own names for the columns, from an uploaded file's header row: `input`
     * gives, for a header's position, the column it holds ('' to forget a name). Each column once;
     * the headers that already are our names stay ours. Audited with who and when.
     */
    async saveColumnNames({ by, id, input }: { by: Actor; id: string; input: Record<string, unknown> }) {
      const u = await repo.upload(by.officeId, id);
      if (!u) throw notFound('import');
      const type = isType(u.type) ? u.type : 'projects';
      const headers = await headersOf(type, by.officeId, u.fileName, Buffer.from(u.dataBase64, 'base64'));
      const keys = new Set(COLUMNS[type].map((c) => c.key));
      const fields: { field: string; message: string }[] = [];
      const chosen: { header: string; key: string | null; field: string }[] = [];
      for (const h of headers) {
        const v = input[`col-${h.index}`];
        if (v === undefined || h.ours || !h.header) continue;
        if (typeof v !== 'string' || (v !== '' && !keys.has(v))) {
          fields.push({ field: `col-${h.index}`, message: `Choose which column ‘${h.header.slice(0, 60)}’ holds, or ‘Not imported’` });
          continue;
        }
        if (h.header.length > 200) {
          fields.push({ field: `col-${h.index}`, message: 'A column name must be 200 characters or fewer' });
          continue;
        }
        chosen.push({ header: normHeader(h.header), key: v || null, field: `col-${h.index}` });
      }
      // A column our own name already fills, or chosen twice, cannot be taken by another header.
      const taken = new Map(headers.filter((h) => h.ours && h.key).map((h) => [h.key as string, h.header]));
      for (const c of chosen) {
        if (!c.key) continue;
        const label = COLUMNS[type].find((x) => x.key === c.key)?.header ?? c.key;
        if (taken.has(c.key)) fields.push({ field: c.field, message: `Only one column can be read as ‘${label}’: ‘${taken.get(c.key)}’ already is` });
        else taken.set(c.key, c.header);
      }
      if (fields.length) throw invalid('import_columns', fields);
      await db.transaction(async (tx) => {
        const at = now();
        await createImportsRepository({ db: tx }).setColumnNames(by.officeId, type, chosen, by.name, at);
        await createAuthRepository({ db: tx }).audit({
          officeId: by.officeId,
          entity: 'import_columns',
          entityId: type,
          action: 'updated',
          changes: JSON.stringify(chosen.map((c) => ({ header: c.header, column: c.key }))),
          actorId: by.userId,
          actorName: by.name,
          recordedAt: at,
        });
      });
      return { type, saved: chosen.filter((c) => c.key).length };
    },
    /** Imports an uploaded file, which is then no longer kept. */
    async runUpload({ by, id }: { by: Actor; id: string }) {
      const u = await repo.upload(by.officeId, id);
      if (!u) throw notFound('import');
      const r = await this.run({ by, type: isType(u.type) ? u.type : 'projects', name: u.fileName, data: Buffer.from(u.dataBase64, 'base64') });
      await repo.dropUpload(id);
      return r;
    },
    list: (officeId: string) => repo.list(officeId),
    async get(officeId: string, id: string) {
      const imp = await repo.get(officeId, id);
      if (!imp) throw notFound('import');
      return imp;
    },
    headers: (type: ImportType = 'projects') => COLUMNS[type].map((c) => c.header),
    /** The type's template for the office: its strands and priorities in the drop-down lists. */
    async template(officeId: string, type: unknown) {
      if (!isType(type)) throw notFound('import');
      const plan = createPlanRepository({ db });
      const [strands, priorities] = await Promise.all([plan.listStrands(officeId), plan.prioritiesInForce(officeId)]);
      return templateWorkbook(type, COLUMNS[type], { strands: strands.map((s) => s.name), priorities: priorities.map((p) => p.name) });
    },
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;

/** A header as compared: spaces collapsed, lower case (as the sheets' readers compare them). */
const normHeader = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function columnOfField(field: string): string | null {
  const map: Record<string, string> = {
    effectiveOn: 'Date',
    reason: 'Reason',
    move: 'Change',
    intoId: 'Merged into',
    sourceIds: 'Merged into',
    forecastEnd: 'Forecast end',
    objective: 'Objective',
    title: 'Project',
    strandId: 'Strand',
    priorityIds: 'Priorities',
  };
  return map[field] ?? null;
}
