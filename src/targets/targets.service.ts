import type { HistoryMark } from '../platform/history.js';
import { diffFields } from '../platform/history.js';
import type { Db, Tx } from '../platform/db/client.js';
import { type Actor, DomainError, type FieldError, invalid, notFound } from '../platform/errors.js';
import { londonDate } from '../platform/db/time.js';
import { parseInput } from '../platform/validation.js';
import { createPlanRepository } from '../plan/plan.repository.js';
import { type ObservationShape, type RagResult, ragStatus, type TargetShape, trajectoryPoints } from './rag.js';
import { type ActionRow, createTargetsRepository, type DeliveryUpdateRow, type ObservationRow, type TargetRow } from './targets.repository.js';
import {
  actionFieldsSchema,
  actionUpdateFieldsSchema,
  deliveryUpdateSchema,
  observationInputSchema,
  overrideInputSchema,
  settingsInputSchema,
  targetInputSchema,
  targetUpdateSchema,
} from './targets.schemas.js';

/** The tolerance when an office has not set its own: 10% of the trajectory value. */
export const DEFAULT_TOLERANCE_PCT = 10;

const TARGET_FIELDS = [
  'priorityId',
  'statement',
  'owner',
  'unit',
  'kind',
  'direction',
  'baselineValue',
  'baselineDate',
  'targetValue',
  'deadline',
  'milestones',
  'comment',
] as const;
const ACTION_FIELDS = ['priorityId', 'number', 'newActivity', 'text', 'owners', 'outcome', 'status'] as const;

const diff = <K extends string>(fields: readonly K[], before: Partial<Record<K, unknown>> | null, after: Partial<Record<K, unknown>>) =>
  diffFields<Partial<Record<K, unknown>>, K>(fields, before, after);

export function shapeOf(t: TargetRow): TargetShape {
  return {
    kind: t.kind,
    direction: t.direction,
    baseline: t.baselineValue !== null && t.baselineDate ? { date: t.baselineDate, value: t.baselineValue } : null,
    milestones: t.milestones,
    target: { date: t.deadline, value: t.targetValue },
  };
}
export const observationShape = (o: ObservationRow): ObservationShape => ({
  date: o.asAt,
  value: o.value,
  reportedTravel: o.reportedTravel,
  override: o.overrideStatus ? { status: o.overrideStatus, reason: o.overrideReason ?? '' } : null,
});

export type TargetView = TargetRow & { observations: ObservationRow[]; latest: ObservationRow | null; rag: RagResult };
export type ActionView = ActionRow & { updates: DeliveryUpdateRow[] };

/** Sorts "1.2" before "1.10". */
export const byNumber = (a: { number: string }, b: { number: string }) => {
  const [a1, a2] = a.number.split('.').map(Number);
  const [b1, b2] = b.number.split('.').map(Number);
  return a1 - b1 || a2 - b2;
};

