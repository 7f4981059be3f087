import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { apiTokens } from '../platform/auth/auth.table.js';

/**
 * The Idempotency-Key of each creating API call that wrote something, per API token, kept for a
 * day (src/api/idempotency.ts). The row, with the answer, is inserted by the very transaction that
 * made the write, so a write never commits without its key and its answer. The
 * answer and the request's fingerprint are sealed with a key derived from the caller's bearer
 * token, which the database never holds: a copy of this table reveals no token secret or body.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tokenId: uuid('token_id')
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    // HMAC of method, path and body under the caller's token: the same key with another request is refused.
    requestHash: text('request_hash').notNull(),
    // What the write's transaction returned an id for (the created resource), for an answer that was lost.
    resourceId: text('resource_id'),
    // The answer: its status and the sealed content type and body (null only in keys kept by older versions).
    status: integer('status'),
    answer: text('answer'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
