// The admin's Specified Information checklist (issue 16): every item of the Order with where it
// stands, and a form per item for the link the office publishes it at elsewhere, with its history.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withDatesChecked } from '../platform/dates.js';
import { actor, type Body, bodyOf, one, partsOf, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import { specifiedLinkSchema } from './specified.schemas.js';
import type { SpecifiedService } from './specified.service.js';

const admin = { config: { access: 'admin' as const } };
type ItemReq = FastifyRequest<{ Params: { item: string } }>;
const V = (name: string) => `transparency/views/${name}.njk`;
const STATE_TAGS = { product: 'govuk-tag--green', elsewhere: 'govuk-tag--blue', missing: 'govuk-tag--red' } as const;

export async function registerSpecifiedRoutes(app: FastifyInstance, { services }: { services: { specified: SpecifiedService } }) {
  const { specified } = services;

  app.get('/admin/specified-information', admin, async (req, reply) => {
    const items = (await specified.checklist(actor(req).officeId)).map((i) => ({ ...i, stateTag: STATE_TAGS[i.state] }));
    const groups = [...new Set(items.map((i) => i.group))].map((g) => ({ name: g, items: items.filter((i) => i.group === g) }));
    return reply.page(V('specified'), {
      title: 'Specified Information checklist',
      groups,
      missing: items.filter((i) => i.state === 'missing').length,
      overdue: items.filter((i) => i.overdue && i.state !== 'missing').length,
      flash: takeFlash(req, reply),
    });
  });

  const formModel = async (officeId: string, item: string, values: Body) => {
    const i = await specified.item(officeId, item);
    return { title: i.text, i: { ...i, stateTag: STATE_TAGS[i.state] }, values };
  };
  app.get('/admin/specified-information/:item', admin, async (req: ItemReq, reply) => {
    const a = actor(req);
    const current = (await specified.item(a.officeId, req.params.item)).elsewhere;
    const values: Body = { url: current?.url ?? '', ...partsOf('updatedOn', current?.updatedOn) };
    return reply.page(V('specified-item'), await formModel(a.officeId, req.params.item, values));
  });
  app.post('/admin/specified-information/:item', admin, async (req: ItemReq, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const model = await formModel(a.officeId, req.params.item, b);
    const r = await runForm(
      reply,
      () =>
        specified.setLink({
          by: a,
          item: req.params.item,
          input: withDatesChecked(b, { updatedOn: { label: 'Date it was last updated' } }, specifiedLinkSchema, {
            url: one(b.url),
            reason: one(b.reason),
          }),
        }),
      { template: V('specified-item'), model, dateFields: ['updatedOn'] },
    );
    if (!r.ok) return reply;
    setFlash(reply, `Saved: ${model.i.text}.`);
    return reply.redirect('/admin/specified-information', 303);
  });
}
