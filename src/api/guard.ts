import type { FastifyInstance } from 'fastify';
import { buildOpenApi } from './openapi.js';

type Op = { requestBody?: { content?: { 'application/json'?: { schema?: { properties?: Record<string, unknown> } } } } };

/**
 * Every /api/v1 body is held to the fields its operation documents: a field the API would ignore
 * (unknown, misspelt, or read-only like `stage` on PATCH /projects/{id}, which only a move changes)
 * is a 400 naming it, rather than a 200 that changed nothing. The document is built from the same
 * zod schemas the services parse, so the two cannot disagree.
 */
export function registerApiBodyGuard(app: FastifyInstance) {
  // Built at the first API write, not at start (issue 19: a fast start).
  let paths: Record<string, Record<string, Op>> | undefined;
  app.addHook('preHandler', async (req, reply) => {
    if (!req.routeOptions.config?.api || !['POST', 'PUT', 'PATCH'].includes(req.method)) return;
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    const path = (req.routeOptions.url ?? '').replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}');
    paths ??= (buildOpenApi() as { paths: Record<string, Record<string, Op>> }).paths;
    const op = paths[path]?.[req.method.toLowerCase()];
    if (!op) return;
    const schema = op.requestBody?.content?.['application/json']?.schema;
    // A body schema that is not one object (a union) leaves the check to zod.
    if (op.requestBody && !schema?.properties) return;
    const known = new Set(Object.keys(schema?.properties ?? {}));
    const unknown = Object.keys(body).filter((k) => !known.has(k));
    if (!unknown.length) return;
    const fields = unknown.map((field) => ({
      field,
      message: `${field} is not a field you can set here${known.size ? ` (the fields are: ${[...known].join(', ')})` : ''}`,
    }));
    return reply.code(400).send({ error: { code: 'request.invalid', message: fields.map((f) => f.message).join(' '), fields } });
  });
}
