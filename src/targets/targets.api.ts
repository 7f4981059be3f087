import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { targetChart } from './chart.js';
import { ragLabel } from './rag.js';
import { buildTargetsReport } from './targets.report.js';
import {
  actionFieldsSchema,
  actionUpdateFieldsSchema,
  deliveryUpdateSchema,
  observationInputSchema,
  overrideInputSchema,
  reportQuerySchema,
  settingsInputSchema,
  targetFieldsSchema,
} from './targets.schemas.js';
import type { PlanService } from '../plan/plan.service.js';
import { shapeOf, type TargetView, type TargetsService } from './targets.service.js';
import { trajectoryPoints } from './rag.js';
import { idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | undefined>; Body: Record<string, unknown> }>;

/** The API's target: the row, its trajectory's points, its observations newest first, and the RAG with how it was reached. */
export function targetJson(t: TargetView) {
  const { observations, latest, rag, ...row } = t;
  return { ...row, trajectory: trajectoryPoints(shapeOf(t)), rag: { ...rag, label: ragLabel(rag) }, latest, observations };
}

/** /api/v1/targets... and /api/v1/actions...; registered under the /api/v1 prefix. */
export async function registerTargetsApiRoutes(api: FastifyInstance, { services }: { services: { plan: PlanService; targets: TargetsService } }) {
  const viewer = { config: { access: 'viewer' as const, api: true } };
  const editor = { config: { access: 'editor' as const, api: true } };
  const admin = { config: { access: 'admin' as const, api: true } };
  const checkId = idOf();

  api.get('/targets', viewer, async (req: Req) =>
    (await services.targets.listTargets(actor(req).officeId, { asAt: req.query.asAt || undefined })).map(targetJson),
  );
  api.post('/targets', editor, async (req: Req, reply) =>
    reply
      .code(201)
      .send(targetJson(await services.targets.getTarget(actor(req).officeId, (await services.targets.createTarget({ by: actor(req), input: req.body })).id))),
  );
  api.get('/targets/settings', viewer, async (req) => services.targets.settings(actor(req).officeId));
  api.put('/targets/settings', admin, async (req: Req) => services.targets.updateSettings({ by: actor(req), input: req.body }));
  api.get('/targets/report', viewer, async (req: Req) => (await buildTargetsReport({ services, officeId: actor(req).officeId, input: req.query })).doc);
  api.get('/targets/:id', { ...viewer, preHandler: checkId }, async (req: Req) =>
    targetJson(await services.targets.getTarget(actor(req).officeId, req.params.id)),
  );
  api.put('/targets/:id', { ...editor, preHandler: checkId }, async (req: Req) => {
    const t = await services.targets.updateTarget({ by: actor(req), id: req.params.id, input: req.body });
    return targetJson(await services.targets.getTarget(actor(req).officeId, t.id));
  });
  api.post('/targets/:id/observations', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    await services.targets.addObservation({ by: actor(req), targetId: req.params.id, input: req.body });
    return reply.code(201).send(targetJson(await services.targets.getTarget(actor(req).officeId, req.params.id)));
  });
  api.post('/targets/:id/override', { ...editor, preHandler: checkId }, async (req: Req) => {
    await services.targets.overrideRag({ by: actor(req), targetId: req.params.id, input: req.body });
    return targetJson(await services.targets.getTarget(actor(req).officeId, req.params.id));
  });
  api.get('/targets/:id/history', { ...viewer, preHandler: checkId }, async (req: Req) => services.targets.targetHistory(actor(req).officeId, req.params.id));
  api.get('/targets/:id/chart.svg', { ...viewer, preHandler: checkId }, async (req: Req, reply) => {
    const chart = await targetChart(await services.targets.getTarget(actor(req).officeId, req.params.id));
    return reply.type('image/svg+xml').send(chart.svg);
  });

  api.get('/actions', viewer, async (req) => services.targets.listActions(actor(req).officeId));
  api.post('/actions', editor, async (req: Req, reply) => reply.code(201).send(await services.targets.createAction({ by: actor(req), input: req.body })));
  api.get('/actions/:id', { ...viewer, preHandler: checkId }, async (req: Req) => services.targets.getAction(actor(req).officeId, req.params.id));
  api.put('/actions/:id', { ...editor, preHandler: checkId }, async (req: Req) =>
    services.targets.updateAction({ by: actor(req), id: req.params.id, input: req.body }),
  );
  api.post('/actions/:id/updates', { ...editor, preHandler: checkId }, async (req: Req, reply) =>
    reply.code(201).send(await services.targets.addDeliveryUpdate({ by: actor(req), actionId: req.params.id, input: req.body })),
  );
  api.get('/actions/:id/history', { ...viewer, preHandler: checkId }, async (req: Req) => services.targets.actionHistory(actor(req).officeId, req.params.id));
}

