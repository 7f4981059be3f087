import { isIP } from 'node:net';
import { z } from 'zod';

// The only module that reads process.env. Everything else receives a Config.
// An empty variable means unset (CI and shells often export VAR= to clear one).
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

const envSchema = z.object({
  DATABASE_URL: optional(z.string().url({ message: 'must be a postgres:// URL' })),
  PCP_DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Secret for CSRF token MACs; generated per process when absent (tokens then die with the process).
  PCP_SECRET: optional(z.string().min(32, { message: 'must be at least 32 characters' })),
  PCP_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  PCP_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  // Failed sign-ins in 15 minutes: per account from one address, per account from all, per address.
  PCP_SIGNIN_RATE_MAX: z.coerce.number().int().positive().default(10),
  PCP_SIGNIN_ACCOUNT_MAX: z.coerce.number().int().positive().default(30),
  // One office behind one NAT shares an address: the ceiling is high, and counts failures only.
  PCP_SIGNIN_ADDRESS_MAX: z.coerce.number().int().positive().default(300),
  PCP_TRUST_PROXY: optional(z.string()),
  PCP_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PCP_CHROMIUM: z.string().default('/usr/bin/chromium'),
  // Password hashing cost; the defaults are OWASP's argon2id profile. Lower only for tests.
  PCP_ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19456),
  PCP_ARGON2_TIME: z.coerce.number().int().min(1).default(2),
  // The identity providers' hosts an office admin may point single sign-on at (comma-separated; a
  // name also allows its subdomains). The server fetches from the issuer, so no other host is called.
  PCP_SSO_ISSUER_HOSTS: z.string().default('login.microsoftonline.com,accounts.google.com'),
  // Admins who sign in with a password need a second factor (TOTP). Off only for tests and trials.
  PCP_MFA_ADMINS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  // PostgreSQL: an outage or a stuck lock must become an error the user sees, never a silent hang.
  PCP_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  PCP_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  PCP_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  PCP_DB_POOL_MAX: z.coerce.number().int().min(1).default(10),
  // PGlite: its buffer cache, in MB. PostgreSQL's own default (128) made PGlite's start half a second
  // longer (it is zeroed at start, in WASM) and its memory 120 MB larger; an office's working set is
  // far smaller, and pages it misses are read from the operating system's cache (issue 19).
  PCP_PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(16),
  // How long in-flight requests may take to finish after SIGTERM before their sockets are cut.
  PCP_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(2000),
  // The folder of pg_dump and pg_restore for pcp backup/restore on PostgreSQL; unset: found on PATH.
  PCP_PG_BIN: optional(z.string()),
  // Off when the app connects as a role that owns nothing: the owner runs `pcp migrate` first.
  PCP_MIGRATE_AT_START: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  // The address the public reaches the app at (links in feeds and exports); never the Host header.
  PCP_PUBLIC_URL: optional(z.string().url({ message: 'must be an http:// or https:// address, like https://pcp.example.org' })),
  // Reminder emails (src/platform/reminders): the SMTP relay they go through. No host: no email is sent.
  PCP_SMTP_HOST: optional(z.string().min(1)),
  PCP_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  // TLS from the first byte (port 465); otherwise STARTTLS is used whenever the relay offers it.
  PCP_SMTP_SECURE: optional(z.enum(['true', 'false'], { message: 'must be true or false' })),
  PCP_SMTP_USER: optional(z.string().min(1)),
  PCP_SMTP_PASSWORD: optional(z.string().min(1)),
  PCP_SMTP_FROM: optional(z.string().email({ message: 'must be an email address' })),
  // How often the reminder job looks for reminders falling due.
  PCP_REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});

export type Config = {
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  secret?: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Failed sign-ins allowed in 15 minutes per account from one address. */
  signInRateMax: number;
  /** ... per account from all addresses together. */
  signInAccountMax: number;
  /** ... per address, all accounts together. */
  signInAddressMax: number;
  /** Which proxies may say who the client is (X-Forwarded-For): none, or those at these addresses. */
  trustProxy: false | string[];
  logLevel: z.infer<typeof envSchema>['PCP_LOG_LEVEL'];
  chromiumPath: string;
  argon2: { memoryCost: number; timeCost: number };
  /** Whether admins signing in with a password must give a second factor. */
  mfaForAdmins: boolean;
  /** Hosts (and their subdomains) single sign-on's issuer may be on. */
  ssoIssuerHosts: string[];
  db: DbTuning;
  shutdownGraceMs: number;
  /** Where pg_dump and pg_restore are; unset: on PATH. */
  pgBinDir?: string;
  /** Apply migrations at start-up (off when the app's role owns nothing; see README). */
  migrateAtStart: boolean;
  /** The public address links are built from (no trailing slash); unset: relative links only. */
  publicUrl?: string;
  /** The SMTP relay reminder emails go through; unset: reminders are not sent. */
  smtp?: SmtpConfig;
  reminderIntervalMinutes: number;
};

export type SmtpConfig = { host: string; port: number; secure: boolean; user?: string; password?: string; from: string };

