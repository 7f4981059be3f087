import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import type { Config } from '../../config.js';
import type { Role } from '../auth/auth.table.js';
import type { AccountService } from '../auth/account.service.js';
import { registerSecurityRoutes } from '../auth/account.routes.js';
import { registerAdminRoutes } from '../auth/admin.routes.js';
import { registerAuthRoutes } from '../auth/auth.routes.js';
import { registerOidcRoutes } from '../auth/oidc.routes.js';
import type { OidcService } from '../auth/oidc.service.js';
import { type AuthService, atLeast, type SessionInfo } from '../auth/auth.service.js';
import { PENDING_PATH } from '../auth/steps.js';
import { registerAccountRoutes } from '../auth/tokens.routes.js';
import type { HealthService } from '../db/health.js';
import { type Actor, DomainError, type ErrorMap, type FieldError } from '../errors.js';
import { databaseUnavailable, UNAVAILABLE_MESSAGE } from '../db/unavailable.js';
import { controlCharacterErrors } from '../validation.js';
import { cookieOpts, PRE_SESSION_COOKIE, SESSION_COOKIE } from './cookies.js';
import { registerFilters, type ViewFilters } from './filters.js';
import { registerHealthRoutes } from './health.routes.js';
import { safeLogMethod, safeSerializers } from './log.js';
import { tuneNunjucks } from './nunjucks-tuning.js';
import { templateBuild, usePrecompiledTemplates } from './precompiled-templates.js';
import { createPageCache, ifNoneMatch, type PageCacheMode, type PageKey } from './page-cache.js';
import { FLASH_COOKIE, OFFICE_SLUG } from './forms.js';
import { londonDate } from '../db/time.js';
import { projectRoot } from '../paths.js';

const root = projectRoot;
const here = join(root, 'src/platform/web');
const govukDist = join(root, 'node_modules/govuk-frontend/dist');

export { PRE_SESSION_COOKIE, SESSION_COOKIE } from './cookies.js';

/** Who may call a route. Every route must say; buildApp refuses one that does not. */
export type Access = 'public' | Role;

export type RouteInfo = { method: string; url: string; access: Access; api: boolean };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
    /** The one map from a domain error's code to an HTTP status. */
    errorMap: ErrorMap;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** API routes authenticate with bearer tokens and answer JSON; no cookies, no CSRF. */
    api?: boolean;
    /** No session lookup and no cookie: health checks, which load balancers call every few seconds. */
    bare?: boolean;
    /** Reachable by a sign-in that has a step left (a new password, a code, setting up a second factor). */
    pendingStep?: boolean;
    /**
     * The page is kept while its office's records have not changed (page-cache.ts): 'session' for the
     * signed-in office's pages, 'public' for an office's public pages (/o/:officeSlug/...).
     */
    pageCache?: PageCacheMode;
  }
  interface FastifyRequest {
    session: SessionInfo | null;
    actor: Actor | null;
    csrfToken: string;
    /** The kept page's key and tag, when the route keeps its page and this answer may be kept. */
    keptPage: { key: PageKey; tag: string } | null;
    /** A public kept page's office, as the kept-page lookup read it (forms.ts publicOffice: not read again). */
    publicOffice: { id: string; slug: string; name: string; changeCounter: number } | null;
  }
  interface FastifyReply {
    page(template: string, model?: Record<string, unknown>): FastifyReply;
  }
}

/** What the web layer itself needs; the areas' services reach their routes from the composition root (src/app.ts). */
export type WebDeps = {
  config: Config;
  auth: AuthService;
  account: AccountService;
  health: HealthService;
  /** Every area's error codes, mapped once to statuses. */
  errorMap: ErrorMap;
  /** Template filters the areas add (a project's stage label, a forecast). */
  viewFilters?: ViewFilters;
  /** Where the log goes (tests read it); unset: standard output. */
  logStream?: { write(line: string): void };
  /** Single sign-on (OpenID Connect) per office: its pages, the sign-in page's buttons, sign-out at the provider. */
  oidc?: OidcService;
  /** Today in London, as the areas count it (the kept pages are made anew each day); unset: the system clock. */
  today?: () => string;
};

