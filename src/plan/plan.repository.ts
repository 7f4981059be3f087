import { and, asc, desc, eq, inArray, isNull, max, ne, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import {
  commitmentLinks,
  commitments,
  planEvents,
  planMilestones,
  planStatutoryContents,
  plans,
  priorities,
  priorityVersions,
  strands,
  strandVersions,
} from './plan.table.js';

/** The plan in force first: the (earliest) published one if any, else the newest. */
const inForceFirst = [
  sql`${plans.status} = 'published' desc`,
  sql`case when ${plans.status} = 'published' then ${plans.periodStart} end`,
  desc(plans.periodStart),
];

/**
 * The version of one strand or priority in force at `at` (its versions tile time from the first
 * one's start), or, for an instant before its first version (a portfolio entered with back-dated
 * history), that first version, with `existed` false.
 */
const versionAt = (table: SQL, key: SQL, id: SQL, at: Date, columns: SQL) => {
  const t = sql`${at.toISOString()}::timestamptz`;
  return sql`select ${columns}, valid_from <= ${t} as existed from ${table}
      where ${key} = ${id}
      order by (valid_from <= ${t} and (valid_to is null or valid_to > ${t})) desc, valid_from, valid_to nulls last
      limit 1`;
};

export function createPlanRepository({ db }: { db: DbOrTx }) {
  /** The priorities of one plan (the plan a subquery picks), in the plan's order. */
  const prioritiesOf = (officeId: string, plan: SQLWrapper) =>
    db
      .select()
      .from(priorities)
      .where(and(eq(priorities.officeId, officeId), sql`${priorities.planId} = (${plan})`))
      .orderBy(asc(priorities.position), asc(priorities.name));
  const rowsOf = async <T>(query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  return {
    async currentPlan(officeId: string) {
      const [row] = await db
        .select()
        .from(plans)
        .where(eq(plans.officeId, officeId))
        .orderBy(...inForceFirst)
        .limit(1);
      return row;
    },
    /** The priorities of the plan in force, in one query. */
    prioritiesInForce(officeId: string) {
      return prioritiesOf(
        officeId,
        db
          .select({ id: plans.id })
          .from(plans)
          .where(eq(plans.officeId, officeId))
          .orderBy(...inForceFirst)
          .limit(1),
      );
    },
    /**
     * The priorities of the plan that was in force on `day` (a published or superseded plan whose
     * period covers it), else of the plan in force now, with their names, colours and order as they
     * were at `at`: a past quarter's report splits its projects across the priorities of its own
     * plan as they then stood, however many plans and renamings followed. `existed` is false for a
     * priority added to the plan after `at` (its first version's name is given).
     */
    async prioritiesAt(officeId: string, day: string, at: Date) {
      const covers = sql`(${plans.status} in ('published', 'superseded') and ${plans.periodStart} <= ${day} and ${plans.periodEnd} >= ${day} and (${plans.supersededFrom} is null or ${plans.supersededFrom} > ${day})) desc`;
      const plan = db
        .select({ id: plans.id })
        .from(plans)
        .where(eq(plans.officeId, officeId))
        .orderBy(covers, ...inForceFirst)
        .limit(1);
      return rowsOf<{ id: string; name: string; colour: string; position: number; existed: boolean }>(
        sql`select p.id, coalesce(v.name, p.name) as name, coalesce(v.colour, p.colour) as colour, coalesce(v.position, p.position) as position, coalesce(v.existed, true) as existed
            from ${priorities} p
            left join lateral (${versionAt(sql`${priorityVersions}`, sql`priority_id`, sql`p.id`, at, sql`name, colour, position`)}) v on true
            where p.office_id = ${officeId} and p.plan_id = (${plan})
            order by position, name`,
      );
    },
    /** The office's strands with their names and order as they were at `at` (see `prioritiesAt`). */
    async strandsAt(officeId: string, at: Date) {
      return rowsOf<{ id: string; name: string; position: number; existed: boolean }>(
        sql`select s.id, coalesce(v.name, s.name) as name, coalesce(v.position, s.position) as position, coalesce(v.existed, true) as existed
            from ${strands} s
            left join lateral (${versionAt(sql`${strandVersions}`, sql`strand_id`, sql`s.id`, at, sql`name, position`)}) v on true
            where s.office_id = ${officeId}
            order by position, name`,
      );
    },
    listPlans: (officeId: string) => db.select().from(plans).where(eq(plans.officeId, officeId)).orderBy(asc(plans.periodStart)),
    async plan(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(plans)
        .where(and(eq(plans.officeId, officeId), eq(plans.id, id)));
      return row;
    },
    async insertPlan(v: typeof plans.$inferInsert) {
      const [row] = await db.insert(plans).values(v).returning();
      return row;
    },
    async updatePlan(officeId: string, id: string, version: number, v: Partial<typeof plans.$inferInsert>) {
      const row = await updateVersioned(db, plans, and(eq(plans.officeId, officeId), eq(plans.id, id)), version, v);
      return row;
    },
    listPriorities: (officeId: string) =>
      db.select().from(priorities).where(eq(priorities.officeId, officeId)).orderBy(asc(priorities.position), asc(priorities.name)),
    async priority(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(priorities)
        .where(and(eq(priorities.officeId, officeId), eq(priorities.id, id)));
      return row;
    },
    async nextPriorityPosition(planId: string) {
      const [r] = await db
        .select({ m: max(priorities.position) })
        .from(priorities)
        .where(eq(priorities.planId, planId));
      return (r?.m ?? 0) + 1;
    },
    /** A new priority and its first version, valid from `at`. Call inside a transaction. */
    async insertPriority(v: typeof priorities.$inferInsert, at: Date) {
      const [row] = await db.insert(priorities).values(v).returning();
      await db
        .insert(priorityVersions)
        .values({ officeId: row.officeId, priorityId: row.id, name: row.name, colour: row.colour, position: row.position, validFrom: at });
      return row;
    },
    /** Updates a priority and closes its version at `at`, opening the next. Call inside a transaction. */
    async updatePriority(officeId: string, id: string, v: Partial<typeof priorities.$inferInsert>, at: Date) {
      const [row] = await db
        .update(priorities)
        .set(v)
        .where(and(eq(priorities.officeId, officeId), eq(priorities.id, id)))
        .returning();
      if (row) {
        await db
          .update(priorityVersions)
          .set({ validTo: at })
          .where(and(eq(priorityVersions.priorityId, id), isNull(priorityVersions.validTo)));
        await db.insert(priorityVersions).values({ officeId, priorityId: id, name: row.name, colour: row.colour, position: row.position, validFrom: at });
      }
      return row;
    },
    listStrands: (officeId: string) => db.select().from(strands).where(eq(strands.officeId, officeId)).orderBy(asc(strands.position), asc(strands.name)),
    async strand(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(strands)
        .where(and(eq(strands.officeId, officeId), eq(strands.id, id)));
      return row;
    },
    async nextStrandPosition(officeId: string) {
      const [r] = await db
        .select({ m: max(strands.position) })
        .from(strands)
        .where(eq(strands.officeId, officeId));
      return (r?.m ?? 0) + 1;
    },
    /** A new strand and its first version, valid from `at`. Call inside a transaction. */
    async insertStrand(v: typeof strands.$inferInsert, at: Date) {
      const [row] = await db.insert(strands).values(v).returning();
      await db.insert(strandVersions).values({ officeId: row.officeId, strandId: row.id, name: row.name, position: row.position, validFrom: at });
      return row;
    },
    /** Updates a strand and closes its version at `at`, opening the next. Call inside a transaction. */
    async updateStrand(officeId: string, id: string, v: Partial<typeof strands.$inferInsert>, at: Date) {
      const [row] = await db
        .update(strands)
        .set(v)
        .where(and(eq(strands.officeId, officeId), eq(strands.id, id)))
        .returning();
      if (row) {
        await db
          .update(strandVersions)
          .set({ validTo: at })
          .where(and(eq(strandVersions.strandId, id), isNull(strandVersions.validTo)));
        await db.insert(strandVersions).values({ officeId, strandId: id, name: row.name, position: row.position, validFrom: at });
      }
      return row;
    },
    // ---- the plan's development: its history, sections' commitments, statutory contents, timetable ----
    /** The published or superseded plan in force on `day`: its period covers the day and no later plan had taken over. */
    async planInForceOn(officeId: string, day: string) {
      const [row] = await db
        .select()
        .from(plans)
        .where(
          and(
            eq(plans.officeId, officeId),
            sql`${plans.status} in ('published', 'superseded') and ${plans.periodStart} <= ${day} and ${plans.periodEnd} >= ${day} and (${plans.supersededFrom} is null or ${plans.supersededFrom} > ${day})`,
          ),
        )
        .orderBy(desc(plans.periodStart))
        .limit(1);
      return row;
    },
    otherPublished: (officeId: string, planId: string) =>
      db
        .select()
        .from(plans)
        .where(and(eq(plans.officeId, officeId), eq(plans.status, 'published'), ne(plans.id, planId))),
    /** Sets status (and when superseded, the day the next plan took over) without a version check: the service holds the rule. */
    async setStatus(officeId: string, id: string, status: (typeof plans.$inferSelect)['status'], supersededFrom?: string) {
      const [row] = await db
        .update(plans)
        .set({ status, ...(supersededFrom ? { supersededFrom } : {}), version: sql`${plans.version} + 1` })
        .where(and(eq(plans.officeId, officeId), eq(plans.id, id)))
        .returning();
      return row;
    },
    insertEvent: (v: typeof planEvents.$inferInsert) => db.insert(planEvents).values(v),
    events: (officeId: string, planId: string) =>
      db
        .select()
        .from(planEvents)
        .where(and(eq(planEvents.officeId, officeId), eq(planEvents.planId, planId)))
        .orderBy(asc(planEvents.seq)),
    sectionsOf: (officeId: string, planId: string) =>
      db
        .select()
        .from(priorities)
        .where(and(eq(priorities.officeId, officeId), eq(priorities.planId, planId)))
        .orderBy(asc(priorities.position), asc(priorities.name)),
    commitmentsOf: (officeId: string, planId: string) =>
      db
        .select()
        .from(commitments)
        .where(and(eq(commitments.officeId, officeId), eq(commitments.planId, planId)))
        .orderBy(asc(commitments.position)),
    async commitment(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(commitments)
        .where(and(eq(commitments.officeId, officeId), eq(commitments.id, id)));
      return row;
    },
    async nextCommitmentPosition(sectionId: string) {
      const [r] = await db
        .select({ m: max(commitments.position) })
        .from(commitments)
        .where(eq(commitments.sectionId, sectionId));
      return (r?.m ?? 0) + 1;
    },
    async insertCommitment(v: typeof commitments.$inferInsert) {
      const [row] = await db.insert(commitments).values(v).returning();
      return row;
    },
    async updateCommitment(officeId: string, id: string, version: number, v: Partial<typeof commitments.$inferInsert>) {
      return updateVersioned(db, commitments, and(eq(commitments.officeId, officeId), eq(commitments.id, id)), version, v);
    },
    /** The links standing now. */
    linksOf: (officeId: string, commitmentIds: string[]) =>
      commitmentIds.length
        ? db
            .select()
            .from(commitmentLinks)
            .where(and(eq(commitmentLinks.officeId, officeId), inArray(commitmentLinks.commitmentId, commitmentIds), isNull(commitmentLinks.unlinkedAt)))
        : Promise.resolve([]),
    /** The links that stood at an instant. */
    linksAt: (officeId: string, commitmentIds: string[], at: Date) =>
      commitmentIds.length
        ? db
            .select()
            .from(commitmentLinks)
            .where(
              and(
                eq(commitmentLinks.officeId, officeId),
                inArray(commitmentLinks.commitmentId, commitmentIds),
                sql`${commitmentLinks.linkedAt} <= ${at.toISOString()}::timestamptz and (${commitmentLinks.unlinkedAt} is null or ${commitmentLinks.unlinkedAt} > ${at.toISOString()}::timestamptz)`,
              ),
            )
        : Promise.resolve([]),
    /** Adds a link; a standing one is left as it is (returns undefined). */
    async insertLink(v: typeof commitmentLinks.$inferInsert) {
      const [row] = await db.insert(commitmentLinks).values(v).onConflictDoNothing().returning();
      return row;
    },
    /** Ends a standing link at `at` (kept for the quarters it stood in). */
    async deleteLink(officeId: string, id: string, at: Date) {
      const [row] = await db
        .update(commitmentLinks)
        .set({ unlinkedAt: at })
        .where(and(eq(commitmentLinks.officeId, officeId), eq(commitmentLinks.id, id), isNull(commitmentLinks.unlinkedAt)))
        .returning();
      return row;
    },
    statutoryOf: (officeId: string, planId: string) =>
      db
        .select()
        .from(planStatutoryContents)
        .where(and(eq(planStatutoryContents.officeId, officeId), eq(planStatutoryContents.planId, planId))),
    async setStatutory(officeId: string, planId: string, item: string, sectionId: string | null) {
      await db
        .insert(planStatutoryContents)
        .values({ officeId, planId, item, sectionId })
        .onConflictDoUpdate({ target: [planStatutoryContents.planId, planStatutoryContents.item], set: { sectionId } });
    },
    milestonesOf: (officeId: string, planId: string) =>
      db
        .select()
        .from(planMilestones)
        .where(and(eq(planMilestones.officeId, officeId), eq(planMilestones.planId, planId)))
        .orderBy(asc(planMilestones.startsOn), asc(planMilestones.title)),
    async milestone(officeId: string, id: string) {
      const [row] = await db
        .select()
        .from(planMilestones)
        .where(and(eq(planMilestones.officeId, officeId), eq(planMilestones.id, id)));
      return row;
    },
    async insertMilestone(v: typeof planMilestones.$inferInsert) {
      const [row] = await db.insert(planMilestones).values(v).returning();
      return row;
    },
    async setMilestonePanel(officeId: string, id: string, panelRecommendationIds: string[]) {
      const [row] = await db
        .update(planMilestones)
        .set({ panelRecommendationIds })
        .where(and(eq(planMilestones.officeId, officeId), eq(planMilestones.id, id)))
        .returning();
      return row;
    },
    async setMilestoneDone(officeId: string, id: string, doneOn: string) {
      const [row] = await db
        .update(planMilestones)
        .set({ doneOn })
        .where(and(eq(planMilestones.officeId, officeId), eq(planMilestones.id, id)))
        .returning();
      return row;
    },
    setCommitmentCarry: (officeId: string, id: string, carriesOnId: string | null) =>
      db
        .update(commitments)
        .set({ carriesOnId })
        .where(and(eq(commitments.officeId, officeId), eq(commitments.id, id))),
    /** The commitments of several plans (the earlier plans a new one carries on). */
    commitmentsOfPlans: (officeId: string, planIds: string[]) =>
      planIds.length
        ? db
            .select()
            .from(commitments)
            .where(and(eq(commitments.officeId, officeId), inArray(commitments.planId, planIds)))
            .orderBy(asc(commitments.position))
        : Promise.resolve([]),
    setPriorityExtras: (officeId: string, id: string, v: { summary?: string | null; carriesOnId?: string | null }) =>
      db
        .update(priorities)
        .set(v)
        .where(and(eq(priorities.officeId, officeId), eq(priorities.id, id))),
  };
}