const js = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: js(s) } } });
const err = {
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'array' } } } },
      },
    },
  },
};
const errors = {
  '400': { description: 'Invalid input: each field’s problem', ...err },
  '401': { description: 'No valid API token' },
  '403': { description: 'The token’s role is not enough' },
  '404': { description: 'No such resource in your office' },
  '409': { description: 'Stale version: someone changed it since you read it' },
};
const ok = (description: string) => ({ '200': { description }, ...errors });
const created = { '201': { description: 'Created' }, ...errors };
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const q = (names: string[]) => names.map((name) => ({ name, in: 'query', required: name === 'date', schema: { type: 'string' } }));

/** The OpenAPI paths of this area, merged into /api/v1/openapi.json. Bodies come from the services' own zod schemas. */
export function targetsOpenApiPaths() {
  return {
    '/targets': {
      get: {
        summary: 'Targets with their trajectory, observations and RAG status (`asAt` = a date: figures up to then)',
        parameters: q(['asAt']),
        responses: ok('Targets'),
      },
      post: { summary: 'Add a target under a priority (editor)', requestBody: body(targetFieldsSchema), responses: created },
    },
    '/targets/settings': {
      get: { summary: 'The office’s RAG tolerance (percentage of the trajectory value; default 10)', responses: ok('Settings') },
      put: { summary: 'Change the RAG tolerance (admin)', requestBody: body(settingsInputSchema), responses: ok('Settings') },
    },
    '/targets/report': {
      get: {
        summary: '“Update on targets and objectives” as at a date, as a document (Doc) of blocks',
        parameters: q(Object.keys(reportQuerySchema.shape)),
        responses: ok('The report'),
      },
    },
    '/targets/{id}': {
      get: { summary: 'A target', parameters: idParam, responses: ok('The target') },
      put: {
        summary: 'Change a target (editor): send every field and the `version` you read; `reason` is kept in the history',
        parameters: idParam,
        requestBody: body(targetFieldsSchema.extend({ version: z.number().int() })),
        responses: ok('The target'),
      },
    },
    '/targets/{id}/observations': {
      post: { summary: 'Add an observation (editor)', parameters: idParam, requestBody: body(observationInputSchema), responses: created },
    },
    '/targets/{id}/override': {
      post: {
        summary: 'Override the RAG status of the latest observation, with a reason (status `rule` removes the override) (editor)',
        parameters: idParam,
        requestBody: body(overrideInputSchema),
        responses: ok('The target'),
      },
    },
    '/targets/{id}/history': {
      get: { summary: 'Every change to the target, newest first: who, when, old and new values, why', parameters: idParam, responses: ok('History') },
    },
    '/targets/{id}/chart.svg': {
      get: {
        summary: 'The trajectory-and-observations chart as SVG',
        parameters: idParam,
        responses: { '200': { description: 'SVG', content: { 'image/svg+xml': {} } }, ...errors },
      },
    },
    '/actions': {
      get: { summary: 'OPCC actions (objectives) with their delivery updates, newest first', responses: ok('Actions') },
      post: { summary: 'Add an action under a priority (editor)', requestBody: body(actionFieldsSchema), responses: created },
    },
    '/actions/{id}': {
      get: { summary: 'An action with its delivery updates', parameters: idParam, responses: ok('The action') },
      put: {
        summary: 'Change an action (editor): send every field and the `version` you read',
        parameters: idParam,
        requestBody: body(actionUpdateFieldsSchema),
        responses: ok('The action'),
      },
    },
    '/actions/{id}/updates': {
      post: { summary: 'Add a dated delivery update (editor)', parameters: idParam, requestBody: body(deliveryUpdateSchema), responses: created },
    },
    '/actions/{id}/history': { get: { summary: 'Every change to the action, newest first', parameters: idParam, responses: ok('History') } },
  };
}
