import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';

/**
 * One spreadsheet import: what it was, who entered it, what it did, and its undoing. The history rows
 * it wrote carry its id and their row (project_history.import_id, import_row); when it is undone the
 * projects it entered are removed and this row keeps who undid it, when and why.
 */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    type: text('type').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    counts: jsonb('counts').$type<{ create: number; update?: number; leftAlone: number; rows: number; changes: number }>().notNull(),
    status: text('status').$type<'imported' | 'undone'>().notNull().default('imported'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    undoneById: uuid('undone_by_id'),
    undoneByName: text('undone_by_name'),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneReason: text('undone_reason'),
    // Rows written, for the list of imports.
    historyRows: integer('history_rows').notNull().default(0),
  },
  (t) => [index('imports_office_idx').on(t.officeId, t.createdAt)],
);

/**
 * A file uploaded and checked, waiting for the user to confirm its import (the "check your answers"
 * step): kept until imported, and at most a day. Base64, so the table stays plain text.
 */
export const importUploads = pgTable('import_uploads', {
  id: uuid('id').primaryKey(),
  officeId: uuid('office_id')
    .notNull()
    .references(() => offices.id),
  actorId: uuid('actor_id'),
  fileName: text('file_name').notNull(),
  // What the file holds: projects, decisions or targets (IMPORT_TYPES).
  type: text('type').notNull().default('projects'),
  dataBase64: text('data_base64').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * An office's own names for the import columns ("Scheme" for Project, "When" for Date): remembered per
 * type, so its tracker's headers are recognised at every later import. Changes are in the audit log.
 */
export const importColumnNames = pgTable(
  'import_column_names',
  {
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    type: text('type').notNull(),
    // The office's header as compared: lower case, spaces collapsed.
    header: text('header').notNull(),
    columnKey: text('column_key').notNull(),
    setAt: timestamp('set_at', { withTimezone: true }).notNull(),
    setByName: text('set_by_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.type, t.header] })],
);
