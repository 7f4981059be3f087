import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readDates } from '../dates.js';
import { DomainError, type FieldError } from '../errors.js';
import { cookieOpts, SESSION_COOKIE } from '../web/cookies.js';
import { actor, type Body, bodyOf, checkId, errorView, one, setFlash, takeFlash } from '../web/forms.js';
import type { AccountService, Client, StepResult } from './account.service.js';
import { SSO_ONLY } from './account.service.js';
import type { AuthService } from './auth.service.js';
import { securityEventKinds } from './auth.table.js';
import { PENDING_PATH, type Pending } from './steps.js';
import { groupedSecret } from './totp.js';

const V = 'platform/auth/views';
/** A step of signing in: reachable half signed in; who may see it is checked on the session itself. */
const step = { config: { access: 'public' as const, pendingStep: true } };
const viewer = { config: { access: 'viewer' as const } };
const admin = { config: { access: 'admin' as const } };
type IdReq = FastifyRequest<{ Params: { id: string } }>;

const clientOf = (req: FastifyRequest): Client => ({ address: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });

/** "Chrome on Windows": enough for a person to know their own device; the full text is kept too. */
export function deviceOf(userAgent: string) {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Mac OS X|Macintosh/.test(userAgent)
        ? 'macOS'
        : /Android/.test(userAgent)
          ? 'Android'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? userAgent.slice(0, 60);
}

export const EVENT_LABELS: Record<(typeof securityEventKinds)[number], string> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Failed sign-in',
  sign_out: 'Signed out',
  mfa_failed: 'Wrong code',
  mfa_enrolled: 'Two-factor set up',
  mfa_reset: 'Two-factor reset by an admin',
  recovery_code_used: 'Recovery code used',
  password_changed: 'Password changed',
  password_reset: 'Password reset by an admin',
  role_changed: 'Role changed',
  user_disabled: 'User disabled',
  user_enabled: 'User enabled',
  session_ended: 'Session ended',
  access_refused: 'Refused: not allowed',
  form_refused: 'Refused: form not from us',
};

/** Where a finished step leads: the next step, or in (with the new session cookie). */
function afterStep(reply: FastifyReply, r: StepResult, done: string) {
  if (r.token) reply.setCookie(SESSION_COOKIE, r.token, cookieOpts);
  return reply.redirect(r.next ? PENDING_PATH[r.next] : done, 303);
}

/**
 * A person's own account (password, second factor, sessions), the steps of signing in that follow
 * the password, and the admin's resets, security setting and security log.
 */
