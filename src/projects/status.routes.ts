// Issue 18: an editor enters a current project's status for the quarter under way, on its own form
// linked from the project page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actor, bodyOf, checkId, one, runForm, setFlash } from '../platform/web/forms.js';
import type { ProjectsService } from './projects.service.js';
import type { StatusService } from './status.service.js';
import { DELIVERY_STATUS_LABELS, type DeliveryStatus, NOTE_MAX } from './status.schemas.js';

type IdReq = FastifyRequest<{ Params: { id: string } }>;
const editor = { config: { access: 'editor' as const } };

export async function registerStatusRoutes(app: FastifyInstance, { services }: { services: { projects: ProjectsService; statuses: StatusService } }) {
  async function formModel(officeId: string, id: string) {
    const project = await services.projects.get(officeId, id);
    const s = await services.statuses.ofProject(officeId, id);
    return { project, s };
  }

  app.get('/projects/:id/status', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const { project, s } = await formModel(a.officeId, checkId(req.params.id));
    return reply.page('projects/views/status-form.njk', {
      title: `Status for ${s.period.name}: ${project.title}`,
      project,
      period: s.period,
      current: s.current,
      version: s.version,
      noteMax: NOTE_MAX,
      values: { status: s.current?.status ?? '', note: s.current?.note ?? '' },
    });
  });

  app.post('/projects/:id/status', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const { project, s } = await formModel(a.officeId, checkId(req.params.id));
    const b = bodyOf(req);
    const values = { status: one(b.status), note: one(b.note), reason: one(b.reason) };
    const r = await runForm(
      reply,
      () =>
        services.statuses.record({
          by: a,
          projectId: project.id,
          input: { ...values, reason: values.reason || undefined, version: one(b.version) || undefined },
        }),
      {
        template: 'projects/views/status-form.njk',
        model: {
          title: `Status for ${s.period.name}: ${project.title}`,
          project,
          period: s.period,
          current: s.current,
          version: one(b.version),
          noteMax: NOTE_MAX,
          values,
        },
      },
    );
    if (!r.ok) return reply;
    setFlash(reply, `Status for ${s.period.name} saved: ${DELIVERY_STATUS_LABELS[r.value.status as DeliveryStatus]}.`);
    return reply.redirect(`/projects/${project.id}`, 303);
  });
}
