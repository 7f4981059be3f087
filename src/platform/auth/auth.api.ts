// Who the caller is, API tokens and users on the JSON API: /api/v1/me, /tokens, /me/tokens, /users.
import type { FastifyInstance } from 'fastify';
import { type ApiReq as Req, apiAccess, idOf } from '../web/api.js';
import { actor } from '../web/forms.js';
import type { AuthService } from './auth.service.js';

/** Registered under the /api/v1 prefix. */
export async function registerAuthApi(api: FastifyInstance, { services }: { services: { auth: AuthService } }) {
  const { viewer, admin } = apiAccess;
  const checkId = idOf();
  api.get('/me', viewer, async (req) => actor(req));

  // Tokens: each person their own (a token may make tokens; they die with it); admins see and revoke the office's.
  const tokenJson = (t: Awaited<ReturnType<typeof services.auth.listTokens>>[number]) => ({
    id: t.id,
    name: t.name,
    role: t.role,
    status: t.status,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    parentId: t.parentId,
    owner: { id: t.userId, name: t.userName },
  });
  api.get('/tokens', admin, async (req) => (await services.auth.listTokens(actor(req).officeId)).map(tokenJson));
  api.get('/me/tokens', viewer, async (req) => (await services.auth.listTokens(actor(req).officeId, actor(req).userId ?? undefined)).map(tokenJson));
  api.post('/tokens', viewer, async (req: Req, reply) => reply.code(201).send(await services.auth.createToken({ by: actor(req), input: req.body })));
  api.delete('/tokens/:id', { ...viewer, preHandler: checkId }, async (req: Req, reply) => {
    await services.auth.revokeToken({ by: actor(req), id: req.params.id });
    return reply.code(204).send();
  });
  api.get('/users', admin, async (req) =>
    (await services.auth.listUsers(actor(req).officeId)).map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled })),
  );
  api.post('/users', admin, async (req: Req, reply) =>
    reply.code(201).send(await services.auth.createUser({ officeId: actor(req).officeId, input: req.body, by: actor(req) })),
  );
  api.patch('/users/:id', { ...admin, preHandler: checkId }, async (req: Req) => {
    const b = req.body ?? {};
    const u = await services.auth.updateUser({
      by: actor(req),
      userId: req.params.id,
      role: b.role,
      disabled: typeof b.disabled === 'boolean' ? b.disabled : undefined,
      reason: typeof b.reason === 'string' ? b.reason : undefined,
    });
    return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled };
  });
}
