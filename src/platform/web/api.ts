// What every area's JSON API shares: the access configs and the malformed-id guard.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUuid } from '../validation.js';

/** Route configs of the API: bearer tokens, JSON answers, no cookies or CSRF. */
export const apiAccess = {
  public: { config: { access: 'public' as const, api: true } },
  viewer: { config: { access: 'viewer' as const, api: true } },
  editor: { config: { access: 'editor' as const, api: true } },
  admin: { config: { access: 'admin' as const, api: true } },
};

/** A request to an API route: path, query and JSON body as sent (each service parses what it takes). */
export type ApiReq = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string>; Body: Record<string, unknown> }>;
type AnyIdReq = FastifyRequest<{ Params: { id: string } }>;

/** A preHandler: an :id that is not a uuid cannot exist, so it is a 404 `<what>.not_found` (and never reaches PostgreSQL). */
export const idOf =
  (what = 'resource', message = 'No such resource.') =>
  async (req: AnyIdReq, reply: FastifyReply) => {
    const id = req.params.id;
    if (id && !isUuid(id)) return reply.code(404).send({ error: { code: `${what}.not_found`, message } });
  };
