import type { HistoryMark } from '../platform/history.js';
import type { Db, Tx } from '../platform/db/client.js';
import { londonDate, londonDayEnd, londonDayStart } from '../platform/db/time.js';
import { userDate } from '../platform/dates.js';
import { diffFields, sameValue } from '../platform/history.js';
import { type Actor, DomainError, type FieldError, invalid, notFound, StaleVersion } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { createPlanRepository } from '../plan/plan.repository.js';
import { type Forecast, forecastCode, formatForecast, isExtension, parseForecast } from './forecast.js';
import { createDecisionsRepository } from '../decisions/decisions.repository.js';
import { createAreasRepository } from '../areas/areas.repository.js';
import { createProjectsRepository, type ProjectRow } from './projects.repository.js';
import {
  asAtSchema,
  createProjectSchema,
  extendSchema,
  type ListQuery,
  listQuerySchema,
  mergeSchema,
  moveSchema,
  projectFieldsSchema,
  updateProjectSchema,
} from './projects.schemas.js';
import { canReceiveMerge, MOVES, type Move, STAGE_PHRASES, type Stage, target } from './stages.js';

/** Fields whose changes are recorded, in the order a history entry lists them. */
// decisionIds: the project's decision notices (decision_projects). Entries recorded before notices
// could be chosen name them as free text under decisionRefs; those stay as they were.
export const TRACKED = [
  'title',
  'objective',
  'overview',
  'outcome',
  'strandId',
  'priorityIds',
  'lead',
  'statutory',
  'forecastEnd',
  'umbrellaId',
  'decisionIds',
  'areaIds',
] as const;
type Tracked = (typeof TRACKED)[number];
export type { Change } from '../platform/history.js';

const forecastOf = (p: { forecastEnd: string | null; forecastPrecision: Forecast['precision'] }): Forecast => ({
  precision: p.forecastPrecision,
  date: p.forecastEnd,
});

/** The notice a change was decided by; its reference is kept on the entry as it read then. */
type Decided = { id: string; reference: string };

/**
 * When a change takes effect, given now and each project's last recorded change: a date is the start
 * of that London day, today means now; never in the future, never before a last change (on that
 * change's own day it takes the change's instant). The service and the import's batch share it.
 */
export function effectiveInstantOf(at: Date, effectiveOn: string | undefined, lasts: (Date | null | undefined)[]): Date {
  const today = londonDate(at);
  let eff = !effectiveOn || effectiveOn === today ? at : londonDayStart(effectiveOn);
  if (eff.getTime() > at.getTime()) throw invalid('project', [{ field: 'effectiveOn', message: 'Date it took effect cannot be in the future' }]);
  for (const last of lasts) {
    if (!last || eff.getTime() >= last.getTime()) continue;
    if (effectiveOn && londonDate(last) === effectiveOn) {
      eff = last;
      continue;
    }
    throw new DomainError('project.backdated', `Date it took effect cannot be before the project’s last recorded change (${userDate(londonDate(last))}).`, [
      { field: 'effectiveOn', message: `Date it took effect cannot be before the project’s last recorded change on ${userDate(londonDate(last))}` },
    ]);
  }
  return eff;
}

/** A history entry: what happened and when it took effect. */
export type HistoryEvent = {
  kind: string;
  move?: string;
  changes: Record<string, unknown>;
  reason?: string | null;
  decidedBy?: Decided | null;
  effectiveAt: Date;
};

/**
 * The project_history row of a change: the project as it stands after it, with what happened, who
 * did it and when. One shape for the service and for an import's batch (projects.batch.ts).
 */
