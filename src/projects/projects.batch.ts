// The projects service's writes for many new projects at once (a spreadsheet import of thousands of
// projects and tens of thousands of dated changes): each change is checked and recorded as
// projects.service.ts does it (same schemas, same rules, same history rows: the snapshot, the changes,
// the kind, the version, the effective instant), but in memory, then written with a few multi-row
// INSERTs inside the caller's transaction instead of several queries per change.
// Only for projects entered by the same batch: a change to a project already in the database goes
// through the service. src/imports/batch.test.ts holds the two to the same rows.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../platform/db/client.js';
import { type Actor, DomainError, invalid } from '../platform/errors.js';
import { diffFields, type HistoryMark } from '../platform/history.js';
import { parseInput } from '../platform/validation.js';
import { type Forecast, isExtension, parseForecast } from './forecast.js';
import type { ProjectRow } from './projects.repository.js';
import { createProjectSchema, mergeSchema, moveSchema, updateProjectSchema } from './projects.schemas.js';
import { effectiveInstantOf, type HistoryEvent, historyRow, TRACKED, trackedValue } from './projects.service.js';
import { sql } from 'drizzle-orm';
import type { projectHistory } from './projects.table.js';
import { canReceiveMerge, MOVES, type Move, STAGE_PHRASES, target } from './stages.js';

type Linked = ProjectRow & { decisionIds: string[] };
type HistoryInsert = typeof projectHistory.$inferInsert;

const forecastOf = (p: { forecastEnd: string | null; forecastPrecision: Forecast['precision'] }): Forecast => ({
  precision: p.forecastPrecision,
  date: p.forecastEnd,
});
const CHUNK = 2000;

