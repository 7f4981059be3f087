// Issue 18 on the JSON API: a project's status for the quarter under way, and entering it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiReq, apiAccess, idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';
import type { StatusService } from './status.service.js';
import { DELIVERY_STATUSES, statusInputSchema } from './status.schemas.js';

export async function registerStatusApi(api: FastifyInstance, { services }: { services: { statuses: StatusService } }) {
  const { viewer, editor } = apiAccess;
  const checkId = idOf();
  api.get('/projects/:id/status', { ...viewer, preHandler: checkId }, async (req: ApiReq) => {
    const a = actor(req);
    return services.statuses.ofProject(a.officeId, req.params.id);
  });
  api.put('/projects/:id/status', { ...editor, preHandler: checkId }, async (req: ApiReq) => {
    const a = actor(req);
    return services.statuses.record({ by: a, projectId: req.params.id, input: req.body });
  });
}

const js = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const instant = z.string().describe('An instant, ISO 8601 UTC');
const statusOut = z.object({
  status: z.enum(DELIVERY_STATUSES),
  label: z.string(),
  note: z.string(),
  version: z.number().int(),
  recordedAt: instant,
  actorName: z.string(),
  reason: z.string().nullable(),
});

export function statusOpenApiSuccess(): Record<string, [string, Record<string, unknown> | null]> {
  return {
    'get /projects/{id}/status': [
      '200',
      js(
        z.object({
          period: z.object({ id: z.string(), name: z.string(), end: z.string() }),
          current: statusOut.nullable(),
          version: z.number().int(),
          history: z.array(statusOut.extend({ periodId: z.string(), periodName: z.string() })),
        }),
        'output',
      ),
    ],
    'put /projects/{id}/status': ['200', js(statusOut.extend({ periodId: z.string(), projectId: z.string() }), 'output')],
  };
}

export function statusOpenApiPaths() {
  return {
    '/projects/{id}/status': {
      get: {
        summary:
          'The project’s status for the quarter under way (`current`, null when none is recorded: "Not reported"), its `version`, and every status entry of every quarter, newest first, with who, when and why',
        parameters: idParam,
      },
      put: {
        summary:
          'Record the status of a current project for the quarter under way (editor): `on_track`, `at_risk` or `off_track`, a short progress `note` and why; send the `version` you read (0 when none): a stale one is a 409. A project that is not current is a 422',
        parameters: idParam,
        requestBody: { required: true, content: { 'application/json': { schema: { ...js(statusInputSchema), additionalProperties: false } } } },
      },
    },
  };
}
