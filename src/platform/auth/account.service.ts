// A person's own account (password, second factor, sessions), the steps a sign-in may still need
// after the password (a new password after an admin's reset; a TOTP or recovery code; setting up a
// second factor where one is required), an admin's resets, and the office's security log.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db, DbOrTx } from '../db/client.js';
import { isValidIsoDate, londonDayEnd, londonDayStart } from '../db/time.js';
import { type Actor, DomainError, invalid, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { createAccountRepository } from './account.repository.js';
import { createAuthRepository } from './auth.repository.js';
import { newUserSchema } from './auth.schemas.js';
import { SIGN_IN_WINDOW_MS, sha256 } from './auth.service.js';
import { type SecurityEventKind, securityEventKinds } from './auth.table.js';
import { contextWordIn, contextWordMessage, hashPassword, verifyPassword } from './passwords.js';
import { nextStep, type Pending } from './steps.js';
import { looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, normalisedRecoveryCode, totpQrSvg, totpStep, totpUri } from './totp.js';

/** Wrong codes (or current passwords) allowed per person in 15 minutes before they must wait. */
/** What a person who signs in only through their organisation is told when they look for a password. */
export const SSO_ONLY = 'You sign in through your organisation’s single sign-on, so you have no password here to change.';

export const CODE_ATTEMPTS_MAX = 5;

export type Client = { address?: string; userAgent?: string };
/** A step's result: done (a new session cookie: the id changes when the sign-in completes), or the next step. */
export type StepResult = { token: string | null; next: Pending | null };

const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

const eventFilterSchema = z.object({
  kind: z.enum(securityEventKinds, { message: 'Choose an event from the list' }).optional(),
  user: z.string().uuid({ message: 'Choose a person from the list' }).optional(),
  from: z.string().refine(isValidIsoDate, { message: 'From must be a real date' }).optional(),
  to: z.string().refine(isValidIsoDate, { message: 'To must be a real date' }).optional(),
});

const passwordSchema = newUserSchema.shape.password;

export function createAccountService({ db, config, now = () => new Date() }: { db: Db; config: Config; now?: () => Date }) {
  const repo = createAccountRepository({ db });
  const authRepo = createAuthRepository({ db });

  const stepAfter = (user: Parameters<typeof nextStep>[0], office: Parameters<typeof nextStep>[1]) => nextStep(user, office, config.mfaForAdmins);

  async function event(
    tx: DbOrTx,
    v: { officeId: string | null; userId: string | null; kind: SecurityEventKind; client?: Client; actorName?: string | null; detail?: string; at?: Date },
  ) {
    await createAccountRepository({ db: tx }).insertEvent({
      officeId: v.officeId,
      userId: v.userId,
      kind: v.kind,
      address: (v.client?.address ?? '').slice(0, 100),
      userAgent: (v.client?.userAgent ?? '').slice(0, 300),
      actorName: v.actorName ?? null,
      detail: v.detail ?? '',
      at: v.at ?? now(),
    });
  }

  /**
   * Counts a wrong code or current password against the person; throttled once there are more
   * than CODE_ATTEMPTS_MAX in the window. The attempt is written before it is checked, as at
   * sign-in, so that attempts sent together cannot all slip under the limit.
   */
  async function attempt(key: string, address: string) {
    const at = now();
    const since = new Date(at.getTime() - SIGN_IN_WINDOW_MS);
    const accountKey = sha256(key);
    const id = await authRepo.insertSignInFailure({ accountKey, address, at });
    const counts = await authRepo.countSignInFailures({ accountKey, address, since });
    if (counts.account > CODE_ATTEMPTS_MAX) {
      await authRepo.deleteSignInFailure(id);
      const oldest = await authRepo.nthSignInFailureAt({ accountKey, since, n: counts.account - 1 - CODE_ATTEMPTS_MAX, except: id });
      const retryAt = new Date((oldest ?? at).getTime() + SIGN_IN_WINDOW_MS);
      throw new DomainError('auth.rate_limited', 'There have been too many wrong codes. For your security, wait before you try again.', [], {
        retryAt: retryAt.toISOString(),
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - at.getTime()) / 1000)),
      });
    }
    return { succeeded: () => authRepo.deleteSignInFailure(id) };
  }

  async function live(idHash: string) {
    const session = await repo.sessionByHash(idHash);
    if (!session) throw new DomainError('auth.unauthenticated', 'Your session has ended. Sign in and try again.');
    const user = await repo.userById(session.userId);
    const office = await authRepo.officeById(session.officeId);
    if (!user || !office || user.disabled) throw new DomainError('auth.unauthenticated', 'Your session has ended. Sign in and try again.');
    return { session, user, office };
  }

  /**
   * After a step of a sign-in: the next step, or, when none is left, a new session id in place of
   * the half-signed-in one (what a person can do changed, so the id changes) and the sign-in event.
   */
  async function advance(tx: DbOrTx, s: Awaited<ReturnType<typeof live>>, user: Parameters<typeof nextStep>[0], client: Client): Promise<StepResult> {
    const r = createAccountRepository({ db: tx });
    if (!s.session.pending) return { token: null, next: null };
    // After a new password, the code (or setting one up) may still be needed; after a code or a new second factor, nothing is.
    const next = s.session.pending === 'password' ? stepAfter(user, s.office) : null;
    if (next) {
      await r.setSession(s.session.idHash, { pending: next });
      return { token: null, next };
    }
    const at = now();
    const token = newSecret();
    await createAuthRepository({ db: tx }).insertSession({
      idHash: sha256(token),
      userId: s.session.userId,
      officeId: s.session.officeId,
      csrfSecret: newSecret(),
      createdAt: s.session.createdAt,
      lastSeenAt: at,
      address: s.session.address,
      userAgent: s.session.userAgent,
    });
    await r.setSession(s.session.idHash, { endedAt: at });
    await event(tx, { officeId: s.session.officeId, userId: s.session.userId, kind: 'sign_in', client, detail: 'with a second factor', at });
    return { token, next: null };
  }

  /**
   * An admin's reset of a person in their office: the change, their sessions ended, the audit row
   * and the security event, in one transaction.
   */
  async function adminReset(
    v: { by: Actor; userId: string; client: Client; action: string; kind: SecurityEventKind },
    change: (r: ReturnType<typeof createAccountRepository>, userId: string) => Promise<unknown>,
  ) {
    const user = await authRepo.userInOffice(v.by.officeId, v.userId);
    if (!user) throw notFound('user');
    await db.transaction(async (tx) => {
      const at = now();
      const auth = createAuthRepository({ db: tx });
      await change(createAccountRepository({ db: tx }), user.id);
      await auth.endUserSessions(user.id, at);
      await auth.audit({
        officeId: v.by.officeId,
        entity: 'user',
        entityId: user.id,
        action: v.action,
        changes: '{}',
        actorId: v.by.userId,
        actorName: v.by.name,
        recordedAt: at,
      });
      await event(tx, { officeId: v.by.officeId, userId: user.id, kind: v.kind, client: v.client, actorName: v.by.name, at });
    });
    return user;
  }

  return {
    event: (v: Parameters<typeof event>[1]) => event(db, v),

    /** The sign-in's code step: a TOTP code (each accepted once) or an unused recovery code. */
    async verifyCode({ idHash, code, client = {} }: { idHash: string; code: unknown; client?: Client }): Promise<StepResult> {
      const s = await live(idHash);
      if (s.session.pending !== 'mfa' || !s.user.totpSecret) throw new DomainError('auth.no_step', 'There is no code to give.');
      const typed = typeof code === 'string' ? code.trim() : '';
      if (!typed) throw invalid('code', [{ field: 'code', message: 'Enter the 6-digit code from your authenticator app' }]);
      // Something that cannot be a code is a typing slip, not a guess: said at once, not counted.
      const sixDigits = /^\d{6}$/.test(typed.replace(/\s+/g, ''));
      if (!sixDigits && !looksLikeRecoveryCode(typed))
        throw invalid('code', [{ field: 'code', message: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes' }]);
      const tried = await attempt(`code:${s.user.id}`, client.address ?? 'unknown');
      const at = now();
      let ok = false;
      let recovery = false;
      if (looksLikeRecoveryCode(typed)) {
        // Each is an argon2id hash (about 50 bits a code is under the 112 that a plain hash would need).
        const typedCode = normalisedRecoveryCode(typed);
        for (const c of await repo.unusedRecoveryCodes(s.user.id))
          if (!ok && (await verifyPassword(c.codeHash, typedCode))) ok = await repo.useRecoveryCode(c.id, at);
        recovery = ok;
      } else {
        const step = totpStep(s.user.totpSecret, typed, at);
        ok = step !== null && (await repo.claimTotpStep(s.user.id, step));
      }
      if (!ok) {
        await event(db, { officeId: s.office.id, userId: s.user.id, kind: 'mfa_failed', client, at });
        throw invalid('code', [
          {
            field: 'code',
            message: sixDigits
              ? 'The code is not right, or it was used already. Wait for the next code and enter it'
              : 'That recovery code is not right, or it was used already',
          },
        ]);
      }
      await tried.succeeded();
      return db.transaction(async (tx) => {
        if (recovery) await event(tx, { officeId: s.office.id, userId: s.user.id, kind: 'recovery_code_used', client, at });
        return advance(tx, s, s.user, client);
      });
    },

    /** What the set-up page shows: the secret offered (kept on the session until a code confirms it) as QR code and text. */
    /** Whether the person has a password here: one made at a first single sign-on has none ('!sso'). */
    async hasPassword(idHash: string) {
      return !(await live(idHash)).user.passwordHash.startsWith('!');
    },
    async enrolment(idHash: string) {
      const s = await live(idHash);
      if (s.user.totpSecret && !s.session.pending)
        return { enrolled: true as const, since: s.user.totpEnabledAt, codesLeft: await repo.recoveryCodesLeft(s.user.id) };
      let secret = s.session.enrolSecret;
      if (!secret) {
        secret = newTotpSecret();
        await repo.setSession(idHash, { enrolSecret: secret });
      }
      const uri = totpUri(secret, `${s.office.slug}:${s.user.email}`);
      return { enrolled: false as const, secret, qr: totpQrSvg(uri), required: s.session.pending === 'enrol' };
    },

    /** Confirms the offered secret with a code from the app: the second factor is on; returns the recovery codes, shown once. */
    async confirmEnrolment({ idHash, code, client = {} }: { idHash: string; code: unknown; client?: Client }) {
      const s = await live(idHash);
      const secret = s.session.enrolSecret;
      if (!secret || (s.user.totpSecret && !s.session.pending)) throw new DomainError('auth.no_step', 'There is no second factor being set up.');
      const typed = typeof code === 'string' ? code.trim() : '';
      if (!typed) throw invalid('code', [{ field: 'code', message: 'Enter the 6-digit code from your authenticator app' }]);
      if (!/^\d{6}$/.test(typed.replace(/\s+/g, ''))) throw invalid('code', [{ field: 'code', message: 'Enter the 6 numbers your app shows, like 123456' }]);
      const tried = await attempt(`code:${s.user.id}`, client.address ?? 'unknown');
      const at = now();
      const step = totpStep(secret, typed, at);
      if (step === null)
        throw invalid('code', [{ field: 'code', message: 'The code is not right. Check the app shows PCP Tracker and enter the code it shows now' }]);
      await tried.succeeded();
      const codes = newRecoveryCodes();
      const hashes = await Promise.all(codes.map((code) => hashPassword(normalisedRecoveryCode(code), config.argon2)));
      const result = await db.transaction(async (tx) => {
        const r = createAccountRepository({ db: tx });
        const user = await r.setUser(s.user.id, { totpSecret: secret, totpEnabledAt: at, totpLastStep: step });
        await r.replaceRecoveryCodes(s.user.id, hashes);
        await r.setSession(idHash, { enrolSecret: null });
        await event(tx, { officeId: s.office.id, userId: s.user.id, kind: 'mfa_enrolled', client, at });
        return advance(tx, s, user, client);
      });
      return { ...result, codes };
    },

    /**
     * Changes one's own password: the current one is needed, except on the step that follows an
     * admin's reset (the one-time password was given a moment ago). Every other session ends.
     */
    async changePassword({
      idHash,
      input,
      client = {},
    }: {
      idHash: string;
      input: { current?: unknown; password?: unknown; confirm?: unknown };
      client?: Client;
    }) {
      const s = await live(idHash);
      const forced = s.session.pending === 'password';
      if (s.session.pending && !forced) throw new DomainError('auth.no_step', 'Finish signing in first.');
      if (s.user.passwordHash.startsWith('!')) throw new DomainError('auth.no_step', SSO_ONLY);
      const str = (v: unknown) => (typeof v === 'string' ? v : '');
      const current = str(input.current);
      const password = str(input.password);
      const confirm = str(input.confirm);
      const fields = [];
      if (!forced && !current) fields.push({ field: 'current', message: 'Enter your current password' });
      const checked = passwordSchema.safeParse(password);
      if (!password) fields.push({ field: 'password', message: 'Enter a new password' });
      else if (!checked.success) fields.push({ field: 'password', message: checked.error.issues[0].message });
      else {
        const word = contextWordIn(password, { email: s.user.email, name: s.user.name, office: s.office });
        if (word) fields.push({ field: 'password', message: contextWordMessage(word) });
      }
      if (password && confirm !== password) fields.push({ field: 'confirm', message: 'The passwords do not match: enter the new password again' });
      if (fields.length) throw invalid('password', fields);
      if (!forced) {
        const tried = await attempt(`password:${s.user.id}`, client.address ?? 'unknown');
        if (!(await verifyPassword(s.user.passwordHash, current)))
          throw invalid('password', [{ field: 'current', message: 'Your current password is not right' }]);
        await tried.succeeded();
      }
      if (await verifyPassword(s.user.passwordHash, password))
        throw invalid('password', [{ field: 'password', message: 'Choose a password that is not the one you have now' }]);
      const passwordHash = await hashPassword(password, config.argon2);
      return db.transaction(async (tx) => {
        const r = createAccountRepository({ db: tx });
        const at = now();
        const user = await r.setUser(s.user.id, { passwordHash, mustChangePassword: false });
        const ended = await r.endOtherSessions(s.user.id, idHash, at);
        await event(tx, {
          officeId: s.office.id,
          userId: s.user.id,
          kind: 'password_changed',
          client,
          detail: ended ? `${ended} other session${ended === 1 ? '' : 's'} ended` : '',
          at,
        });
        return { ...(await advance(tx, s, user, client)), ended };
      });
    },

    /** An admin's reset: a one-time password (shown once, to the admin) that must be changed at the next sign-in. */
    async resetPassword({ by, userId, client = {} }: { by: Actor; userId: string; client?: Client }) {
      // 22 characters from 128 random bits: never on a breach list, typed once.
      const password = randomBytes(16).toString('base64url');
      const passwordHash = await hashPassword(password, config.argon2);
      const user = await adminReset({ by, userId, client, action: 'password_reset', kind: 'password_reset' }, (r, id) =>
        r.setUser(id, { passwordHash, mustChangePassword: true }),
      );
      return { name: user.name, email: user.email, password };
    },

    /** An admin turns off a person's second factor (a lost phone): they set one up again at their next sign-in if it is required. */
    async resetTwoFactor({ by, userId, client = {} }: { by: Actor; userId: string; client?: Client }) {
      const user = await adminReset({ by, userId, client, action: 'two_factor_reset', kind: 'mfa_reset' }, async (r, id) => {
        await r.setUser(id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
        await r.replaceRecoveryCodes(id, []);
      });
      return { name: user.name };
    },

    /** An admin ends every session of a person of the office (ASVS V7.4.5): audited and in the security log. */
    async endSessionsOf({ by, userId, client = {} }: { by: Actor; userId: string; client?: Client }) {
      const user = await adminReset({ by, userId, client, action: 'sessions_ended', kind: 'session_ended' }, async () => {});
      return { name: user.name };
    },

    /** Whether everyone in the office needs a second factor (admins always do). */
    async setMfaForEveryone({ by, everyone, reason }: { by: Actor; everyone: boolean; reason?: string }) {
      return db.transaction(async (tx) => {
        const before = await createAuthRepository({ db: tx }).officeById(by.officeId);
        if (!before) throw notFound('office');
        const office = await createAccountRepository({ db: tx }).setOffice(by.officeId, { mfaForEveryone: everyone });
        await createAuthRepository({ db: tx }).audit({
          officeId: by.officeId,
          entity: 'office',
          entityId: by.officeId,
          action: 'updated',
          changes: JSON.stringify({ before: { mfaForEveryone: before.mfaForEveryone }, after: { mfaForEveryone: everyone } }),
          reason: reason ?? null,
          actorId: by.userId,
          actorName: by.name,
        });
        return office;
      });
    },

    /** One's own live sessions, this one marked. */
    async sessions(idHash: string) {
      const s = await live(idHash);
      const at = now().getTime();
      const rows = await repo.liveSessions(s.user.id, {
        idleSince: new Date(at - config.sessionIdleMs),
        createdSince: new Date(at - config.sessionAbsoluteMs),
      });
      return rows.filter((r) => !r.pending).map(({ idHash: h, ...r }) => ({ ...r, current: h === idHash }));
    },
    /** Ends one of one's own sessions (another device), by the reference the sessions page shows. */
    async endSession({ idHash, ref, client = {} }: { idHash: string; ref: string; client?: Client }) {
      const s = await live(idHash);
      if (!z.string().uuid().safeParse(ref).success || !(await repo.endSessionByRef(s.user.id, ref, now()))) throw notFound('session');
      await event(db, { officeId: s.office.id, userId: s.user.id, kind: 'session_ended', client, detail: 'one session, by its owner' });
    },
    async endOtherSessions({ idHash, client = {} }: { idHash: string; client?: Client }) {
      const s = await live(idHash);
      const n = await repo.endOtherSessions(s.user.id, idHash, now());
      if (n)
        await event(db, {
          officeId: s.office.id,
          userId: s.user.id,
          kind: 'session_ended',
          client,
          detail: `${n} other session${n === 1 ? '' : 's'}, by their owner`,
        });
      return n;
    },

    /** The office's security log, newest first (at most 500 rows), filtered by event, person and London dates. */
    async securityLog(officeId: string, input: Record<string, unknown>) {
      const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === 'string' && v !== ''));
      const f = parseInput('security_log', eventFilterSchema, clean);
      if (f.from && f.to && f.from > f.to) throw invalid('security_log', [{ field: 'to', message: 'To must be the same as or after From' }]);
      return repo.listEvents(officeId, {
        kind: f.kind,
        userId: f.user,
        from: f.from ? londonDayStart(f.from) : undefined,
        to: f.to ? londonDayEnd(f.to) : undefined,
        limit: 500,
      });
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
