import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import { type Actor, DomainError, invalid, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { createAuthRepository } from './auth.repository.js';
import { newOfficeSchema, newTokenSchema, newUserSchema, roleSchema } from './auth.schemas.js';
import type { Role } from './auth.table.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };
export const atLeast = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export type SessionInfo = {
  idHash: string;
  csrfSecret: string;
  user: { id: string; name: string; email: string; role: Role };
  office: { id: string; slug: string; name: string; area: string };
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
    listOffices: () => repo.listOffices(),

    /** Creates a user in an office. `by` is null only for the CLI's first admin. */
    async createUser({ officeId, input, by }: { officeId: string; input: unknown; by: Actor | null }) {
      const v = parseInput('user', newUserSchema, input);
      if (await repo.userByEmail(v.email)) throw invalid('user', [{ field: 'email', message: 'A user with this email address already exists' }]);
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
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      });
    },
    listUsers: (officeId: string) => repo.listUsers(officeId),

    /** Sets a password (CLI and demo start); the user's sessions end. */
    async setPassword({ officeId, userId, password }: { officeId: string; userId: string; password: string }) {
      const v = parseInput('user', newUserSchema.pick({ password: true }), { password });
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

    /** Returns a new session token (the cookie value) or null. A new token each time: rotation at sign-in. */
    async signIn(input: unknown): Promise<{ token: string; session: SessionInfo } | null> {
      const v = parseInput('sign_in', (await import('./auth.schemas.js')).signInSchema, input);
      const user = await repo.userByEmail(v.email);
      if (!user) {
        await verifyPassword(await dummyHash(config.argon2), v.password);
        return null;
      }
      if (!(await verifyPassword(user.passwordHash, v.password)) || user.disabled) return null;
      const office = await repo.officeById(user.officeId);
      if (!office) return null;
      const token = newSecret();
      const at = now();
      const idHash = sha256(token);
      const csrfSecret = newSecret();
      await repo.insertSession({ idHash, userId: user.id, officeId: user.officeId, csrfSecret, createdAt: at, lastSeenAt: at });
      return {
        token,
        session: {
          idHash,
          csrfSecret,
          user: { id: user.id, name: user.name, email: user.email, role: user.role },
          office: { id: office.id, slug: office.slug, name: office.name, area: office.area },
        },
      };
    },

    /** The live session for a cookie value, or null (unknown, ended, idle or too old: ended now). */
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
        user: { id: row.user.id, name: row.user.name, email: row.user.email, role: row.user.role },
        office: { id: row.office.id, slug: row.office.slug, name: row.office.name, area: row.office.area },
      };
    },
    signOut: (idHash: string) => repo.endSession(idHash, now()),

    async createToken({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('token', newTokenSchema, input);
      if (!atLeast(by.role, v.role))
        throw invalid('token', [{ field: 'role', message: 'A token cannot have more rights than you have' }]);
      if (!by.userId) throw new DomainError('token.refused', 'Tokens belong to a person');
      const token = `pcp_${newSecret()}`;
      const row = await db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        const t = await r.insertToken({ officeId: by.officeId, userId: by.userId as string, name: v.name, role: v.role, tokenHash: sha256(token) });
        await r.audit({
          officeId: by.officeId,
          entity: 'api_token',
          entityId: t.id,
          action: 'created',
          changes: JSON.stringify({ name: v.name, role: v.role }),
          actorId: by.userId,
          actorName: by.name,
        });
        return t;
      });
      return { id: row.id, name: row.name, role: row.role, token };
    },
    listTokens: (officeId: string) => repo.listTokens(officeId),
    /** Who changed an entity other than a project (plan, priority, strand, user, token), when and how. */
    listAuditFor: (officeId: string, entity: string, entityId: string) => repo.listAudit(officeId, entity, entityId),
    async revokeToken({ by, id }: { by: Actor; id: string }) {
      return db.transaction(async (tx) => {
        const r = createAuthRepository({ db: tx });
        const t = await r.revokeToken(by.officeId, id, now());
        if (!t) throw notFound('api_token');
        await r.audit({ officeId: by.officeId, entity: 'api_token', entityId: id, action: 'revoked', changes: '{}', actorId: by.userId, actorName: by.name });
        return t;
      });
    },
    /** The actor behind a bearer token: the token's role, never more than its owner's current role. */
    async resolveToken(token: string): Promise<Actor | null> {
      const row = await repo.tokenByHash(sha256(token));
      if (!row || row.user.disabled) return null;
      // At most once a minute per token: otherwise every API read is a write, and one token's
      // concurrent requests queue on its row.
      const at = now();
      const last = row.token.lastUsedAt;
      if (!last || at.getTime() - last.getTime() >= 60_000) await repo.touchToken(row.token.id, at);
      const role = RANK[row.token.role] <= RANK[row.user.role] ? row.token.role : row.user.role;
      return { userId: row.user.id, name: row.user.name, officeId: row.office.id, role };
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
