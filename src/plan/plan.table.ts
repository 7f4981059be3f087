import { date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
