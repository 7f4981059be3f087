// The projects area on the JSON API: /api/v1/projects..., the portfolio as at a date, the stages and moves.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../platform/errors.js';
import { type ApiReq as Req, apiAccess, idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';
import { forecastCode } from './forecast.js';
import type { ProjectRow } from './projects.repository.js';
import type { ProjectsService } from './projects.service.js';
import { allowedMoves, MOVES, STAGES } from './stages.js';

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
    areaIds: p.areaIds,
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

/** Registered under the /api/v1 prefix. */
export async function registerProjectsApi(api: FastifyInstance, { services }: { services: { projects: ProjectsService } }) {
  const { viewer, editor } = apiAccess;
  const checkId = idOf();
  api.get('/stages', viewer, async () => ({ stages: STAGES, moves: MOVES }));

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
}
