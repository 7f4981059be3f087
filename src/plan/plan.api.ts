// The plan on the JSON API: /api/v1/plan, /plans, /priorities, /strands.
import type { FastifyInstance } from 'fastify';
import { type ApiReq as Req, apiAccess, idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';
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
}