/** The environment is wrong: the message names each variable and what it must be. */
export class ConfigError extends Error {}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * PCP_TRUST_PROXY: unset (trust no proxy: the client is the socket's peer), or a comma-separated
 * list of the addresses or CIDR ranges of the proxies in front of the app (or loopback, linklocal,
 * uniquelocal). Never "true", nor a hop count: either would let a client that reaches the app
 * directly name its own address in X-Forwarded-For and step round the sign-in limits.
 */
function parseTrustProxy(v: string | undefined): Config['trustProxy'] | { error: string } {
  const s = v?.trim();
  if (!s || s === 'false') return false;
  const items = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = items.filter((x) => {
    if (PROXY_NAMES.includes(x)) return false;
    const [addr, bits, extra] = x.split('/');
    const kind = isIP(addr);
    if (!kind || extra !== undefined) return true;
    return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
  });
  if (bad.length || !items.length)
    return { error: `must be the proxies' addresses or CIDR ranges, separated by commas, like 10.0.0.5 or 10.0.0.0/24 (got "${bad.join(',') || s}")` };
  return items;
}

/** Time-outs and pool size of the PostgreSQL connection (PGlite has one connection in-process), PGlite's cache. */
export type DbTuning = {
  /** Opening a connection, and waiting for a free one from the pool (pg has one setting for both). */
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  poolMax: number;
  /** PGlite's shared_buffers, in MB. */
  pgliteSharedBuffersMb: number;
};

export const defaultDbTuning: DbTuning = {
  connectTimeoutMs: 5000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 10_000,
  poolMax: 10,
  pgliteSharedBuffersMb: 16,
};

/** How the app opens its database (platform/db/client.ts createDb), from its configuration. */
export const databaseOptions = (c: Config, migrate = c.migrateAtStart) => ({ databaseUrl: c.databaseUrl, dataDir: c.dataDir, tuning: c.db, migrate });

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.PCP_SMTP_HOST && !e.PCP_SMTP_FROM)
    throw new ConfigError('Invalid environment:\n  PCP_SMTP_FROM: must be set with PCP_SMTP_HOST (the address reminder emails come from)');
  if (!e.PCP_SMTP_USER !== !e.PCP_SMTP_PASSWORD) throw new ConfigError('Invalid environment:\n  PCP_SMTP_USER, PCP_SMTP_PASSWORD: set both, or neither');
  const trustProxy = parseTrustProxy(e.PCP_TRUST_PROXY);
  if (trustProxy && typeof trustProxy === 'object' && 'error' in trustProxy)
    throw new ConfigError(`Invalid environment:\n  PCP_TRUST_PROXY: ${trustProxy.error}`);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.PCP_DATA_DIR,
    host: e.HOST,
    port: e.PORT,
    secret: e.PCP_SECRET,
    sessionIdleMs: e.PCP_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.PCP_SESSION_ABSOLUTE_HOURS * 3_600_000,
    signInRateMax: e.PCP_SIGNIN_RATE_MAX,
    signInAccountMax: e.PCP_SIGNIN_ACCOUNT_MAX,
    signInAddressMax: e.PCP_SIGNIN_ADDRESS_MAX,
    trustProxy,
    logLevel: e.PCP_LOG_LEVEL,
    chromiumPath: e.PCP_CHROMIUM,
    argon2: { memoryCost: e.PCP_ARGON2_MEMORY_KIB, timeCost: e.PCP_ARGON2_TIME },
    mfaForAdmins: e.PCP_MFA_ADMINS === 'true',
    ssoIssuerHosts: e.PCP_SSO_ISSUER_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    db: {
      connectTimeoutMs: e.PCP_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.PCP_DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.PCP_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      poolMax: e.PCP_DB_POOL_MAX,
      pgliteSharedBuffersMb: e.PCP_PGLITE_SHARED_BUFFERS_MB,
    },
    shutdownGraceMs: e.PCP_SHUTDOWN_GRACE_MS,
    pgBinDir: e.PCP_PG_BIN,
    migrateAtStart: e.PCP_MIGRATE_AT_START === 'true',
    publicUrl: e.PCP_PUBLIC_URL?.replace(/\/+$/, ''),
    smtp: e.PCP_SMTP_HOST
      ? {
          host: e.PCP_SMTP_HOST,
          port: e.PCP_SMTP_PORT,
          secure: e.PCP_SMTP_SECURE === 'true',
          user: e.PCP_SMTP_USER,
          password: e.PCP_SMTP_PASSWORD,
          from: e.PCP_SMTP_FROM as string,
        }
      : undefined,
    reminderIntervalMinutes: e.PCP_REMINDER_INTERVAL_MINUTES,
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    dataDir: ':memory:',
    host: '127.0.0.1',
    port: 0,
    secret: 'test-secret-test-secret-test-secret-0123',
    sessionIdleMs: 30 * 60_000,
    sessionAbsoluteMs: 12 * 3_600_000,
    signInRateMax: 10,
    signInAccountMax: 30,
    signInAddressMax: 300,
    trustProxy: false,
    logLevel: 'silent',
    chromiumPath: '/usr/bin/chromium',
    // Cheap hashing keeps the suites fast; what is tested is the flow, not argon2's cost.
    argon2: { memoryCost: 1024, timeCost: 1 },
    // The suites of other areas sign in as admins without a code; the second factor's own tests turn it on.
    mfaForAdmins: false,
    // The tests' OpenID provider listens on loopback.
    ssoIssuerHosts: ['login.microsoftonline.com', 'localhost', '127.0.0.1'],
    db: defaultDbTuning,
    shutdownGraceMs: 2000,
    migrateAtStart: true,
    publicUrl: 'https://pcp.example.org',
    reminderIntervalMinutes: 15,
    ...overrides,
  };
}
