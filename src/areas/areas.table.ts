import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';

/**
 * An office's local areas (issue 18): the parts of the force area a project can serve, each with its
 * own dashboard (DPU-2020-02's "Southampton" dashboard summary). Hampshire's are Hampshire, Isle of
 * Wight, Portsmouth and Southampton. Admin-managed; every change is in the audit log. A project that
 * names none serves them all (the whole force area).
 */
export const localAreas = pgTable(
  'local_areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('local_areas_office_name_uq').on(t.officeId, sql`lower(${t.name})`)],
);
