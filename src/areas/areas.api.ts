// Issue 18 on the JSON API: the office's local areas.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiReq, apiAccess, idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';
import type { AreaRow } from './areas.repository.js';
import { areaInputSchema } from './areas.schemas.js';
import type { AreasService } from './areas.service.js';

const areaJson = (r: AreaRow) => ({ id: r.id, name: r.name, position: r.position, version: r.version });

export async function registerAreasApi(api: FastifyInstance, { services }: { services: { areas: AreasService } }) {
  const { viewer, admin } = apiAccess;
  const checkId = idOf('area');
  api.get('/areas', viewer, async (req: ApiReq) => (await services.areas.list(actor(req).officeId)).map(areaJson));
  api.post('/areas', admin, async (req: ApiReq, reply) => reply.code(201).send(areaJson(await services.areas.create({ by: actor(req), input: req.body }))));
  api.put('/areas/:id', { ...admin, preHandler: checkId }, async (req: ApiReq) =>
    areaJson(await services.areas.update({ by: actor(req), id: req.params.id, input: req.body })),
  );
}

const js = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};
const areaOut = z.object({ id: z.string(), name: z.string(), position: z.number().int(), version: z.number().int() });
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const body = () => ({ required: true, content: { 'application/json': { schema: { ...js(areaInputSchema), additionalProperties: false } } } });

export function areasOpenApiSuccess(): Record<string, [string, Record<string, unknown> | null]> {
  return {
    'get /areas': ['200', js(z.array(areaOut), 'output')],
    'post /areas': ['201', js(areaOut, 'output')],
    'put /areas/{id}': ['200', js(areaOut, 'output')],
  };
}

export function areasOpenApiPaths() {
  return {
    '/areas': {
      get: { summary: 'The office’s local areas in order: a project’s `areaIds` name them (none: the whole force area)' },
      post: { summary: 'Add a local area (admin)', requestBody: body() },
    },
    '/areas/{id}': { put: { summary: 'Rename or move a local area (admin)', parameters: idParam, requestBody: body() } },
  };
}
