import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../platform/auth/auth.service.js';
import { onDateBoxes, userDate, withDatesChecked, withIsoDates } from '../platform/dates.js';
import { Readable } from 'node:stream';
import { registerGrantAwardRoutes, renamed } from './grants.awards.routes.js';
import { DomainError, notFound } from '../platform/errors.js';
import { actor, type Body, bodyOf, handleForm, isUuid, many, officeOfPage, one, runForm, sessionCounter, setFlash, takeFlash } from '../platform/web/forms.js';
import {
  awardFormValues,
  awardRowView,
  awardView,
  bidFormValues,
  bidView,
  historyView,
  moderationRowsHtml,
  ROUND_STATE,
  roundFormValues,
  roundView,
} from './grants.present.js';
import { financialYearOf, londonMoment, londonParts, ORGANISATION_TYPES, type Rules, rulesInWords } from './grants.rules.js';
import { awardSchema, roundInputSchema, roundUpdateSchema } from './grants.schemas.js';
import { giving360, giving360Chunks, giving360Csv, giving360Xlsx } from './grants.giving.js';
import type { GrantsService } from './grants.service.js';

type Req = FastifyRequest<{ Params: { id: string; officeSlug: string; secret: string }; Querystring: Record<string, string>; Body: Body }>;
const V = 'grants/views';
/** Rows of the moderation table a page shows. */
const MODERATION_PAGE = 100;

const ROUND_DATES = {
  opensOn: { label: 'Date bids open' },
  closesOn: { label: 'Closing date' },
  spendBy: { label: 'Date the money must be spent by' },
};
const RECEIVED = { receivedOn: { label: 'Date received' } };
const AWARD_DATES = { awardedOn: { label: 'Date of the decision' } };

/** The round form's answers as the service takes them. */
function roundInput(body: Body) {
  const b = body as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of [
    'name',
    'opensTime',
    'closesTime',
    'pot',
    'minBid',
    'maxBid',
    'maxSharePercent',
    'maxYears',
    'staffCostsAllowed',
    'subFundingAllowed',
    'eligibleOrganisations',
    'priorities',
    'criteria',
    'endorsementBy',
    'evaluationRequired',
    'reason',
  ])
    out[k] = one(b[k] as string | string[] | undefined);
  out.eligibleTypes = many(body.eligibleTypes);
  if (body.version !== undefined) out.version = Number(one(body.version));
  // Wrong dates are reported with every other problem at once.
  return withDatesChecked(body, ROUND_DATES, body.version !== undefined ? roundUpdateSchema : roundInputSchema, out);
}

/** The bid form's answers: one row a financial year (yearN, amountN), blank rows left out. */
export function bidInput(body: Body, extra: string[] = []) {
  const out: Record<string, unknown> = {};
  for (const k of [
    'organisationName',
    'organisationType',
    'contactName',
    'contactEmail',
    'title',
    'purpose',
    'totalCost',
    'otherFunding',
    'staffCosts',
    'subFunding',
    'endorsedBy',
    'evaluationPlan',
    ...extra,
  ])
    out[k] = one(body[k]);
  if (!out.subFunding) out.subFunding = 'no';
  out.priorities = many(body.priorities);
  const amounts: { year: string; amount: string }[] = [];
  for (let i = 1; i <= 5; i++) {
    const year = one(body[`year${i}`]).trim();
    const amount = one(body[`amount${i}`]).trim();
    if (year || amount) amounts.push({ year, amount });
  }
  out.amounts = amounts;
  return out;
}

const typeItems = (chosen: unknown) => {
  const set = new Set(Array.isArray(chosen) ? chosen : chosen ? [chosen] : []);
  return Object.entries(ORGANISATION_TYPES).map(([value, text]) => ({ value, text, checked: set.has(value) }));
};

/** The bid form's choices for a round: the types, its priorities, and a row a fundable year. */
function bidChoices(rules: Rules, opensAt: Date, values: Record<string, unknown>) {
  const firstYear = Number(financialYearOf(londonParts(opensAt).date).slice(0, 4));
  const years = Array.from({ length: rules.maxYears }, (_, i) => `${firstYear + i}/${String((firstYear + i + 1) % 100).padStart(2, '0')}`);
  const chosen = new Set(many(values.priorities as string[]));
  return {
    types: [{ value: '', text: 'Choose a type' }, ...Object.entries(ORGANISATION_TYPES).map(([value, text]) => ({ value, text }))],
    priorityItems: rules.priorities.map((p) => ({ value: p, text: p, checked: chosen.has(p) })),
    yearRows: years.map((y, i) => ({ n: i + 1, hint: y })),
  };
}

