import { boolean, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { offices, sessions, users } from './auth.table.js';

/** Where a single sign-on account's role comes from: the invitation (the user's row), or a group claim. */
export const ssoRoleSource = pgEnum('sso_role_source', ['invited', 'group_claim']);

/**
 * An office's single sign-on (OpenID Connect) settings, one row an office; changes are in the
 * audit log (entity `sso_settings`) without the client secret. The secret is kept encrypted
 * (AES-256-GCM under a key made from PCP_SECRET) when the operator set one (oidc.secret.ts).
 */
export const officeSso = pgTable('office_sso', {
  officeId: uuid('office_id')
    .primaryKey()
    .references(() => offices.id),
  enabled: boolean('enabled').notNull().default(false),
  providerName: text('provider_name').notNull(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecret: text('client_secret').notNull(),
  // Lower-case domains, one a line; empty: any domain.
  allowedDomains: text('allowed_domains').notNull().default(''),
  roleSource: ssoRoleSource('role_source').notNull().default('invited'),
  groupClaim: text('group_claim').notNull().default('groups'),
  // "group = role" lines, for roleSource group_claim.
  groupRoles: text('group_roles').notNull().default(''),
  createOnFirstSignIn: boolean('create_on_first_sign_in').notNull().default(false),
  passwordSignIn: boolean('password_sign_in').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A sign-in at a provider under way: the browser holds a random key in a cookie (its SHA-256 is
 * the id here), the row the state, nonce and PKCE verifier it must come back with. Used once.
 */
export const oidcLogins = pgTable(
  'oidc_logins',
  {
    idHash: text('id_hash').primaryKey(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    next: text('next').notNull().default('/'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('oidc_logins_created_idx').on(t.createdAt)],
);

/** Sessions begun at a provider: sign-out also ends the provider's session when it offers that. */
export const oidcSessions = pgTable('oidc_sessions', {
  sessionIdHash: text('session_id_hash')
    .primaryKey()
    .references(() => sessions.idHash),
  officeId: uuid('office_id')
    .notNull()
    .references(() => offices.id),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  idToken: text('id_token').notNull(),
});
