import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';
import type { ReviewLayout } from './review-edits.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * The editor's choices for one office's report of one period: the Panel meeting it goes to, the
 * day from which its decision notices are listed, the projects in the spotlight, and reworded
 * Delivery Plan Review entries. Everything else in the report is computed from the project history.
 */
export const reportDrafts = pgTable(
  'report_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    /** "2018-Q1" or "2017-18-Q4": see periods.ts. */
    periodId: text('period_id').notNull(),
    panelMeetingOn: date('panel_meeting_on'),
    /**
     * The paper lists the decision notices approved from this day to the period's end. Null means
     * the default: the period's start. Earlier catches a notice approved too late for the last paper.
     */
    decisionsFrom: date('decisions_from'),
    /** Null means the default: the projects initiated in the period. */
    spotlightIds: uuid('spotlight_ids').array(),
    /** Reworded Delivery Plan Review entries, by project id. */
    reviewEdits: jsonb('review_edits').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** How the editor shaped the Delivery Plan Review: grouped rows, their order, rows left out and why (review-edits.ts). */
    reviewLayout: jsonb('review_layout').$type<ReviewLayout>().notNull().default(sql`'{}'::jsonb`),
    /** The optional "Delivery by commitment" section (issue 16): off unless the editor asks for it. */
    deliveryByCommitment: boolean('delivery_by_commitment').notNull().default(false),
    /** Issue 18: the "Status" and "Progress" columns of the current projects table: off unless the editor asks for them. */
    statusColumns: boolean('status_columns').notNull().default(false),
    /** Issue 18: a dashboard summary per local area: off unless the editor asks for it. */
    areaDashboards: boolean('area_dashboards').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedByName: text('updated_by_name').notNull(),
  },
  (t) => [uniqueIndex('report_drafts_office_period_uq').on(t.officeId, t.periodId)],
);

/** A paper as sent to the Panel: the model and the files, frozen, with who published it and when. */
export const reportPublications = pgTable(
  'report_publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    periodId: text('period_id').notNull(),
    model: jsonb('model').notNull(),
    html: text('html').notNull(),
    docx: bytea('docx').notNull(),
    /** Null when Chromium was not available at publication. */
    pdf: bytea('pdf'),
    /** The history as recorded up to this instant is what the paper was made from. */
    knownAt: timestamp('known_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    publishedById: uuid('published_by_id'),
    publishedByName: text('published_by_name').notNull(),
  },
  (t) => [index('report_publications_office_period_idx').on(t.officeId, t.periodId, t.publishedAt)],
);
