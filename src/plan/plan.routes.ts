import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../platform/errors.js';
import { notFound } from '../platform/errors.js';
import { actor, type Body, bodyOf, checkId, one, partsOf, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import { withDatesChecked } from '../platform/dates.js';
import { planInputSchema } from './plan.schemas.js';
import { NEXT_STATUS, type PlanService } from './plan.service.js';
import type { PlanStatus } from './plan.table.js';

const admin = { config: { access: 'admin' as const } };
type IdReq = FastifyRequest<{ Params: { id: string } }>;
const STATUSES = ['draft', 'consultation', 'published', 'superseded'] as const;

/** Admin pages for the plan, its priorities and the strands of the portfolio. */
export async function registerPlanRoutes(app: FastifyInstance, { services }: { services: { plan: PlanService } }) {
  // ---- the plan ----
  // A new plan may be entered at any status (a plan already in force, or a past one); an existing
  // plan offers its own status and the next one only: a plan moves on in order (issue 16).
  const planModel = (values: Body, plan: { id: string; version: number; status: PlanStatus } | undefined) => ({
    title: 'Plan',
    values,
    plan,
    statusItems: STATUSES.filter((s) => !plan || s === plan.status || s === NEXT_STATUS[plan.status]).map((s) => ({
      value: s,
      text: s[0].toUpperCase() + s.slice(1),
      checked: one(values.status) === s,
    })),
  });

  app.get('/admin/plan', admin, async (req, reply) => {
    const plan = await services.plan.currentPlan(actor(req).officeId);
    const values: Body = plan
      ? {
          title: plan.title,
          status: plan.status,
          ...partsOf('periodStart', plan.periodStart),
          ...partsOf('periodEnd', plan.periodEnd),
          version: String(plan.version),
        }
      : { status: 'draft' };
    return reply.page('plan/views/plan.njk', { ...planModel(values, plan), flash: takeFlash(req, reply) });
  });

  app.post('/admin/plan', admin, async (req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const plan = await services.plan.currentPlan(a.officeId);
    const r = await runForm(
      reply,
      () => {
        const input = withDatesChecked(
          b,
          {
            periodStart: { label: 'Start of the plan period', required: 'Enter the start of the plan period' },
            periodEnd: { label: 'End of the plan period', required: 'Enter the end of the plan period' },
          },
          planInputSchema,
          { title: one(b.title), status: one(b.status) },
        );
        return plan
          ? services.plan.updatePlan({ by: a, id: plan.id, version: Number(one(b.version)) || 0, input })
          : services.plan.createPlan({ by: a, input });
      },
      { template: 'plan/views/plan.njk', model: planModel(b, plan), dateFields: ['periodStart', 'periodEnd'] },
    );
    if (!r.ok) return reply;
    setFlash(reply, plan ? 'Plan updated.' : 'Plan created.');
    return reply.redirect('/admin/plan', 303);
  });

  // ---- priorities and strands: the same shape of pages ----
  for (const kind of ['priorities', 'strands'] as const) {
    const one_ = kind === 'priorities' ? 'priority' : 'strand';
    const list = (officeId: string) => (kind === 'priorities' ? services.plan.prioritiesInForce(officeId) : services.plan.listStrands(officeId));
    const create = (by: Actor, input: unknown) =>
      kind === 'priorities' ? services.plan.createPriority({ by, input }) : services.plan.createStrand({ by, input });
    const update = (by: Actor, id: string, input: unknown) =>
      kind === 'priorities' ? services.plan.updatePriority({ by, id, input }) : services.plan.updateStrand({ by, id, input });
    const inputOf = (b: Body) => ({
      name: one(b.name),
      ...(kind === 'priorities' ? { colour: one(b.colour) } : {}),
      ...(one(b.position).trim() ? { position: one(b.position).trim() } : {}),
    });
    const listModel = async (officeId: string, values: Body) => ({
      title: kind === 'priorities' ? 'Priorities' : 'Strands',
      kind,
      rows: await list(officeId),
      values,
    });

    app.get(`/admin/${kind}`, admin, async (req, reply) =>
      reply.page('plan/views/list.njk', {
        ...(await listModel(actor(req).officeId, kind === 'priorities' ? { colour: '#1d70b8' } : {})),
        flash: takeFlash(req, reply),
      }),
    );

    app.post(`/admin/${kind}`, admin, async (req, reply) => {
      const a = actor(req);
      const b = bodyOf(req);
      const r = await runForm(reply, () => create(a, inputOf(b)), { template: 'plan/views/list.njk', model: await listModel(a.officeId, b) });
      if (!r.ok) return reply;
      setFlash(reply, `${one_[0].toUpperCase()}${one_.slice(1)} “${r.value.name}” added.`);
      return reply.redirect(`/admin/${kind}`, 303);
    });

    const find = async (officeId: string, id: string) => {
      const row = (await list(officeId)).find((x) => x.id === checkId(id, one_));
      if (!row) throw notFound(one_);
      return row;
    };

    app.get(`/admin/${kind}/:id`, admin, async (req: IdReq, reply) => {
      const row = await find(actor(req).officeId, req.params.id);
      return reply.page('plan/views/edit.njk', { title: `Change ${one_} ${row.name}`, kind, row, values: { ...row, position: String(row.position) } });
    });

    app.post(`/admin/${kind}/:id`, admin, async (req: IdReq, reply) => {
      const a = actor(req);
      const row = await find(a.officeId, req.params.id);
      const b = bodyOf(req);
      const r = await runForm(reply, () => update(a, row.id, inputOf(b)), {
        template: 'plan/views/edit.njk',
        model: { title: `Change ${one_} ${row.name}`, kind, row, values: b },
      });
      if (!r.ok) return reply;
      setFlash(reply, `${one_[0].toUpperCase()}${one_.slice(1)} “${one(b.name).trim()}” saved.`);
      return reply.redirect(`/admin/${kind}`, 303);
    });
  }
}
