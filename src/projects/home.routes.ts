import type { FastifyInstance } from 'fastify';
import type { Actor } from '../platform/errors.js';
import type { AppDeps } from '../platform/web/app.js';
import { takeFlash } from '../platform/web/forms.js';
import { describeHistory } from './history-view.js';
import { type Group, groupOf } from './stages.js';

const DAY = 86_400_000;
type Counts = Record<Group, number>;
const zero = (): Counts => ({ future: 0, current: 0, completed: 0 });

export async function registerHomeRoutes(app: FastifyInstance, { services, now = () => new Date() }: AppDeps) {
  app.get('/', { config: { access: 'public' } }, async (req, reply) => {
    const flash = takeFlash(req, reply);
    if (!req.actor) {
      const offices = await services.auth.listOffices();
      return reply.page('projects/views/landing.njk', { title: 'Police and Crime Plan delivery', offices, flash });
    }
    const a = req.actor as Actor;
    const at = now();
    // The portfolio as it stands now (every project's latest snapshot), with its priorities.
    const [strands, priorities, projects, recent] = await Promise.all([
      services.plan.listStrands(a.officeId),
      services.plan.listPriorities(a.officeId),
      services.projects.asAtInstant(a.officeId, at),
      services.projects.recentHistory(a.officeId, new Date(at.getTime() - 90 * DAY), 30),
    ]);
    const groups = zero();
    const perStrand = new Map(strands.map((s) => [s.id, { id: s.id, name: s.name, ...zero() }]));
    const perPriority = new Map(priorities.map((p) => [p.id, { id: p.id, name: p.name, colour: p.colour, ...zero() }]));
    for (const p of projects) {
      const g = groupOf(p.stage);
      if (!g) continue;
      groups[g] += 1;
      const s = perStrand.get(p.strandId);
      if (s) s[g] += 1;
      for (const id of p.priorityIds) {
        const pr = perPriority.get(id);
        if (pr) pr[g] += 1;
      }
    }
    const names = {
      strands: new Map(strands.map((s) => [s.id, s.name])),
      priorities: new Map(priorities.map((p) => [p.id, p.name])),
      projects: new Map(projects.map((p) => [p.id, p.title])),
    };
    return reply.page('projects/views/home.njk', {
      title: 'Home',
      groups,
      perStrand: [...perStrand.values()],
      perPriority: [...perPriority.values()],
      recent: describeHistory(recent, names),
      flash,
    });
  });
}
