import type { FastifyInstance } from 'fastify';
import type { HealthService } from '../db/health.js';

/**
 * For load balancers and orchestrators: /healthz says the process answers, /readyz that it can
 * serve (database reachable, migrations applied). Public, no session lookup, never cached.
 */
export async function registerHealthRoutes(app: FastifyInstance, { health }: { health: HealthService }) {
  const bare = { config: { access: 'public' as const, bare: true } };
  app.get('/healthz', bare, async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'alive' }));
  app.get('/readyz', bare, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    const r = await health.readiness();
    if (r.ready) return reply.send({ status: 'ready', migrations: r.migrations });
    return reply.code(503).send({ error: { code: 'server.not_ready', message: `Not ready: ${r.reason}.` } });
  });
}