// The columns written, with their SQL types: each is sent as one array parameter and unnested, so a
// chunk of 2,000 rows is one statement with one parameter a column (Drizzle's multi-row insert builds
// a parameter a cell, which for 50,000 history rows took most of the import's time and memory).
const PROJECT_COLUMNS = [
  ['id', 'uuid'],
  ['office_id', 'uuid'],
  ['title', 'text'],
  ['objective', 'text'],
  ['overview', 'text'],
  ['outcome', 'text'],
  ['strand_id', 'uuid'],
  ['lead', 'text'],
  ['statutory', 'boolean'],
  ['forecast_end', 'date'],
  ['forecast_precision', 'date_precision'],
  ['umbrella_id', 'uuid'],
  ['merged_into_id', 'uuid'],
  ['stage', 'stage'],
  ['held_from', 'stage'],
  ['decision_refs', 'text[]'],
  ['version', 'integer'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
] as const;
const PRIORITY_COLUMNS = [
  ['project_id', 'uuid'],
  ['priority_id', 'uuid'],
  ['office_id', 'uuid'],
] as const;
const HISTORY_COLUMNS = [
  ['office_id', 'uuid'],
  ['project_id', 'uuid'],
  ['version', 'integer'],
  ['kind', 'text'],
  ['move', 'text'],
  ['changes', 'jsonb'],
  ['reason', 'text'],
  ['decision_id', 'uuid'],
  ['decision_ref', 'text'],
  ['effective_at', 'timestamptz'],
  ['recorded_at', 'timestamptz'],
  ['valid_to', 'timestamptz'],
  ['actor_id', 'uuid'],
  ['actor_name', 'text'],
  ['title', 'text'],
  ['objective', 'text'],
  ['stage', 'stage'],
  ['strand_id', 'uuid'],
  ['priority_ids', 'uuid[]'],
  ['lead', 'text'],
  ['statutory', 'boolean'],
  ['forecast_end', 'date'],
  ['forecast_precision', 'date_precision'],
  ['umbrella_id', 'uuid'],
  ['merged_into_id', 'uuid'],
  ['import_id', 'uuid'],
  ['import_row', 'integer'],
] as const;

/** A PostgreSQL array literal of uuids or plain words (what these columns hold), sent as text and cast. */
const pgArray = (a: string[]) => `{${a.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** Many rows in one INSERT ... SELECT FROM unnest(...): every column one text[] parameter, cast to its type. */
async function insertRows<T>(tx: Tx, table: string, columns: readonly (readonly [string, string])[], items: T[], cells: (item: T, i: number) => unknown[]) {
  if (!items.length) return;
  const arrays: (string | null)[][] = columns.map(() => new Array(items.length));
  items.forEach((item, i) => {
    const row = cells(item, i);
    for (let c = 0; c < columns.length; c++) {
      const v = row[c];
      arrays[c][i] = v === null || v === undefined ? null : String(v);
    }
  });
  const names = sql.raw(columns.map(([n]) => `"${n}"`).join(', '));
  const casts = sql.raw(columns.map(([, t], i) => `c${i}::${t}`).join(', '));
  const aliases = sql.raw(columns.map((_, i) => `c${i}`).join(', '));
  const params = sql.join(
    arrays.map((a) => sql`${sql.param(a)}::text[]`),
    sql`, `,
  );
  await tx.execute(sql`insert into ${sql.raw(`"${table}"`)} (${names}) select ${casts} from unnest(${params}) as t(${aliases})`);
}

export function createProjectsBatch({ by, now = () => new Date(), mark }: { by: Actor; now?: () => Date; mark?: HistoryMark }) {
  const rows = new Map<string, Linked>();
  const order: string[] = [];
  const history: HistoryInsert[] = [];
  const last = new Map<string, Date>();

  const get = (id: string) => {
    const p = rows.get(id);
    if (!p) throw new Error(`project ${id} is not of this batch`);
    return p;
  };

  function requireReason(reason: string | undefined, why: string) {
    if (!reason?.trim()) throw invalid('project', [{ field: 'reason', message: `Enter the reason ${why}` }]);
  }

  function effectiveInstant(ids: string[], effectiveOn: string | undefined): Date {
    return effectiveInstantOf(
      now(),
      effectiveOn,
      ids.map((id) => last.get(id)),
    );
  }

  function writeHistory(p: Linked, e: HistoryEvent) {
    history.push(historyRow(p, e, { by, recordedAt: now(), mark }));
    last.set(p.id, e.effectiveAt);
  }

  /** A row's update as updateVersioned writes it: the patch, the version one up. */
  function bump(p: Linked, patch: Partial<Linked>): Linked {
    const after = { ...p, ...patch, version: p.version + 1 };
    rows.set(p.id, after);
    return after;
  }

  function moveOne(p: Linked, move: Move, opts: { effectiveAt: Date; reason?: string; into?: Linked }) {
    const to = target(move, p.stage, p.heldFrom);
    if (!to)
      throw new DomainError('project.move_refused', `“${MOVES[move].label}” is not allowed for a project that is ${STAGE_PHRASES[p.stage]}.`, [
        { field: 'move', message: `“${MOVES[move].label}” is not allowed for a project that is ${STAGE_PHRASES[p.stage]}` },
      ]);
    const patch: Partial<Linked> = { stage: to, updatedAt: now() };
    if (move === 'hold') patch.heldFrom = p.stage;
    if (move === 'resume') patch.heldFrom = null;
    if (move === 'merge') patch.mergedIntoId = opts.into?.id ?? null;
    const after = bump(p, patch);
    const changes: Record<string, unknown> = { stage: { from: p.stage, to } };
    if (opts.into) changes.mergedInto = { id: opts.into.id, title: opts.into.title };
    writeHistory(after, { kind: 'moved', move, changes, reason: opts.reason, effectiveAt: opts.effectiveAt });
    return after;
  }

  return {
    /** As service.create: the project, its priorities, its 'created' history row. */
    create(input: unknown): Linked {
      const v = parseInput('project', createProjectSchema, input);
      if (v.decisionIds?.length || v.decisionRefs?.length || v.umbrellaId || v.areaIds.length)
        throw new Error('a batch enters no notice links, umbrella projects or local areas');
      const forecast = parseForecast(v.forecastEnd) as Forecast;
      const effectiveAt = effectiveInstant([], v.effectiveOn);
      const at = now();
      const p: Linked = {
        id: randomUUID(),
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
        umbrellaId: null,
        mergedIntoId: null,
        stage: v.stage,
        heldFrom: null,
        unmatchedDecisionRefs: [],
        // Issue 18: imports enter no local areas: the project serves them all until an editor says otherwise.
        areaIds: [],
        version: 1,
        createdAt: at,
        updatedAt: at,
        priorityIds: v.priorityIds,
        decisionIds: [],
      };
      rows.set(p.id, p);
      order.push(p.id);
      const changes = Object.fromEntries([...TRACKED.map((f) => [f, { from: null, to: trackedValue(p, f) }]), ['stage', { from: null, to: v.stage }]]);
      writeHistory(p, { kind: 'created', changes, reason: v.reason, effectiveAt });
      return p;
    },

    /** As service.move, for every move but a merge. */
    move(id: string, input: unknown): Linked {
      const v = parseInput('project', moveSchema, input);
      const move = v.move as Move;
      if (move === 'merge') throw new Error('merge through merge()');
      const p = get(id);
      if (MOVES[move].reasonRequired) requireReason(v.reason, `for “${MOVES[move].label.toLowerCase()}”`);
      const effectiveAt = effectiveInstant([id], v.effectiveOn);
      return moveOne(p, move, { effectiveAt, reason: v.reason });
    },

    /** As service.update, for the fields an import changes (objective, forecast end): 'extended' when the end moves later. */
    update(id: string, input: unknown): Linked {
      const v = parseInput('project', updateProjectSchema, input);
      const before = get(id);
      const forecast = v.forecastEnd !== undefined ? (parseForecast(v.forecastEnd) as Forecast) : forecastOf(before);
      const extended = isExtension(forecastOf(before), forecast);
      if (extended) requireReason(v.reason, 'the forecast end date is extended');
      const effectiveAt = effectiveInstant([id], v.effectiveOn);
      const patch: Partial<Linked> = {
        ...(v.objective !== undefined && { objective: v.objective }),
        forecastEnd: forecast.date,
        forecastPrecision: forecast.precision,
        updatedAt: now(),
      };
      const candidate: Linked = { ...before, ...patch };
      const changes = diffFields(TRACKED, before, candidate, trackedValue);
      if (!Object.keys(changes).length) return before;
      const after = bump(before, patch);
      writeHistory(after, { kind: extended ? 'extended' : 'edited', changes, reason: v.reason, effectiveAt });
      return after;
    },

    /** As service.merge: each source moved to merged (in title order), the target's 'merged_in' row. */
    merge(targetId: string, input: unknown) {
      const v = parseInput('project', mergeSchema, input);
      const into = get(targetId);
      requireReason(v.reason, 'for the merge');
      if (!canReceiveMerge(into.stage))
        throw new DomainError('project.move_refused', 'Projects can only be merged into a project that is still open.', [
          { field: 'intoId', message: 'Choose a project that is still open (candidate, scoping, delivery or on hold)' },
        ]);
      const ids = [...new Set(v.sourceIds)];
      if (ids.includes(targetId)) throw invalid('project', [{ field: 'sourceIds', message: 'A project cannot be merged into itself' }]);
      const sources = ids.map(get);
      const effectiveAt = effectiveInstant([targetId, ...ids], v.effectiveOn);
      const moved = sources.sort((a, b) => a.title.localeCompare(b.title)).map((s) => moveOne(s, 'merge', { effectiveAt, reason: v.reason, into }));
      const t = bump(into, { updatedAt: now() });
      writeHistory(t, {
        kind: 'merged_in',
        changes: { mergedFrom: { from: null, to: moved.map((m) => ({ id: m.id, title: m.title })) } },
        reason: v.reason,
        effectiveAt,
      });
      return { target: t, sources: moved };
    },

    /**
     * Writes it all: the projects as they end, their priorities, and the history rows in the order the
     * service would have appended them, each row's valid_to the next row's effective instant (what the
     * repository's insertHistory sets when it appends the next one).
     */
    async flush(tx: Tx) {
      const next = new Map<string, Date | null>();
      const validTo: (Date | null)[] = new Array(history.length);
      for (let i = history.length - 1; i >= 0; i--) {
        const h = history[i];
        validTo[i] = next.get(h.projectId) ?? null;
        next.set(h.projectId, h.effectiveAt);
      }
      const list = order.map((id) => get(id));
      const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
      for (let i = 0; i < list.length; i += CHUNK)
        await insertRows(tx, 'projects', PROJECT_COLUMNS, list.slice(i, i + CHUNK), (p) => [
          p.id,
          p.officeId,
          p.title,
          p.objective,
          p.overview,
          p.outcome,
          p.strandId,
          p.lead,
          p.statutory,
          p.forecastEnd,
          p.forecastPrecision,
          p.umbrellaId,
          p.mergedIntoId,
          p.stage,
          p.heldFrom,
          pgArray(p.unmatchedDecisionRefs),
          p.version,
          iso(p.createdAt),
          iso(p.updatedAt),
        ]);
      const links = list.flatMap((p) => p.priorityIds.map((priorityId) => [p.id, priorityId, p.officeId]));
      for (let i = 0; i < links.length; i += CHUNK * 5) await insertRows(tx, 'project_priorities', PRIORITY_COLUMNS, links.slice(i, i + CHUNK * 5), (l) => l);
      for (let i = 0; i < history.length; i += CHUNK)
        await insertRows(tx, 'project_history', HISTORY_COLUMNS, history.slice(i, i + CHUNK), (h, k) => [
          h.officeId,
          h.projectId,
          h.version,
          h.kind,
          h.move,
          JSON.stringify(h.changes),
          h.reason,
          h.decisionId,
          h.decisionRef,
          iso(h.effectiveAt),
          iso(h.recordedAt),
          iso(validTo[i + k]),
          h.actorId,
          h.actorName,
          h.title,
          h.objective,
          h.stage,
          h.strandId,
          pgArray(h.priorityIds),
          h.lead,
          h.statutory,
          h.forecastEnd,
          h.forecastPrecision,
          h.umbrellaId,
          h.mergedIntoId,
          h.importId ?? null,
          h.importRow ?? null,
        ]);
      return { projects: list.length, history: history.length };
    },
  };
}
