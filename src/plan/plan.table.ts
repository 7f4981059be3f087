import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';

export const planStatus = pgEnum('plan_status', ['draft', 'consultation', 'published', 'superseded']);
export type PlanStatus = (typeof planStatus.enumValues)[number];

export const plans = pgTable(
  'plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    title: text('title').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    status: planStatus('status').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    /** What the office calls the plan's sections: HERTS-2016-11 has chapters, Hampshire's plan numbered priorities. */
    sectionNoun: text('section_noun').notNull().default('priority'),
    /** The day a later plan took over (its start): the plan is in force from its start until the day before. */
    supersededFrom: date('superseded_from'),
  },
  (t) => [index('plans_office_idx').on(t.officeId)],
);

export const priorities = pgTable(
  'priorities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    colour: text('colour').notNull(),
    version: integer('version').notNull().default(1),
    /** What the section (chapter or priority) is about, as the plan introduces it. */
    summary: text('summary'),
    /** The priority of an earlier plan this section carries on (the mapping from the old plan to the new). */
    carriesOnId: uuid('carries_on_id'),
  },
  (t) => [index('priorities_office_idx').on(t.officeId), uniqueIndex('priorities_plan_name_uq').on(t.planId, t.name)],
);

export const strands = pgTable(
  'strands',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('strands_office_name_uq').on(t.officeId, t.name)],
);

/**
 * What a strand was called, and where it stood in the list, from `validFrom` until `validTo` (open
 * while it is the current version). Written in the same transaction as the strand, so a past
 * quarter's paper names its strands as they were then, however they are renamed later.
 */
export const strandVersions = pgTable(
  'strand_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    strandId: uuid('strand_id')
      .notNull()
      .references(() => strands.id),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }),
  },
  (t) => [index('strand_versions_strand_idx').on(t.strandId, t.validFrom)],
);

/** A priority's name, colour and place in its plan over time, as `strandVersions` for strands. */
export const priorityVersions = pgTable(
  'priority_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id),
    name: text('name').notNull(),
    colour: text('colour').notNull(),
    position: integer('position').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }),
  },
  (t) => [index('priority_versions_priority_idx').on(t.priorityId, t.validFrom)],
);

/**
 * The plan's history: how it was entered, each change of status (a dated transition: the day it took
 * effect, who, why) and each renaming or change of period. Written in the transaction of the change.
 */
export const planEvents = pgTable(
  'plan_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    /** entered, status, renamed, period, superseded */
    kind: text('kind').notNull(),
    fromStatus: planStatus('from_status'),
    toStatus: planStatus('to_status'),
    fromText: text('from_text'),
    toText: text('to_text'),
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    /** The order the events were written in (several may share an instant). */
    seq: integer('seq').generatedAlwaysAsIdentity(),
  },
  (t) => [index('plan_events_plan_idx').on(t.planId, t.seq)],
);

/** A commitment of a section: one bullet of the plan (HERTS-2016-11's chapters list theirs). */
export const commitments = pgTable(
  'commitments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => priorities.id),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    version: integer('version').notNull().default(1),
    /** The commitment of the previous plan this one carries on (moving to a new plan). */
    carriesOnId: uuid('carries_on_id'),
  },
  (t) => [index('commitments_section_idx').on(t.sectionId, t.position)],
);

/** What delivers a commitment: a project, a target or an action of the office. */
export const commitmentLinks = pgTable(
  'commitment_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => commitments.id),
    kind: text('kind').notNull(),
    refId: uuid('ref_id').notNull(),
    /**
     * From when until when the link stood: a quarter's "delivery by commitment" lists what delivered
     * each commitment at its end, so an unlinked row is kept with the instant it was removed.
     */
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
    unlinkedAt: timestamp('unlinked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('commitment_links_uq').on(t.commitmentId, t.kind, t.refId).where(sql`${t.unlinkedAt} is null`),
    index('commitment_links_ref_idx').on(t.officeId, t.kind, t.refId),
  ],
);

/** Which section covers each of the contents the Police Reform and Social Responsibility Act 2011 s.7 asks of a plan. */
export const planStatutoryContents = pgTable(
  'plan_statutory_contents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    item: text('item').notNull(),
    sectionId: uuid('section_id').references(() => priorities.id),
  },
  (t) => [uniqueIndex('plan_statutory_contents_uq').on(t.planId, t.item)],
);

/** A dated step of the plan's development timetable (HERTS-2016-11 section 5). */
export const planMilestones = pgTable(
  'plan_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    /** A step the Act requires before the plan is issued (consult, send the draft to the Panel, ...). */
    statutory: boolean('statutory').notNull().default(false),
    doneOn: date('done_on'),
    /** The Panel's recommendations this step answers or records (its report on the draft, the published response): src/panel. */
    panelRecommendationIds: uuid('panel_recommendation_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [index('plan_milestones_plan_idx').on(t.planId, t.startsOn)],
);
