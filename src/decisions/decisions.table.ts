import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';

export const decisionStatus = pgEnum('decision_status', ['draft', 'approved', 'published', 'withdrawn']);
export type DecisionStatus = (typeof decisionStatus.enumValues)[number];
// The papers give some approvals only as a month ("December 2017", "Jan-20"): the date is then the 1st.
export const approvalPrecision = pgEnum('approval_precision', ['day', 'month']);
export type ApprovalPrecision = (typeof approvalPrecision.enumValues)[number];

export type BackgroundDocument = { title: string; url: string };

/**
 * A decision notice (Elected Local Policing Bodies (Specified Information) Order 2011, Schedule
 * para. 5). The exempt_* columns hold the part that is never published: every public reader
 * selects an explicit list of columns that leaves them out, rather than trusting each caller to strip them.
 */
export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    decisionMaker: text('decision_maker').notNull().default(''),
    approvedOn: date('approved_on'),
    approvedPrecision: approvalPrecision('approved_precision').notNull().default('day'),
    summary: text('summary').notNull().default(''),
    decisionText: text('decision_text').notNull().default(''),
    // Pence: money is never a float. bigint because a force's capital programme passes 2^31 pence (GBP 21m).
    amountPence: bigint('amount_pence', { mode: 'number' }),
    fundingSource: text('funding_source').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: decisionStatus('status').notNull().default('draft'),
    backgroundDocuments: jsonb('background_documents').$type<BackgroundDocument[]>().notNull().default([]),
    exemptText: text('exempt_text').notNull().default(''),
    exemption: text('exemption').notNull().default(''),
    exemptReason: text('exempt_reason').notNull().default(''),
    withdrawnReason: text('withdrawn_reason'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // References are the office's own scheme; "ID: 507" and "id: 507" are the same notice.
    uniqueIndex('decisions_office_reference_uq').on(t.officeId, sql`lower(${t.reference})`),
    index('decisions_office_status_idx').on(t.officeId, t.status, t.approvedOn),
  ],
);

/** One row per change to a notice: who, when, each field's old and new value, why. */
export const decisionHistory = pgTable(
  'decision_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: uuid('office_id').notNull(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    // A change entered by a spreadsheet import (src/imports): the import and the row of its file.
    importId: uuid('import_id'),
    importRow: integer('import_row'),
  },
  (t) => [
    index('decision_history_decision_idx').on(t.decisionId, t.id),
    index('decision_history_import_idx').on(t.importId).where(sql`${t.importId} is not null`),
  ],
);
