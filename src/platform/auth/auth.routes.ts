import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookieOpts, SESSION_COOKIE } from '../web/cookies.js';
import { errorView, setFlash, takeFlash } from '../web/forms.js';
import type { AuthService } from './auth.service.js';
import { PENDING_PATH } from './steps.js';
import type { OidcService } from './oidc.service.js';

/** Single sign-on's part in these pages (oidc.service.ts): the buttons, password sign-in off, sign-out at the provider. */
type SsoHooks = Pick<OidcService, 'signInChoices' | 'passwordAllowed' | 'endSession'>;

/** Only same-site relative paths may follow sign-in: no open redirect. */
const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(n) ? n : '/');

const clockTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });

/**
 * 429 for a throttled sign-in: the GOV.UK error page (or JSON, to a client that asks for it)
 * saying why and when to try again, with Retry-After. The reason is the same whether or not the
 * account exists, so it tells an attacker nothing about which addresses have accounts.
 */
function throttled(req: FastifyRequest, reply: FastifyReply, r: { scope: 'account' | 'address'; retryAt: Date; retryAfterSeconds: number }) {
  const seconds = r.retryAfterSeconds;
  const minutes = Math.ceil(seconds / 60);
  const time = clockTime.format(r.retryAt).replace(' ', '').toLowerCase();
  const when = `${time} (in ${minutes} minute${minutes === 1 ? '' : 's'})`;
  const why =
    r.scope === 'account'
      ? 'There have been too many failed attempts to sign in to this account.'
      : 'There have been too many failed sign-ins from your network.';
  const message = `${why} For your security, you can try again at ${when}.`;
  reply.code(429).header('retry-after', String(seconds));
  const accept = req.headers.accept ?? '';
  if (/application\/json/.test(accept) && !/text\/html/.test(accept))
    return reply.send({ error: { code: 'auth.rate_limited', message, retryAfterSeconds: seconds, retryAt: r.retryAt.toISOString() } });
  return reply.page('platform/auth/views/throttled.njk', { title: 'You cannot sign in at the moment', why, when });
}

export async function registerAuthRoutes(app: FastifyInstance, { auth, sso }: { auth: AuthService; sso?: SsoHooks }) {
  // ?office=<slug> shows that office's single sign-on only (and no password form if it takes none).
  const ssoChoices = async (office: unknown) =>
    sso ? sso.signInChoices(typeof office === 'string' && office ? office : undefined) : { providers: [], passwordForm: true };

  app.get('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    const next = safeNext((req.query as { next?: string }).next);
    if (req.session) return reply.redirect(next, 303);
    const choices = await ssoChoices((req.query as { office?: unknown }).office);
    // The banner sign-out leaves ("You have signed out.") is shown here.
    return reply.page('platform/auth/views/sign-in.njk', { title: 'Sign in', next, values: {}, flash: takeFlash(req, reply), sso: choices });
  });

  app.post('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    const body = (req.body ?? {}) as { email?: unknown; password?: unknown; next?: unknown };
    const email = typeof body.email === 'string' ? body.email : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const values = { email };
    const missing = [];
    if (!email.trim()) missing.push({ field: 'email', message: 'Enter your email address' });
    if (!password) missing.push({ field: 'password', message: 'Enter your password' });
    const choices = await ssoChoices(undefined);
    if (missing.length) return reply.code(400).page('platform/auth/views/sign-in.njk', { title: 'Sign in', next, values, ...errorView(missing), sso: choices });
    const result = await auth.signIn({ email, password }, { address: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });
    if (!result.ok && result.reason === 'throttled') return throttled(req, reply, result);
    // An office that signs in only through its provider: the same answer as a wrong password (no oracle).
    const passwordOff = result.ok && sso && !(await sso.passwordAllowed(result.session.office.id));
    if (result.ok && passwordOff) await auth.signOut(result.session.idHash);
    if (!result.ok || passwordOff) {
      return reply.code(401).page('platform/auth/views/sign-in.njk', {
        title: 'Sign in',
        next,
        values,
        ...errorView([{ field: 'email', message: 'Enter a correct email address and password' }]),
        sso: choices,
      });
    }
    // A new session id at every sign-in (no fixation); the old one, if any, ends.
    if (req.session) await auth.signOut(req.session.idHash);
    reply.setCookie(SESSION_COOKIE, result.token, cookieOpts);
    // A step may be left (a new password, a code, setting up a second factor): it comes first.
    if (result.session.pending) return reply.redirect(PENDING_PATH[result.session.pending], 303);
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', { config: { access: 'public', pendingStep: true } }, async (req, reply) => {
    // A session begun at a provider ends there too (RP-initiated logout), when it offers that.
    const atProvider = req.session && sso ? await sso.endSession(req.session.idHash) : null;
    if (req.session) await auth.signOut(req.session.idHash, { address: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });
    reply.clearCookie(SESSION_COOKIE, cookieOpts);
    // What the browser kept of the signed-in pages goes too (ASVS V14.3.1); cookies are cleared above, one by one, so the flash below survives.
    reply.header('clear-site-data', '"cache", "storage"');
    setFlash(reply, 'You have signed out.');
    return reply.redirect(atProvider ?? '/sign-in', 303);
  });
}
