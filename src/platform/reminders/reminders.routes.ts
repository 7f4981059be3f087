import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userDate } from '../dates.js';
import { londonDate } from '../db/time.js';
import { actor, type Body, bodyOf, one, runForm, setFlash, takeFlash } from '../web/forms.js';
import type { RemindersService } from './reminders.service.js';

const admin = { config: { access: 'admin' as const } };
const V = 'platform/reminders/views';
type KindReq = FastifyRequest<{ Params: { kind: string } }>;

/** The office's reminder emails: each kind on or off, and who gets it (admins only). */
export async function registerReminderRoutes(app: FastifyInstance, { reminders }: { reminders: RemindersService }) {
  const whoGets = (recipients: string[]) => (recipients.length ? recipients.join(', ') : 'The office’s editors and admins');
  app.get('/admin/reminders', admin, async (req, reply) => {
    const kinds = (await reminders.settingsFor(actor(req).officeId)).map((k) => ({
      ...k,
      who: whoGets(k.recipients),
      lastSent: k.lastSentAt ? userDate(londonDate(new Date(k.lastSentAt))) : 'Never',
    }));
    return reply.page(`${V}/list.njk`, { title: 'Reminder emails', mailConfigured: reminders.mailConfigured(), kinds, flash: takeFlash(req, reply) });
  });

  const formModel = async (officeId: string, kind: string, values?: Body) => {
    const k = (await reminders.settingsFor(officeId)).find((x) => x.kind === reminders.kind(kind).kind);
    if (!k) throw new Error('unreachable: a registered kind has a setting');
    return {
      title: `Reminder emails: ${k.label}`,
      kind: k,
      mailConfigured: reminders.mailConfigured(),
      values: values ?? { enabled: String(k.enabled), recipients: k.recipients.join(', '), reason: '' },
    };
  };
  app.get('/admin/reminders/:kind', admin, async (req: KindReq, reply) => reply.page(`${V}/form.njk`, await formModel(actor(req).officeId, req.params.kind)));
  app.post('/admin/reminders/:kind', admin, async (req: KindReq, reply) => {
    const a = actor(req);
    const kind = reminders.kind(req.params.kind);
    const b = bodyOf(req);
    const input = { enabled: one(b.enabled), recipients: one(b.recipients), reason: one(b.reason) };
    const r = await runForm(reply, () => reminders.saveSetting({ by: a, kind: kind.kind, input }), {
      template: `${V}/form.njk`,
      model: await formModel(a.officeId, kind.kind, input),
    });
    if (!r.ok) return reply;
    setFlash(reply, r.value.enabled ? `${kind.label}: reminders on, sent to ${whoGets(r.value.recipients)}.` : `${kind.label}: reminders off.`);
    return reply.redirect('/admin/reminders', 303);
  });
}
