import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../web/app.js';
import { SESSION_COOKIE } from '../web/app.js';
import { errorView, setFlash, takeFlash } from '../web/forms.js';

/** Only same-site relative paths may follow sign-in: no open redirect. */
const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(n) ? n : '/');

export async function registerAuthRoutes(app: FastifyInstance, { config, services }: AppDeps) {
  const cookieOpts = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' as const };

  app.get('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    const next = safeNext((req.query as { next?: string }).next);
    if (req.session) return reply.redirect(next, 303);
    // The banner sign-out leaves ("You have signed out.") is shown here.
    return reply.page('platform/auth/views/sign-in.njk', { title: 'Sign in', next, values: {}, flash: takeFlash(req, reply) });
  });

  app.post(
    '/sign-in',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: config.signInRateMax,
          timeWindow: '15 minutes',
          // Per address and per account, so that neither spraying one account nor one address gets far.
          keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as { email?: string; password?: string; next?: string };
      const next = safeNext(body.next);
      const values = { email: body.email ?? '' };
      const missing = [];
      if (!body.email?.trim()) missing.push({ field: 'email', message: 'Enter your email address' });
      if (!body.password) missing.push({ field: 'password', message: 'Enter your password' });
      if (missing.length) return reply.code(400).page('platform/auth/views/sign-in.njk', { title: 'Sign in', next, values, ...errorView(missing) });
      const result = await services.auth.signIn({ email: body.email, password: body.password });
      if (!result) {
        return reply
          .code(401)
          .page('platform/auth/views/sign-in.njk', { title: 'Sign in', next, values, ...errorView([{ field: 'email', message: 'Enter a correct email address and password' }]) });
      }
      // A new session id at every sign-in (no fixation); the old one, if any, ends.
      if (req.session) await services.auth.signOut(req.session.idHash);
      reply.setCookie(SESSION_COOKIE, result.token, cookieOpts);
      return reply.redirect(next, 303);
    },
  );

  app.post('/sign-out', { config: { access: 'public' } }, async (req, reply) => {
    if (req.session) await services.auth.signOut(req.session.idHash);
    reply.clearCookie(SESSION_COOKIE, cookieOpts);
    setFlash(reply, 'You have signed out.');
    return reply.redirect('/sign-in', 303);
  });
}
