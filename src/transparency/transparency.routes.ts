// The office's public site beyond its plans (issue 16): the quarterly papers as published to the
// Panel (frozen, with their files), and the targets with how each is doing. Each page is a section
// of /o/:officeSlug (publicSections in src/app.ts). What the public sees is what was published: a
// paper as frozen, never the editor's draft; the targets of plans the public may see (nothing of a
// draft plan); nothing of another office (everything is found through the office of the slug).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../platform/errors.js';
import { govukDate } from '../platform/web/filters.js';
import { checkId, type OfficeFinder, publicOffice } from '../platform/web/forms.js';
import type { PlanService } from '../plan/plan.service.js';
import { PUBLIC_STATUSES } from '../plan/plan.service.js';
import { parsePeriod, periodLabel } from '../reports/periods.js';
import type { ReportModel } from '../reports/report.model.js';
import type { ReportsService } from '../reports/reports.service.js';
import { ragLabel, TRAVEL_WORDS } from '../targets/rag.js';
import type { TargetsService } from '../targets/targets.service.js';

type Req = FastifyRequest<{ Params: { officeSlug: string; id: string; file: string } }>;
const pub = { config: { access: 'public' as const } };
const V = (name: string) => `transparency/views/${name}.njk`;
const RAG_TAGS: Record<string, string> = {
  Green: 'govuk-tag--green',
  Amber: 'govuk-tag--yellow',
  Red: 'govuk-tag--red',
};

const FILES: Record<string, { type: string; ext: string }> = {
  'paper.pdf': { type: 'application/pdf', ext: 'pdf' },
  'paper.docx': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
};

export async function registerTransparencyRoutes(
  app: FastifyInstance,
  { services }: { services: { auth: OfficeFinder; plan: PlanService; reports: ReportsService; targets: TargetsService } },
) {
  /** Every quarter with a paper published to the Panel, newest quarter first, with the latest paper of each and how many went before it. */
  app.get('/o/:officeSlug/papers', { config: { ...pub.config, pageCache: 'public' } }, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    const pubs = await services.reports.publications(office.id);
    const byPeriod = new Map<string, typeof pubs>();
    for (const p of pubs) byPeriod.set(p.periodId, [...(byPeriod.get(p.periodId) ?? []), p]);
    const papers = [...byPeriod.entries()]
      .sort(([a], [b]) => parsePeriod(b).start.localeCompare(parsePeriod(a).start))
      .map(([periodId, list]) => ({ label: periodLabel(parsePeriod(periodId)), latest: list[0], earlier: list.slice(1) }));
    return reply.page(V('public-papers'), { title: 'Quarterly delivery papers', publicOffice: office, papers });
  });

  /** A published paper's files, as frozen when it was published. */
  app.get('/o/:officeSlug/papers/:id/:file', pub, async (req: Req, reply: FastifyReply) => {
    const office = await publicOffice(req, services.auth);
    const p = await services.reports.publication(office.id, checkId(req.params.id, 'publication'));
    const m = p.model as ReportModel;
    const name = `delivery-progress-update-${office.slug}-${m.period.id}`;
    if (req.params.file === 'paper.html') return reply.header('content-type', 'text/html; charset=utf-8').send(p.html);
    const f = FILES[req.params.file];
    const body = req.params.file === 'paper.pdf' ? p.pdf : req.params.file === 'paper.docx' ? p.docx : null;
    if (!f || !body) throw notFound('publication');
    return reply.header('content-type', f.type).header('content-disposition', `attachment; filename="${name}.${f.ext}"`).send(body);
  });

  /** The targets of the office's public plans, under their priorities, each with its latest value and how it is doing. */
  app.get('/o/:officeSlug/targets', { config: { ...pub.config, pageCache: 'public' } }, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    const plans = (await services.plan.listPlans(office.id)).filter((p) => PUBLIC_STATUSES.includes(p.status));
    const planIds = new Set(plans.map((p) => p.id));
    const priorities = (await services.plan.listPriorities(office.id)).filter((p) => planIds.has(p.planId));
    const targets = await services.targets.listTargets(office.id);
    const groups = plans
      .slice()
      .reverse()
      .map((plan) => ({
        plan,
        priorities: priorities
          .filter((p) => p.planId === plan.id)
          .map((p) => ({
            name: p.name,
            targets: targets
              .filter((t) => t.priorityId === p.id)
              .map((t) => {
                // A direction of travel is said in words: an arrow alone tells a screen reader little.
                const status = t.rag.kind === 'travel' ? `Direction of travel: ${TRAVEL_WORDS[t.rag.status]}` : ragLabel(t.rag);
                const amount = (v: number) => `${v.toLocaleString('en-GB')}${t.unit === '%' ? '%' : t.unit ? ` ${t.unit}` : ''}`;
                return {
                  statement: t.statement,
                  baseline: t.baselineValue === null ? 'None' : `${amount(t.baselineValue)}${t.baselineDate ? `, ${govukDate(t.baselineDate)}` : ''}`,
                  target: `${amount(t.targetValue)} by ${govukDate(t.deadline)}`,
                  latest: t.latest ? `${amount(t.latest.value)} at ${govukDate(t.latest.asAt)}` : 'No figure yet',
                  status,
                  statusTag: RAG_TAGS[status] ?? 'govuk-tag--grey',
                };
              }),
          }))
          .filter((p) => p.targets.length),
      }))
      .filter((g) => g.priorities.length);
    return reply.page(V('public-targets'), { title: 'Targets and how they are doing', publicOffice: office, groups });
  });
}
