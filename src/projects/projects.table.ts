import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';
import { priorities, strands } from '../plan/plan.table.js';
// Projects reference decision notices (a move's notice, the links below); notices know no project table.
import { decisions } from '../decisions/decisions.table.js';

export const stage = pgEnum('stage', ['candidate', 'scoping', 'delivery', 'completed', 'on_hold', 'closed', 'merged']);
export const datePrecision = pgEnum('date_precision', ['month', 'quarter', 'tbd']);

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    title: text('title').notNull(),
    objective: text('objective').notNull().default(''),
    overview: text('overview').notNull().default(''),
    outcome: text('outcome').notNull().default(''),
    strandId: uuid('strand_id')
      .notNull()
      .references(() => strands.id),
    lead: text('lead').notNull().default(''),
    statutory: boolean('statutory').notNull().default(false),
    // First day of the month or quarter; null when precision is 'tbd'.
    forecastEnd: date('forecast_end'),
    forecastPrecision: datePrecision('forecast_precision').notNull().default('tbd'),
    umbrellaId: uuid('umbrella_id'),
    mergedIntoId: uuid('merged_into_id'),
    stage: stage('stage').notNull(),
    // Where a project on hold goes back to when it resumes.
    heldFrom: stage('held_from'),
    // References typed as free text before notices were linked (decision_projects) that matched no
    // notice of the office: kept to be read, never written again.
    unmatchedDecisionRefs: text('decision_refs').array().notNull().default(sql`'{}'::text[]`),
    /** Issue 18: the office's local areas it serves (src/areas); none means all of them, the whole force area. */
    areaIds: uuid('area_ids').array().notNull().default(sql`'{}'::uuid[]`),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('projects_office_idx').on(t.officeId, t.stage)],
);

export const projectPriorities = pgTable(
  'project_priorities',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    priorityId: uuid('priority_id')
      .notNull()
      .references(() => priorities.id),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.priorityId] })],
);

/**
 * One row per change to a project. Each row carries the project's whole state after the change
 * (the snapshot columns), so "the portfolio as at T" is one index probe per project rather than
 * a replay of every change.
 */
export const projectHistory = pgTable(
  'project_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: uuid('office_id').notNull(),
    projectId: uuid('project_id').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    move: text('move'),
    changes: jsonb('changes').notNull(),
    reason: text('reason'),
    // The notice the change was decided by. decision_ref is the text typed before notices could be
    // chosen; it stays when no notice matched it.
    decisionId: uuid('decision_id').references(() => decisions.id),
    decisionRef: text('decision_ref'),
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    /**
     * When the next change to the project took effect (null while this is the latest): the row
     * describes the project during [effective_at, valid_to). Set in the same transaction as the next
     * row is written, so "as at T" is one range lookup per office instead of one probe per project.
     */
    validTo: timestamp('valid_to', { withTimezone: true }),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    // Snapshot after the change.
    title: text('title').notNull(),
    objective: text('objective').notNull(),
    stage: stage('stage').notNull(),
    strandId: uuid('strand_id').notNull(),
    priorityIds: uuid('priority_ids').array().notNull(),
    lead: text('lead').notNull(),
    statutory: boolean('statutory').notNull(),
    forecastEnd: date('forecast_end'),
    forecastPrecision: datePrecision('forecast_precision').notNull(),
    umbrellaId: uuid('umbrella_id'),
    mergedIntoId: uuid('merged_into_id'),
    /** Issue 18: the local areas served then (none: all areas); rows written before areas existed say none. */
    areaIds: uuid('area_ids').array().notNull().default(sql`'{}'::uuid[]`),
    // A change entered by a spreadsheet import (src/imports): the import and the row of its file.
    importId: uuid('import_id'),
    importRow: integer('import_row'),
  },
  (t) => [
    index('project_history_import_idx').on(t.importId).where(sql`${t.importId} is not null`),
    index('project_history_project_eff_idx').on(t.projectId, t.effectiveAt, t.id),
    index('project_history_office_eff_idx').on(t.officeId, t.effectiveAt),
    // btree_gist lets the office's uuid share the GiST index with the validity range.
    index('project_history_office_valid_idx').using('gist', t.officeId, sql`tstzrange(${t.effectiveAt}, ${t.validTo}, '[)')`),
    // Small partial indexes for the quarterly report's two look-ups into older history: whether a
    // project delivered in the quarter had been completed before, and the spotlight texts.
    index('project_history_completed_idx').on(t.projectId, t.effectiveAt).where(sql`${t.stage} = 'completed'`),
    index('project_history_reportable_idx')
      .on(t.officeId, t.effectiveAt)
      .where(sql`${t.changes} ?| array['stage', 'objective'] or ${t.kind} in ('merged_in', 'extended', 'moved')`),
    index('project_history_texts_idx').on(t.projectId, t.effectiveAt).where(sql`${t.changes} ?| array['overview', 'outcome']`),
  ],
);

/**
 * The one link between projects and decision notices (kept with the projects, which reference notices), read from both sides (a notice lists its
 * projects, a project its notices). Both ends are of the same office: the services check it.
 */
export const decisionProjects = pgTable(
  'decision_projects',
  {
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.projectId] }), index('decision_projects_project_idx').on(t.projectId)],
);