export function historyRow(p: ProjectRow, e: HistoryEvent, v: { by: Actor; recordedAt: Date; mark?: HistoryMark }) {
  return {
    officeId: p.officeId,
    projectId: p.id,
    version: p.version,
    kind: e.kind,
    move: e.move ?? null,
    changes: e.changes,
    reason: e.reason || null,
    decisionId: e.decidedBy?.id ?? null,
    decisionRef: e.decidedBy?.reference ?? null,
    effectiveAt: e.effectiveAt,
    recordedAt: v.recordedAt,
    actorId: v.by.userId,
    actorName: v.by.name,
    title: p.title,
    objective: p.objective,
    stage: p.stage,
    strandId: p.strandId,
    priorityIds: [...p.priorityIds].sort(),
    lead: p.lead,
    statutory: p.statutory,
    forecastEnd: p.forecastEnd,
    forecastPrecision: p.forecastPrecision,
    umbrellaId: p.umbrellaId,
    mergedIntoId: p.mergedIntoId,
    areaIds: [...(p.areaIds ?? [])].sort(),
    ...v.mark?.(),
  };
}

/** A project with its decision notices' ids, as its history compares it. */
type Linked = ProjectRow & { decisionIds: string[] };

export function trackedValue(p: Linked, f: Tracked): unknown {
  if (f === 'forecastEnd') return forecastCode(forecastOf(p));
  if (f === 'priorityIds') return [...p.priorityIds].sort();
  if (f === 'decisionIds') return [...p.decisionIds].sort();
  if (f === 'areaIds') return [...p.areaIds].sort();
  return p[f];
}

const INVALID = Symbol('invalid');
/** A form's answer for a tracked field in its recorded form (as trackedValue gives it), or INVALID. */
function answerValue(f: Tracked, v: unknown): unknown {
  const r = projectFieldsSchema.shape[f].safeParse(v);
  if (!r.success) return INVALID;
  const x = r.data as unknown;
  if (f === 'forecastEnd') return forecastCode(parseForecast(String(x)) as Forecast);
  if (f === 'priorityIds' || f === 'decisionIds' || f === 'areaIds') return [...(x as string[])].sort();
  return x ?? null;
}

/** One field both this user and someone else changed, to different values, since the version the user opened. */
export type Clash = { field: Tracked; mine: unknown; opened: unknown; theirs: unknown };

