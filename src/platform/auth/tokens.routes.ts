import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actor, type Body, bodyOf, checkId, dateFromParts, one, partsOf, runForm, setFlash, takeFlash } from '../web/forms.js';
import type { Actor } from '../errors.js';
import { atLeast, type AuthService } from './auth.service.js';
import type { Role } from './auth.table.js';
import { roleItems } from './roles.view.js';

const TEMPLATE = 'platform/auth/views/tokens.njk';
type IdReq = FastifyRequest<{ Params: { id: string } }>;
/** "2027-03-01" -> "1 3 2027", the Design System's way of giving a date as an example. */
const example = (iso: string) => iso.split('-').reverse().map(Number).join(' ');

/**
 * The API tokens page: at /account/tokens everyone (viewer and up) manages their own; at
 * /admin/tokens an admin sees and revokes every token of the office. Both make tokens for the
 * person signed in. The secret is shown on the creating response only.
 */
export async function registerTokenPages(app: FastifyInstance, { auth }: { auth: AuthService }, { base, officeWide }: { base: string; officeWide: boolean }) {
  const access = { config: { access: officeWide ? ('admin' as const) : ('viewer' as const) } };
  const model = async (a: Actor, values: Body) => {
    const { defaultOn, latestOn } = auth.tokenExpiryChoices();
    return {
      title: officeWide ? 'API tokens' : 'Your API tokens',
      officeWide,
      actionBase: base,
      tokens: await auth.listTokens(a.officeId, officeWide ? undefined : (a.userId ?? undefined)),
      values: { ...partsOf('expiresOn', defaultOn), ...values },
      latestExpiry: latestOn,
      defaultExpiryHint: example(defaultOn),
      // Only roles up to the person's own: a token never has more rights than its owner.
      roleItems: roleItems(one(values.role) || 'viewer').filter((r) => atLeast(a.role, r.value as Role)),
    };
  };

  app.get(base, access, async (req, reply) => reply.page(TEMPLATE, { ...(await model(actor(req), {})), flash: takeFlash(req, reply) }));

  app.post(base, access, async (req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    // The date is read inside the form's action, so a wrong one is shown in the error summary.
    const input = () => ({ name: one(b.name), role: one(b.role), expiresOn: dateFromParts(b, 'expiresOn', 'Expiry date') });
    const r = await runForm(reply, () => auth.createToken({ by: a, input: input() }), {
      template: TEMPLATE,
      model: await model(a, b),
      dateFields: ['expiresOn'],
    });
    if (!r.ok) return reply;
    // Shown on this response only (no redirect): it is stored hashed and cannot be shown again.
    return reply.code(201).page(TEMPLATE, { ...(await model(a, {})), created: r.value });
  });

  app.post(`${base}/:id/revoke`, access, async (req: IdReq, reply) => {
    const t = await auth.revokeToken({ by: actor(req), id: checkId(req.params.id, 'api_token') });
    const also = t.alsoRevoked.length ? ` Tokens made with it were revoked too: ${t.alsoRevoked.map((n) => `“${n}”`).join(', ')}.` : '';
    setFlash(reply, `Token “${t.name}” revoked: it no longer works.${also}`);
    return reply.redirect(base, 303);
  });
}

/** Everyone's own tokens page. */
export async function registerAccountRoutes(app: FastifyInstance, deps: { auth: AuthService }) {
  await registerTokenPages(app, deps, { base: '/account/tokens', officeWide: false });
}