export async function registerGrantRoutes(app: FastifyInstance, deps: { services: { auth: AuthService; grants: GrantsService }; chromiumPath: string }) {
  const { grants, auth } = deps.services;
  await registerGrantAwardRoutes(app, deps);
  const viewer = { config: { access: 'viewer' as const } };
  const editor = { config: { access: 'editor' as const } };
  const pub = { config: { access: 'public' as const } };
  const checkId = (what: string) => async (req: Req) => {
    if (!isUuid(req.params.id)) throw notFound(what);
  };

  // ---- Funds --------------------------------------------------------------------------------
  app.get('/grants', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const [funds, rounds] = await Promise.all([grants.listFunds(a.officeId), grants.listRounds(a.officeId)]);
    return reply.page(`${V}/list.njk`, {
      title: 'Grant funds',
      flash: takeFlash(req, reply),
      funds: funds.map((f) => ({
        ...f,
        rounds: rounds.filter((r) => r.fundId === f.id).map((r) => ({ ...roundView(r), stateLabel: ROUND_STATE[r.state], submitted: r.submitted })),
      })),
    });
  });

  const fundForm = { template: `${V}/fund-form.njk`, model: { title: 'New grant fund', values: {} as Record<string, unknown> } };
  app.get('/grants/funds/new', editor, async (_req, reply) => reply.page(fundForm.template, fundForm.model));
  app.post('/grants/funds/new', editor, async (req: Req, reply) => {
    const input = { code: one(req.body?.code), name: one(req.body?.name), description: one(req.body?.description), reason: one(req.body?.reason) };
    const f = await handleForm(reply, () => grants.createFund({ by: actor(req), input }), { ...fundForm, model: { ...fundForm.model, values: input } });
    if (!f) return reply;
    setFlash(reply, `Fund ${f.name} created. Add its first round.`);
    return reply.redirect(`/grants/funds/${f.id}`, 303);
  });

  app.get('/grants/funds/:id', { ...viewer, preHandler: checkId('grant_fund') }, async (req: Req, reply) => {
    const a = actor(req);
    const fund = await grants.getFund(a.officeId, req.params.id);
    const [rounds, awards, history] = await Promise.all([
      grants.listRounds(a.officeId, fund.id),
      grants.awardsOfFund(a.officeId, fund.id),
      grants.history(a.officeId, fund.id),
    ]);
    return reply.page(`${V}/fund.njk`, {
      title: fund.name,
      flash: takeFlash(req, reply),
      fund,
      awards: awards.map(awardRowView),
      rounds: rounds.map((r) => ({ ...roundView(r), stateLabel: ROUND_STATE[r.state], submitted: r.submitted, drafts: r.drafts })),
      history: historyView(history),
    });
  });

  // ---- Rounds -------------------------------------------------------------------------------
  const roundModel = (title: string, action: string, values: Record<string, unknown>, back: string) => ({
    title,
    action,
    back,
    values,
    typeItems: typeItems(values.eligibleTypes),
  });
  app.get('/grants/funds/:id/rounds/new', { ...editor, preHandler: checkId('grant_fund') }, async (req: Req, reply) => {
    const fund = await grants.getFund(actor(req).officeId, req.params.id);
    const values = { opensTime: '9am', closesTime: '5pm', maxYears: '1', staffCostsAllowed: 'yes', subFundingAllowed: 'no', evaluationRequired: 'no' };
    return reply.page(
      `${V}/round-form.njk`,
      roundModel(`New round of the ${fund.name}`, `/grants/funds/${fund.id}/rounds/new`, values, `/grants/funds/${fund.id}`),
    );
  });
  app.post('/grants/funds/:id/rounds/new', { ...editor, preHandler: checkId('grant_fund') }, async (req: Req, reply) => {
    const a = actor(req);
    const fund = await grants.getFund(a.officeId, req.params.id);
    const body = bodyOf(req);
    const r = await handleForm(
      reply,
      () => onDateBoxes(Object.keys(ROUND_DATES), async () => grants.createRound({ by: a, fundId: fund.id, input: roundInput(body) })),
      {
        template: `${V}/round-form.njk`,
        model: roundModel(`New round of the ${fund.name}`, `/grants/funds/${fund.id}/rounds/new`, body, `/grants/funds/${fund.id}`),
      },
    );
    if (!r) return reply;
    setFlash(reply, `Round ${r.name} created.`);
    return reply.redirect(`/grants/rounds/${r.id}`, 303);
  });

  app.get('/grants/rounds/:id', { ...viewer, preHandler: checkId('grant_round') }, async (req: Req, reply) => {
    const a = actor(req);
    const { round, fund, rules } = await grants.getRound(a.officeId, req.params.id);
    const [bids, history, assessors, users] = await Promise.all([
      grants.listBids(a.officeId, round.id),
      grants.history(a.officeId, round.id),
      grants.assessors(a.officeId, round.id),
      auth.listUsers(a.officeId),
    ]);
    const assigned = new Set(assessors.map((x) => x.userId));
    const me = assigned.has(a.userId ?? '');
    return reply.page(`${V}/round.njk`, {
      title: `${fund.name}: ${round.name}`,
      flash: takeFlash(req, reply),
      fund,
      round: roundView(round),
      stateLabel: ROUND_STATE[grants.stateOf(round)],
      rules: rulesInWords(rules, round),
      bids: bids.map(bidView),
      assessors,
      iAssess: me,
      userChoices: [
        { value: '', text: 'Choose a person' },
        ...users.filter((u) => !assigned.has(u.id) && !u.disabled).map((u) => ({ value: u.id, text: u.name })),
      ],
      history: historyView(history),
    });
  });

  app.get('/grants/rounds/:id/edit', { ...editor, preHandler: checkId('grant_round') }, async (req: Req, reply) => {
    const { round, fund, rules } = await grants.getRound(actor(req).officeId, req.params.id);
    return reply.page(`${V}/round-form.njk`, {
      ...roundModel(`Change ${fund.name}: ${round.name}`, `/grants/rounds/${round.id}/edit`, roundFormValues(round, rules), `/grants/rounds/${round.id}`),
      editing: true,
    });
  });
  app.post('/grants/rounds/:id/edit', { ...editor, preHandler: checkId('grant_round') }, async (req: Req, reply) => {
    const a = actor(req);
    const { round, fund } = await grants.getRound(a.officeId, req.params.id);
    const body = bodyOf(req);
    const r = await handleForm(
      reply,
      () => onDateBoxes(Object.keys(ROUND_DATES), async () => grants.updateRound({ by: a, id: round.id, input: roundInput(body) })),
      {
        template: `${V}/round-form.njk`,
        model: { ...roundModel(`Change ${fund.name}: ${round.name}`, `/grants/rounds/${round.id}/edit`, body, `/grants/rounds/${round.id}`), editing: true },
      },
    );
    if (!r) return reply;
    setFlash(
      reply,
      r.rulesVersion !== round.rulesVersion
        ? `Round changed: its rules are now version ${r.rulesVersion}. Bids already in keep the version they were judged by.`
        : 'Round changed.',
    );
    return reply.redirect(`/grants/rounds/${r.id}`, 303);
  });

  // ---- Bids (officers) ------------------------------------------------------------------------
  const officerBidModel = async (officeId: string, roundId: string, values: Record<string, unknown>) => {
    const { round, fund, rules } = await grants.getRound(officeId, roundId);
    return {
      title: `Enter a bid received for the ${fund.name}`,
      action: `/grants/rounds/${round.id}/bids/new`,
      back: `/grants/rounds/${round.id}`,
      officer: true,
      values,
      closes: londonMoment(round.closesAt),
      ...bidChoices(rules, round.opensAt, values),
    };
  };
  app.get('/grants/rounds/:id/bids/new', { ...editor, preHandler: checkId('grant_round') }, async (req: Req, reply) =>
    reply.page(`${V}/bid-form.njk`, await officerBidModel(actor(req).officeId, req.params.id, { subFunding: 'no' })),
  );
  app.post('/grants/rounds/:id/bids/new', { ...editor, preHandler: checkId('grant_round') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const model = await officerBidModel(a.officeId, req.params.id, body);
    const b = await handleForm(
      reply,
      () =>
        onDateBoxes(['receivedOn'], async () =>
          grants.enterBid({
            by: a,
            roundId: req.params.id,
            input: withIsoDates(
              {
                ...bidInput(body, ['receivedTime', 'lateReason']),
                recordIneligible: one(body.recordIneligible) === 'yes' ? 'yes' : 'no',
                ...pick(body, ['receivedOn-day', 'receivedOn-month', 'receivedOn-year']),
              },
              RECEIVED,
            ),
          }),
        ),
      { template: `${V}/bid-form.njk`, model },
    );
    if (!b) return reply;
    setFlash(reply, `Bid ${b.reference} entered.`);
    return reply.redirect(`/grants/bids/${b.id}`, 303);
  });

  app.get('/grants/bids/:id', { ...viewer, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const a = actor(req);
    const bid = await grants.getBidFor(a, req.params.id);
    const { round, fund } = await grants.getRound(a.officeId, bid.roundId);
    const [breaches, history, award, decline] = await Promise.all([
      grants.breaches(a.officeId, bid),
      grants.history(a.officeId, bid.id),
      grants.awardOfBid(a.officeId, bid.id),
      grants.declineOfBid(a.officeId, bid.id),
    ]);
    return reply.page(`${V}/bid.njk`, {
      title: `Bid ${bid.reference}`,
      flash: takeFlash(req, reply),
      bid: bidView(bid),
      fund,
      round: roundView(round),
      breaches,
      canAcceptLate: bid.status === 'draft' && grants.stateOf(round) === 'closed' && a.role !== 'viewer',
      history: historyView(history),
      award: award && awardView(award),
      decline: decline && { ...decline, declinedOnText: userDate(decline.declinedOn) },
      values: {},
      awardValues: awardFormValues(bid),
    });
  });
  // Awarding by a decision: the notice is drafted in the register, and the page goes to it.
  app.post('/grants/bids/:id/award', { ...editor, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const a = actor(req);
    const bid = await grants.getBidFor(a, req.params.id);
    const { round, fund } = await grants.getRound(a.officeId, bid.roundId);
    const body = req.body ?? {};
    const typed: Record<string, string> = {};
    for (const k of ['reference', 'purpose', 'conditions', 'reasons', 'recipientOrgId', 'existingNotice']) typed[k] = one(body[k]);
    const amounts: { year: string; amount: string }[] = [];
    for (let i = 1; i <= 5; i++) {
      typed[`year${i}`] = one(body[`year${i}`]).trim();
      typed[`amount${i}`] = one(body[`amount${i}`]).trim();
      if (typed[`year${i}`] || typed[`amount${i}`]) amounts.push({ year: typed[`year${i}`], amount: typed[`amount${i}`] });
    }
    for (const k of ['awardedOn-day', 'awardedOn-month', 'awardedOn-year']) typed[k] = one(body[k]);
    const done = await runForm(
      reply,
      () =>
        onDateBoxes(['awardedOn'], async () =>
          grants.award({
            by: a,
            bidId: bid.id,
            input: withDatesChecked(body, AWARD_DATES, awardSchema, { ...typed, amounts, existingNotice: typed.existingNotice || undefined }),
          }),
        ),
      {
        template: `${V}/bid.njk`,
        model: {
          title: `Bid ${bid.reference}`,
          bid: bidView(bid),
          fund,
          round: roundView(round),
          breaches: await grants.breaches(a.officeId, bid),
          history: historyView(await grants.history(a.officeId, bid.id)),
          values: {},
          awardValues: typed,
        },
        dateFields: ['awardedOn'],
      },
    );
    if (!done.ok) return reply;
    setFlash(
      reply,
      done.value.linked
        ? `Bid ${bid.reference} awarded by decision notice ${done.value.decision.reference}, already in the register: the grant is linked to it.`
        : `Bid ${bid.reference} awarded. The decision notice ${done.value.decision.reference} is drafted in the register: approve and publish it there.`,
    );
    return reply.redirect(`/decisions/${done.value.decision.id}`, 303);
  });
  app.post('/grants/bids/:id/accept-late', { ...editor, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const a = actor(req);
    const bid = await grants.getBid(a.officeId, req.params.id);
    const input = { reason: one(req.body?.reason) };
    const done = await runForm(reply, () => grants.acceptLate({ by: a, id: bid.id, input }), {
      template: `${V}/bid.njk`,
      model: await (async () => {
        const { round, fund } = await grants.getRound(a.officeId, bid.roundId);
        return {
          title: `Bid ${bid.reference}`,
          bid: bidView(bid),
          fund,
          round: roundView(round),
          breaches: await grants.breaches(a.officeId, bid),
          canAcceptLate: true,
          history: historyView(await grants.history(a.officeId, bid.id)),
          values: input,
        };
      })(),
    });
    if (!done.ok) return reply;
    setFlash(reply, `Bid ${bid.reference} accepted late.`);
    return reply.redirect(`/grants/bids/${bid.id}`, 303);
  });

  // ---- Assessment ----------------------------------------------------------------------------------
  app.post('/grants/rounds/:id/assessors', { ...editor, preHandler: checkId('grant_round') }, async (req: Req, reply) => {
    const a = actor(req);
    const { round } = await grants.getRound(a.officeId, req.params.id);
    await grants.assignAssessor({ by: a, roundId: round.id, input: { userId: one(req.body?.userId) } });
    setFlash(reply, 'Assessor assigned.');
    return reply.redirect(`/grants/rounds/${round.id}`, 303);
  });

  const assessModel = async (a: ReturnType<typeof actor>, id: string, values: Record<string, unknown>) => {
    const bid = await grants.getBid(a.officeId, id);
    const state = await grants.assessorState(a, bid);
    if (state === 'not_assessor') throw new DomainError('grant_assessment.forbidden', 'You are not an assessor of this bid’s round.');
    if (state === 'conflicted')
      throw new DomainError('grant_assessment.forbidden', `You declared a conflict of interest with bid ${bid.reference}: you cannot see or score it.`);
    if (state === 'undeclared')
      return { bid, template: `${V}/assess-declare.njk`, model: { title: `Declare on bid ${bid.reference}`, reference: bid.reference, id, values } };
    const r = await grants.assessmentOf({ by: a, bidId: id });
    const mine = new Map(r.scores.map((x) => [x.criterion, x]));
    return {
      bid,
      template: `${V}/assess-score.njk`,
      model: {
        title: `Score bid ${bid.reference}`,
        id,
        bid: bidView(r.bid),
        criteria: r.criteria.map((c, i) => ({
          ...c,
          i,
          score: String(values[`score${i}`] ?? mine.get(c.name)?.score ?? ''),
          comment: String(values[`comment${i}`] ?? mine.get(c.name)?.comment ?? ''),
        })),
      },
    };
  };
  app.get('/grants/assess/:id', { ...viewer, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const m = await assessModel(actor(req), req.params.id, {});
    return reply.page(m.template, { ...m.model, flash: takeFlash(req, reply) });
  });
  app.post('/grants/assess/:id/declaration', { ...viewer, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const a = actor(req);
    const input = { conflicted: one(req.body?.conflicted), note: one(req.body?.note) };
    const m = await assessModel(a, req.params.id, input);
    const done = await runForm(reply, () => grants.declare({ by: a, bidId: req.params.id, input }), { template: m.template, model: m.model });
    if (!done.ok) return reply;
    if (done.value.conflicted) {
      setFlash(reply, 'Your conflict of interest is recorded. You will not see or score this bid.');
      return reply.redirect('/grants', 303);
    }
    // An ineligible bid is not scored: the officer goes on to the bid, to decline it (a declaration
    // leaves the bid's status as the form's model read it).
    if (m.bid.status === 'ineligible') {
      setFlash(reply, 'Your declaration is recorded. This bid breaks a rule of its round: it is not scored, and can be declined.');
      return reply.redirect(`/grants/bids/${req.params.id}`, 303);
    }
    return reply.redirect(`/grants/assess/${req.params.id}`, 303);
  });
  app.post('/grants/assess/:id/scores', { ...viewer, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const a = actor(req);
    const body = bodyOf(req);
    const m = await assessModel(a, req.params.id, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, one(v)])));
    const criteria = (m.model as { criteria?: { name: string; i: number }[] }).criteria ?? [];
    const input = { scores: criteria.map((c) => ({ criterion: c.name, score: one(body[`score${c.i}`]), comment: one(body[`comment${c.i}`]) })) };
    const done = await runForm(reply, () => grants.score({ by: a, bidId: req.params.id, input }), { template: m.template, model: m.model });
    if (!done.ok) return reply;
    setFlash(reply, 'Your scores are saved.');
    return reply.redirect(`/grants/assess/${req.params.id}`, 303);
  });
  app.get('/grants/rounds/:id/moderation', { ...viewer, preHandler: checkId('grant_round') }, async (req: Req, reply) => {
    const a = actor(req);
    // No read while the table is kept (the counter came with the session); its rows' HTML is made once per table.
    const m = await grants.moderation(a.officeId, req.params.id, sessionCounter(req));
    const { round, fund } = m;
    const html = moderationRowsHtml(m);
    // The ranking and running totals are of every bid; the page shows them 100 at a time.
    const pages = Math.max(1, Math.ceil(html.length / MODERATION_PAGE));
    const asked = Number(/^\d{1,6}$/.test(req.query.page ?? '') ? req.query.page : 1);
    const page = Math.min(Math.max(1, asked), pages);
    const url = (p: number) => `/grants/rounds/${round.id}/moderation?page=${p}`;
    return reply.page(`${V}/moderation.njk`, {
      title: `Moderation: ${fund.name}, ${round.name}`,
      round: roundView(round),
      fund,
      years: m.years,
      count: html.length,
      pagination:
        pages > 1
          ? {
              ...(page > 1 ? { previous: { href: url(page - 1) } } : {}),
              ...(page < pages ? { next: { href: url(page + 1) } } : {}),
              items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: url(i + 1), current: i + 1 === page })),
            }
          : null,
      rowsHtml: html.slice((page - 1) * MODERATION_PAGE, page * MODERATION_PAGE).join(''),
    });
  });
  app.post('/grants/bids/:id/recommendation', { ...editor, preHandler: checkId('grant_bid') }, async (req: Req, reply) => {
    const a = actor(req);
    // The reasons are "recommendationReasons" on the page: the award form below it has its own "reasons".
    const input = { recommendation: one(req.body?.recommendation), reasons: one(req.body?.recommendationReasons) };
    const bid = await grants.getBidFor(a, req.params.id);
    const { round, fund } = await grants.getRound(a.officeId, bid.roundId);
    const done = await runForm(reply, () => renamed({ reasons: 'recommendationReasons' }, () => grants.recommend({ by: a, bidId: bid.id, input })), {
      template: `${V}/bid.njk`,
      model: {
        title: `Bid ${bid.reference}`,
        bid: bidView(bid),
        fund,
        round: roundView(round),
        breaches: await grants.breaches(a.officeId, bid),
        history: historyView(await grants.history(a.officeId, bid.id)),
        values: { recommendation: input.recommendation, recommendationReasons: input.reasons },
      },
    });
    if (!done.ok) return reply;
    setFlash(reply, `The panel’s recommendation on ${bid.reference} is recorded.`);
    return reply.redirect(`/grants/bids/${bid.id}`, 303);
  });

  // ---- The public: a round's page, and a bid without an account --------------------------------
  // The office read whole (the 360Giving package names it), with its change counter: the key of the kept register.
  const officeOf = (req: FastifyRequest) => officeOfPage(req, auth);
  const publicRound = async (officeId: string, id: string) => {
    if (!isUuid(id)) throw notFound('grant_round');
    return grants.getRound(officeId, id);
  };

  // The public register of grants made (Specified Information Order, Schedule para. 3): awards only.
  app.get('/o/:officeSlug/grants/awarded', pub, async (req: Req, reply) => {
    const office = await officeOf(req);
    const awards = await grants.publicAwards(office.id, office.changeCounter);
    return reply.page(`${V}/public-awards.njk`, {
      title: 'Grants awarded',
      publicOffice: office,
      awards: awards.map((a) => ({ ...awardView(a), fundName: a.fundName, roundName: a.roundName })),
    });
  });

  // The same grants in the 360Giving Data Standard: the JSON package (written a grant at a time), CSV and XLSX.
  const givingOf = async (req: FastifyRequest) => {
    const office = await officeOf(req);
    const [awards, settings] = await Promise.all([grants.publicAwards(office.id, office.changeCounter), grants.settings(office.id)]);
    // The standard's package holds at least one grant: with none awarded there is nothing to publish.
    if (!awards.length) throw notFound('grant_award');
    return { office, awards, settings };
  };
  app.get('/o/:officeSlug/grants/360giving.json', pub, async (req: Req, reply) => {
    const { office, awards, settings } = await givingOf(req);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `inline; filename="${office.slug}-grants-360giving.json"`)
      .send(Readable.from(giving360Chunks(office, awards, grants.today(), settings)));
  });
  app.get('/o/:officeSlug/grants/360giving.csv', pub, async (req: Req, reply) => {
    const { office, awards, settings } = await givingOf(req);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${office.slug}-grants-360giving.csv"`)
      .send(giving360Csv(giving360(office, awards, grants.today(), settings)));
  });
  app.get('/o/:officeSlug/grants/360giving.xlsx', pub, async (req: Req, reply) => {
    const { office, awards, settings } = await givingOf(req);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${office.slug}-grants-360giving.xlsx"`)
      .send(await giving360Xlsx(giving360(office, awards, grants.today(), settings)));
  });

  app.get('/o/:officeSlug/grants/rounds/:id', pub, async (req: Req, reply) => {
    const office = await officeOf(req);
    const { round, fund, rules } = await publicRound(office.id, req.params.id);
    return reply.page(`${V}/public-round.njk`, {
      title: `${fund.name}: ${round.name}`,
      publicOffice: office,
      fund: { name: fund.name, description: fund.description },
      round: roundView(round),
      state: grants.stateOf(round),
      rules: rulesInWords(rules, round),
    });
  });
  app.post('/o/:officeSlug/grants/rounds/:id/apply', pub, async (req: Req, reply) => {
    const office = await officeOf(req);
    const { round } = await publicRound(office.id, req.params.id);
    const { bid, secret } = await grants.startBid({ officeId: office.id, roundId: round.id });
    setFlash(reply, `Your bid reference is ${bid.reference}. Keep the address of this page: it is the only way back to your bid.`);
    return reply.redirect(`/o/${office.slug}/grants/bids/${secret}`, 303);
  });

  const applicantModel = async (officeSlug: string, officeId: string, secret: string, values?: Record<string, unknown>) => {
    const bid = await grants.bidBySecret(officeId, secret);
    const { round, fund, rules } = await grants.getRound(officeId, bid.roundId);
    const v = values ?? bidFormValues(bid);
    return {
      title: bid.status === 'draft' ? `Your bid ${bid.reference} to the ${fund.name}` : `Your bid ${bid.reference}`,
      action: `/o/${officeSlug}/grants/bids/${secret}`,
      bid: bidView(bid),
      fund: { name: fund.name },
      round: roundView(round),
      state: grants.stateOf(round),
      rules: rulesInWords(rules, round),
      closes: londonMoment(round.closesAt),
      values: v,
      ...bidChoices(rules, round.opensAt, v),
    };
  };
  app.get('/o/:officeSlug/grants/bids/:secret', pub, async (req: Req, reply) => {
    const office = await officeOf(req);
    const model = await applicantModel(office.slug, office.id, req.params.secret);
    // The address holds the secret: never cached, never sent on to another site.
    reply.header('cache-control', 'no-store');
    return reply.page(model.bid.status === 'draft' && model.state === 'open' ? `${V}/bid-form.njk` : `${V}/public-bid.njk`, {
      ...model,
      publicOffice: office,
      flash: takeFlash(req, reply),
    });
  });
  app.post('/o/:officeSlug/grants/bids/:secret', pub, async (req: Req, reply) => {
    const office = await officeOf(req);
    const body = bodyOf(req);
    const model = await applicantModel(office.slug, office.id, req.params.secret, body);
    reply.header('cache-control', 'no-store');
    const submit = one(body.action) === 'submit';
    const done = await runForm(reply, () => grants.saveOnline({ officeId: office.id, secret: req.params.secret, input: bidInput(body), submit }), {
      template: `${V}/bid-form.njk`,
      model: { ...model, publicOffice: office },
    });
    if (!done.ok) return reply;
    setFlash(
      reply,
      submit ? `Bid ${done.value.reference} submitted. The office will tell you the outcome.` : 'Your draft is saved. Come back to this address to finish it.',
    );
    return reply.redirect(`/o/${office.slug}/grants/bids/${req.params.secret}`, 303);
  });
}

function pick(body: Body, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, one(body[k])]));
}