export async function registerSecurityRoutes(app: FastifyInstance, { auth, account }: { auth: AuthService; account: AccountService }) {
  /** The session of a step page, or a redirect: to sign in when there is none, to its own step when it has another. */
  const stepSession = (req: FastifyRequest, reply: FastifyReply, allowed: (Pending | null)[]) => {
    const s = req.session;
    if (!s) {
      reply.redirect('/sign-in', 303);
      return null;
    }
    if (!allowed.includes(s.pending)) {
      reply.redirect(s.pending ? PENDING_PATH[s.pending] : '/', 303);
      return null;
    }
    return s;
  };

  /** Runs a step's action; field problems re-render the page with the error summary. */
  async function form<T>(reply: FastifyReply, action: () => Promise<T>, again: () => Promise<{ template: string; model: Record<string, unknown> }>) {
    try {
      return { ok: true as const, value: await action() };
    } catch (e) {
      if (e instanceof DomainError && e.fields.length) {
        const { template, model } = await again();
        reply.code(reply.server.errorMap.status(e.code));
        await reply.page(template, { ...model, ...errorView(e.fields) });
        return { ok: false as const };
      }
      throw e;
    }
  }

  // ---- the code step ----
  app.get('/sign-in/code', step, async (req, reply) => {
    if (!stepSession(req, reply, ['mfa'])) return reply;
    return reply.page(`${V}/code.njk`, { title: 'Enter the code from your authenticator app', values: {} });
  });
  app.post('/sign-in/code', step, async (req, reply) => {
    const s = stepSession(req, reply, ['mfa']);
    if (!s) return reply;
    const r = await form(
      reply,
      () => account.verifyCode({ idHash: s.idHash, code: one(bodyOf(req).code), client: clientOf(req) }),
      async () => ({ template: `${V}/code.njk`, model: { title: 'Enter the code from your authenticator app', values: {} } }),
    );
    return r.ok ? afterStep(reply, r.value, '/') : reply;
  });

  // ---- a second factor: set up (a step where it is required, or by choice) ----
  const twoFactorModel = async (idHash: string) => {
    const e = await account.enrolment(idHash);
    return e.enrolled
      ? { title: 'Two-factor authentication', ...e }
      : { title: 'Set up two-factor authentication', ...e, groupedSecret: groupedSecret(e.secret), values: {} };
  };
  app.get('/account/two-factor', step, async (req, reply) => {
    const s = stepSession(req, reply, [null, 'enrol']);
    if (!s) return reply;
    return reply.page(`${V}/two-factor.njk`, { ...(await twoFactorModel(s.idHash)), flash: takeFlash(req, reply) });
  });
  app.post('/account/two-factor', step, async (req, reply) => {
    const s = stepSession(req, reply, [null, 'enrol']);
    if (!s) return reply;
    const r = await form(
      reply,
      () => account.confirmEnrolment({ idHash: s.idHash, code: one(bodyOf(req).code), client: clientOf(req) }),
      async () => ({ template: `${V}/two-factor.njk`, model: await twoFactorModel(s.idHash) }),
    );
    if (!r.ok) return reply;
    if (r.value.token) reply.setCookie(SESSION_COOKIE, r.value.token, cookieOpts);
    // Shown once, on this answer only: never stored in the clear, never sent again.
    return reply.page(`${V}/recovery-codes.njk`, {
      title: 'Save your recovery codes',
      codes: r.value.codes,
      next: r.value.next ? PENDING_PATH[r.value.next] : '/',
    });
  });

  // ---- one's own password (a step after an admin's reset) ----
  const passwordModel = (forced: boolean) => ({ title: forced ? 'Choose a new password' : 'Change your password', forced });
  app.get('/account/password', step, async (req, reply) => {
    const s = stepSession(req, reply, [null, 'password']);
    if (!s) return reply;
    if (!(await account.hasPassword(s.idHash))) return reply.page(`${V}/password.njk`, { title: 'Your password', ssoOnly: SSO_ONLY });
    return reply.page(`${V}/password.njk`, passwordModel(s.pending === 'password'));
  });
  app.post('/account/password', step, async (req, reply) => {
    const s = stepSession(req, reply, [null, 'password']);
    if (!s) return reply;
    const b = bodyOf(req);
    const r = await form(
      reply,
      () =>
        account.changePassword({
          idHash: s.idHash,
          input: { current: one(b.current), password: one(b.password), confirm: one(b.confirm) },
          client: clientOf(req),
        }),
      async () => ({ template: `${V}/password.njk`, model: passwordModel(s.pending === 'password') }),
    );
    if (!r.ok) return reply;
    setFlash(reply, r.value.ended ? `Your password has been changed. Your other sessions have ended.` : 'Your password has been changed.');
    return afterStep(reply, r.value, s.pending ? '/' : '/account');
  });

  // ---- the account page and sessions ----
  app.get('/account', viewer, async (req, reply) => {
    const s = req.session;
    if (!s) return reply.redirect('/sign-in', 303);
    const [e, hasPassword] = await Promise.all([account.enrolment(s.idHash), account.hasPassword(s.idHash)]);
    return reply.page(`${V}/account.njk`, { title: 'Your account', person: s.user, twoFactor: e, hasPassword, flash: takeFlash(req, reply) });
  });
  app.get('/account/sessions', viewer, async (req, reply) => {
    const s = req.session;
    if (!s) return reply.redirect('/sign-in', 303);
    const sessions = (await account.sessions(s.idHash)).map((x) => ({ ...x, device: deviceOf(x.userAgent) }));
    return reply.page(`${V}/sessions.njk`, { title: 'Your sessions', sessions, flash: takeFlash(req, reply) });
  });
  app.post('/account/sessions/end-others', viewer, async (req, reply) => {
    const s = req.session;
    if (!s) return reply.redirect('/sign-in', 303);
    const n = await account.endOtherSessions({ idHash: s.idHash, client: clientOf(req) });
    setFlash(reply, n ? `${n} other session${n === 1 ? ' has' : 's have'} ended.` : 'You had no other sessions.');
    return reply.redirect('/account/sessions', 303);
  });
  app.post('/account/sessions/:id/end', viewer, async (req: IdReq, reply) => {
    const s = req.session;
    if (!s) return reply.redirect('/sign-in', 303);
    await account.endSession({ idHash: s.idHash, ref: checkId(req.params.id, 'session'), client: clientOf(req) });
    setFlash(reply, 'That session has ended.');
    return reply.redirect('/account/sessions', 303);
  });

  // ---- admins: resets, the office's setting, the security log ----
  const userIn = async (req: IdReq) => {
    const id = checkId(req.params.id, 'user');
    const u = (await auth.listUsers(actor(req).officeId)).find((x) => x.id === id);
    if (!u) throw new DomainError('user.not_found', 'No such user.');
    return u;
  };
  app.post('/admin/users/:id/reset-password', admin, async (req: IdReq, reply) => {
    const u = await userIn(req);
    const r = await account.resetPassword({ by: actor(req), userId: u.id, client: clientOf(req) });
    // The one-time password is on this answer only (no-store, like every page).
    return reply.page(`${V}/password-reset.njk`, { title: `A one-time password for ${r.name}`, person: { ...u }, password: r.password });
  });
  app.post('/admin/users/:id/reset-two-factor', admin, async (req: IdReq, reply) => {
    const u = await userIn(req);
    await account.resetTwoFactor({ by: actor(req), userId: u.id, client: clientOf(req) });
    setFlash(reply, `${u.name}’s two-factor authentication is off, and their sessions have ended.`);
    return reply.redirect(`/admin/users/${u.id}`, 303);
  });
  app.post('/admin/users/:id/end-sessions', admin, async (req: IdReq, reply) => {
    const u = await userIn(req);
    await account.endSessionsOf({ by: actor(req), userId: u.id, client: clientOf(req) });
    setFlash(reply, u.id === actor(req).userId ? 'Your sessions have ended.' : `${u.name}’s sessions have ended: they must sign in again.`);
    return reply.redirect(u.id === actor(req).userId ? '/sign-in' : `/admin/users/${u.id}`, 303);
  });

  const securityModel = async (req: FastifyRequest, query: Body, fields: FieldError[] = []) => {
    const a = actor(req);
    const office = await auth.officeBySlug(req.session?.office.slug ?? '');
    const users = await auth.listUsers(a.officeId);
    const values = { ...query };
    return {
      title: 'Security',
      mfaForEveryone: office?.mfaForEveryone ?? false,
      values,
      kindItems: [{ value: '', text: 'All events' }, ...securityEventKinds.map((k) => ({ value: k, text: EVENT_LABELS[k], selected: one(query.kind) === k }))],
      userItems: [{ value: '', text: 'Everyone' }, ...users.map((u) => ({ value: u.id, text: `${u.name} (${u.email})`, selected: one(query.user) === u.id }))],
      labels: EVENT_LABELS,
      ...(fields.length ? errorView(fields) : {}),
    };
  };
  app.get('/admin/security', admin, async (req, reply) => {
    const query = (req.query ?? {}) as Body;
    const dates = readDates(query, { from: { label: 'From' }, to: { label: 'To' } });
    const model = await securityModel(req, query, dates.errors);
    if (dates.errors.length) return reply.code(400).page(`${V}/security.njk`, { ...model, events: [], flash: takeFlash(req, reply) });
    const r = await form(
      reply,
      () =>
        account.securityLog(actor(req).officeId, { kind: one(query.kind), user: one(query.user), from: dates.values.from ?? '', to: dates.values.to ?? '' }),
      async () => ({ template: `${V}/security.njk`, model: { ...model, events: [] } }),
    );
    if (!r.ok) return reply;
    const events = r.value.map((e) => ({ ...e, label: EVENT_LABELS[e.kind], device: e.userAgent ? deviceOf(e.userAgent) : '' }));
    return reply.page(`${V}/security.njk`, { ...model, events, flash: takeFlash(req, reply) });
  });
  app.post('/admin/security', admin, async (req, reply) => {
    const b = bodyOf(req);
    const choice = one(b.mfaForEveryone);
    if (choice !== 'true' && choice !== 'false') {
      const model = await securityModel(req, {}, [{ field: 'mfaForEveryone', message: 'Choose whether everyone needs two-factor authentication' }]);
      return reply.code(400).page(`${V}/security.njk`, { ...model, events: [] });
    }
    await account.setMfaForEveryone({ by: actor(req), everyone: choice === 'true' });
    setFlash(reply, choice === 'true' ? 'Everyone in the office now needs two-factor authentication.' : 'Only admins now need two-factor authentication.');
    return reply.redirect('/admin/security', 303);
  });
}
