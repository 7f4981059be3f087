import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';

/**
 * Where the office publishes an item of the Specified Information Order outside this product (a
 * link it gives) and the day it last updated it there. Append-only: each change is a new row with
 * who, when and why, so the latest row of an item is where it stands and the rest is its history.
 * A row with no address records that the office no longer publishes it elsewhere.
 */
export const specifiedInformationLinks = pgTable(
  'specified_information_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    item: text('item').notNull(),
    url: text('url'),
    /** The day the office last brought it up to date there. */
    updatedOn: date('updated_on'),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('specified_information_links_item_idx').on(t.officeId, t.item, t.recordedAt)],
);
