// The plan's pages (issue 16): the office's plans, a plan with its sections, commitments and what has
// been done on each, its statutory contents and timetable; the admin's forms to create, rename and
// move a plan on, add sections, commitments and timetable steps; the editor's links from a
// commitment to the projects, targets and actions that deliver it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withDatesChecked } from '../platform/dates.js';
import { DomainError, invalid } from '../platform/errors.js';
import { govukDate } from '../platform/web/filters.js';
import { actor, type Body, bodyOf, checkId, many, one, partsOf, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import { MILESTONE_KIND_LABELS, MILESTONE_KINDS, planDetailsSchema, STATUTORY_CONTENTS, transitionSchema, milestoneInputSchema } from './plan.schemas.js';
import { type LinkKind, NEXT_STATUS, type PlanService, STATUS_LABELS } from './plan.service.js';

const viewer = { config: { access: 'viewer' as const } };
const editor = { config: { access: 'editor' as const } };
const admin = { config: { access: 'admin' as const } };
type IdReq = FastifyRequest<{ Params: { id: string } }>;
type LinkReq = FastifyRequest<{ Params: { id: string; linkId: string } }>;
const V = (name: string) => `plan/views/${name}.njk`;

export const NOUN_LABELS = { chapter: { one: 'chapter', many: 'Chapters' }, priority: { one: 'priority', many: 'Priorities' } } as const;
const nounOf = (p: { sectionNoun: string }) => NOUN_LABELS[p.sectionNoun === 'chapter' ? 'chapter' : 'priority'];
export const STATUS_TAGS: Record<string, string> = {
  draft: 'govuk-tag--grey',
  consultation: 'govuk-tag--yellow',
  published: 'govuk-tag--green',
  superseded: 'govuk-tag--blue',
};
const LINK_LABELS: Record<LinkKind, string> = { project: 'Project', target: 'Target', action: 'Action' };
const EVENT_LABELS: Record<string, string> = {
  entered: 'Entered',
  status: 'Status changed',
  renamed: 'Renamed',
  period: 'Period changed',
  carried: 'Carried over',
};

/** A history row as the plan page tells it. */
export function eventText(e: { kind: string; fromStatus: string | null; toStatus: string | null; fromText: string | null; toText: string | null }) {
  const st = (s: string | null) => (s ? STATUS_LABELS[s as keyof typeof STATUS_LABELS] : '');
  if (e.kind === 'entered') return `“${e.toText}”, as ${st(e.toStatus).toLowerCase()}`;
  if (e.kind === 'status') return `${st(e.fromStatus)} to ${st(e.toStatus).toLowerCase()}`;
  if (e.kind === 'carried') return e.toText ?? '';
  return `From “${e.fromText}” to “${e.toText}”`;
}

/** The timetable as the page and the public site show it. */
export function timelineOf(
  milestones: {
    kind: string;
    startsOn: string;
    endsOn: string | null;
    state: string;
    statutory: boolean;
    title: string;
    doneOn: string | null;
    id: string;
    recommendations?: { text: string; status: string; respondedOn: string | null; href: string | null }[];
  }[],
) {
  return milestones.map((m) => ({
    ...m,
    kindLabel: MILESTONE_KIND_LABELS[m.kind as keyof typeof MILESTONE_KIND_LABELS] ?? m.kind,
    stateLabel: m.state === 'done' ? 'Done' : m.state === 'late' ? 'Late' : 'To come',
    stateTag: m.state === 'done' ? 'govuk-tag--green' : m.state === 'late' ? 'govuk-tag--red' : 'govuk-tag--grey',
  }));
}

export async function registerPlanDevelopmentRoutes(app: FastifyInstance, { services }: { services: { plan: PlanService } }) {
  const { plan } = services;

  app.get('/plans', viewer, async (req, reply) => {
    const plans = await plan.listPlans(actor(req).officeId);
    return reply.page(V('plans'), {
      title: 'Plans',
      plans: plans.map((p) => ({ ...p, statusLabel: STATUS_LABELS[p.status], statusTag: STATUS_TAGS[p.status] })),
      flash: takeFlash(req, reply),
    });
  });

  // ---- creating and changing a plan's details ----
  const detailsInput = (b: Body, status?: string) =>
    withDatesChecked(
      b,
      {
        periodStart: { label: 'Start of the plan period', required: 'Enter the start of the plan period' },
        periodEnd: { label: 'End of the plan period', required: 'Enter the end of the plan period' },
      },
      planDetailsSchema,
      { title: one(b.title), sectionNoun: one(b.sectionNoun), reason: one(b.reason), ...(status ? { status } : {}) },
    );
  const formModel = (values: Body, existing?: { id: string; title: string }) => ({
    title: existing ? `Change ${existing.title}` : 'Create a plan',
    existing,
    values,
    nounItems: (['chapter', 'priority'] as const).map((n) => ({
      value: n,
      text: n === 'chapter' ? 'Chapters' : 'Priorities',
      checked: (one(values.sectionNoun) || 'priority') === n,
    })),
  });
  app.get('/plans/new', admin, async (_req, reply) => reply.page(V('plan-form'), formModel({ sectionNoun: 'chapter' })));
  app.post('/plans/new', admin, async (req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const r = await runForm(reply, () => plan.createPlan({ by: a, input: { ...detailsInput(b), status: 'draft' } }), {
      template: V('plan-form'),
      model: formModel(b),
      dateFields: ['periodStart', 'periodEnd'],
    });
    if (!r.ok) return reply;
    setFlash(reply, `Draft “${r.value.title}” created.`);
    return reply.redirect(`/plans/${r.value.id}`, 303);
  });
  app.get('/plans/:id/edit', admin, async (req: IdReq, reply) => {
    const p = await plan.getPlan(actor(req).officeId, checkId(req.params.id, 'plan'));
    const values: Body = {
      title: p.title,
      sectionNoun: p.sectionNoun,
      version: String(p.version),
      ...partsOf('periodStart', p.periodStart),
      ...partsOf('periodEnd', p.periodEnd),
    };
    return reply.page(V('plan-form'), formModel(values, p));
  });
  app.post('/plans/:id/edit', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await plan.getPlan(a.officeId, checkId(req.params.id, 'plan'));
    const b = bodyOf(req);
    const r = await runForm(reply, () => plan.updatePlan({ by: a, id: p.id, version: Number(one(b.version)) || 0, input: detailsInput(b, p.status) }), {
      template: V('plan-form'),
      model: formModel(b, p),
      dateFields: ['periodStart', 'periodEnd'],
    });
    if (!r.ok) return reply;
    setFlash(reply, 'Plan saved.');
    return reply.redirect(`/plans/${p.id}`, 303);
  });

  // ---- the plan page ----
  app.get('/plans/:id', viewer, async (req: IdReq, reply) => {
    const a = actor(req);
    const v = await plan.planView(a.officeId, checkId(req.params.id, 'plan'));
    const [all, plans] = await Promise.all([plan.listPriorities(a.officeId), plan.listPlans(a.officeId)]);
    const carried = (id: string | null) => {
      const old = id ? all.find((x) => x.id === id) : undefined;
      return old ? { name: old.name, planTitle: plans.find((x) => x.id === old.planId)?.title ?? '' } : null;
    };
    return reply.page(V('plan-view'), {
      title: v.plan.title,
      ...v,
      sections: v.sections.map((s) => ({ ...s, carriesOn: carried(s.carriesOnId) })),
      noun: nounOf(v.plan),
      statusLabel: STATUS_LABELS[v.plan.status],
      statusTag: STATUS_TAGS[v.plan.status],
      nextLabel: v.next ? STATUS_LABELS[v.next] : null,
      timeline: timelineOf(v.milestones),
      history: v.events.map((e) => ({ ...e, label: EVENT_LABELS[e.kind] ?? e.kind, text: eventText(e) })),
      linkLabels: LINK_LABELS,
      canEdit: a.role === 'editor' || a.role === 'admin',
      isAdmin: a.role === 'admin',
      flash: takeFlash(req, reply),
    });
  });

  // ---- moving the plan on ----
  const statusModel = (p: { id: string; title: string; status: keyof typeof NEXT_STATUS }, values: Body) => {
    const next = NEXT_STATUS[p.status];
    return { title: `Change the status of ${p.title}`, p, values, next, nextLabel: next ? STATUS_LABELS[next] : null, statusLabel: STATUS_LABELS[p.status] };
  };
  app.get('/plans/:id/status', admin, async (req: IdReq, reply) => {
    const p = await plan.getPlan(actor(req).officeId, checkId(req.params.id, 'plan'));
    return reply.page(V('plan-status'), statusModel(p, {}));
  });
  app.post('/plans/:id/status', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await plan.getPlan(a.officeId, checkId(req.params.id, 'plan'));
    const b = bodyOf(req);
    const r = await runForm(
      reply,
      () => {
        const input = withDatesChecked(b, { on: { label: 'Date of the change', required: 'Enter the date of the change' } }, transitionSchema, {
          status: one(b.status),
          reason: one(b.reason),
        });
        return plan.transition({ by: a, id: p.id, input });
      },
      { template: V('plan-status'), model: statusModel(p, b), dateFields: ['on'] },
    );
    if (!r.ok) return reply;
    setFlash(reply, `The plan is now ${STATUS_LABELS[r.value.status].toLowerCase()}.`);
    return reply.redirect(`/plans/${p.id}`, 303);
  });

  // ---- moving to a new plan: which earlier priority each section carries on, and each commitment ----
  const carryModel = async (officeId: string, planId: string, values: Body | null) => {
    const v = await plan.carryOverView(officeId, planId);
    const chosen = (k: string, current: string | null) => (values ? one(values[k]) : (current ?? ''));
    return {
      title: `Carry over from the previous plan: ${v.plan.title}`,
      ...v,
      noun: nounOf(v.plan),
      sections: v.sections.map((s) => ({
        ...s,
        items: [
          { value: '', text: 'Nothing: a new priority' },
          ...v.earlierSections.map((e) => ({ value: e.id, text: `${e.name} (${e.planTitle})`, selected: chosen(`section-${s.id}`, s.carriesOnId) === e.id })),
        ],
        commitments: s.commitments.map((c) => ({
          ...c,
          items: [
            { value: '', text: 'Nothing: a new commitment' },
            ...v.earlierCommitments.map((e) => ({
              value: e.id,
              text: `${e.sectionName}: ${e.text} (${e.planTitle})`,
              selected: chosen(`commitment-${c.id}`, c.carriesOnId) === e.id,
            })),
          ],
        })),
      })),
    };
  };
  app.get('/plans/:id/carry-over', admin, async (req: IdReq, reply) =>
    reply.page(V('carry-over'), await carryModel(actor(req).officeId, checkId(req.params.id, 'plan'), null)),
  );
  app.post('/plans/:id/carry-over', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id, 'plan');
    const b = bodyOf(req);
    const input = Object.fromEntries(Object.keys(b).map((k) => [k, one(b[k])]));
    const r = await runForm(reply, () => plan.setCarryOver({ by: a, planId: id, input }), {
      template: V('carry-over'),
      model: await carryModel(a.officeId, id, b),
    });
    if (!r.ok) return reply;
    setFlash(reply, 'What the plan carries on is saved: its projects carry over when it is published.');
    return reply.redirect(`/plans/${id}`, 303);
  });

  // ---- sections and commitments ----
  const sectionModel = async (officeId: string, p: { id: string; title: string; sectionNoun: string }, values: Body) => {
    const earlier = (await plan.listPriorities(officeId)).filter((s) => s.planId !== p.id);
    const plans = new Map((await plan.listPlans(officeId)).map((x) => [x.id, x.title]));
    return {
      title: `Add a ${nounOf(p).one}`,
      p,
      noun: nounOf(p),
      values,
      carryItems: [
        { value: '', text: 'None' },
        ...earlier.map((s) => ({ value: s.id, text: `${s.name} (${plans.get(s.planId)})`, selected: one(values.carriesOnId) === s.id })),
      ],
    };
  };
  app.get('/plans/:id/sections/new', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await plan.getPlan(a.officeId, checkId(req.params.id, 'plan'));
    return reply.page(V('section-form'), await sectionModel(a.officeId, p, { colour: '#1d70b8' }));
  });
  app.post('/plans/:id/sections/new', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await plan.getPlan(a.officeId, checkId(req.params.id, 'plan'));
    const b = bodyOf(req);
    const r = await runForm(
      reply,
      () =>
        plan.createSection({
          by: a,
          planId: p.id,
          input: { name: one(b.name), summary: one(b.summary), colour: one(b.colour), carriesOnId: one(b.carriesOnId) },
        }),
      { template: V('section-form'), model: await sectionModel(a.officeId, p, b) },
    );
    if (!r.ok) return reply;
    setFlash(reply, `${nounOf(p).one[0].toUpperCase()}${nounOf(p).one.slice(1)} “${r.value.name}” added.`);
    return reply.redirect(`/plans/${p.id}`, 303);
  });

  const commitmentModel = async (officeId: string, p: { id: string; title: string; sectionNoun: string }, values: Body) => {
    const sections = await plan.sectionsOf(officeId, p.id);
    return {
      title: 'Add a commitment',
      p,
      noun: nounOf(p),
      values,
      sectionItems: [
        { value: '', text: `Choose a ${nounOf(p).one}` },
        ...sections.map((s) => ({ value: s.id, text: s.name, selected: one(values.sectionId) === s.id })),
      ],
    };
  };
  app.get('/plans/:id/commitments/new', admin, async (req: FastifyRequest<{ Params: { id: string }; Querystring: { section?: string } }>, reply) => {
    const a = actor(req);
    const p = await plan.getPlan(a.officeId, checkId(req.params.id, 'plan'));
    return reply.page(V('commitment-form'), await commitmentModel(a.officeId, p, { sectionId: String(req.query.section ?? '') }));
  });
  app.post('/plans/:id/commitments/new', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await plan.getPlan(a.officeId, checkId(req.params.id, 'plan'));
    const b = bodyOf(req);
    const r = await runForm(reply, () => plan.createCommitment({ by: a, planId: p.id, input: { sectionId: one(b.sectionId), text: one(b.text) } }), {
      template: V('commitment-form'),
      model: await commitmentModel(a.officeId, p, b),
    });
    if (!r.ok) return reply;
    setFlash(reply, 'Commitment added.');
    return reply.redirect(`/plans/${p.id}#section-${r.value.sectionId}`, 303);
  });

  // ---- what delivers a commitment (editors) ----
  const commitmentPage = async (officeId: string, id: string, values: Body) => {
    const v = await plan.commitmentView(officeId, id);
    const linked = new Set(v.delivery.map((d) => `${d.kind}:${d.id}`));
    const choices = (await plan.deliveryChoices(officeId)).filter((c) => !linked.has(`${c.kind}:${c.id}`));
    return {
      title: 'Commitment',
      ...v,
      noun: nounOf(v.plan),
      linkLabels: LINK_LABELS,
      values,
      choiceItems: [
        { value: '', text: 'Choose a project, target or action' },
        ...choices.map((c) => ({ value: `${c.kind}:${c.id}`, text: `${LINK_LABELS[c.kind]}: ${c.title}`, selected: one(values.item) === `${c.kind}:${c.id}` })),
      ],
    };
  };
  app.get('/commitments/:id', editor, async (req: IdReq, reply) =>
    reply.page(V('commitment'), { ...(await commitmentPage(actor(req).officeId, checkId(req.params.id, 'commitment'), {})), flash: takeFlash(req, reply) }),
  );
  app.post('/commitments/:id/links', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id, 'commitment');
    const b = bodyOf(req);
    const [kind, refId] = one(b.item).split(':');
    const r = await runForm(
      reply,
      async () => {
        try {
          return await plan.linkCommitment({ by: a, commitmentId: id, input: { kind: kind ?? '', refId: refId ?? '' } });
        } catch (e) {
          // The form has one field for both halves: its problems are that field's.
          if (e instanceof DomainError && e.fields.length)
            throw invalid('commitment', [{ field: 'item', message: 'Choose a project, target or action of this office' }]);
          throw e;
        }
      },
      { template: V('commitment'), model: await commitmentPage(a.officeId, id, b) },
    );
    if (!r.ok) return reply;
    setFlash(reply, `${LINK_LABELS[r.value.kind]} “${r.value.title}” linked.`);
    return reply.redirect(`/commitments/${id}`, 303);
  });
  app.post('/commitments/:id/links/:linkId/remove', editor, async (req: LinkReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id, 'commitment');
    await plan.unlinkCommitment({ by: a, commitmentId: id, linkId: checkId(req.params.linkId, 'commitment') });
    setFlash(reply, 'Link removed.');
    return reply.redirect(`/commitments/${id}`, 303);
  });

  // ---- statutory contents ----
  const statutoryModel = async (officeId: string, id: string, values: Body | null) => {
    const v = await plan.planView(officeId, id);
    return {
      title: 'Statutory contents',
      p: v.plan,
      noun: nounOf(v.plan),
      rows: v.contents.map((c) => {
        const chosen = values ? one(values[c.item]) : (c.section?.id ?? '');
        return {
          ...c,
          items: [{ value: '', text: 'Not covered yet' }, ...v.sections.map((s) => ({ value: s.id, text: s.name, selected: chosen === s.id }))],
        };
      }),
    };
  };
  app.get('/plans/:id/statutory', admin, async (req: IdReq, reply) =>
    reply.page(V('statutory'), await statutoryModel(actor(req).officeId, checkId(req.params.id, 'plan'), null)),
  );
  app.post('/plans/:id/statutory', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id, 'plan');
    const b = bodyOf(req);
    const r = await runForm(
      reply,
      () => plan.setStatutoryAll({ by: a, planId: id, input: Object.fromEntries(STATUTORY_CONTENTS.map((c) => [c.item, one(b[c.item])])) }),
      { template: V('statutory'), model: await statutoryModel(a.officeId, id, b) },
    );
    if (!r.ok) return reply;
    setFlash(reply, 'Statutory contents saved.');
    return reply.redirect(`/plans/${id}#statutory`, 303);
  });

  // ---- the development timetable ----
  const milestoneModel = async (officeId: string, id: string, values: Body) => {
    const v = await plan.planView(officeId, id);
    return {
      title: 'Development timetable',
      p: v.plan,
      timeline: timelineOf(v.milestones),
      values,
      kindItems: MILESTONE_KINDS.map((k) => ({ value: k, text: MILESTONE_KIND_LABELS[k], checked: one(values.kind) === k })),
    };
  };
  app.get('/plans/:id/timetable', admin, async (req: IdReq, reply) =>
    reply.page(V('timetable'), { ...(await milestoneModel(actor(req).officeId, checkId(req.params.id, 'plan'), {})), flash: takeFlash(req, reply) }),
  );
  app.post('/plans/:id/timetable', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id, 'plan');
    const b = bodyOf(req);
    const r = await runForm(
      reply,
      () => {
        const input = withDatesChecked(b, { startsOn: { label: 'Date', required: 'Enter the date' }, endsOn: { label: 'End date' } }, milestoneInputSchema, {
          kind: one(b.kind),
          title: one(b.title),
          statutory: one(b.statutory) === 'true' ? 'true' : 'false',
        });
        return plan.addMilestone({ by: a, planId: id, input });
      },
      { template: V('timetable'), model: await milestoneModel(a.officeId, id, b), dateFields: ['startsOn', 'endsOn'] },
    );
    if (!r.ok) return reply;
    setFlash(reply, `“${r.value.title}” added to the timetable.`);
    return reply.redirect(`/plans/${id}/timetable`, 303);
  });
  app.post('/milestones/:id/done', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id, 'milestone');
    const m = await plan.milestoneDone({ by: a, id, input: {} });
    setFlash(reply, `“${m.title}” marked done today.`);
    return reply.redirect(`/plans/${m.planId}/timetable`, 303);
  });

  // ---- the Panel's recommendations a step records (its report on the draft, the published response) ----
  const panelModel = async (officeId: string, id: string, chosen: string[] | null) => {
    const v = await plan.milestonePanel(officeId, id);
    const picked = chosen ?? v.milestone.panelRecommendationIds;
    return {
      title: `The Panel’s recommendations: ${v.milestone.title}`,
      ...v,
      items: v.recommendations.map((r) => ({
        value: r.id,
        text: r.text,
        hint: { text: `Panel meeting of ${govukDate(r.meetsOn)}: ${r.status}${r.exempt ? ' (from an exempt item: never shown publicly)' : ''}` },
        checked: picked.includes(r.id),
      })),
    };
  };
  app.get('/milestones/:id/panel', admin, async (req: IdReq, reply) =>
    reply.page(V('milestone-panel'), await panelModel(actor(req).officeId, checkId(req.params.id, 'milestone'), null)),
  );
  app.post('/milestones/:id/panel', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id, 'milestone');
    const chosen = many(bodyOf(req).recommendationIds).map(String);
    const r = await runForm(reply, () => plan.setMilestonePanel({ by: a, id, input: { recommendationIds: chosen } }), {
      template: V('milestone-panel'),
      model: await panelModel(a.officeId, id, chosen),
    });
    if (!r.ok) return reply;
    setFlash(reply, `The Panel’s recommendations of “${r.value.title}” are saved.`);
    return reply.redirect(`/plans/${r.value.planId}/timetable`, 303);
  });
}
