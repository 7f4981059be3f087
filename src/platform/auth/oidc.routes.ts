import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookieOpts, SESSION_COOKIE } from '../web/cookies.js';
import { actor, bodyOf, one, runForm, setFlash, takeFlash } from '../web/forms.js';
import { DomainError } from '../errors.js';
import type { AuthService } from './auth.service.js';
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_TTL_MS, type OidcService, type SsoResult } from './oidc.service.js';

/** The browser's half of a sign-in at a provider (the database has the state, nonce and PKCE verifier). */
export const OIDC_COOKIE = '__Host-pcp_oidc';
const admin = { config: { access: 'admin' as const } };
const safeNext = (n: unknown) => (typeof n === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(n) ? n : '/');
const FIELDS = [
  'enabled',
  'providerName',
  'issuer',
  'clientId',
  'allowedDomains',
  'roleSource',
  'groupClaim',
  'groupRoles',
  'createOnFirstSignIn',
  'passwordSignIn',
];
const LABELS: Record<string, string> = {
  enabled: 'Single sign-on on',
  providerName: 'Provider name',
  issuer: 'Issuer URL',
  clientId: 'Client ID',
  allowedDomains: 'Allowed email domains',
  roleSource: 'Roles from',
  groupClaim: 'Group claim',
  groupRoles: 'Groups and roles',
  createOnFirstSignIn: 'Create accounts at first sign-in',
  passwordSignIn: 'Password sign-in allowed',
};
const shown = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : v === null || v === undefined || v === '' ? '(none)' : String(v).replace(/\n/g, ', '));

/** Each refusal as the person sees it: what happened and what to do, never the provider's raw answer. */
function refusal(r: Extract<SsoResult, { ok: false }>) {
  const provider = r.providerName ?? 'your identity provider';
  const office = r.officeName ?? 'this office';
  switch (r.reason) {
    case 'expired':
      return {
        status: 400,
        title: 'Your sign-in has expired',
        paragraphs: ['Signing in took too long, or was started in another browser or tab.', 'Go back to sign in and try again.'],
      };
    case 'not_enabled':
      return {
        status: 403,
        title: 'Single sign-on is not available',
        paragraphs: [`${office} does not use single sign-on at the moment. Sign in with your email address and password.`],
      };
    case 'provider':
      return {
        status: 401,
        title: 'You could not be signed in',
        paragraphs: [
          `The answer from ${provider} could not be checked, so you have not been signed in.`,
          `Try again. If this keeps happening, tell an admin of ${office}.`,
        ],
      };
    case 'unverified':
      return {
        status: 403,
        title: 'Your email address is not confirmed',
        paragraphs: [`${provider} did not confirm your email address, so we cannot tell which account is yours.`, `Ask an admin of ${office} for help.`],
      };
    case 'domain':
      return {
        status: 403,
        title: 'Your email address cannot be used here',
        paragraphs: [`${office} does not accept sign-in from ${r.email}.`, 'Sign in with your work account, or ask an admin of the office.'],
      };
    case 'unknown':
      return {
        status: 403,
        title: 'You do not have an account',
        paragraphs: [`There is no account for ${r.email} in ${office}.`, `Ask an admin of ${office} to add you as a user.`],
      };
    case 'disabled':
      return {
        status: 403,
        title: 'Your account is switched off',
        paragraphs: [`Your account in ${office} has been disabled, so you cannot sign in.`, `Ask an admin of ${office} if you think this is wrong.`],
      };
    case 'no_role':
      return {
        status: 403,
        title: 'You do not have a role here',
        paragraphs: [`Your groups at ${provider} do not give you a role in ${office}.`, `Ask an admin of ${office} to add you to the right group.`],
      };
  }
}

