// The office's public transparency site (issue 16): one entrance, /o/:officeSlug, to what the law
// asks the office to publish. The plan in force, past plans, and a plan in consultation with its
// development timetable come from this area; every other part (decision notices, and the grants and
// Panel areas as they are built) is a section the composition root hands in, a line each.
// Nothing of a draft plan is shown, and nothing of another office.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../platform/errors.js';
import { checkId, type OfficeFinder, publicOffice } from '../platform/web/forms.js';
import { type PlanService, PUBLIC_STATUSES, STATUS_LABELS } from './plan.service.js';
import { NOUN_LABELS, STATUS_TAGS, timelineOf } from './development.routes.js';

/** One part of the public site, listed on the entrance: `href` is given the office's slug. */
export type PublicSection = { title: string; href: (officeSlug: string) => string; description: string };

type Req = FastifyRequest<{ Params: { officeSlug: string; id: string } }>;
const pub = { config: { access: 'public' as const } };
const V = (name: string) => `plan/views/${name}.njk`;

export async function registerPublicSiteRoutes(
  app: FastifyInstance,
  { services, sections }: { services: { auth: OfficeFinder; plan: PlanService }; sections: PublicSection[] },
) {
  const publicPlans = async (officeId: string) => (await services.plan.listPlans(officeId)).filter((p) => PUBLIC_STATUSES.includes(p.status));

  app.get('/o/:officeSlug', { config: { ...pub.config, pageCache: 'public' } }, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    const plans = (await publicPlans(office.id)).map((p) => ({ ...p, statusLabel: STATUS_LABELS[p.status], statusTag: STATUS_TAGS[p.status] }));
    return reply.page(V('public-office'), {
      title: 'Transparency',
      publicOffice: office,
      inForce: plans.filter((p) => p.status === 'published'),
      inDevelopment: plans.filter((p) => p.status === 'consultation'),
      past: plans.filter((p) => p.status === 'superseded').reverse(),
      sections: sections.map((s) => ({ title: s.title, href: s.href(office.slug), description: s.description })),
    });
  });

  app.get('/o/:officeSlug/plans/:id', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    const v = await services.plan.planView(office.id, checkId(req.params.id, 'plan'));
    if (!PUBLIC_STATUSES.includes(v.plan.status)) throw notFound('plan');
    return reply.page(V('public-plan'), {
      title: v.plan.title,
      publicOffice: office,
      plan: v.plan,
      noun: NOUN_LABELS[v.plan.sectionNoun === 'chapter' ? 'chapter' : 'priority'],
      statusLabel: STATUS_LABELS[v.plan.status],
      statusTag: STATUS_TAGS[v.plan.status],
      // What has been done on each commitment, counted: the projects themselves are the office's internal records.
      sections: v.sections.map((s) => ({
        id: s.id,
        name: s.name,
        summary: s.summary,
        commitments: s.commitments.map((c) => ({ text: c.text, linked: c.delivery.length, done: c.doneCount })),
      })),
      contents: v.contents,
      // The timetable is shown while the plan is in development.
      // The Panel's recommendations the steps record, without a link into the office's pages and never one from an exempt agenda item.
      timeline:
        v.plan.status === 'consultation'
          ? timelineOf(v.milestones.map((m) => ({ ...m, recommendations: m.recommendations.filter((r) => !r.exempt).map((r) => ({ ...r, href: null })) })))
          : [],
    });
  });

  app.get('/o/:officeSlug/accessibility', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    return reply.page(V('accessibility'), { title: 'Accessibility statement', publicOffice: office });
  });
}
