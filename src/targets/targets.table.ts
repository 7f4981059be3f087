import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';
import { priorities } from '../plan/plan.table.js';

export const targetKind = pgEnum('target_kind', ['trajectory', 'level', 'direction']);
export const betterDirection = pgEnum('better_direction', ['higher', 'lower']);
export const ragColour = pgEnum('rag_colour', ['green', 'amber', 'red']);
export const travel = pgEnum('travel', ['up', 'down', 'level']);
export const actionStatus = pgEnum('action_status', ['not_started', 'in_progress', 'completed', 'on_hold']);

/** Per-office settings of the targets area. No row means the defaults. */
export const targetSettings = pgTable('target_settings', {
  officeId: uuid('office_id')
    .primaryKey()
    .references(() => offices.id),
  // Amber band: how far worse than the trajectory, as a percentage of the trajectory value.
  tolerancePct: doublePrecision('tolerance_pct').notNull().default(10),
  version: integer('version').notNull().default(1),
});

export const targets = pgTable(
  'targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id),
    position: integer('position').notNull(),
    statement: text('statement').notNull(),
    owner: text('owner').notNull().default(''),
    unit: text('unit').notNull().default(''),
    kind: targetKind('kind').notNull(),
    direction: betterDirection('direction').notNull(),
    baselineValue: doublePrecision('baseline_value'),
    baselineDate: date('baseline_date'),
    targetValue: doublePrecision('target_value').notNull(),
    deadline: date('deadline').notNull(),
    // [{ date, value }] in date order: the intermediate steps of the trajectory.
    milestones: jsonb('milestones').$type<{ date: string; value: number }[]>().notNull().default([]),
    comment: text('comment').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('targets_office_priority_idx').on(t.officeId, t.priorityId, t.position)],
);

export const targetObservations = pgTable(
  'target_observations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    asAt: date('as_at').notNull(),
    value: doublePrecision('value').notNull(),
    narrative: text('narrative').notNull().default(''),
    source: text('source').notNull().default(''),
    // For direction-of-travel targets, the direction as the source reported it.
    reportedTravel: travel('reported_travel'),
    // An editor's judgement replacing the rule's colour for this reading.
    overrideStatus: ragColour('override_status'),
    overrideReason: text('override_reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorName: text('actor_name').notNull(),
  },
  (t) => [index('target_observations_target_idx').on(t.targetId, t.asAt)],
);

export const actions = pgTable(
  'opcc_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id),
    // "1.1", "4.10": numbered within the priority; "New activity" marks one added in the year.
    number: text('number').notNull(),
    newActivity: boolean('new_activity').notNull().default(false),
    text: text('text').notNull(),
    owners: text('owners').notNull().default(''),
    outcome: text('outcome').notNull().default(''),
    status: actionStatus('status').notNull().default('in_progress'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('opcc_actions_office_priority_idx').on(t.officeId, t.priorityId)],
);

export const actionUpdates = pgTable(
  'opcc_action_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    actionId: uuid('action_id')
      .notNull()
      .references(() => actions.id),
    // The date the update speaks for ("Update Jan 14").
    asAt: date('as_at').notNull(),
    text: text('text').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
  },
  (t) => [index('opcc_action_updates_action_idx').on(t.actionId, t.asAt)],
);

/** Every change to a target, observation, action or setting: who, when, old -> new, why. */
export const targetsHistory = pgTable(
  'targets_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: uuid('office_id').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    kind: text('kind').notNull(),
    changes: jsonb('changes').notNull(),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    // A change entered by a spreadsheet import (src/imports): the import and the row of its file.
    importId: uuid('import_id'),
    importRow: integer('import_row'),
  },
  (t) => [
    index('targets_history_entity_idx').on(t.officeId, t.entity, t.entityId, t.recordedAt),
    index('targets_history_import_idx').on(t.importId).where(sql`${t.importId} is not null`),
  ],
);
