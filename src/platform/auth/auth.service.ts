import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import { addDays, londonDate, londonDayEnd } from '../db/time.js';
import { type Actor, DomainError, invalid, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { createAuthRepository } from './auth.repository.js';
import { newOfficeSchema, newTokenSchema, newUserSchema, roleSchema, signInSchema, TOKEN_DEFAULT_DAYS } from './auth.schemas.js';
import type { Role } from './auth.table.js';
import { contextWordIn, contextWordMessage, dummyHash, hashPassword, verifyPassword } from './passwords.js';
import { nextStep, type Pending } from './steps.js';
import { createAccountRepository } from './account.repository.js';

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };
export const atLeast = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Failed sign-ins are counted over this window. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | { ok: true; token: string; session: SessionInfo }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; scope: 'account' | 'address'; retryAt: Date; retryAfterSeconds: number };

/** A token chosen to expire on a London date works until the end of that day (its last millisecond). */
const endOfLondonDay = (isoDate: string) => londonDayEnd(isoDate);
/** The same date a year on (29 February: the 28th). */
function oneYearAfter(isoDate: string) {
  const [y, m, d] = isoDate.split('-');
  return `${Number(y) + 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "2027-03-31" -> "31 March 2027", for messages. */
const govukDay = (isoDate: string) => dayFormat.format(new Date(`${isoDate}T00:00:00Z`));

export type SessionInfo = {
  idHash: string;
  csrfSecret: string;
  /** A sign-in step still to do (a new password, a code, setting up a second factor); null once signed in. */
  pending: Pending | null;
  user: { id: string; name: string; email: string; role: Role };
  office: { id: string; slug: string; name: string; area: string };
  /** The office's change counter when the request began (the key of kept pages, page-cache.ts). */
  changeCounter: number;
};

export function createAuthService({ db, config, now = () => new Date() }: { db: Db; config: Config; now?: () => Date }) {
  const repo = createAuthRepository({ db });

  const actorOf = (s: { user: { id: string; name: string; role: Role }; office: { id: string } }): Actor => ({
    userId: s.user.id,
    name: s.user.name,
    officeId: s.office.id,
    role: s.user.role,
  });

  return {
    actorOf,
    async createOffice(input: unknown) {
      const v = parseInput('office', newOfficeSchema, input);
      if (await repo.officeBySlug(v.slug)) throw invalid('office', [{ field: 'slug', message: 'An office with this slug already exists' }]);
      return repo.insertOffice(v);
    },
    officeBySlug: (slug: string) => repo.officeBySlug(slug),
    /** An office's id and change counter by its address, or undefined (the public pages' kept copies). */
    officeCounterBySlug: (slug: string) => repo.officeCounterBySlug(slug),
    listOffices: () => repo.listOffices(),

    /** Creates a user in an office. `by` is null only for the CLI's first admin. */
    async createUser({ officeId, input, by }: { officeId: string; input: unknown; by: Actor | null }) {
      const v = parseInput('user', newUserSchema, input);
      const word = contextWordIn(v.password, { email: v.email, name: v.name, office: await repo.officeById(officeId) });
      if (word) throw invalid('user', [{ field: 'password', message: contextWordMessage(word) }]);
      // Only this office's accounts are looked at: whether another office has the address is not this admin's to know.
      if (await repo.userByEmailInOffice(officeId, v.email))
        throw invalid('user', [{ field: 'email', message: 'A user with this email address already exists' }]);
      const passwordHash = await hashPassword(v.password, config.argon2);
      return db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        const user = await r.insertUser({ officeId, email: v.email, name: v.name, role: v.role, passwordHash });
        await r.audit({
          officeId,
          entity: 'user',
          entityId: user.id,
          action: 'created',
          changes: JSON.stringify({ email: v.email, name: v.name, role: v.role }),
          actorId: by?.userId ?? null,
          actorName: by?.name ?? 'command line',
        });
        return { id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled };
      });
    },
    /** An office's users, without their secrets (password hash, TOTP secret): what a page or a list may carry. */
    listUsers: async (officeId: string) => (await repo.listUsers(officeId)).map(({ passwordHash: _p, totpSecret: _t, totpLastStep: _s, ...u }) => u),

    /** Sets a password (CLI and demo start); the user's sessions end. */
    async setPassword({ officeId, userId, password }: { officeId: string; userId: string; password: string }) {
      const v = parseInput('user', newUserSchema.pick({ password: true }), { password });
      const user = await repo.userInOffice(officeId, userId);
      if (!user) throw notFound('user');
      const word = contextWordIn(v.password, { email: user.email, name: user.name, office: await repo.officeById(officeId) });
      if (word) throw invalid('user', [{ field: 'password', message: contextWordMessage(word) }]);
      const passwordHash = await hashPassword(v.password, config.argon2);
      await db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        if (!(await r.updateUser(officeId, userId, { passwordHash }))) throw notFound('user');
        await r.endUserSessions(userId, now());
        await r.audit({ officeId, entity: 'user', entityId: userId, action: 'password_set', changes: '{}', actorId: null, actorName: 'command line' });
      });
    },

    async updateUser({ by, userId, role, disabled, reason }: { by: Actor; userId: string; role?: unknown; disabled?: boolean; reason?: string }) {
      const user = await repo.userInOffice(by.officeId, userId);
      if (!user) throw notFound('user');
      const patch: { role?: Role; disabled?: boolean } = {};
      if (role !== undefined) patch.role = parseInput('user', roleSchema, role);
      if (disabled !== undefined) patch.disabled = disabled;
      if (user.id === by.userId && (patch.disabled || (patch.role && patch.role !== 'admin')))
        throw new DomainError('user.refused', 'You cannot disable yourself or remove your own admin role.', [
          { field: patch.disabled ? 'disabled' : 'role', message: 'You cannot disable yourself or remove your own admin role' },
        ]);
      return db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        const updated = await r.updateUser(by.officeId, userId, patch);
        // A disabled user, or one whose role changed, signs in again: their sessions end now.
        if (patch.disabled || (patch.role && patch.role !== user.role)) await r.endUserSessions(userId, now());
        const events = createAccountRepository({ db: tx });
        const base = { officeId: by.officeId, userId, actorName: by.name, at: now() };
        if (patch.role && patch.role !== user.role) await events.insertEvent({ ...base, kind: 'role_changed', detail: `${user.role} to ${patch.role}` });
        if (patch.disabled !== undefined && patch.disabled !== user.disabled)
          await events.insertEvent({ ...base, kind: patch.disabled ? 'user_disabled' : 'user_enabled' });
        await r.audit({
          officeId: by.officeId,
          entity: 'user',
          entityId: userId,
          action: 'updated',
          changes: JSON.stringify({ before: { role: user.role, disabled: user.disabled }, after: patch }),
          reason: reason ?? null,
          actorId: by.userId,
          actorName: by.name,
        });
        return updated;
      });
    },

    /**
     * Signs in, throttled. Failed attempts are counted in the database per account (the address
     * typed, known or not), per account from this address and per address; a success is not
     * counted. Returns a new session token (the cookie value; a new one each time: rotation at
     * sign-in), or why not: wrong details, or too many failures and when to try again.
     */
    async signIn(input: unknown, { address = 'unknown', userAgent = '' }: { address?: string; userAgent?: string } = {}): Promise<SignInResult> {
      const v = parseInput('sign_in', signInSchema, input);
      const at = now();
      const since = new Date(at.getTime() - SIGN_IN_WINDOW_MS);
      const accountKey = sha256(`sign-in:${v.email.trim().toLowerCase()}`);
      // Written first and counted with the rest: guesses sent in parallel cannot all slip under the limit.
      const attempt = await repo.insertSignInFailure({ accountKey, address, at });
      const counts = await repo.countSignInFailures({ accountKey, address, since });
      const limits = [
        { scope: 'account' as const, count: counts.account, max: config.signInAccountMax, keys: { accountKey } },
        { scope: 'account' as const, count: counts.pair, max: config.signInRateMax, keys: { accountKey, address } },
        { scope: 'address' as const, count: counts.address, max: config.signInAddressMax, keys: { address } },
      ].filter((l) => l.count > l.max);
      if (limits.length) {
        // Not an attempt: the password is not checked, so it is not counted either.
        await repo.deleteSignInFailure(attempt);
        let retryAt = at;
        for (const l of limits) {
          // Below the limit again once enough of the earlier failures have left the window.
          const oldest = await repo.nthSignInFailureAt({ ...l.keys, since, n: l.count - 1 - l.max, except: attempt });
          const until = new Date((oldest ?? at).getTime() + SIGN_IN_WINDOW_MS);
          if (until > retryAt) retryAt = until;
        }
        const retryAfterSeconds = Math.max(1, Math.ceil((retryAt.getTime() - at.getTime()) / 1000));
        return { ok: false, reason: 'throttled', scope: limits.some((l) => l.scope === 'account') ? 'account' : 'address', retryAt, retryAfterSeconds };
      }
      // An address may have an account in more than one office: the password says which (the oldest
      // account whose password it is). Each is checked, so the time taken does not say which matched.
      const candidates = await repo.usersByEmail(v.email);
      let user: (typeof candidates)[number] | undefined;
      if (!candidates.length) await verifyPassword(await dummyHash(config.argon2), v.password);
      for (const c of candidates) if ((await verifyPassword(c.passwordHash, v.password)) && !user) user = c;
      const good = !!user && !user.disabled;
      const office = good && user ? await repo.officeById(user.officeId) : undefined;
      const client = { address: address.slice(0, 100), userAgent: userAgent.slice(0, 300) };
      const events = createAccountRepository({ db });
      if (!user || !office) {
        // The failure stays counted; failures older than the window are forgotten as new ones come.
        await repo.forgetSignInFailuresBefore(since);
        // In the security log of each office with an account of that address (none: the operator's only).
        const about = user ? [user] : candidates.length ? candidates : [null];
        for (const u of about)
          await events.insertEvent({
            officeId: u?.officeId ?? null,
            userId: u?.id ?? null,
            kind: 'sign_in_failed',
            ...client,
            detail: u?.disabled && u === user ? 'account disabled' : 'wrong email address or password',
            at,
          });
        return { ok: false, reason: 'invalid' };
      }
      await repo.deleteSignInFailure(attempt);
      const token = newSecret();
      const idHash = sha256(token);
      const csrfSecret = newSecret();
      const pending = nextStep(user, office, config.mfaForAdmins);
      await db.transaction(async (tx) => {
        await createAuthRepository({ db: tx }).insertSession({
          idHash,
          userId: user.id,
          officeId: user.officeId,
          csrfSecret,
          createdAt: at,
          lastSeenAt: at,
          pending,
          ...client,
        });
        if (!pending)
          await createAccountRepository({ db: tx }).insertEvent({
            officeId: office.id,
            userId: user.id,
            kind: 'sign_in',
            ...client,
            detail: 'with a password',
            at,
          });
      });
      return {
        ok: true,
        token,
        session: {
          idHash,
          csrfSecret,
          pending,
          user: { id: user.id, name: user.name, email: user.email, role: user.role },
          office: { id: office.id, slug: office.slug, name: office.name, area: office.area },
          changeCounter: office.changeCounter,
        },
      };
    },

    /** The live session for a cookie value, or null (unknown, ended, idle or too old: ended now). */
    /** The key of the CSRF tokens when PCP_SECRET is not set: one for every instance on this database. */
    csrfSecret: () => repo.ensureSecret('csrf', randomBytes(32).toString('hex')),
    async resolveSession(token: string): Promise<SessionInfo | null> {
      const idHash = sha256(token);
      const row = await repo.sessionWithUser(idHash);
      if (!row) return null;
      const at = now();
      const idle = at.getTime() - row.session.lastSeenAt.getTime() > config.sessionIdleMs;
      const old = at.getTime() - row.session.createdAt.getTime() > config.sessionAbsoluteMs;
      if (idle || old || row.user.disabled) {
        await repo.endSession(idHash, at);
        return null;
      }
      // Write the last-seen time at most once a minute: reads stay cheap.
      if (at.getTime() - row.session.lastSeenAt.getTime() > 60_000) await repo.touchSession(idHash, at);
      return {
        idHash,
        csrfSecret: row.session.csrfSecret,
        pending: row.session.pending,
        user: { id: row.user.id, name: row.user.name, email: row.user.email, role: row.user.role },
        office: { id: row.office.id, slug: row.office.slug, name: row.office.name, area: row.office.area },
        changeCounter: row.office.changeCounter,
      };
    },
    /** Ends a session; a signed-in person's sign-out is in their office's security log. */
    async signOut(idHash: string, client: { address?: string; userAgent?: string } = {}) {
      const row = await repo.sessionWithUser(idHash);
      const at = now();
      await repo.endSession(idHash, at);
      if (row && !row.session.pending)
        await createAccountRepository({ db }).insertEvent({
          officeId: row.office.id,
          userId: row.user.id,
          kind: 'sign_out',
          address: (client.address ?? '').slice(0, 100),
          userAgent: (client.userAgent ?? '').slice(0, 300),
          at,
        });
    },

    /**
     * Makes an API token for the person acting, with a role up to theirs and an expiry (default 90
     * days, at most a year). A token made by a token (the API, authenticated by one) is its child:
     * it cannot expire after its parent and is revoked with it, so no token outlives the one it came from.
     */
    async createToken({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('token', newTokenSchema, input);
      if (!atLeast(by.role, v.role)) throw invalid('token', [{ field: 'role', message: 'A token cannot have more rights than you have' }]);
      if (!by.userId) throw new DomainError('token.refused', 'Tokens belong to a person');
      const at = now();
      const today = londonDate(at);
      const latest = oneYearAfter(today);
      const parent = by.tokenId ? await repo.tokenInOffice(by.officeId, by.tokenId) : undefined;
      if (by.tokenId && (!parent || parent.revokedAt || parent.expiresAt < at))
        throw new DomainError('token.unauthenticated', 'The token making this one is no longer valid.');
      let expiresAt: Date;
      if (v.expiresOn) {
        if (v.expiresOn <= today) throw invalid('token', [{ field: 'expiresOn', message: 'Expiry date must be in the future' }]);
        if (v.expiresOn > latest)
          throw invalid('token', [{ field: 'expiresOn', message: `Expiry date must be no more than a year from today, on or before ${govukDay(latest)}` }]);
        expiresAt = endOfLondonDay(v.expiresOn);
        if (parent && expiresAt > parent.expiresAt)
          throw invalid('token', [
            {
              field: 'expiresOn',
              message: `A token made with a token cannot outlive it: choose a date on or before ${govukDay(londonDate(parent.expiresAt))}`,
            },
          ]);
      } else {
        expiresAt = endOfLondonDay(addDays(today, TOKEN_DEFAULT_DAYS));
        if (parent && expiresAt > parent.expiresAt) expiresAt = parent.expiresAt;
      }
      const token = `pcp_${newSecret()}`;
      const row = await db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        const t = await r.insertToken({
          officeId: by.officeId,
          userId: by.userId as string,
          name: v.name,
          role: v.role,
          tokenHash: sha256(token),
          createdAt: at,
          expiresAt,
          parentId: parent?.id ?? null,
        });
        await r.audit({
          officeId: by.officeId,
          entity: 'api_token',
          entityId: t.id,
          action: 'created',
          changes: JSON.stringify({ name: v.name, role: v.role, expiresAt: expiresAt.toISOString(), parentId: parent?.id ?? null }),
          actorId: by.userId,
          actorName: by.name,
          recordedAt: at,
        });
        return t;
      });
      return { id: row.id, name: row.name, role: row.role, createdAt: row.createdAt, expiresAt: row.expiresAt, parentId: row.parentId, token };
    },
    /** The office's tokens (admins), or one person's own; each active, expired or revoked now. */
    async listTokens(officeId: string, userId?: string) {
      const at = now();
      return (await repo.listTokens(officeId, userId)).map((t) => ({
        ...t,
        status: t.revokedAt ? ('revoked' as const) : t.expiresAt < at ? ('expired' as const) : ('active' as const),
      }));
    },
    /** The expiry a new token gets unless told, and the latest it may have (London dates). */
    tokenExpiryChoices() {
      const today = londonDate(now());
      return { defaultOn: addDays(today, TOKEN_DEFAULT_DAYS), latestOn: oneYearAfter(today) };
    },
    /** Who changed an entity other than a project (plan, priority, strand, user, token), when and how. */
    listAuditFor: (officeId: string, entity: string, entityId: string) => repo.listAudit(officeId, entity, entityId),
    /**
     * Revokes a token and every token made from it. Its owner may, and an admin of the office;
     * to anyone else it does not exist.
     */
    async revokeToken({ by, id }: { by: Actor; id: string }) {
      return db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        const t = await r.tokenInOffice(by.officeId, id);
        if (!t || (t.userId !== by.userId && by.role !== 'admin')) throw notFound('api_token');
        const at = now();
        const revoked = await r.revokeTokenTree(by.officeId, id, at);
        for (const x of revoked)
          await r.audit({
            officeId: by.officeId,
            entity: 'api_token',
            entityId: x.id,
            action: 'revoked',
            changes: JSON.stringify(x.id === id ? {} : { with: id }),
            actorId: by.userId,
            actorName: by.name,
            recordedAt: at,
          });
        return { ...t, revokedAt: t.revokedAt ?? at, alsoRevoked: revoked.filter((x) => x.id !== id).map((x) => x.name) };
      });
    },
    /** The actor behind a bearer token: the token's role, never more than its owner's current role; null when revoked or expired. */
    async resolveToken(token: string): Promise<Actor | null> {
      const row = await repo.tokenByHash(sha256(token));
      const at = now();
      if (!row || row.user.disabled || row.token.expiresAt < at) return null;
      // At most once a minute per token: otherwise every API read is a write, and one token's
      // concurrent requests queue on its row.
      const last = row.token.lastUsedAt;
      if (!last || at.getTime() - last.getTime() >= 60_000) await repo.touchToken(row.token.id, at);
      const role = RANK[row.token.role] <= RANK[row.user.role] ? row.token.role : row.user.role;
      return { userId: row.user.id, name: row.user.name, officeId: row.office.id, role, tokenId: row.token.id };
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
