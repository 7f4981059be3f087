import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, DomainError } from '../platform/errors.js';
import type { AppDeps } from '../platform/web/app.js';
import { forecastCode } from '../projects/forecast.js';
import type { ProjectRow } from '../projects/projects.repository.js';
import { allowedMoves, MOVES, STAGES } from '../projects/stages.js';
import { buildOpenApi } from './openapi.js';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string>; Body: Record<string, unknown> }>;
const actor = (req: FastifyRequest) => req.actor as Actor;
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The API's project shape: forecast as "2020-Q2" / "2020-04" / "TBD", the moves allowed from here,
 * its decision notices by id (decisionIds) and by reference (decisionRefs, as before notices were
 * linked), and references typed before then that matched no notice (unmatchedDecisionRefs).
 */
export function projectJson(p: ProjectRow, decisions: { id: string; reference: string }[] = []) {
  return {
    id: p.id,
    title: p.title,
    objective: p.objective,
    overview: p.overview,
    outcome: p.outcome,
    strandId: p.strandId,
    priorityIds: p.priorityIds,
    lead: p.lead,
    statutory: p.statutory,
    forecastEnd: forecastCode({ date: p.forecastEnd, precision: p.forecastPrecision }),
    umbrellaId: p.umbrellaId,
    mergedIntoId: p.mergedIntoId,
    stage: p.stage,
    heldFrom: p.heldFrom,
    decisionIds: decisions.map((d) => d.id),
    decisionRefs: decisions.map((d) => d.reference),
    unmatchedDecisionRefs: p.unmatchedDecisionRefs,
    allowedMoves: allowedMoves(p.stage),
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** A stale-version 409 shows the project as the API shows it everywhere else, not as its database row. */
async function inApiShape<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    const current = e instanceof DomainError && e.code === 'project.conflict' ? (e.details?.current as ProjectRow | undefined) : undefined;
    if (e instanceof DomainError && current) throw new DomainError(e.code, e.message, e.fields, { ...e.details, current: projectJson(current) });
    throw e;
  }
}

export async function registerApiRoutes(api: FastifyInstance, { services }: AppDeps) {
  const viewer = { config: { access: 'viewer' as const, api: true } };
  const editor = { config: { access: 'editor' as const, api: true } };
  const admin = { config: { access: 'admin' as const, api: true } };
  // An id that is not a uuid cannot exist: answer 404 like any other unknown id.
  const checkId = async (req: Req, reply: FastifyReply) => {
    if (req.params.id && !uuidRe.test(req.params.id)) return reply.code(404).send({ error: { code: 'resource.not_found', message: 'No such resource.' } });
  };

  api.get('/openapi.json', { config: { access: 'public', api: true } }, async () => buildOpenApi());
  api.get('/me', viewer, async (req) => actor(req));
  api.get('/stages', viewer, async () => ({ stages: STAGES, moves: MOVES }));

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

  /** Projects as the API gives them, with their decision notices read in one query. */
  const withDecisions = async (officeId: string, ps: ProjectRow[]) => {
    const refs = await services.projects.decisionRefsOf(
      officeId,
      ps.map((p) => p.id),
    );
    return ps.map((p) => projectJson(p, refs.get(p.id)));
  };
  const one = async (officeId: string, p: ProjectRow) => (await withDecisions(officeId, [p]))[0];
  api.get('/projects', viewer, async (req: Req) => {
    const a = actor(req);
    const r = await services.projects.list(a.officeId, req.query);
    const items = await withDecisions(a.officeId, r.items);
    return { total: r.total, page: r.page, pageSize: r.pageSize, items: items.map((p, i) => ({ ...p, strandName: r.items[i].strandName })) };
  });
  api.post('/projects', editor, async (req: Req, reply) =>
    reply.code(201).send(await one(actor(req).officeId, await services.projects.create({ by: actor(req), input: req.body }))),
  );
  api.get('/projects/:id', { ...viewer, preHandler: checkId }, async (req: Req) => {
    const p = await services.projects.get(actor(req).officeId, req.params.id);
    return { ...(await one(p.officeId, p)), links: await services.projects.links(actor(req).officeId, p.id) };
  });
  api.patch('/projects/:id', { ...editor, preHandler: checkId }, async (req: Req) =>
    one(actor(req).officeId, await inApiShape(services.projects.update({ by: actor(req), id: req.params.id, input: req.body }))),
  );
  api.post('/projects/:id/moves', { ...editor, preHandler: checkId }, async (req: Req) =>
    one(actor(req).officeId, await inApiShape(services.projects.move({ by: actor(req), id: req.params.id, input: req.body }))),
  );
  api.post('/projects/:id/merge', { ...editor, preHandler: checkId }, async (req: Req) => {
    const r = await inApiShape(services.projects.merge({ by: actor(req), targetId: req.params.id, input: req.body }));
    const [target, ...merged] = await withDecisions(actor(req).officeId, [r.target, ...r.sources]);
    return { target, merged };
  });
  api.get('/projects/:id/history', { ...viewer, preHandler: checkId }, async (req: Req) => services.projects.history(actor(req).officeId, req.params.id));
  api.get('/portfolio/as-at', viewer, async (req: Req) => {
    const r = await services.projects.asAt(actor(req).officeId, req.query);
    return {
      at: r.at,
      projects: r.projects.map((p) => ({
        ...p,
        forecastEnd: forecastCode({ date: p.forecastEnd, precision: p.forecastPrecision }),
        forecastPrecision: undefined,
      })),
    };
  });

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
