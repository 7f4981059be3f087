// The admin's list of local areas (issue 18), like the strands' pages.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actor, type Body, bodyOf, one, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import type { AreasService } from './areas.service.js';

const admin = { config: { access: 'admin' as const } };
type IdReq = FastifyRequest<{ Params: { id: string } }>;
const inputOf = (b: Body) => ({ name: one(b.name), ...(one(b.position).trim() ? { position: one(b.position).trim() } : {}) });

export async function registerAreaRoutes(app: FastifyInstance, { services }: { services: { areas: AreasService } }) {
  const listModel = async (officeId: string, values: Body) => ({ title: 'Local areas', rows: await services.areas.list(officeId), values });

  app.get('/admin/areas', admin, async (req, reply) =>
    reply.page('areas/views/areas.njk', { ...(await listModel(actor(req).officeId, {})), flash: takeFlash(req, reply) }),
  );
  app.post('/admin/areas', admin, async (req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const r = await runForm(reply, () => services.areas.create({ by: a, input: inputOf(b) }), {
      template: 'areas/views/areas.njk',
      model: await listModel(a.officeId, b),
    });
    if (!r.ok) return reply;
    setFlash(reply, `Area “${r.value.name}” added.`);
    return reply.redirect('/admin/areas', 303);
  });
  app.get('/admin/areas/:id', admin, async (req: IdReq, reply) => {
    const row = await services.areas.get(actor(req).officeId, req.params.id);
    return reply.page('areas/views/area-edit.njk', { title: `Change area ${row.name}`, row, values: { name: row.name, position: String(row.position) } });
  });
  app.post('/admin/areas/:id', admin, async (req: IdReq, reply) => {
    const a = actor(req);
    const row = await services.areas.get(a.officeId, req.params.id);
    const b = bodyOf(req);
    const r = await runForm(reply, () => services.areas.update({ by: a, id: row.id, input: inputOf(b) }), {
      template: 'areas/views/area-edit.njk',
      model: { title: `Change area ${row.name}`, row, values: b },
    });
    if (!r.ok) return reply;
    setFlash(reply, `Area “${r.value.name}” saved.`);
    return reply.redirect('/admin/areas', 303);
  });
}
