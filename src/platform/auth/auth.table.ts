import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const quarterScheme = pgEnum('quarter_scheme', ['financial', 'calendar']);

export const offices = pgTable(
  'offices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    area: text('area').notNull(),
    commissionerName: text('commissioner_name').notNull().default(''),
    quarterScheme: quarterScheme('quarter_scheme').notNull().default('financial'),
    // Whether viewers (Panel members, the force's staff) may read the exempt part of decision notices.
    exemptVisibleToViewers: boolean('exempt_visible_to_viewers').notNull().default(false),
    // A second factor for everyone who signs in with a password (admins always need one).
    mfaForEveryone: boolean('mfa_for_everyone').notNull().default(false),
    // Moved in the same transaction as every change of the office's content, whatever the area (a
    // trigger, migrations/*_change_counter_sql.sql): the key of the cached report models (issue 19).
    changeCounter: bigint('change_counter', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('offices_slug_uq').on(t.slug)],
);

export const role = pgEnum('role', ['admin', 'editor', 'viewer']);
export type Role = (typeof role.enumValues)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: role('role').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    // Set by an admin's reset: the one-time password works once, to choose a new one.
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    // TOTP (RFC 6238): the shared secret (base32) once enrolment is confirmed, and the last time step
    // a code was accepted for, so that no code is accepted twice.
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    totpLastStep: integer('totp_last_step'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Emails are unique within an office. One address may have accounts in two offices (a person who
  // works with both): a deployment-wide rule would tell an admin of one office which addresses the
  // others have. Sign-in finds the account by address and password together (auth.service.ts).
  (t) => [uniqueIndex('users_office_email_uq').on(t.officeId, sql`lower(${t.email})`), index('users_email_idx').on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie value: a leaked table cannot be replayed as cookies.
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    csrfSecret: text('csrf_secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    // What the sessions page shows and ends a session by; never the cookie nor its hash.
    ref: uuid('ref').notNull().defaultRandom(),
    address: text('address').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
    // A sign-in half done: the password was right, and this step must come before anything else
    // ('password': choose a new one; 'mfa': give a code; 'enrol': set up a second factor).
    pending: text('pending', { enum: ['password', 'mfa', 'enrol'] }),
    // The TOTP secret offered while enrolling, until a code confirms it.
    enrolSecret: text('enrol_secret'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), uniqueIndex('sessions_ref_uq').on(t.ref)],
);

/** Recovery codes for a lost authenticator: each works once; only a hash of each is kept. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

export const securityEventKinds = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'mfa_failed',
  'mfa_enrolled',
  'mfa_reset',
  'recovery_code_used',
  'password_changed',
  'password_reset',
  'role_changed',
  'user_disabled',
  'user_enabled',
  'session_ended',
  'access_refused',
  'form_refused',
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

/**
 * Security events an office's admins read and filter: sign-ins and their failures, second factors,
 * passwords, role changes, sessions ended. Append-only, like the audit log. A failed sign-in to an
 * address no account has belongs to no office and is kept for the operator's eyes only.
 */
export const securityEvents = pgTable(
  'security_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id').references(() => offices.id),
    userId: uuid('user_id').references(() => users.id),
    kind: text('kind', { enum: securityEventKinds }).notNull(),
    address: text('address').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
    // Who did it, when not the user themselves (an admin's reset or role change).
    actorName: text('actor_name'),
    detail: text('detail').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('security_events_office_at_idx').on(t.officeId, t.at)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    // A token never carries more rights than its creator had; it may carry fewer.
    role: role('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    // Every token expires (at most a year after it is made); it stops working at this instant.
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // The token that made this one through the API, if any: revoking it revokes this one too,
    // and this one cannot expire after it, so no token outlives the one it came from.
    parentId: uuid('parent_id').references((): AnyPgColumn => apiTokens.id),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    index('api_tokens_office_idx').on(t.officeId),
    index('api_tokens_user_idx').on(t.userId),
    index('api_tokens_parent_idx').on(t.parentId),
  ],
);

/**
 * Failed sign-ins of the last 15 minutes: the sign-in throttle's memory, in the database so that
 * every app instance counts the same attempts. A row is written before the password is checked
 * (so guesses sent in parallel count too) and deleted again when the sign-in succeeds: successes
 * are never counted. Rows older than the window are deleted as new failures come.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // SHA-256 of the address typed, lower-cased: people type passwords into the email box.
    accountKey: text('account_key').notNull(),
    address: text('address').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('sign_in_failures_account_idx').on(t.accountKey, t.at),
    index('sign_in_failures_address_idx').on(t.address, t.at),
    index('sign_in_failures_at_idx').on(t.at),
  ],
);

/** Changes to things other than projects (plan, priorities, strands, users, tokens): who, when, what, why. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    changes: text('changes').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_office_entity_idx').on(t.officeId, t.entity, t.entityId)],
);

/**
 * Secrets every instance of the app must share (the CSRF tokens' key) when the operator set none
 * (PCP_SECRET): made once by whichever instance starts first, read by the others, so a form served
 * by one instance can be sent to another.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