/** Single sign-on: the admin's settings page, the start of a sign-in at the provider, and its return. */
export async function registerOidcRoutes(app: FastifyInstance, { auth, oidc }: { auth: AuthService; oidc: OidcService }) {
  const settingsModel = async (officeId: string, values?: Record<string, unknown>) => {
    const s = await oidc.settings(officeId);
    const audit = await oidc.history(officeId);
    const history = audit
      .slice()
      .reverse()
      .map((h) => {
        const c = JSON.parse(h.changes) as { before: Record<string, unknown> | null; after: Record<string, unknown>; clientSecret: string };
        const changes = FIELDS.filter((f) => !c.before || shown(c.before[f]) !== shown(c.after[f])).map((f) => ({
          label: LABELS[f],
          from: c.before ? shown(c.before[f]) : null,
          to: shown(c.after[f]),
        }));
        if (c.clientSecret === 'changed') changes.push({ label: 'Client secret', from: null, to: 'changed' });
        return { when: h.recordedAt, who: h.actorName, kind: h.action === 'created' ? 'Set up' : 'Changed', changes, reason: h.reason };
      });
    const uri = oidc.redirectUri();
    return {
      title: 'Single sign-on',
      redirectUri: uri,
      signOutUri: uri ? uri.replace(OIDC_CALLBACK_PATH, '/sign-in') : undefined,
      hasSecret: !!s?.hasSecret,
      history,
      // Never the secret: the form's secret box is always empty.
      values: values ?? { roleSource: 'invited', groupClaim: 'groups', passwordSignIn: true, ...s },
    };
  };

  app.get('/admin/sso', admin, async (req, reply) =>
    reply.page('platform/auth/views/oidc-settings.njk', { ...(await settingsModel(actor(req).officeId)), flash: takeFlash(req, reply) }),
  );

  app.post('/admin/sso', admin, async (req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const input = Object.fromEntries([...FIELDS, 'clientSecret'].map((f) => [f, one(b[f])]));
    const values = {
      ...input,
      clientSecret: '',
      enabled: input.enabled === 'true',
      createOnFirstSignIn: input.createOnFirstSignIn === 'true',
      passwordSignIn: input.passwordSignIn === 'true',
    };
    const r = await runForm(reply, () => oidc.saveSettings({ by: a, input }), {
      template: 'platform/auth/views/oidc-settings.njk',
      model: await settingsModel(a.officeId, values),
    });
    if (!r.ok) return reply;
    setFlash(reply, 'Single sign-on settings saved.');
    return reply.redirect('/admin/sso', 303);
  });

  // A button on the sign-in page (a form, so it carries the CSRF token): off to the office's provider.
  app.post('/sign-in/sso/:office', { config: { access: 'public' } }, async (req: FastifyRequest<{ Params: { office: string } }>, reply) => {
    const next = safeNext(one(bodyOf(req).next));
    let started: { key: string; url: string };
    try {
      started = await oidc.begin(req.params.office, next);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      // The provider's discovery document could not be fetched or read: our page, not a 500.
      req.log.warn({ sso: 'discovery', detail: String((e as Error).message ?? '').slice(0, 200) }, 'single sign-on provider unreachable');
      return reply.code(503).page('platform/auth/views/oidc-refused.njk', {
        title: 'Single sign-on is not available at the moment',
        paragraphs: [
          'Your office’s identity provider could not be reached. Try again in a few minutes.',
          'If this keeps happening, tell an admin of your office.',
        ],
      });
    }
    const { key, url } = started;
    reply.setCookie(OIDC_COOKIE, key, { ...cookieOpts, maxAge: OIDC_LOGIN_TTL_MS / 1000 });
    return reply.redirect(url, 303);
  });

  app.get(OIDC_CALLBACK_PATH, { config: { access: 'public' } }, async (req, reply: FastifyReply) => {
    const key = req.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, cookieOpts);
    // The address the provider sent the browser to, from the configured public address (never the Host header).
    const r = await oidc.finish(key, `${oidc.redirectUri() ?? 'http://invalid'}${req.url.slice(OIDC_CALLBACK_PATH.length)}`, {
      address: req.ip,
      userAgent: String(req.headers['user-agent'] ?? ''),
    });
    if (!r.ok) {
      if (r.detail) req.log.warn({ sso: r.reason, detail: r.detail }, 'single sign-on refused');
      const p = refusal(r);
      return reply.code(p.status).page('platform/auth/views/oidc-refused.njk', { title: p.title, paragraphs: p.paragraphs });
    }
    // A new session id at every sign-in (no fixation); the old one, if any, ends. As password sign-in.
    if (req.session) await auth.signOut(req.session.idHash);
    reply.setCookie(SESSION_COOKIE, r.token, cookieOpts);
    return reply.redirect(r.next, 303);
  });
}
