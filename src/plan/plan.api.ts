// The plan on the JSON API: /api/v1/plan, /plans, /priorities, /strands.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiReq as Req, apiAccess, idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';
import { isUuid } from '../platform/validation.js';
import {
  commitmentInputSchema,
  commitmentLinkSchema,
  milestoneDoneSchema,
  milestoneInputSchema,
  sectionInputSchema,
  statutorySchema,
  transitionSchema,
} from './plan.schemas.js';
import type { PlanService } from './plan.service.js';

/** Registered under the /api/v1 prefix. */
export async function registerPlanApi(api: FastifyInstance, { services }: { services: { plan: PlanService } }) {
  const { viewer, admin } = apiAccess;
  const checkId = idOf();

  api.get('/plan', viewer, async (req, reply) => {
    const p = await services.plan.currentPlan(actor(req).officeId);
    if (!p) return reply.code(404).send({ error: { code: 'plan.not_found', message: 'This office has no plan yet.' } });
    return p;
  });
  api.get('/plans', viewer, async (req) => services.plan.listPlans(actor(req).officeId));
  api.post('/plans', admin, async (req: Req, reply) => reply.code(201).send(await services.plan.createPlan({ by: actor(req), input: req.body })));
  api.put('/plans/:id', { ...admin, preHandler: checkId }, async (req: Req) =>
    services.plan.updatePlan({ by: actor(req), id: req.params.id, version: Number(req.body?.version), input: req.body }),
  );

  api.get('/priorities', viewer, async (req) => services.plan.prioritiesInForce(actor(req).officeId));
  api.post('/priorities', admin, async (req: Req, reply) => reply.code(201).send(await services.plan.createPriority({ by: actor(req), input: req.body })));
  api.put('/priorities/:id', { ...admin, preHandler: checkId }, async (req: Req) =>
    services.plan.updatePriority({ by: actor(req), id: req.params.id, input: req.body }),
  );

  api.get('/strands', viewer, async (req) => services.plan.listStrands(actor(req).officeId));
  api.post('/strands', admin, async (req: Req, reply) => reply.code(201).send(await services.plan.createStrand({ by: actor(req), input: req.body })));
  api.put('/strands/:id', { ...admin, preHandler: checkId }, async (req: Req) =>
    services.plan.updateStrand({ by: actor(req), id: req.params.id, input: req.body }),
  );

  // ---- the plan's development (issue 16) ----
  const { editor } = apiAccess;
  const commitmentId = idOf('commitment');
  const milestoneId = idOf('milestone');
  api.get('/plans/:id', { ...viewer, preHandler: checkId }, async (req: Req) => services.plan.planView(actor(req).officeId, req.params.id));
  api.get('/plans/:id/history', { ...viewer, preHandler: checkId }, async (req: Req) => services.plan.history(actor(req).officeId, req.params.id));
  api.post('/plans/:id/transitions', { ...admin, preHandler: checkId }, async (req: Req) =>
    services.plan.transition({ by: actor(req), id: req.params.id, input: req.body }),
  );
  api.post('/plans/:id/sections', { ...admin, preHandler: checkId }, async (req: Req, reply) =>
    reply.code(201).send(await services.plan.createSection({ by: actor(req), planId: req.params.id, input: req.body })),
  );
  api.post('/plans/:id/commitments', { ...admin, preHandler: checkId }, async (req: Req, reply) =>
    reply.code(201).send(await services.plan.createCommitment({ by: actor(req), planId: req.params.id, input: req.body })),
  );
  api.put('/plans/:id/statutory-contents', { ...admin, preHandler: checkId }, async (req: Req) => {
    await services.plan.setStatutory({ by: actor(req), planId: req.params.id, input: req.body });
    return (await services.plan.planView(actor(req).officeId, req.params.id)).contents;
  });
  api.post('/plans/:id/milestones', { ...admin, preHandler: checkId }, async (req: Req, reply) =>
    reply.code(201).send(await services.plan.addMilestone({ by: actor(req), planId: req.params.id, input: req.body })),
  );
  api.put('/milestones/:id/done', { ...admin, preHandler: milestoneId }, async (req: Req) =>
    services.plan.milestoneDone({ by: actor(req), id: req.params.id, input: req.body }),
  );
  api.post('/commitments/:id/links', { ...editor, preHandler: commitmentId }, async (req: Req, reply) =>
    reply.code(201).send(await services.plan.linkCommitment({ by: actor(req), commitmentId: req.params.id, input: req.body })),
  );
  api.delete('/commitments/:id/links/:linkId', { ...editor, preHandler: commitmentId }, async (req: Req, reply) => {
    const linkId = (req.params as Record<string, string>).linkId;
    if (!isUuid(linkId)) return reply.code(404).send({ error: { code: 'commitment.not_found', message: 'No such link.' } });
    return services.plan.unlinkCommitment({ by: actor(req), commitmentId: req.params.id, linkId });
  });
}

const idParam = (name = 'id') => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
const js = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: js(s) } } });

/** The OpenAPI paths of the plan's development, merged into /api/v1/openapi.json (success schemas in src/api/openapi.ts). */
/** GET /plans/{id}, joined to the plan's PUT in src/api/openapi.ts. */
export const planViewOperation = {
  summary: 'A plan with its sections, commitments and what delivers each, its statutory contents (missing listed) and its timetable',
  parameters: [idParam()],
};

export function planOpenApiPaths() {
  return {
    '/plans/{id}/history': {
      get: { summary: 'The plan’s history: entered, each dated change of status with who and why, each renaming', parameters: [idParam()] },
    },
    '/plans/{id}/transitions': {
      post: {
        summary:
          'Move the plan one step on (admin): draft → consultation → published → superseded; out of order is 422. Publishing supersedes the plan published before from this one’s start',
        parameters: [idParam()],
        requestBody: body(transitionSchema),
      },
    },
    '/plans/{id}/sections': {
      post: { summary: 'Add a section (chapter or priority) to the plan (admin)', parameters: [idParam()], requestBody: body(sectionInputSchema) },
    },
    '/plans/{id}/commitments': {
      post: { summary: 'Add a commitment to a section of the plan (admin)', parameters: [idParam()], requestBody: body(commitmentInputSchema) },
    },
    '/plans/{id}/statutory-contents': {
      put: {
        summary: 'Say which section covers one of the six statutory contents (admin; `sectionId` empty: none does); answers the checklist',
        parameters: [idParam()],
        requestBody: body(statutorySchema),
      },
    },
    '/plans/{id}/milestones': {
      post: { summary: 'Add a step to the plan’s development timetable (admin)', parameters: [idParam()], requestBody: body(milestoneInputSchema) },
    },
    '/milestones/{id}/done': {
      put: { summary: 'Record the day a timetable step was done (admin)', parameters: [idParam()], requestBody: body(milestoneDoneSchema) },
    },
    '/commitments/{id}/links': {
      post: {
        summary: 'Link a project, target or action of the office to a commitment (editor)',
        parameters: [idParam()],
        requestBody: body(commitmentLinkSchema),
      },
    },
    '/commitments/{id}/links/{linkId}': { delete: { summary: 'Remove a link from a commitment (editor)', parameters: [idParam(), idParam('linkId')] } },
  };
}
