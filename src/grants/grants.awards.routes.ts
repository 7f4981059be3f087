// After the award (issue 14): declining a bid by decision, the award and decline letters (Word and
// PDF through the shared renderers), the award's page with its payment schedule and payments made, the
// monitoring returns due and received, variations and the evaluation, the money totals, and the
// office's 360Giving settings. The rules are the service's; these handlers parse and render.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderDocx } from '../documents/docx.js';
import { standaloneHtml } from '../documents/html.js';
import { renderPdf } from '../documents/pdf.js';
import type { AuthService } from '../platform/auth/auth.service.js';
import { onDateBoxes, userDate, withDatesChecked } from '../platform/dates.js';
import { DomainError, notFound } from '../platform/errors.js';
import { actor, type Body, bodyOf, isUuid, one, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import { awardLetter, declineLetter } from './grants.letters.js';
import { historyView } from './grants.present.js';
import { pounds } from './grants.rules.js';
import {
  declineSchema,
  evaluationSchema,
  paymentMadeSchema,
  paymentScheduleSchema,
  returnDueSchema,
  returnReceivedSchema,
  variationSchema,
} from './grants.schemas.js';
import type { GrantsService } from './grants.service.js';

type Req = FastifyRequest<{ Params: { id: string }; Body: Body }>;
const V = 'grants/views';
const typed = (body: Body, keys: string[]) => Object.fromEntries(keys.map((k) => [k, one(body[k])]));
const dateBoxes = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`];

/** A form on a page with another form: its fields carry a prefix on the page, the service's names inside. */
export async function renamed<T>(map: Record<string, string>, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError(
      e.code,
      e.message,
      e.fields.map((f) => ({ ...f, field: map[f.field] ?? f.field })),
      e.details,
    );
  }
}

export async function registerGrantAwardRoutes(
  app: FastifyInstance,
  { services, chromiumPath }: { services: { auth: AuthService; grants: GrantsService }; chromiumPath: string },
) {
  const { grants, auth } = services;
  const viewer = { config: { access: 'viewer' as const } };
  const editor = { config: { access: 'editor' as const } };
  const admin = { config: { access: 'admin' as const } };
  const checkId = (what: string) => async (req: Req) => {
    if (!isUuid(req.params.id)) throw notFound(what);
  };
  const officeName = async (officeId: string) => (await auth.listOffices()).find((o) => o.id === officeId)?.name ?? '';

  // ---- Declining a bid by a decision -----------------------------------------------------------
  app.post('/grants/bids/:id/decline', { ...editor, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const a = actor(req);
    const bid = await grants.getBidFor(a, req.params.id);
    const body = bodyOf(req);
    const values = { ...typed(body, ['declineReference', 'declineReasons', ...dateBoxes('declinedOn')]) };
    const done = await runForm(
      reply,
      () =>
        renamed({ reference: 'declineReference', reasons: 'declineReasons' }, () =>
          onDateBoxes(['declinedOn'], async () =>
            grants.decline({
              by: a,
              bidId: bid.id,
              input: withDatesChecked(body, { declinedOn: { label: 'Date of the decision' } }, declineSchema, {
                reference: values.declineReference,
                reasons: values.declineReasons,
              }),
            }),
          ),
        ),
      { template: `${V}/decline.njk`, model: { title: `Decline bid ${bid.reference}`, bid, values } },
    );
    if (!done.ok) return reply;
    setFlash(
      reply,
      `Bid ${bid.reference} declined. The decision notice ${done.value.decision.reference} is drafted in the register; the applicant and the reasons are in its exempt part.`,
    );
    return reply.redirect(`/decisions/${done.value.decision.id}`, 303);
  });
  app.get('/grants/bids/:id/decline', { ...editor, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const bid = await grants.getBidFor(actor(req), req.params.id);
    return reply.page(`${V}/decline.njk`, { title: `Decline bid ${bid.reference}`, bid, values: { declineReasons: bid.recommendationReasons ?? '' } });
  });

  // ---- Letters -------------------------------------------------------------------------------------
  async function letterOf(officeId: string, bidId: string) {
    const bid = await grants.getBid(officeId, bidId);
    const { round, fund } = await grants.getRound(officeId, bid.roundId);
    const office = { name: await officeName(officeId) };
    const award = await grants.awardOfBid(officeId, bid.id);
    if (award) {
      const d = await grants.awardDetail(officeId, award.id);
      return awardLetter({ office, bid, fund, round, award, payments: d.payments, returns: d.returns });
    }
    const decline = await grants.declineOfBid(officeId, bid.id);
    if (decline) return declineLetter({ office, bid, fund, round, decline });
    throw new DomainError('grant_award.not_found', `Bid ${bid.reference} has been neither awarded nor declined: there is no letter yet.`);
  }
  for (const format of ['docx', 'pdf'] as const)
    app.get(`/grants/bids/:id/letter.${format}`, { ...viewer, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
      const a = actor(req);
      const bid = await grants.getBidFor(a, req.params.id);
      const doc = await letterOf(a.officeId, bid.id);
      const body = format === 'docx' ? await renderDocx(doc) : await renderPdf(standaloneHtml(doc), { chromiumPath });
      return reply
        .header('content-type', format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf')
        .header('content-disposition', `attachment; filename="letter-${bid.reference.replace(/[^A-Za-z0-9-]/g, '-')}.${format}"`)
        .header('cache-control', 'no-store')
        .send(body);
    });

  // ---- The award's page: payments, returns --------------------------------------------------------
  const awardModel = async (officeId: string, id: string, extra: Record<string, unknown> = {}) => {
    const d = await grants.awardDetail(officeId, id);
    const { round, fund } = await grants.getRound(officeId, d.award.roundId);
    return {
      title: `Grant to ${d.award.recipientName}`,
      award: {
        ...d.award,
        amount: pounds(d.award.amountPence),
        amountsText: d.award.amounts.map((y) => `${pounds(y.pence)} in ${y.year}`).join(', '),
        awardedOnText: userDate(d.award.awardedOn),
        planned:
          d.award.plannedStart || d.award.plannedEnd
            ? `${d.award.plannedStart ? userDate(d.award.plannedStart) : 'Not set'} to ${d.award.plannedEnd ? userDate(d.award.plannedEnd) : 'not set'}`
            : 'Not set',
        evaluatedOnText: d.award.evaluatedOn ? userDate(d.award.evaluatedOn) : '',
      },
      bid: d.bid,
      fund,
      round: { ...round, spendByText: userDate(round.spendBy) },
      paid: pounds(d.paidPence),
      scheduled: pounds(d.scheduledPence),
      toPay: pounds(d.award.amountPence - d.paidPence),
      payments: d.payments.map((p) => ({
        ...p,
        due: userDate(p.dueOn),
        amount: pounds(p.amountPence),
        paidText: p.paidOn ? `${pounds(p.paidPence ?? 0)} on ${userDate(p.paidOn)}` : '',
      })),
      returns: d.returns.map((r) => ({
        ...r,
        due: userDate(r.dueOn),
        state: r.receivedOn ? `Received on ${userDate(r.receivedOn)}` : r.dueOn < d.today ? 'Overdue' : 'Due',
        tag: r.receivedOn ? 'green' : r.dueOn < d.today ? 'red' : 'blue',
      })),
      history: historyView(d.history),
      values: {},
      ...extra,
    };
  };
  app.get('/grants/awards/:id', { ...viewer, preHandler: checkId('grant_award') }, async (req: Req, reply) => {
    const a = actor(req);
    return reply.page(`${V}/award.njk`, { ...(await awardModel(a.officeId, req.params.id)), flash: takeFlash(req, reply) });
  });
  app.post('/grants/awards/:id/payments', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const values = typed(body, ['amount', 'note', ...dateBoxes('dueOn')]);
    const done = await runForm(
      reply,
      () =>
        onDateBoxes(['dueOn'], async () =>
          grants.schedulePayment({
            by: a,
            awardId: req.params.id,
            input: withDatesChecked(body, { dueOn: { label: 'Date the payment is due' } }, paymentScheduleSchema, { amount: values.amount, note: values.note }),
          }),
        ),
      { template: `${V}/award.njk`, model: await awardModel(a.officeId, req.params.id, { values }), dateFields: ['dueOn'] },
    );
    if (!done.ok) return reply;
    setFlash(reply, `Payment of ${pounds(done.value.amountPence)} scheduled for ${userDate(done.value.dueOn)}.`);
    return reply.redirect(`/grants/awards/${req.params.id}`, 303);
  });
  app.post('/grants/awards/:id/returns', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const values = typed(body, ['returnTitle', ...dateBoxes('returnDueOn')]);
    const done = await runForm(
      reply,
      () =>
        renamed({ title: 'returnTitle', dueOn: 'returnDueOn' }, () =>
          onDateBoxes(['dueOn'], async () =>
            grants.addReturn({
              by: a,
              awardId: req.params.id,
              input: withDatesChecked(
                Object.fromEntries(dateBoxes('returnDueOn').map((k) => [k.replace('returnDueOn', 'dueOn'), body[k]])),
                { dueOn: { label: 'Date the return is due' } },
                returnDueSchema,
                { title: values.returnTitle },
              ),
            }),
          ),
        ),
      { template: `${V}/award.njk`, model: await awardModel(a.officeId, req.params.id, { values }), dateFields: ['returnDueOn'] },
    );
    if (!done.ok) return reply;
    setFlash(reply, `${done.value.title} is due on ${userDate(done.value.dueOn)}.`);
    return reply.redirect(`/grants/awards/${req.params.id}`, 303);
  });

  // A payment made, a return received: a page each (one form, one set of field ids).
  const paymentModel = async (officeId: string, id: string, values: Record<string, unknown>) => {
    const p = await grants.payment(officeId, id);
    const award = await grants.getAward(officeId, p.awardId);
    return {
      title: `Record a payment to ${award.recipientName}`,
      award,
      payment: { ...p, due: userDate(p.dueOn), amount: pounds(p.amountPence) },
      values: { amount: (p.amountPence / 100).toFixed(2), version: String(p.version), ...values },
    };
  };
  app.get('/grants/payments/:id', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) =>
    reply.page(`${V}/payment.njk`, await paymentModel(actor(req).officeId, req.params.id, {})),
  );
  app.post('/grants/payments/:id', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const values = typed(body, ['amount', 'note', 'version', ...dateBoxes('paidOn')]);
    const model = await paymentModel(a.officeId, req.params.id, values);
    const done = await runForm(
      reply,
      () =>
        onDateBoxes(['paidOn'], async () =>
          grants.recordPayment({
            by: a,
            paymentId: req.params.id,
            input: withDatesChecked(body, { paidOn: { label: 'Date it was paid' } }, paymentMadeSchema, {
              amount: values.amount,
              note: values.note,
              version: Number(values.version),
            }),
          }),
        ),
      { template: `${V}/payment.njk`, model, dateFields: ['paidOn'] },
    );
    if (!done.ok) return reply;
    setFlash(reply, `Payment of ${pounds(done.value.paidPence ?? 0)} recorded as paid on ${userDate(done.value.paidOn as string)}.`);
    return reply.redirect(`/grants/awards/${done.value.awardId}`, 303);
  });
  const returnModel = async (officeId: string, id: string, values: Record<string, unknown>) => {
    const r = await grants.monitoringReturn(officeId, id);
    const award = await grants.getAward(officeId, r.awardId);
    return {
      title: `${r.title}: ${award.recipientName}`,
      award,
      ret: { ...r, due: userDate(r.dueOn) },
      values: { version: String(r.version), ...values },
    };
  };
  app.get('/grants/returns/:id', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) =>
    reply.page(`${V}/return.njk`, await returnModel(actor(req).officeId, req.params.id, {})),
  );
  app.post('/grants/returns/:id', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const values = typed(body, ['summary', 'version', ...dateBoxes('receivedOn')]);
    const model = await returnModel(a.officeId, req.params.id, values);
    const done = await runForm(
      reply,
      () =>
        onDateBoxes(['receivedOn'], async () =>
          grants.receiveReturn({
            by: a,
            returnId: req.params.id,
            input: withDatesChecked(body, { receivedOn: { label: 'Date it was received' } }, returnReceivedSchema, {
              summary: values.summary,
              version: Number(values.version),
            }),
          }),
        ),
      { template: `${V}/return.njk`, model, dateFields: ['receivedOn'] },
    );
    if (!done.ok) return reply;
    setFlash(reply, `${done.value.title} recorded as received on ${userDate(done.value.receivedOn as string)}.`);
    return reply.redirect(`/grants/awards/${done.value.awardId}`, 303);
  });

  // ---- Variation and evaluation ----------------------------------------------------------------------
  const varyModel = async (officeId: string, id: string, values?: Record<string, unknown>) => {
    const award = await grants.getAward(officeId, id);
    const v: Record<string, unknown> = values ?? { version: String(award.version), conditions: award.conditions };
    if (!values) {
      award.amounts.forEach((y, i) => {
        v[`year${i + 1}`] = y.year;
        v[`amount${i + 1}`] = (y.pence / 100).toFixed(2);
      });
      for (const [name, d] of [
        ['plannedStart', award.plannedStart],
        ['plannedEnd', award.plannedEnd],
      ] as const)
        if (d) {
          const [y, m, dd] = d.split('-');
          Object.assign(v, { [`${name}-day`]: String(+dd), [`${name}-month`]: String(+m), [`${name}-year`]: y });
        }
    }
    return { title: `Vary the grant to ${award.recipientName}`, award: { ...award, amount: pounds(award.amountPence) }, values: v };
  };
  app.get('/grants/awards/:id/vary', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) =>
    reply.page(`${V}/vary.njk`, await varyModel(actor(req).officeId, req.params.id)),
  );
  app.post('/grants/awards/:id/vary', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const values = typed(body, [
      'conditions',
      'reason',
      'version',
      ...dateBoxes('plannedStart'),
      ...dateBoxes('plannedEnd'),
      ...[1, 2, 3].flatMap((i) => [`year${i}`, `amount${i}`]),
    ]);
    const amounts: { year: string; amount: string }[] = [];
    for (let i = 1; i <= 3; i++)
      if (values[`year${i}`].trim() || values[`amount${i}`].trim()) amounts.push({ year: values[`year${i}`], amount: values[`amount${i}`] });
    const done = await runForm(
      reply,
      () =>
        onDateBoxes(['plannedStart', 'plannedEnd'], async () =>
          grants.vary({
            by: a,
            awardId: req.params.id,
            input: withDatesChecked(body, { plannedStart: { label: 'Planned start date' }, plannedEnd: { label: 'Planned end date' } }, variationSchema, {
              amounts,
              conditions: values.conditions,
              reason: values.reason,
              version: Number(values.version),
            }),
          }),
        ),
      { template: `${V}/vary.njk`, model: await varyModel(a.officeId, req.params.id, values), dateFields: ['plannedStart', 'plannedEnd'] },
    );
    if (!done.ok) return reply;
    setFlash(reply, `The grant is varied: now ${pounds(done.value.amountPence)}.`);
    return reply.redirect(`/grants/awards/${req.params.id}`, 303);
  });
  const evaluateModel = async (officeId: string, id: string, values?: Record<string, unknown>) => {
    const award = await grants.getAward(officeId, id);
    return {
      title: `Evaluation of the grant to ${award.recipientName}`,
      award,
      values: values ?? { version: String(award.version), evaluation: award.evaluation ?? '' },
    };
  };
  app.get('/grants/awards/:id/evaluation', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) =>
    reply.page(`${V}/evaluation.njk`, await evaluateModel(actor(req).officeId, req.params.id)),
  );
  app.post('/grants/awards/:id/evaluation', { ...editor, preHandler: checkId('grant_award') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const values = typed(body, ['evaluation', 'version', ...dateBoxes('evaluatedOn')]);
    const done = await runForm(
      reply,
      () =>
        onDateBoxes(['evaluatedOn'], async () =>
          grants.evaluate({
            by: a,
            awardId: req.params.id,
            input: withDatesChecked(body, { evaluatedOn: { label: 'Date of the evaluation' } }, evaluationSchema, {
              evaluation: values.evaluation,
              version: Number(values.version),
            }),
          }),
        ),
      { template: `${V}/evaluation.njk`, model: await evaluateModel(a.officeId, req.params.id, values), dateFields: ['evaluatedOn'] },
    );
    if (!done.ok) return reply;
    setFlash(reply, 'The evaluation is recorded.');
    return reply.redirect(`/grants/awards/${req.params.id}`, 303);
  });

  // ---- Totals, settings ----------------------------------------------------------------------------
  app.get('/grants/totals', viewer, async (req: Req, reply) => {
    const t = await grants.totals(actor(req).officeId);
    const money = (p: number | null) => (p === null ? 'No pot of its own' : pounds(p));
    const rows = (ls: (typeof t)['byFund']) =>
      ls.map((l) => ({ key: l.key, pot: money(l.potPence), awarded: pounds(l.awardedPence), paid: pounds(l.paidPence), remaining: money(l.remainingPence) }));
    return reply.page(`${V}/totals.njk`, {
      title: 'Grant money: pot, awarded, paid and remaining',
      all: rows([t.all])[0],
      byFund: rows(t.byFund),
      byYear: rows(t.byYear),
      byPriority: rows(t.byPriority),
    });
  });
  app.get('/grants/settings', admin, async (req: Req, reply) => {
    const a = actor(req);
    const s = await grants.settings(a.officeId);
    return reply.page(`${V}/settings.njk`, {
      title: '360Giving settings',
      flash: takeFlash(req, reply),
      current: s ?? null,
      values: { givingPrefix: s?.givingPrefix ?? '', publisherWebsite: s?.publisherWebsite ?? '' },
    });
  });
  app.post('/grants/settings', admin, async (req: Req, reply) => {
    const a = actor(req);
    const values = typed(bodyOf(req), ['givingPrefix', 'publisherWebsite']);
    const done = await runForm(reply, () => grants.saveSettings({ by: a, input: values }), {
      template: `${V}/settings.njk`,
      model: { title: '360Giving settings', current: (await grants.settings(a.officeId)) ?? null, values },
    });
    if (!done.ok) return reply;
    setFlash(reply, `The office’s 360Giving prefix is now ${done.value.givingPrefix}.`);
    return reply.redirect('/grants/settings', 303);
  });
}
