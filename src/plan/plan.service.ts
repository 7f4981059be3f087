import { createAuthRepository } from '../platform/auth/auth.repository.js';
import { type Db, isUniqueViolation, type Tx } from '../platform/db/client.js';
import { type Actor, DomainError, invalid, notFound } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { createPlanRepository } from './plan.repository.js';
import { planInputSchema, priorityInputSchema, strandInputSchema } from './plan.schemas.js';

/** The names of priorities and strands are unique in their plan or office: a clash is a field error. */
async function uniqueName<T>(area: 'priority' | 'strand', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid(area, [{ field: 'name', message: `A ${area} with this name already exists` }]);
    throw e;
  }
}

export function createPlanService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const repo = createPlanRepository({ db });

  async function audited<T>(
    by: Actor,
    entity: string,
    action: string,
    work: (tx: Tx) => Promise<{ id: string; changes: unknown; result: T }>,
    reason?: string,
  ) {
    return db.transaction(async (tx) => {
      const out = await work(tx as Tx);
      await createAuthRepository({ db: tx }).audit({
        officeId: by.officeId,
        entity,
        entityId: out.id,
        action,
        changes: JSON.stringify(out.changes),
        reason: reason ?? null,
        actorId: by.userId,
        actorName: by.name,
      });
      return out.result;
    });
  }

  return {
    currentPlan: (officeId: string) => repo.currentPlan(officeId),
    listPlans: (officeId: string) => repo.listPlans(officeId),
    async getPlan(officeId: string, id: string) {
      const p = await repo.plan(officeId, id);
      if (!p) throw notFound('plan');
      return p;
    },
    createPlan: ({ by, input }: { by: Actor; input: unknown }) => {
      const v = parseInput('plan', planInputSchema, input);
      return audited(by, 'plan', 'created', async (tx) => {
        const p = await createPlanRepository({ db: tx }).insertPlan({ ...v, officeId: by.officeId });
        return { id: p.id, changes: v, result: p };
      });
    },
    updatePlan: async ({ by, id, version, input }: { by: Actor; id: string; version: number; input: unknown }) => {
      const v = parseInput('plan', planInputSchema, input);
      const before = await repo.plan(by.officeId, id);
      if (!before) throw notFound('plan');
      return audited(by, 'plan', 'updated', async (tx) => {
        const p = await createPlanRepository({ db: tx }).updatePlan(by.officeId, id, version, v);
        if (!p) throw new DomainError('plan.conflict', 'The plan was changed by someone else since you opened it.', [], { current: before });
        return { id, changes: { before, after: v }, result: p };
      });
    },
    /** Every priority of every plan of the office (targets of earlier plans hang under theirs). */
    listPriorities: (officeId: string) => repo.listPriorities(officeId),
    /** The priorities of the plan in force: what projects serve and the portfolio is split across. */
    prioritiesInForce: (officeId: string) => repo.prioritiesInForce(officeId),
    /** The priorities of the plan in force on a day (`YYYY-MM-DD`), named as they were at an instant, as a past report needs them. */
    prioritiesAt: (officeId: string, day: string, at: Date) => repo.prioritiesAt(officeId, day, at),
    /** The strands, named and ordered as they were at an instant. */
    strandsAt: (officeId: string, at: Date) => repo.strandsAt(officeId, at),
    /** Adds a priority to the plan in force, or to `planId` (an older plan's priorities, e.g. for its targets). */
    async createPriority({ by, input, planId }: { by: Actor; input: unknown; planId?: string }) {
      const v = parseInput('priority', priorityInputSchema, input);
      const plan = planId ? await repo.plan(by.officeId, planId) : await repo.currentPlan(by.officeId);
      if (!plan) throw invalid('priority', [{ field: 'plan', message: 'Create the plan before its priorities' }]);
      return uniqueName('priority', () =>
        audited(by, 'priority', 'created', async (tx) => {
          const r = createPlanRepository({ db: tx });
          const position = v.position ?? (await r.nextPriorityPosition(plan.id));
          const p = await r.insertPriority({ officeId: by.officeId, planId: plan.id, name: v.name, colour: v.colour, position }, now());
          return { id: p.id, changes: { ...v, position }, result: p };
        }),
      );
    },
    async updatePriority({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('priority', priorityInputSchema, input);
      const before = await repo.priority(by.officeId, id);
      if (!before) throw notFound('priority');
      return uniqueName('priority', () =>
        audited(by, 'priority', 'updated', async (tx) => {
          const p = await createPlanRepository({ db: tx }).updatePriority(by.officeId, id, { ...v, version: before.version + 1 }, now());
          return { id, changes: { before: { name: before.name, colour: before.colour, position: before.position }, after: v }, result: p };
        }),
      );
    },
    listStrands: (officeId: string) => repo.listStrands(officeId),
    async createStrand({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('strand', strandInputSchema, input);
      return uniqueName('strand', () =>
        audited(by, 'strand', 'created', async (tx) => {
          const r = createPlanRepository({ db: tx });
          const position = v.position ?? (await r.nextStrandPosition(by.officeId));
          const s = await r.insertStrand({ officeId: by.officeId, name: v.name, position }, now());
          return { id: s.id, changes: { ...v, position }, result: s };
        }),
      );
    },
    async updateStrand({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const v = parseInput('strand', strandInputSchema, input);
      const before = await repo.strand(by.officeId, id);
      if (!before) throw notFound('strand');
      return uniqueName('strand', () =>
        audited(by, 'strand', 'updated', async (tx) => {
          const s = await createPlanRepository({ db: tx }).updateStrand(by.officeId, id, { ...v, version: before.version + 1 }, now());
          return { id, changes: { before: { name: before.name, position: before.position }, after: v }, result: s };
        }),
      );
    },
  };
}
export type PlanService = ReturnType<typeof createPlanService>;
