import type { FastifyInstance } from 'fastify';
import type { Actor } from '../platform/errors.js';
import { takeFlash } from '../platform/web/forms.js';
import { decisionIdsNamedIn, describeHistory, projectIdsNamedIn } from './history-view.js';
import { dashboardCounts } from './dashboard.js';
import type { AuthService } from '../platform/auth/auth.service.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { PlanService } from '../plan/plan.service.js';
import type { ProjectsService } from './projects.service.js';
import type { AreasService } from '../areas/areas.service.js';
import { isUuid } from '../platform/validation.js';

const DAY = 86_400_000;

export async function registerHomeRoutes(
  app: FastifyInstance,
  {
    services,
    now = () => new Date(),
    attention = async () => [],
  }: {
    services: { auth: AuthService; decisions: DecisionsService; plan: PlanService; projects: ProjectsService; areas: AreasService };
    now?: () => Date;
    /** Other areas' overdue things for the office, a line each (the composition root hands them in). */
    attention?: (officeId: string) => Promise<{ text: string; href: string }[]>;
  },
) {
  // Signed in: the office's dashboard, kept while its records have not changed (issue 19).
  app.get('/', { config: { access: 'public', pageCache: 'session' } }, async (req, reply) => {
    const flash = takeFlash(req, reply);
    if (!req.actor) {
      const offices = await services.auth.listOffices();
      return reply.page('projects/views/landing.njk', { title: 'Police and Crime Plan delivery', offices, flash });
    }
    const a = req.actor as Actor;
    const at = now();
    // Issue 18: the dashboard of one local area (?area=), or of the whole force area.
    const areas = await services.areas.list(a.officeId);
    const asked = (req.query as { area?: unknown }).area;
    const areaId = typeof asked === 'string' && asked ? asked : undefined;
    const area = areaId ? areas.find((x) => x.id === areaId) : undefined;
    if (areaId && (!isUuid(areaId) || !area)) {
      reply.code(400);
    }
    const areaFilter = area?.id;
    // The portfolio as it stands now, counted by the database: per strand and stage, per priority and stage.
    const [strands, priorities, byStrand, byPriority, recent, overdue, elsewhere] = await Promise.all([
      services.plan.listStrands(a.officeId),
      services.plan.prioritiesInForce(a.officeId),
      services.projects.countsByStage(a.officeId, areaFilter),
      services.projects.priorityCountsByStage(a.officeId, areaFilter),
      services.projects.recentHistory(a.officeId, new Date(at.getTime() - 90 * DAY), 30),
      services.projects.countOverdue(a.officeId),
      attention(a.officeId),
    ]);
    const counts = dashboardCounts(strands, priorities, byStrand, byPriority);
    const names = {
      strands: new Map(strands.map((s) => [s.id, s.name])),
      priorities: new Map(priorities.map((p) => [p.id, p.name])),
      projects: await services.projects.titles(a.officeId, projectIdsNamedIn(recent)),
      decisions: new Map((await services.decisions.refsByIds(a.officeId, decisionIdsNamedIn(recent))).map((d) => [d.id, d.reference])),
      areas: new Map(areas.map((x) => [x.id, x.name])),
    };
    return reply.page('projects/views/home.njk', {
      title: 'Home',
      ...counts,
      recent: describeHistory(recent, names),
      overdue,
      attention: elsewhere,
      flash,
      area: area ? { id: area.id, name: area.name } : null,
      areaItems: [{ value: '', text: 'All areas' }, ...areas.map((x) => ({ value: x.id, text: x.name, selected: x.id === areaFilter }))],
      ...(areaId && !area
        ? { errors: [{ text: 'Choose an area from the list', href: '#area' }], fieldErrors: { area: { text: 'Choose an area from the list' } } }
        : {}),
    });
  });
}
