import type { FastifyInstance } from 'fastify';
import type { Actor } from '../platform/errors.js';
import { takeFlash } from '../platform/web/forms.js';
import { decisionIdsNamedIn, describeHistory, projectIdsNamedIn } from './history-view.js';
import { dashboardCounts } from './dashboard.js';
import type { AuthService } from '../platform/auth/auth.service.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { PlanService } from '../plan/plan.service.js';
import type { ProjectsService } from './projects.service.js';

const DAY = 86_400_000;

export async function registerHomeRoutes(
  app: FastifyInstance,
  {
    services,
    now = () => new Date(),
    attention = async () => [],
  }: {
    services: { auth: AuthService; decisions: DecisionsService; plan: PlanService; projects: ProjectsService };
    now?: () => Date;
    /** Other areas' overdue things for the office, a line each (the composition root hands them in). */
    attention?: (officeId: string) => Promise<{ text: string; href: string }[]>;
  },
) {
  app.get('/', { config: { access: 'public' } }, async (req, reply) => {
    const flash = takeFlash(req, reply);
    if (!req.actor) {
      const offices = await services.auth.listOffices();
      return reply.page('projects/views/landing.njk', { title: 'Police and Crime Plan delivery', offices, flash });
    }
    const a = req.actor as Actor;
    const at = now();
    // The portfolio as it stands now, counted by the database: per strand and stage, per priority and stage.
    const [strands, priorities, byStrand, byPriority, recent, overdue, elsewhere] = await Promise.all([
      services.plan.listStrands(a.officeId),
      services.plan.prioritiesInForce(a.officeId),
      services.projects.countsByStage(a.officeId),
      services.projects.priorityCountsByStage(a.officeId),
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
    };
    return reply.page('projects/views/home.njk', {
      title: 'Home',
      ...counts,
      recent: describeHistory(recent, names),
      overdue,
      attention: elsewhere,
      flash,
    });
  });
}