const requireLater = createRequire(import.meta.url);
type Selector = (...args: unknown[]) => unknown;
/** Fastify's default schema compilers, required at their first use rather than when Fastify starts. */
function lazySchemaCompilers() {
  let validator: Selector | undefined;
  let serializer: Selector | undefined;
  return {
    buildValidator: (...args: unknown[]) => {
      validator ??= (requireLater('@fastify/ajv-compiler') as () => Selector)();
      return validator(...args);
    },
    buildSerializer: (...args: unknown[]) => {
      serializer ??= (requireLater('@fastify/fast-json-stringify-compiler') as () => Selector)();
      return serializer(...args);
    },
  } as never;
}

/**
 * The web app as a Fastify instance that never listens (src/server.ts does that, tests inject):
 * security headers, sessions, CSRF, access rules, errors, templates, and the platform's own pages
 * (health, sign-in, admin, account); then `areas` registers each area's pages and API.
 */
export async function buildWebApp(deps: WebDeps, areas: (app: FastifyInstance) => Promise<void>): Promise<FastifyInstance> {
  const { config, auth } = deps;
  const app = Fastify({
    // Allow-listed fields only (log.ts): no query parameters, bodies, tokens, cookies or hashes.
    logger:
      config.logLevel === 'silent' && !deps.logStream
        ? false
        : {
            level: config.logLevel === 'silent' ? 'info' : config.logLevel,
            serializers: safeSerializers,
            hooks: { logMethod: safeLogMethod },
            ...(deps.logStream && { stream: deps.logStream }),
          },
    // Who the client is (req.ip, for the sign-in limits): the socket's peer, unless the operator
    // named the proxies in front of the app (PCP_TRUST_PROXY), whose X-Forwarded-For is then read.
    trustProxy: config.trustProxy,
    bodyLimit: 1_000_000,
    routerOptions: { ignoreTrailingSlash: true },
    // Fastify's own 503 while closing has its own body; ours (below) has the API's error shape.
    return503OnClosing: false,
    // No route has a Fastify schema (zod checks every input), so Fastify's JSON schema compilers (ajv,
    // fast-json-stringify) are loaded only if one ever does: not at start (issue 19: a fast start).
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  // The CSRF tokens' key: the operator's PCP_SECRET, else one kept in the database, so that every
  // instance on one database accepts the forms any of them served.
  const secret = config.secret ?? (await auth.csrfSecret());
  const mac = (v: string) => createHmac('sha256', secret).update(v).digest('base64url');

  // Every route declares who may call it; the table is kept for the route x role tests.
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.decorate('errorMap', deps.errorMap);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets') || route.method === 'HEAD') return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} has no access rule`);
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, access, api: !!route.config?.api });
  });

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(fastifyStatic, {
    // accessible-autocomplete (alphagov): makes a long select searchable where JavaScript runs.
    root: [join(govukDist, 'govuk/assets'), join(govukDist, 'govuk'), join(here, 'public'), join(root, 'node_modules/accessible-autocomplete/dist')],
    prefix: '/assets/',
    allowedPath: (p) =>
      /^\/(fonts|images|rebrand)\/|^\/(manifest\.json|govuk-frontend\.min\.(css|js)|app\.css|app\.js|accessible-autocomplete\.min\.(css|js))$/.test(p),
    maxAge: '1h',
    index: false,
    wildcard: true,
  });

  const viewPaths = [join(here, 'views'), join(root, 'src'), govukDist];
  await app.register(view, {
    engine: { nunjucks },
    templates: viewPaths,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      onConfigure: (env: nunjucks.Environment) => {
        // The templates' code compiled by `npm run build`, while their text is unchanged.
        usePrecompiledTemplates(env, { root, outDir: templateBuild(root).outDir });
        tuneNunjucks(env);
        registerFilters(env, deps.viewFilters);
      },
    },
  });

  // Server time of every response, for the page benchmark and for operators (Server-Timing).
  app.addHook('onRequest', async (req) => {
    (req as unknown as { t0: bigint }).t0 = process.hrtime.bigint();
  });
  app.addHook('onSend', async (req, reply) => {
    const t0 = (req as unknown as { t0?: bigint }).t0;
    if (t0) reply.header('server-timing', `app;dur=${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2)}`);
  });

  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('keptPage', null);
  app.decorateRequest('publicOffice', null);

  // Shutting down: requests still arriving on open keep-alive sockets are refused (nothing written)
  // and every answer closes its socket, so server.close() finishes once in-flight requests have.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!closing) return;
    reply.code(503).header('connection', 'close').header('retry-after', '5');
    const message = 'The service is restarting. Nothing was saved. Try again in a minute.';
    if (req.url.startsWith('/api/')) return reply.send({ error: { code: 'server.shutting_down', message } });
    return reply.page('error.njk', { title: 'Sorry, the service is unavailable', message });
  });
  app.addHook('onSend', async (req, reply) => {
    if (closing) reply.header('connection', 'close');
    // API answers carry tokens' secrets and office data: never kept by a browser or a proxy.
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  // Who is asking: a bearer token on the API, a session cookie everywhere else.
  app.addHook('onRequest', async (req, reply) => {
    const cfg = req.routeOptions.config;
    if (cfg?.bare) return;
    // Static files (govuk-frontend's CSS, fonts, our app.css/js) are the same for everyone: no session
    // lookup, no cookie. With a session cookie sent, the lookup halved the static rate under load.
    if (req.url.startsWith('/assets/')) return;
    if (cfg?.api) {
      const h = req.headers.authorization;
      if (h?.startsWith('Bearer ')) req.actor = await auth.resolveToken(h.slice(7).trim());
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.session = await auth.resolveSession(token);
      if (!req.session) reply.clearCookie(SESSION_COOKIE, cookieOpts);
      // Half signed in (a step is left): nobody yet, as far as access rules go.
      else if (!req.session.pending) req.actor = auth.actorOf(req.session);
    }
    if (req.session) {
      req.csrfToken = mac(`s:${req.session.csrfSecret}`);
    } else {
      let pre = req.cookies[PRE_SESSION_COOKIE];
      if (!pre || !/^[A-Za-z0-9_-]{32,64}$/.test(pre)) {
        pre = randomBytes(24).toString('base64url');
        reply.setCookie(PRE_SESSION_COOKIE, pre, cookieOpts);
      }
      req.csrfToken = mac(`p:${pre}`);
    }
  });

  /**
   * A refusal of a signed-in person or token (a role they lack, a form without our token) goes to the
   * office's security log (ASVS V16.3.2, V16.3.3): who, from where, and which route (its pattern,
   * never the address with its ids and query). Anonymous refusals are not written: the sign-in
   * limits log those, and a stranger must not be able to fill an office's log.
   */
  const logRefusal = async (req: FastifyRequest, kind: 'access_refused' | 'form_refused', why: string) => {
    const a = req.actor ?? (req.session ? { officeId: req.session.office.id, userId: req.session.user.id, name: req.session.user.name } : null);
    if (!a) return;
    try {
      await deps.account.event({
        officeId: a.officeId,
        userId: a.userId,
        kind,
        client: { address: req.ip, userAgent: String(req.headers['user-agent'] ?? '') },
        detail: `${req.method} ${req.routeOptions.url ?? ''}: ${why}`.slice(0, 300),
      });
    } catch (err) {
      req.log.error({ err }, 'the security log could not take a refusal');
    }
  };

  // Access rules, then CSRF, once the body is parsed.
  app.addHook('preHandler', async (req, reply) => {
    const cfg = req.routeOptions.config;
    const access = cfg?.access;
    if (!access) return;
    const pending = req.session?.pending;
    if (pending && !cfg.pendingStep && !cfg.api) {
      if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(PENDING_PATH[pending], 303);
      return reply.code(403).page('error.njk', { title: 'Finish signing in first', message: 'You have a step of signing in left to do.' });
    }
    if (access !== 'public') {
      if (!req.actor) {
        if (cfg.api)
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer')
            .send({ error: { code: 'auth.unauthenticated', message: 'Send a valid API token as Authorization: Bearer <token>.' } });
        if (req.method === 'GET') return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
        return reply.code(401).page('error.njk', { title: 'Sign in to continue', message: 'Your session has ended. Sign in and try again.' });
      }
      if (!atLeast(req.actor.role, access)) {
        await logRefusal(req, 'access_refused', `needs the ${access} role`);
        if (cfg.api) return reply.code(403).send({ error: { code: 'auth.forbidden', message: `This needs the ${access} role.` } });
        return reply
          .code(403)
          .page('error.njk', { title: 'You cannot do this', message: `This page needs the ${access} role. Ask an admin of your office if you need it.` });
      }
    }
    if (!cfg.api && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (req.headers['x-csrf-token'] as string | undefined) ?? '';
      const a = Buffer.from(sent);
      const b = Buffer.from(req.csrfToken);
      if (a.length !== b.length || !timingSafeEqual(a, b)) {
        await logRefusal(req, 'form_refused', sent ? 'the form token is not this session’s' : 'no form token');
        return reply.code(403).page('error.njk', {
          title: 'This form has expired',
          message: 'For your security the form could not be sent. Go back, reload the page and try again.',
        });
      }
    }
  });

  // Control characters in any query or path part, on every route, are the sender's mistake: refused
  // here, once, before a handler can pass them to PostgreSQL (which answers a NUL with a 500); so are
  // they in a body's field names. A body's values go to the services' parseInput, which refuses them
  // in a one-line field (a title) and removes them from long text, lines and tabs apart (validation.ts).
  app.addHook('preHandler', async (req, reply) => {
    const fields = [...controlCharacterErrors(req.query, { oneLine: true }), ...controlCharacterErrors(req.params, { oneLine: true })];
    if (req.body && typeof req.body === 'object') {
      fields.push(...controlCharacterErrors(Object.fromEntries(Object.keys(req.body).map((k) => [k, '']))));
    }
    if (!fields.length) return;
    const message = fields.map((f) => f.message).join(' ');
    if (req.routeOptions.config?.api) return reply.code(400).send({ error: { code: 'request.invalid', message, fields } });
    return reply.code(400).page('error.njk', { title: 'There is a problem', message, status: 400 });
  });

  // Kept pages (issue 19, page-cache.ts): after the access rules, so a kept page is only ever
  // answered to whoever may read it; the counter came with the session (or is read by the office's
  // address), so a change through any instance makes a new key at once.
  const kept = createPageCache();
  const today = deps.today ?? (() => londonDate(new Date()));
  const nonceOf = (reply: FastifyReply) => (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script ?? '';
  app.addHook('preHandler', async (req, reply) => {
    const mode = req.routeOptions.config?.pageCache;
    if (!mode || (req.method !== 'GET' && req.method !== 'HEAD') || req.cookies[FLASH_COOKIE]) return;
    const signedIn = req.session && !req.session.pending ? req.session : null;
    let office: { id: string; changeCounter: number } | undefined;
    if (mode === 'session') {
      if (signedIn) office = { id: signedIn.office.id, changeCounter: signedIn.changeCounter };
    } else {
      const slug = (req.params as { officeSlug?: unknown }).officeSlug;
      if (typeof slug === 'string' && OFFICE_SLUG.test(slug)) {
        // Kept on the request: on a miss the handler shows this office, not read again (forms.ts publicOffice).
        req.publicOffice = (await auth.officeCounterBySlug(slug)) ?? null;
        office = req.publicOffice ?? undefined;
      }
    }
    if (!office) return;
    const key = kept.key({
      officeId: office.id,
      counter: office.changeCounter,
      // The reader's name and role are on the page (the header, the buttons they may use).
      reader: signedIn ? `${signedIn.user.id}/${signedIn.user.role}` : '-',
      day: today(),
      url: req.url,
    });
    const tag = kept.tag(key, req.csrfToken);
    if (ifNoneMatch(req.headers['if-none-match'], tag)) {
      // The browser shows the page it kept, with that page's nonce: a new policy would block its scripts.
      reply.removeHeader('content-security-policy');
      return reply.code(304).header('etag', tag).header('cache-control', 'private, no-cache').send();
    }
    const html = kept.get(key, nonceOf(reply), req.csrfToken);
    if (html !== undefined)
      return reply.header('content-type', 'text/html; charset=utf-8').header('etag', tag).header('cache-control', 'private, no-cache').send(html);
    req.keptPage = { key, tag };
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const page = req.keptPage;
    if (!page || reply.statusCode !== 200 || typeof payload !== 'string') return;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return;
    kept.set(page.key, payload, nonceOf(reply), req.csrfToken);
    reply.header('etag', page.tag).header('cache-control', 'private, no-cache');
  });

  app.decorateReply('page', function (this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
    const req = this.request;
    const nonce = (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script ?? '';
    this.header('cache-control', 'no-store');
    return this.view(template, {
      ...model,
      cspNonce: nonce,
      csrfToken: req.csrfToken,
      // Half signed in is not signed in: no name, no navigation.
      user: req.session && !req.session.pending ? req.session.user : null,
      office: req.session?.office ?? model.office ?? null,
      currentPath: req.url.split('?')[0],
    });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown; code?: string }, req, reply) => {
    const api = req.routeOptions.config?.api || req.url.startsWith('/api/');
    let status: number;
    let body: { code: string; message: string; fields?: FieldError[]; details?: unknown };
    const unavailable = databaseUnavailable(err);
    if (unavailable) {
      // The cause, not the error object: Drizzle's error carries the query's parameters.
      req.log.error({ db: unavailable, route: req.routeOptions.url, method: req.method }, `database unavailable: ${unavailable.reason}`);
      status = 503;
      body = { code: 'server.unavailable', message: UNAVAILABLE_MESSAGE };
      reply.header('retry-after', '5');
    } else if (err instanceof DomainError) {
      status = deps.errorMap.status(err.code);
      if (status === 403) void logRefusal(req, 'access_refused', err.code);
      // A code no area declared is a bug of ours, not the sender's: logged, and its message kept from the page.
      if (!deps.errorMap.has(err.code)) req.log.error({ err, code: err.code }, `undeclared error code ${err.code}`);
      body = deps.errorMap.has(err.code)
        ? { code: err.code, message: err.message, fields: err.fields, details: err.details }
        : { code: 'server.error', message: 'Something went wrong on our side. The change was not saved.' };
    } else if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (err as { type?: string }).type === 'entity.parse.failed' ||
      (err.statusCode === 400 && /JSON/i.test(err.message))
    ) {
      status = 400;
      body = { code: 'request.malformed_json', message: 'The request body is not valid JSON.' };
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      body = { code: status === 429 ? 'request.rate_limited' : 'request.invalid', message: err.message };
    } else {
      req.log.error(err);
      status = 500;
      body = { code: 'server.error', message: 'Something went wrong on our side. The change was not saved.' };
    }
    reply.code(status);
    if (api) return reply.send({ error: body });
    return reply.page('error.njk', {
      title:
        status === 404
          ? 'Page not found'
          : status === 503
            ? 'Sorry, the service is unavailable'
            : status === 429
              ? 'Too many attempts'
              : status === 409
                ? 'Someone else changed this'
                : 'There is a problem',
      message: body.message,
      status,
    });
  });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send({ error: { code: 'route.not_found', message: 'No such API route.' } });
    return reply.code(404).page('error.njk', { title: 'Page not found', message: 'If you typed the web address, check it is correct.' });
  });

  await registerHealthRoutes(app, { health: deps.health });
  await registerAuthRoutes(app, { auth, sso: deps.oidc });
  if (deps.oidc) await registerOidcRoutes(app, { auth, oidc: deps.oidc });
  await registerAdminRoutes(app, { auth });
  await registerAccountRoutes(app, { auth });
  await registerSecurityRoutes(app, { auth, account: deps.account });
  await areas(app);
  return app;
}