export function createProjectsService({ db, now = () => new Date(), mark }: { db: Db; now?: () => Date; mark?: HistoryMark }) {
  const repo = createProjectsRepository({ db });

  const linked = async (tx: Tx | Db, p: ProjectRow): Promise<Linked> => ({
    ...p,
    decisionIds: (await createDecisionsRepository({ db: tx }).decisionIdsOf(p.officeId, [p.id])).get(p.id) ?? [],
  });

  /**
   * The notices a project is to be linked to: ids chosen from the office's notices, or references
   * (the API's older form) that must each name one of them. Undefined when neither was sent.
   */
  async function resolveDecisions(tx: Tx | Db, officeId: string, v: { decisionIds?: string[]; decisionRefs?: string[] }): Promise<string[] | undefined> {
    if (v.decisionIds === undefined && v.decisionRefs === undefined) return undefined;
    const dr = createDecisionsRepository({ db: tx });
    const errors: FieldError[] = [];
    const ids = new Set<string>();
    const wanted = [...new Set(v.decisionIds ?? [])];
    if (wanted.length) {
      const found = await dr.byIds(officeId, wanted);
      // Another office's notice is as unknown here as a made-up id.
      if (found.length !== wanted.length) errors.push({ field: 'decisionIds', message: 'Choose decision notices from the list' });
      for (const d of found) ids.add(d.id);
    }
    if (v.decisionRefs?.length) {
      const map = await dr.resolveReferences(officeId, v.decisionRefs);
      const unknown = v.decisionRefs.filter((r) => !map.has(r));
      if (unknown.length)
        errors.push({
          field: 'decisionRefs',
          message: `No decision notice of this office has the reference ${unknown.map((u) => `“${u}”`).join(', ')}: choose notices from the register`,
        });
      for (const id of map.values()) ids.add(id);
    }
    if (errors.length) throw invalid('project', errors);
    return [...ids].sort();
  }

  /** The one notice a gate decision names: by id, or by reference (the API's older form). */
  async function resolveDecision(tx: Tx | Db, officeId: string, v: { decisionId?: string; decisionRef?: string }): Promise<Decided | null> {
    const dr = createDecisionsRepository({ db: tx });
    const ref = v.decisionRef?.trim();
    const id = v.decisionId ?? (ref ? (await dr.resolveReferences(officeId, [ref])).get(ref) : undefined);
    if (!v.decisionId && !ref) return null;
    const [d] = id ? await dr.byIds(officeId, [id]) : [];
    if (!d)
      throw invalid('project', [
        v.decisionId
          ? { field: 'decisionId', message: 'Choose a decision notice from the list' }
          : { field: 'decisionRef', message: `No decision notice of this office has the reference “${ref}”: choose one from the register` },
      ]);
    return { id: d.id, reference: d.reference };
  }

  async function checkRefs(
    tx: Tx | Db,
    officeId: string,
    v: { strandId?: string; priorityIds?: string[]; umbrellaId?: string | null; areaIds?: string[] },
    selfId?: string,
  ) {
    const r = createPlanRepository({ db: tx });
    const errors: FieldError[] = [];
    // Issue 18: the office's own local areas.
    if (v.areaIds?.length && (await createAreasRepository({ db: tx }).countKnown(officeId, v.areaIds)) !== v.areaIds.length)
      errors.push({ field: 'areaIds', message: 'Choose areas from the list' });
    if (v.strandId && !(await r.strand(officeId, v.strandId))) errors.push({ field: 'strandId', message: 'Choose a strand from the list' });
    if (v.priorityIds) {
      // A project serves priorities of the plan in force.
      const known = new Set((await r.prioritiesInForce(officeId)).map((p) => p.id));
      if (v.priorityIds.some((id) => !known.has(id))) errors.push({ field: 'priorityIds', message: 'Choose priorities from the list' });
    }
    if (v.umbrellaId) {
      const pr = createProjectsRepository({ db: tx });
      if (v.umbrellaId === selfId) errors.push({ field: 'umbrellaId', message: 'A project cannot be its own umbrella project' });
      else if (!(await pr.get(officeId, v.umbrellaId))) errors.push({ field: 'umbrellaId', message: 'Choose an umbrella project from the list' });
      else if (selfId && (await pr.umbrellaChain(officeId, v.umbrellaId)).includes(selfId))
        errors.push({ field: 'umbrellaId', message: 'That umbrella project sits under this one: choose another' });
    }
    if (errors.length) throw invalid('project', errors);
  }

  /**
   * When a change takes effect. A date is the start of that London day; today means now. A change
   * may not take effect before the project's last recorded change, so that every snapshot stays
   * the true state from its instant onwards.
   */
  async function effectiveInstant(tx: Tx | Db, projectIds: string[], effectiveOn: string | undefined): Promise<Date> {
    const r = createProjectsRepository({ db: tx });
    return effectiveInstantOf(now(), effectiveOn, await Promise.all(projectIds.map((id) => r.lastEffectiveAt(id))));
  }

  async function writeHistory(tx: Tx, p: ProjectRow, by: Actor, e: HistoryEvent) {
    await createProjectsRepository({ db: tx }).insertHistory(historyRow(p, e, { by, recordedAt: now(), mark }));
  }

  async function conflict(officeId: string, id: string, version: number): Promise<never> {
    const current = await repo.get(officeId, id);
    if (!current) throw notFound('project');
    const since = (await repo.history(officeId, id)).filter((h) => h.version > version);
    throw new DomainError('project.conflict', 'Someone else changed this project since you opened it.', [], {
      current,
      yourVersion: version,
      changesSince: since,
    });
  }

  /** A transaction whose stale-version refusal becomes a conflict answer once it has rolled back. */
  async function transact<T>(officeId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await db.transaction((tx) => fn(tx as Tx));
    } catch (e) {
      if (e instanceof StaleVersion) return conflict(officeId, e.id, e.version);
      throw e;
    }
  }

  function requireReason(reason: string | undefined, why: string) {
    if (!reason?.trim()) throw invalid('project', [{ field: 'reason', message: `Enter the reason ${why}` }]);
  }

  async function moveOne(
    tx: Tx,
    by: Actor,
    p: ProjectRow,
    move: Move,
    opts: { version: number; effectiveAt: Date; reason?: string; decidedBy?: Decided | null; into?: ProjectRow },
  ) {
    const to = target(move, p.stage, p.heldFrom);
    if (!to)
      throw new DomainError('project.move_refused', `“${MOVES[move].label}” is not allowed for a project that is ${STAGE_PHRASES[p.stage]}.`, [
        { field: 'move', message: `“${MOVES[move].label}” is not allowed for a project that is ${STAGE_PHRASES[p.stage]}` },
      ]);
    const patch: Partial<ProjectRow> = { stage: to, updatedAt: now() };
    if (move === 'hold') patch.heldFrom = p.stage;
    if (move === 'resume') patch.heldFrom = null;
    if (move === 'merge') patch.mergedIntoId = opts.into?.id ?? null;
    const row = await createProjectsRepository({ db: tx }).update(by.officeId, p.id, opts.version, patch);
    if (!row) return null;
    const after = { ...row, priorityIds: p.priorityIds };
    const changes: Record<string, unknown> = { stage: { from: p.stage, to } };
    if (opts.into) changes.mergedInto = { id: opts.into.id, title: opts.into.title };
    const link = await linkDecision(tx, by.officeId, p.id, opts.decidedBy?.id);
    if (link) changes.decisionIds = link;
    await writeHistory(tx, after, by, { kind: 'moved', move, changes, reason: opts.reason, decidedBy: opts.decidedBy, effectiveAt: opts.effectiveAt });
    return after;
  }

  /** The notice a change was decided by concerns the project: link them, returning the change to record (if any). */
  async function linkDecision(tx: Tx, officeId: string, projectId: string, decisionId: string | null | undefined) {
    if (!decisionId) return null;
    const dr = createDecisionsRepository({ db: tx });
    const from = (await dr.decisionIdsOf(officeId, [projectId])).get(projectId) ?? [];
    if (from.includes(decisionId)) return null;
    await dr.link(officeId, decisionId, projectId);
    return { from: [...from].sort(), to: [...from, decisionId].sort() };
  }

  async function linksOf(officeId: string, p: ProjectRow) {
    const rows = await repo.related(officeId, p);
    const title = (id: string) => rows.find((r) => r.id === id)?.title ?? '';
    return {
      umbrella: p.umbrellaId ? { id: p.umbrellaId, title: title(p.umbrellaId) } : null,
      mergedInto: p.mergedIntoId ? { id: p.mergedIntoId, title: title(p.mergedIntoId) } : null,
      mergedFrom: rows.filter((r) => r.mergedIntoId === p.id).map((r) => ({ id: r.id, title: r.title })),
      children: rows.filter((r) => r.umbrellaId === p.id).map((r) => ({ id: r.id, title: r.title, stage: r.stage })),
    };
  }

  const service = {
    /**
     * Moving to a new plan (issue 16): each project serving a priority of the old plan that a
     * priority of the new plan carries on now serves the new one as well, in the transaction that
     * publishes the new plan, with a history row taking effect on the day it was published (or at
     * the project's last change, if later: the rows of a project tile time). The old priorities stay on the project:
     * a quarter before the new plan took over still splits its projects across its own plan's
     * priorities, and a quarter of the new plan across the new ones.
     */
    async carryOverPriorities({
      tx,
      by,
      pairs,
      effectiveOn,
      reason,
    }: {
      tx: Tx;
      by: Actor;
      pairs: [from: string, to: string][];
      effectiveOn: string;
      reason: string;
    }) {
      const r = createProjectsRepository({ db: tx });
      const on = Math.min(now().getTime(), londonDayStart(effectiveOn).getTime());
      const to = new Map<string, string[]>();
      for (const [a, b] of pairs) to.set(a, [...(to.get(a) ?? []), b]);
      let carried = 0;
      for (const p of await r.servingAny(by.officeId, [...to.keys()])) {
        const next = [...new Set([...p.priorityIds, ...p.priorityIds.flatMap((id) => to.get(id) ?? [])])].sort();
        if (next.length === p.priorityIds.length) continue;
        const row = await r.update(by.officeId, p.id, p.version, { updatedAt: now() }, next);
        if (!row) throw new StaleVersion(p.id, p.version);
        await writeHistory(tx, { ...row, priorityIds: next }, by, {
          kind: 'carried_over',
          changes: { priorityIds: { from: [...p.priorityIds].sort(), to: next } },
          reason,
          effectiveAt: new Date(Math.max(on, (await r.lastEffectiveAt(p.id))?.getTime() ?? on)),
        });
        carried++;
      }
      return carried;
    },
    async create({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('project', createProjectSchema, input);
      const forecast = parseForecast(v.forecastEnd) as Forecast;
      return db.transaction(async (tx) => {
        await checkRefs(tx, by.officeId, v);
        const decisionIds = (await resolveDecisions(tx, by.officeId, v)) ?? [];
        const effectiveAt = await effectiveInstant(tx, [], v.effectiveOn);
        const row = await createProjectsRepository({ db: tx }).insert(
          {
            officeId: by.officeId,
            title: v.title,
            objective: v.objective,
            overview: v.overview,
            outcome: v.outcome,
            strandId: v.strandId,
            lead: v.lead,
            statutory: v.statutory,
            forecastEnd: forecast.date,
            forecastPrecision: forecast.precision,
            umbrellaId: v.umbrellaId,
            areaIds: [...v.areaIds].sort(),
            stage: v.stage,
            createdAt: now(),
            updatedAt: now(),
          },
          v.priorityIds,
        );
        await createDecisionsRepository({ db: tx }).setDecisionsOf(by.officeId, row.id, decisionIds);
        const p = { ...row, priorityIds: v.priorityIds, decisionIds };
        const changes = Object.fromEntries([...TRACKED.map((f) => [f, { from: null, to: trackedValue(p, f) }]), ['stage', { from: null, to: v.stage }]]);
        await writeHistory(tx as Tx, p, by, { kind: 'created', changes, reason: v.reason, effectiveAt });
        return p;
      });
    },

    /**
     * The extend form's one change: the forecast end moved later, with the reason (and the notice it
     * was decided by). A new end that is not later is refused, unless the project changed since the
     * form was read: then it is the update's conflict, shown with what changed.
     */
    async extend({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const p = await service.get(by.officeId, id);
      // "Not later" is listed with the form's other problems (a missing reason), all at once.
      const raw = (input ?? {}) as { version?: unknown; forecastEnd?: unknown };
      const asked = typeof raw.forecastEnd === 'string' ? parseForecast(raw.forecastEnd.trim()) : null;
      const notLater: FieldError[] =
        asked && Number(raw.version) === p.version && !isExtension(forecastOf(p), asked)
          ? [{ field: 'forecastEnd', message: `The new forecast end must be later than the current one (${formatForecast(forecastOf(p))})` }]
          : [];
      let v: ReturnType<typeof extendSchema.parse>;
      try {
        v = parseInput('project', extendSchema, input);
      } catch (e) {
        if (e instanceof DomainError && notLater.length) throw invalid('project', [...notLater, ...e.fields.filter((f) => f.field !== 'forecastEnd')]);
        throw e;
      }
      if (notLater.length) throw invalid('project', notLater);
      return service.update({ by, id, input: v });
    },

    async update({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('project', updateProjectSchema, input);
      const before = await repo.get(by.officeId, id);
      if (!before) throw notFound('project');
      if (before.version !== v.version) return conflict(by.officeId, id, v.version);
      const forecast = v.forecastEnd !== undefined ? (parseForecast(v.forecastEnd) as Forecast) : forecastOf(before);
      const extended = isExtension(forecastOf(before), forecast);
      if (extended) requireReason(v.reason, 'the forecast end date is extended');
      return transact(by.officeId, async (tx) => {
        await checkRefs(tx, by.officeId, v, id);
        const decisionIds = await resolveDecisions(tx, by.officeId, v);
        const decidedBy = await resolveDecision(tx, by.officeId, v);
        const beforeLinked = await linked(tx, before);
        const effectiveAt = await effectiveInstant(tx, [id], v.effectiveOn);
        const patch = {
          ...(v.title !== undefined && { title: v.title }),
          ...(v.objective !== undefined && { objective: v.objective }),
          ...(v.overview !== undefined && { overview: v.overview }),
          ...(v.outcome !== undefined && { outcome: v.outcome }),
          ...(v.strandId !== undefined && { strandId: v.strandId }),
          ...(v.lead !== undefined && { lead: v.lead }),
          ...(v.statutory !== undefined && { statutory: v.statutory }),
          ...(v.umbrellaId !== undefined && { umbrellaId: v.umbrellaId }),
          ...(v.areaIds !== undefined && { areaIds: [...v.areaIds].sort() }),
          forecastEnd: forecast.date,
          forecastPrecision: forecast.precision,
          updatedAt: now(),
        };
        // The notice an extension was decided by is one of the project's notices from then on.
        let newIds = decisionIds ?? beforeLinked.decisionIds;
        if (decidedBy && !newIds.includes(decidedBy.id)) newIds = [...newIds, decidedBy.id].sort();
        const candidate: Linked = { ...before, ...patch, priorityIds: v.priorityIds ?? before.priorityIds, decisionIds: newIds };
        const changes = diffFields(TRACKED, beforeLinked, candidate, trackedValue);
        if (!Object.keys(changes).length) return before;
        const row = await createProjectsRepository({ db: tx }).update(by.officeId, id, v.version, patch, v.priorityIds);
        if (!row) throw new StaleVersion(id, v.version);
        if (changes.decisionIds) await createDecisionsRepository({ db: tx }).setDecisionsOf(by.officeId, id, newIds);
        const after = { ...row, priorityIds: v.priorityIds ?? before.priorityIds };
        await writeHistory(tx as Tx, after, by, { kind: extended ? 'extended' : 'edited', changes, reason: v.reason, decidedBy, effectiveAt });
        return after;
      });
    },

    async move({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('project', moveSchema, input);
      const move = v.move as Move;
      const p = await repo.get(by.officeId, id);
      if (!p) throw notFound('project');
      if (p.version !== v.version) return conflict(by.officeId, id, v.version);
      if (MOVES[move].reasonRequired) requireReason(v.reason, `for “${MOVES[move].label.toLowerCase()}”`);
      if (move === 'merge') {
        if (!v.intoId) throw invalid('project', [{ field: 'intoId', message: 'Choose the project to merge into' }]);
        const into = await repo.get(by.officeId, v.intoId);
        if (!into) throw invalid('project', [{ field: 'intoId', message: 'Choose the project to merge into from the list' }]);
        return (
          await service.merge({
            by,
            targetId: into.id,
            input: {
              sourceIds: [id],
              version: into.version,
              effectiveOn: v.effectiveOn,
              reason: v.reason,
              decisionId: v.decisionId,
              decisionRef: v.decisionRef,
            },
            sourceVersions: { [id]: v.version },
          })
        ).sources[0];
      }
      return transact(by.officeId, async (tx) => {
        const decidedBy = await resolveDecision(tx, by.officeId, v);
        const effectiveAt = await effectiveInstant(tx, [id], v.effectiveOn);
        const after = await moveOne(tx as Tx, by, p, move, { version: v.version, effectiveAt, reason: v.reason, decidedBy });
        if (!after) throw new StaleVersion(id, v.version);
        return after;
      });
    },

    /** Merges several projects into one; each source becomes "merged" and the target records what it took in. */
    async merge({ by, targetId, input, sourceVersions }: { by: Actor; targetId: string; input: unknown; sourceVersions?: Record<string, number> }) {
      const v = parseInput('project', mergeSchema, input);
      const into = await repo.get(by.officeId, targetId);
      if (!into) throw notFound('project');
      if (into.version !== v.version) return conflict(by.officeId, targetId, v.version);
      requireReason(v.reason, 'for the merge');
      if (!canReceiveMerge(into.stage))
        throw new DomainError('project.move_refused', 'Projects can only be merged into a project that is still open.', [
          { field: 'intoId', message: 'Choose a project that is still open (candidate, scoping, delivery or on hold)' },
        ]);
      const ids = [...new Set(v.sourceIds)];
      if (ids.includes(targetId)) throw invalid('project', [{ field: 'sourceIds', message: 'A project cannot be merged into itself' }]);
      const sources = await repo.getMany(by.officeId, ids);
      if (sources.length !== ids.length) throw invalid('project', [{ field: 'sourceIds', message: 'Choose the projects to merge in from the list' }]);
      return transact(by.officeId, async (tx) => {
        const decidedBy = await resolveDecision(tx, by.officeId, v);
        const effectiveAt = await effectiveInstant(tx, [targetId, ...ids], v.effectiveOn);
        const moved: ProjectRow[] = [];
        for (const s of sources.sort((a, b) => a.title.localeCompare(b.title))) {
          const version = sourceVersions?.[s.id] ?? s.version;
          const after = await moveOne(tx as Tx, by, s, 'merge', { version, effectiveAt, reason: v.reason, decidedBy, into });
          if (!after) throw new StaleVersion(s.id, version);
          moved.push(after);
        }
        const row = await createProjectsRepository({ db: tx }).update(by.officeId, targetId, v.version, { updatedAt: now() });
        if (!row) throw new StaleVersion(targetId, v.version);
        const target = { ...row, priorityIds: into.priorityIds };
        const changes: Record<string, unknown> = { mergedFrom: { from: null, to: moved.map((m) => ({ id: m.id, title: m.title })) } };
        const link = await linkDecision(tx as Tx, by.officeId, targetId, decidedBy?.id);
        if (link) changes.decisionIds = link;
        await writeHistory(tx as Tx, target, by, { kind: 'merged_in', changes, reason: v.reason, decidedBy, effectiveAt });
        return { target, sources: moved };
      });
    },

    /**
     * A save that met someone else's change, field by field. The user's changes are the answers that
     * differ from the version they opened (`baseVersion`, rebuilt from the history since: each field's
     * value before its first change since then). Of those, a clash is one someone else also changed, to
     * another value; the rest can be applied without undoing anybody's work. Fields the user did not
     * change are never sent again, so the other person's changes to them stand.
     */
    async editConflict(officeId: string, id: string, baseVersion: number, answers: Record<string, unknown>) {
      const current = await linked(db, await service.get(officeId, id));
      const changesSince = (await repo.history(officeId, id)).filter((h) => h.version > baseVersion);
      const opened: Record<string, unknown> = Object.fromEntries(TRACKED.map((f) => [f, trackedValue(current, f)]));
      const theirs = new Set<string>();
      // Newest first (the history's order), so each field ends with its value before the first change.
      for (const h of changesSince)
        for (const [k, c] of Object.entries((h.changes ?? {}) as Record<string, { from: unknown }>))
          if (k in opened) {
            opened[k] = c.from;
            theirs.add(k);
          }
      const changed: { field: Tracked; mine: unknown }[] = [];
      const clashes: Clash[] = [];
      for (const f of TRACKED) {
        if (!(f in answers)) continue;
        const mine = answerValue(f, answers[f]);
        if (mine !== INVALID && sameValue(mine, opened[f])) continue;
        const shown = mine === INVALID ? answers[f] : mine;
        changed.push({ field: f, mine: shown });
        const now = trackedValue(current, f);
        if (theirs.has(f) && (mine === INVALID || !sameValue(mine, now))) clashes.push({ field: f, mine: shown, opened: opened[f], theirs: now });
      }
      return { current, changesSince, changed, clashes };
    },

    async get(officeId: string, id: string) {
      const p = await repo.get(officeId, id);
      if (!p) throw notFound('project');
      return p;
    },
    history: async (officeId: string, id: string) => {
      await service.get(officeId, id);
      return repo.history(officeId, id);
    },
    reportableChangesBetween: (officeId: string, from: Date, to: Date, knownAt?: Date) => repo.reportableChangesBetween(officeId, from, to, knownAt),
    stageCountsAt: (officeId: string, at: Date, knownAt?: Date) => repo.stageCountsAt(officeId, at, knownAt),
    recentHistory: (officeId: string, since: Date, limit = 50) => repo.recentHistory(officeId, since, limit),
    async links(officeId: string, id: string) {
      return linksOf(officeId, await service.get(officeId, id));
    },
    /** A project with its links and its history, newest first: what its page shows, read once. */
    async details(officeId: string, id: string) {
      const project = await service.get(officeId, id);
      const [links, history] = await Promise.all([linksOf(officeId, project), repo.history(officeId, id)]);
      return { project, links, history };
    },
    titles: (officeId: string, ids: string[]) => repo.titles(officeId, ids),
    /** The project's decision notices (id, reference, title, status, approval), newest first. */
    decisionsOf: (officeId: string, projectId: string) => createDecisionsRepository({ db }).decisionsOf(officeId, projectId),
    /** Each project's notices (id, reference), for the API. */
    decisionRefsOf: (officeId: string, projectIds: string[]) => createDecisionsRepository({ db }).refsOfProjects(officeId, projectIds),
    /** The portfolio as it stood at an instant (a bare date means the end of that London day). */
    asAt(officeId: string, input: unknown) {
      const v = parseInput('as_at', asAtSchema, input);
      const at = /^\d{4}-\d{2}-\d{2}$/.test(v.at) ? londonDayEnd(v.at) : new Date(v.at);
      return repo.asAt(officeId, at, v.knownAt ? new Date(v.knownAt) : undefined).then((projects) => ({ at, projects }));
    },
    asAtInstant: (officeId: string, at: Date, knownAt?: Date) => repo.asAt(officeId, at, knownAt),
    /** Every project of the office (id, title, stage) by title, for choice lists. */
    choices: (officeId: string) => repo.choices(officeId),
    /** `statusPeriodId`: the quarter the status filter reads (issue 18; the quarter under way, from status.service.ts). */
    list(officeId: string, query: unknown, opts: { statusPeriodId?: string } = {}) {
      const q: ListQuery = parseInput('project_list', listQuerySchema, query ?? {});
      return repo.list(officeId, { ...q, ...opts }, londonDate(now())).then((r) => ({ ...r, page: q.page, pageSize: q.pageSize }));
    },
    /** The whole filtered list (the same filters and order as list, no pages): for the CSV. */
    listAll(officeId: string, query: unknown, opts: { statusPeriodId?: string } = {}) {
      return repo.all(officeId, { ...parseInput('project_list', listQuerySchema, query ?? {}), ...opts }, londonDate(now()));
    },
    countsByStage: (officeId: string, areaId?: string) => repo.countsByStage(officeId, areaId),
    /** How many current projects are overdue today (the home page's count). */
    countOverdue: (officeId: string) => repo.list(officeId, listQuerySchema.parse({ overdue: 'true', pageSize: 1 }), londonDate(now())).then((r) => r.total),
    /** Today as a London date, by the service's clock: what "overdue" is judged against. */
    today: () => londonDate(now()),
    /** The office's current projects past their forecast end on the London day of `at` (isOverdue), by title: for the reminders. */
    overdueAt: (officeId: string, at: Date) => repo.all(officeId, listQuerySchema.parse({ overdue: 'true' }), londonDate(at)),
    priorityCountsByStage: (officeId: string, areaId?: string) => repo.priorityCountsByStage(officeId, areaId),
  };
  return service;
}
export type ProjectsService = ReturnType<typeof createProjectsService>;
export type { Stage };
