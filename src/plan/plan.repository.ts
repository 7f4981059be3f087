import { and, asc, desc, eq, max, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { plans, priorities, strands } from './plan.table.js';

/** The plan in force first: the (earliest) published one if any, else the newest. */
const inForceFirst = [sql`${plans.status} = 'published' desc`, sql`case when ${plans.status} = 'published' then ${plans.periodStart} end`, desc(plans.periodStart)];

export function createPlanRepository({ db }: { db: DbOrTx }) {
  /** The priorities of one plan (the plan a subquery picks), in the plan's order. */
  const prioritiesOf = (officeId: string, plan: SQLWrapper) =>
    db
      .select()
      .from(priorities)
      .where(and(eq(priorities.officeId, officeId), sql`${priorities.planId} = (${plan})`))
      .orderBy(asc(priorities.position), asc(priorities.name));
  return {
    async currentPlan(officeId: string) {
      const [row] = await db.select().from(plans).where(eq(plans.officeId, officeId)).orderBy(...inForceFirst).limit(1);
      return row;
    },
    /** The priorities of the plan in force, in one query. */
    prioritiesInForce(officeId: string) {
      return prioritiesOf(officeId, db.select({ id: plans.id }).from(plans).where(eq(plans.officeId, officeId)).orderBy(...inForceFirst).limit(1));
    },
    /**
     * The priorities of the plan that was in force on `day` (a published or superseded plan whose
     * period covers it), else of the plan in force now: a past quarter's report splits its projects
     * across the priorities of its own plan, however many plans followed.
     */
    prioritiesAt(officeId: string, day: string) {
      const covers = sql`(${plans.status} in ('published', 'superseded') and ${plans.periodStart} <= ${day} and ${plans.periodEnd} >= ${day}) desc`;
      return prioritiesOf(officeId, db.select({ id: plans.id }).from(plans).where(eq(plans.officeId, officeId)).orderBy(covers, ...inForceFirst).limit(1));
    },
    listPlans: (officeId: string) => db.select().from(plans).where(eq(plans.officeId, officeId)).orderBy(asc(plans.periodStart)),
    async plan(officeId: string, id: string) {
      const [row] = await db.select().from(plans).where(and(eq(plans.officeId, officeId), eq(plans.id, id)));
      return row;
    },
    async insertPlan(v: typeof plans.$inferInsert) {
      const [row] = await db.insert(plans).values(v).returning();
      return row;
    },
    async updatePlan(officeId: string, id: string, version: number, v: Partial<typeof plans.$inferInsert>) {
      const [row] = await db
        .update(plans)
        .set({ ...v, version: version + 1 })
        .where(and(eq(plans.officeId, officeId), eq(plans.id, id), eq(plans.version, version)))
        .returning();
      return row;
    },
    listPriorities: (officeId: string) =>
      db.select().from(priorities).where(eq(priorities.officeId, officeId)).orderBy(asc(priorities.position), asc(priorities.name)),
    async priority(officeId: string, id: string) {
      const [row] = await db.select().from(priorities).where(and(eq(priorities.officeId, officeId), eq(priorities.id, id)));
      return row;
    },
    async nextPriorityPosition(planId: string) {
      const [r] = await db.select({ m: max(priorities.position) }).from(priorities).where(eq(priorities.planId, planId));
      return (r?.m ?? 0) + 1;
    },
    async insertPriority(v: typeof priorities.$inferInsert) {
      const [row] = await db.insert(priorities).values(v).returning();
      return row;
    },
    async updatePriority(officeId: string, id: string, v: Partial<typeof priorities.$inferInsert>) {
      const [row] = await db
        .update(priorities)
        .set(v)
        .where(and(eq(priorities.officeId, officeId), eq(priorities.id, id)))
        .returning();
      return row;
    },
    listStrands: (officeId: string) =>
      db.select().from(strands).where(eq(strands.officeId, officeId)).orderBy(asc(strands.position), asc(strands.name)),
    async strand(officeId: string, id: string) {
      const [row] = await db.select().from(strands).where(and(eq(strands.officeId, officeId), eq(strands.id, id)));
      return row;
    },
    async nextStrandPosition(officeId: string) {
      const [r] = await db.select({ m: max(strands.position) }).from(strands).where(eq(strands.officeId, officeId));
      return (r?.m ?? 0) + 1;
    },
    async insertStrand(v: typeof strands.$inferInsert) {
      const [row] = await db.insert(strands).values(v).returning();
      return row;
    },
    async updateStrand(officeId: string, id: string, v: Partial<typeof strands.$inferInsert>) {
      const [row] = await db
        .update(strands)
        .set(v)
        .where(and(eq(strands.officeId, officeId), eq(strands.id, id)))
        .returning();
      return row;
    },
  };
}
