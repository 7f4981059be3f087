import { bigserial, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';
import { projects } from './projects.table.js';

export const deliveryStatus = pgEnum('delivery_status', ['on_track', 'at_risk', 'off_track']);

/**
 * Each current project's status for a quarter (on track, at risk, off track) and a short progress
 * note, entered by editors during the quarter (issue 18). Append-only: every entry is a row with who,
 * when and why; the status of a quarter is its latest row (as recorded by an instant, for a paper
 * made "as known at" then). `version` counts the entries of one project's quarter: the unique index
 * refuses two entries made from the same reading.
 */
export const projectStatuses = pgTable(
  'project_statuses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    /** The quarter, as reports name it: "2018-Q1" or "2017-18-Q4" (src/reports/periods.ts). */
    periodId: text('period_id').notNull(),
    version: integer('version').notNull(),
    status: deliveryStatus('status').notNull(),
    note: text('note').notNull().default(''),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
  },
  (t) => [
    uniqueIndex('project_statuses_version_uq').on(t.projectId, t.periodId, t.version),
    index('project_statuses_office_period_idx').on(t.officeId, t.periodId, t.recordedAt),
  ],
);
