import { boolean, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../auth/auth.table.js';

/**
 * Each office's choice per reminder kind: on or off (no row: off, so no office gets email it did not
 * ask for), and who gets it (empty: the office's editors and admins). Changes go to the audit log.
 */
export const reminderSettings = pgTable(
  'reminder_settings',
  {
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    kind: text('kind').notNull(),
    enabled: boolean('enabled').notNull(),
    // Addresses separated by commas, as the admin typed them (checked); '' means the editors and admins.
    recipients: text('recipients').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.kind] })],
);

/**
 * One row per reminder an office was sent: the primary key is the reminder (its kind and the key
 * its area gives it, such as a project and the forecast end it passed), so it can be claimed once.
 * The claim commits before the message is sent; `sentAt` is set once the relay accepted it. A claim
 * with no `sentAt` after a while is a run that stopped mid-send, and is taken again.
 */
export const remindersSent = pgTable(
  'reminders_sent',
  {
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    recipients: text('recipients'),
    messageId: text('message_id'),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.kind, t.key] })],
);
