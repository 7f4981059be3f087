import { customType, integer, pgTable, text, timestamp, boolean, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * How an office lays out its quarterly paper (issue 18): a cover and contents or none (DPU-2018-04
 * opens on its dashboard), the cover's title and date (the Panel meeting's month or the quarter),
 * the body's orientation, the style of forecast ends, and the office's logo (PNG or JPEG, checked by
 * content). No row: the paper as it was before these settings existed. Changes go to the audit log.
 */
export const paperSettings = pgTable('paper_settings', {
  officeId: uuid('office_id')
    .primaryKey()
    .references(() => offices.id),
  cover: boolean('cover').notNull().default(false),
  /** Null: "Police and Crime Plan: Delivery Progress Update". */
  title: text('title'),
  /** 'meeting': the Panel meeting's month ("April 2018"); 'quarter': "Q4 2017/18". */
  coverDate: text('cover_date', { enum: ['meeting', 'quarter'] })
    .notNull()
    .default('quarter'),
  bodyOrientation: text('body_orientation', { enum: ['portrait', 'landscape'] })
    .notNull()
    .default('portrait'),
  /** 'quarter': "Q2 2020", "Apr 2020" (DPU-2018-04); 'short': "Q2 '20", "Apr '20" (DPU-2020-02). */
  forecastStyle: text('forecast_style', { enum: ['quarter', 'short'] })
    .notNull()
    .default('quarter'),
  logo: bytea('logo'),
  logoMediaType: text('logo_media_type'),
  logoSha256: text('logo_sha256'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedByName: text('updated_by_name').notNull(),
});
