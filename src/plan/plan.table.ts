import { date, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