export function createTargetsService({ db, now = () => new Date(), mark }: { db: Db; now?: () => Date; mark?: HistoryMark }) {
  const repo = createTargetsRepository({ db });

  async function history(tx: Tx, by: Actor, e: { entity: string; entityId: string; kind: string; changes: unknown; reason?: string | null }) {
    await createTargetsRepository({ db: tx }).insertHistory({
      officeId: by.officeId,
      entity: e.entity,
      entityId: e.entityId,
      kind: e.kind,
      changes: e.changes,
      reason: e.reason?.trim() || null,
      recordedAt: now(),
      actorId: by.userId,
      actorName: by.name,
      ...mark?.(),
    });
  }

  async function checkPriority(officeId: string, priorityId: string) {
    if (!(await createPlanRepository({ db }).priority(officeId, priorityId)))
      throw invalid('target', [{ field: 'priorityId', message: 'Choose a priority from the list' }]);
  }

  async function tolerance(officeId: string) {
    return (await repo.settings(officeId))?.tolerancePct ?? DEFAULT_TOLERANCE_PCT;
  }

  /** Targets with their observations (up to `asAt` when given) and the RAG the rule gives. */
  function withRag(rows: TargetRow[], obs: ObservationRow[], tolerancePct: number, asAt?: string): TargetView[] {
    return rows.map((t) => {
      const mine = obs.filter((o) => o.targetId === t.id && (!asAt || o.asAt <= asAt));
      // Oldest first: on the same as-at date the later-recorded figure (a correction) comes last and counts.
      const oldestFirst = [...mine].reverse();
      return { ...t, observations: mine, latest: mine[0] ?? null, rag: ragStatus(shapeOf(t), oldestFirst.map(observationShape), tolerancePct) };
    });
  }

  async function conflict(what: 'target' | 'action'): Promise<never> {
    throw new DomainError(`${what}.conflict`, `Someone else changed this ${what} since you opened it. Reload it and make your change again.`);
  }

  const service = {
    async settings(officeId: string) {
      const s = await repo.settings(officeId);
      return { tolerancePct: s?.tolerancePct ?? DEFAULT_TOLERANCE_PCT, version: s?.version ?? 0 };
    },
    async updateSettings({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('target_settings', settingsInputSchema, input);
      const before = await service.settings(by.officeId);
      if (v.version !== undefined && v.version !== before.version)
        throw new DomainError('target_settings.conflict', 'Someone else changed the settings since you opened them.');
      return db.transaction(async (tx) => {
        const r = createTargetsRepository({ db: tx });
        const row =
          before.version === 0
            ? await r.insertSettings({ officeId: by.officeId, tolerancePct: v.tolerancePct })
            : await r.updateSettings(by.officeId, before.version, { tolerancePct: v.tolerancePct });
        if (!row) throw new DomainError('target_settings.conflict', 'Someone else changed the settings since you opened them.');
        await history(tx as Tx, by, {
          entity: 'settings',
          entityId: by.officeId,
          kind: 'updated',
          changes: { tolerancePct: { from: before.tolerancePct, to: v.tolerancePct } },
          reason: v.reason,
        });
        return { tolerancePct: row.tolerancePct, version: row.version };
      });
    },

    async listTargets(officeId: string, opts: { asAt?: string } = {}) {
      const rows = await repo.listTargets(officeId);
      const obs = await repo.observations(
        officeId,
        rows.map((r) => r.id),
      );
      return withRag(rows, obs, await tolerance(officeId), opts.asAt);
    },
    async getTarget(officeId: string, id: string): Promise<TargetView> {
      const t = await repo.target(officeId, id);
      if (!t) throw notFound('target');
      const obs = await repo.observations(officeId, [id]);
      return withRag([t], obs, await tolerance(officeId))[0];
    },
    trajectory: (t: TargetRow) => trajectoryPoints(shapeOf(t)),

    async createTarget({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('target', targetInputSchema, input);
      await checkPriority(by.officeId, v.priorityId);
      const values = { ...v, baselineValue: v.baselineValue ?? null };
      return db.transaction(async (tx) => {
        const r = createTargetsRepository({ db: tx });
        const position = await r.nextTargetPosition(by.officeId, v.priorityId);
        const t = await r.insertTarget({ ...values, officeId: by.officeId, position, createdAt: now(), updatedAt: now() });
        await history(tx as Tx, by, { entity: 'target', entityId: t.id, kind: 'created', changes: diff(TARGET_FIELDS, null, t), reason: v.reason });
        return t;
      });
    },
    async updateTarget({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const before = await repo.target(by.officeId, id);
      if (!before) throw notFound('target');
      const v = parseInput('target', targetUpdateSchema, input);
      await checkPriority(by.officeId, v.priorityId);
      if (v.version !== before.version) return conflict('target');
      const { version, reason, ...fields } = v;
      const patch = { ...fields, baselineValue: fields.baselineValue ?? null };
      const changes = diff(TARGET_FIELDS, before, patch);
      if (!Object.keys(changes).length) return before;
      return db.transaction(async (tx) => {
        const t = await createTargetsRepository({ db: tx }).updateTarget(by.officeId, id, version, { ...patch, updatedAt: now() });
        if (!t) return conflict('target');
        await history(tx as Tx, by, { entity: 'target', entityId: id, kind: 'edited', changes, reason });
        return t;
      });
    },
    async addObservation({ by, targetId, input }: { by: Actor; targetId: string; input: unknown }) {
      const t = await repo.target(by.officeId, targetId);
      if (!t) throw notFound('target');
      const v = parseInput('observation', observationInputSchema, input);
      // A figure is for a day that has happened; a future date is a typing slip.
      if (v.asAt > londonDate(now())) throw invalid('observation', [{ field: 'asAt', message: 'The as-at date cannot be in the future' }]);
      if (v.reportedTravel && t.kind !== 'direction')
        throw invalid('observation', [{ field: 'reportedTravel', message: 'Only a target reported as a direction of travel takes a reported direction' }]);
      return db.transaction(async (tx) => {
        const o = await createTargetsRepository({ db: tx }).insertObservation({ ...v, officeId: by.officeId, targetId, recordedAt: now(), actorName: by.name });
        await history(tx as Tx, by, {
          entity: 'target',
          entityId: targetId,
          kind: 'observation_added',
          changes: {
            observation: {
              from: null,
              to: { id: o.id, asAt: o.asAt, value: o.value, narrative: o.narrative, source: o.source, reportedTravel: o.reportedTravel },
            },
          },
        });
        return o;
      });
    },
    /** Overrides the RAG of the target's latest observation, or (status "rule") hands it back to the rule. */
    async overrideRag({ by, targetId, input }: { by: Actor; targetId: string; input: unknown }) {
      const t = await service.getTarget(by.officeId, targetId);
      const v = parseInput('override', overrideInputSchema, input);
      if (t.kind === 'direction')
        throw invalid('override', [{ field: 'status', message: 'This target is reported as a direction of travel, not a RAG status' }]);
      const latest = t.latest;
      if (!latest) throw invalid('override', [{ field: 'status', message: 'Add an observation before overriding its RAG status' }]);
      const to = v.status === 'rule' ? null : v.status;
      return db.transaction(async (tx) => {
        const o = await createTargetsRepository({ db: tx }).updateObservation(by.officeId, latest.id, {
          overrideStatus: to,
          overrideReason: to ? v.reason : null,
        });
        await history(tx as Tx, by, {
          entity: 'target',
          entityId: targetId,
          kind: to ? 'rag_overridden' : 'rag_override_removed',
          changes: { rag: { from: latest.overrideStatus ?? 'rule', to: to ?? 'rule' }, observation: { from: null, to: { id: latest.id, asAt: latest.asAt } } },
          reason: v.reason,
        });
        return o;
      });
    },
    async targetHistory(officeId: string, id: string) {
      await service.getTarget(officeId, id);
      return repo.history(officeId, 'target', id);
    },

    async listActions(officeId: string, opts: { asAt?: string } = {}): Promise<ActionView[]> {
      const rows = (await repo.listActions(officeId)).sort(byNumber);
      const ups = await repo.deliveryUpdates(
        officeId,
        rows.map((r) => r.id),
      );
      return rows.map((a) => ({ ...a, updates: ups.filter((u) => u.actionId === a.id && (!opts.asAt || u.asAt <= opts.asAt)) }));
    },
    async getAction(officeId: string, id: string): Promise<ActionView> {
      const a = await repo.action(officeId, id);
      if (!a) throw notFound('action');
      return { ...a, updates: await repo.deliveryUpdates(officeId, [id]) };
    },
    async createAction({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('action', actionFieldsSchema, input);
      await checkActionRefs(by.officeId, v.priorityId, v.number);
      const { reason, ...fields } = v;
      return db.transaction(async (tx) => {
        const a = await createTargetsRepository({ db: tx }).insertAction({ ...fields, officeId: by.officeId, createdAt: now(), updatedAt: now() });
        await history(tx as Tx, by, { entity: 'action', entityId: a.id, kind: 'created', changes: diff(ACTION_FIELDS, null, a), reason });
        return a;
      });
    },
    async updateAction({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const before = await repo.action(by.officeId, id);
      if (!before) throw notFound('action');
      const v = parseInput('action', actionUpdateFieldsSchema, input);
      await checkActionRefs(by.officeId, v.priorityId, v.number, id);
      if (v.version !== before.version) return conflict('action');
      const { version, reason, ...fields } = v;
      const changes = diff(ACTION_FIELDS, before, fields);
      if (!Object.keys(changes).length) return before;
      return db.transaction(async (tx) => {
        const a = await createTargetsRepository({ db: tx }).updateAction(by.officeId, id, version, { ...fields, updatedAt: now() });
        if (!a) return conflict('action');
        await history(tx as Tx, by, { entity: 'action', entityId: id, kind: 'edited', changes, reason });
        return a;
      });
    },
    async addDeliveryUpdate({ by, actionId, input }: { by: Actor; actionId: string; input: unknown }) {
      const a = await repo.action(by.officeId, actionId);
      if (!a) throw notFound('action');
      const v = parseInput('delivery_update', deliveryUpdateSchema, input);
      if (v.asAt > londonDate(now())) throw invalid('delivery_update', [{ field: 'asAt', message: 'The date of the update cannot be in the future' }]);
      return db.transaction(async (tx) => {
        const u = await createTargetsRepository({ db: tx }).insertDeliveryUpdate({
          ...v,
          officeId: by.officeId,
          actionId,
          recordedAt: now(),
          actorId: by.userId,
          actorName: by.name,
        });
        await history(tx as Tx, by, {
          entity: 'action',
          entityId: actionId,
          kind: 'update_added',
          changes: { deliveryUpdate: { from: null, to: { id: u.id, asAt: u.asAt, text: u.text } } },
        });
        return u;
      });
    },
    async actionHistory(officeId: string, id: string) {
      await service.getAction(officeId, id);
      return repo.history(officeId, 'action', id);
    },
  };

  async function checkActionRefs(officeId: string, priorityId: string, number: string, selfId?: string) {
    const errors: FieldError[] = [];
    const plans = createPlanRepository({ db });
    const priority = await plans.priority(officeId, priorityId);
    if (!priority) errors.push({ field: 'priorityId', message: 'Choose a priority from the list' });
    else {
      // Actions are numbered within their priority (TARGETS-2013-14: 4.10 is priority four's tenth).
      const n = (await plans.listPriorities(officeId)).filter((p) => p.planId === priority.planId).findIndex((p) => p.id === priorityId) + 1;
      if (Number(number.split('.')[0]) !== n)
        errors.push({ field: 'number', message: `This priority is Priority ${n}: its actions are numbered ${n}.1, ${n}.2 and so on` });
      const other = await repo.actionByNumber(officeId, priorityId, number);
      if (other && other.id !== selfId) errors.push({ field: 'number', message: `Action ${number} already exists under this priority` });
    }
    if (errors.length) throw invalid('action', errors);
  }

  return service;
}
export type TargetsService = ReturnType<typeof createTargetsService>;
