import type { FastifyInstance } from 'fastify';
import type { Actor } from '../platform/errors.js';
import type { AppDeps } from '../platform/web/app.js';
import { takeFlash } from '../platform/web/forms.js';
import { groupOf } from './stages.js';

export async function registerHomeRoutes(app: FastifyInstance, { services }: AppDeps) {
  app.get('/', { config: { access: 'public' } }, async (req, reply) => {
    const flash = takeFlash(req, reply);
    if (!req.actor) {
      const offices = await services.auth.listOffices();
      return reply.page('projects/views/landing.njk', { title: 'Police and Crime Plan delivery', offices, flash });
    }
    const a = req.actor as Actor;
    const [strands, counts] = await Promise.all([services.plan.listStrands(a.officeId), services.projects.countsByStage(a.officeId)]);
    const groups = { future: 0, current: 0, completed: 0 };
    const perStrand = new Map(strands.map((s) => [s.id, { name: s.name, future: 0, current: 0, completed: 0 }]));
    for (const c of counts) {
      const g = groupOf(c.stage);
      if (!g) continue;
      groups[g] += Number(c.n);
      const s = perStrand.get(c.strandId);
      if (s) s[g] += Number(c.n);
    }
    return reply.page('projects/views/home.njk', { title: 'Home', groups, perStrand: [...perStrand.values()], flash });
  });
}
