import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiReq, apiAccess, idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';
import type { AssessorRow, AwardRow, BidRow, DeclineRow, FundRow, PaymentRow, ReturnRow, RoundRow, ScoreRow, SettingsRow } from './grants.repository.js';
import { londonMoment, ORGANISATION_TYPES, rulesInWords } from './grants.rules.js';
import { assignSchema, awardSchema, declarationSchema, recommendationSchema, scoresSchema } from './grants.schemas.js';
import {
  declineSchema,
  evaluationSchema,
  grantSettingsSchema,
  paymentMadeSchema,
  paymentScheduleSchema,
  returnDueSchema,
  returnReceivedSchema,
  variationSchema,
} from './grants.schemas.js';
import { acceptLateSchema, fundInputSchema, officerBidSchema, roundInputSchema, roundUpdateSchema } from './grants.schemas.js';
import type { GrantsService } from './grants.service.js';

const fundJson = (f: FundRow) => ({
  id: f.id,
  code: f.code,
  name: f.name,
  description: f.description,
  version: f.version,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
});
const roundJson = (r: RoundRow) => ({
  id: r.id,
  fundId: r.fundId,
  name: r.name,
  opensAt: r.opensAt,
  closesAt: r.closesAt,
  opensInWords: londonMoment(r.opensAt),
  closesInWords: londonMoment(r.closesAt),
  potPence: r.potPence,
  spendBy: r.spendBy,
  rulesVersion: r.rulesVersion,
  version: r.version,
});
/** A bid as the API gives it to staff. The private link's secret hash never leaves the database. */
const bidJson = (b: BidRow) => ({
  id: b.id,
  roundId: b.roundId,
  reference: b.reference,
  source: b.source,
  status: b.status,
  organisationName: b.organisationName,
  organisationType: b.organisationType,
  contactName: b.contactName,
  contactEmail: b.contactEmail,
  title: b.title,
  purpose: b.purpose,
  amounts: b.amounts,
  totalCostPence: b.totalCostPence,
  otherFunding: b.otherFunding,
  staffCostsPence: b.staffCostsPence,
  subFunding: b.subFunding,
  endorsedBy: b.endorsedBy,
  evaluationPlan: b.evaluationPlan,
  priorities: b.priorities,
  rulesVersion: b.rulesVersion,
  submittedAt: b.submittedAt,
  lateReason: b.lateReason,
  recommendation: b.recommendation,
  recommendationReasons: b.recommendationReasons,
  version: b.version,
});

const awardJson = (a: AwardRow) => ({
  id: a.id,
  bidId: a.bidId,
  roundId: a.roundId,
  fundId: a.fundId,
  decisionId: a.decisionId,
  decisionReference: a.decisionReference,
  recipientName: a.recipientName,
  recipientOrgId: a.recipientOrgId,
  title: a.title,
  purpose: a.purpose,
  conditions: a.conditions,
  reasons: a.reasons,
  amounts: a.amounts,
  amountPence: a.amountPence,
  awardedOn: a.awardedOn,
  plannedStart: a.plannedStart,
  plannedEnd: a.plannedEnd,
  evaluation: a.evaluation,
  evaluatedOn: a.evaluatedOn,
  version: a.version,
});
const declineJson = (d: DeclineRow) => ({
  id: d.id,
  bidId: d.bidId,
  roundId: d.roundId,
  fundId: d.fundId,
  decisionId: d.decisionId,
  decisionReference: d.decisionReference,
  reasons: d.reasons,
  declinedOn: d.declinedOn,
});
const paymentJson = (p: PaymentRow) => ({
  id: p.id,
  awardId: p.awardId,
  dueOn: p.dueOn,
  amountPence: p.amountPence,
  paidOn: p.paidOn,
  paidPence: p.paidPence,
  note: p.note,
  version: p.version,
});
const returnJson = (r: ReturnRow) => ({
  id: r.id,
  awardId: r.awardId,
  title: r.title,
  dueOn: r.dueOn,
  receivedOn: r.receivedOn,
  summary: r.summary,
  version: r.version,
});
const settingsJson = (s: SettingsRow | undefined) => ({
  givingPrefix: s?.givingPrefix ?? null,
  publisherWebsite: s?.publisherWebsite ?? '',
  version: s?.version ?? 0,
});

const assessorJson = (a: AssessorRow) => ({ userId: a.userId, name: a.userName, assignedAt: a.assignedAt });
const scoreJson = (s: ScoreRow) => ({ criterion: s.criterion, score: s.score, comment: s.comment, scoredAt: s.scoredAt });

export async function registerGrantsApi(api: FastifyInstance, { services }: { services: { grants: GrantsService } }) {
  const { grants } = services;
  const fundId = idOf('grant_fund', 'No such grant fund.');
  const roundId = idOf('grant_round', 'No such grant round.');
  const bidId = idOf('grant_bid', 'No such grant bid.');

  api.get('/grants/funds', apiAccess.viewer, async (req: ApiReq) => (await grants.listFunds(actor(req).officeId)).map(fundJson));
  api.post('/grants/funds', apiAccess.editor, async (req: ApiReq, reply) =>
    reply.code(201).send(fundJson(await grants.createFund({ by: actor(req), input: req.body }))),
  );
  api.get('/grants/funds/:id', { ...apiAccess.viewer, preHandler: fundId }, async (req: ApiReq) => {
    const a = actor(req);
    const fund = await grants.getFund(a.officeId, req.params.id);
    return { ...fundJson(fund), rounds: (await grants.listRounds(a.officeId, fund.id)).map(roundJson) };
  });
  api.post('/grants/funds/:id/rounds', { ...apiAccess.editor, preHandler: fundId }, async (req: ApiReq, reply) =>
    reply.code(201).send(roundJson(await grants.createRound({ by: actor(req), fundId: req.params.id, input: req.body }))),
  );
  api.get('/grants/rounds/:id', { ...apiAccess.viewer, preHandler: roundId }, async (req: ApiReq) => {
    const { round, rules } = await grants.getRound(actor(req).officeId, req.params.id);
    return { ...roundJson(round), state: grants.stateOf(round), rules, rulesInWords: rulesInWords(rules, round) };
  });
  api.put('/grants/rounds/:id', { ...apiAccess.editor, preHandler: roundId }, async (req: ApiReq) =>
    roundJson(await grants.updateRound({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.get('/grants/rounds/:id/bids', { ...apiAccess.viewer, preHandler: roundId }, async (req: ApiReq) =>
    (await grants.listBids(actor(req).officeId, req.params.id)).map(bidJson),
  );
  api.post('/grants/rounds/:id/bids', { ...apiAccess.editor, preHandler: roundId }, async (req: ApiReq, reply) =>
    reply.code(201).send(bidJson(await grants.enterBid({ by: actor(req), roundId: req.params.id, input: req.body }))),
  );
  api.get('/grants/bids/:id', { ...apiAccess.viewer, preHandler: bidId }, async (req: ApiReq) => {
    const a = actor(req);
    const bid = await grants.getBidFor(a, req.params.id);
    return { ...bidJson(bid), breaches: await grants.breaches(a.officeId, bid) };
  });
  api.post('/grants/bids/:id/accept-late', { ...apiAccess.editor, preHandler: bidId }, async (req: ApiReq) =>
    bidJson(await grants.acceptLate({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.get('/grants/bids/:id/history', { ...apiAccess.viewer, preHandler: bidId }, async (req: ApiReq) => {
    const a = actor(req);
    await grants.getBidFor(a, req.params.id);
    return grants.history(a.officeId, req.params.id);
  });
  // Assessment: the conflict rule holds here as on the pages (the service refuses with 403).
  api.get('/grants/rounds/:id/assessors', { ...apiAccess.viewer, preHandler: roundId }, async (req: ApiReq) =>
    (await grants.assessors(actor(req).officeId, req.params.id)).map(assessorJson),
  );
  api.post('/grants/rounds/:id/assessors', { ...apiAccess.editor, preHandler: roundId }, async (req: ApiReq, reply) =>
    reply.code(201).send((await grants.assignAssessor({ by: actor(req), roundId: req.params.id, input: req.body })).map(assessorJson)),
  );
  api.post('/grants/bids/:id/declaration', { ...apiAccess.viewer, preHandler: bidId }, async (req: ApiReq, reply) =>
    reply.code(201).send(await grants.declare({ by: actor(req), bidId: req.params.id, input: req.body })),
  );
  api.get('/grants/bids/:id/assessment', { ...apiAccess.viewer, preHandler: bidId }, async (req: ApiReq) => {
    const r = await grants.assessmentOf({ by: actor(req), bidId: req.params.id });
    return { bid: bidJson(r.bid), criteria: r.criteria, scores: r.scores.map(scoreJson) };
  });
  api.put('/grants/bids/:id/scores', { ...apiAccess.viewer, preHandler: bidId }, async (req: ApiReq) =>
    (await grants.score({ by: actor(req), bidId: req.params.id, input: req.body })).map(scoreJson),
  );
  api.get('/grants/rounds/:id/moderation', { ...apiAccess.viewer, preHandler: roundId }, async (req: ApiReq) => {
    const m = await grants.moderation(actor(req).officeId, req.params.id);
    return {
      potPence: m.potPence,
      years: m.years,
      rows: m.rows.map((r) => ({
        bidId: r.bid.id,
        reference: r.bid.reference,
        organisationName: r.bid.organisationName,
        rank: r.rank,
        percent: r.percent,
        assessors: r.assessors,
        askedPence: r.asked,
        runningTotalPence: r.runningTotal,
        withinPot: r.withinPot,
        runningByYear: r.runningByYear,
        recommendation: r.bid.recommendation,
      })),
    };
  });
  api.post('/grants/bids/:id/recommendation', { ...apiAccess.editor, preHandler: bidId }, async (req: ApiReq) =>
    bidJson(await grants.recommend({ by: actor(req), bidId: req.params.id, input: req.body })),
  );
  api.get('/grants/awards', apiAccess.viewer, async (req: ApiReq) => ({ items: (await grants.awards(actor(req).officeId)).map(awardJson) }));
  api.post('/grants/bids/:id/award', { ...apiAccess.editor, preHandler: bidId }, async (req: ApiReq, reply) => {
    const { award } = await grants.award({ by: actor(req), bidId: req.params.id, input: req.body });
    return reply.code(201).send(awardJson(award));
  });
  const awardId = idOf('grant_award', 'No such grant award.');
  api.post('/grants/bids/:id/decline', { ...apiAccess.editor, preHandler: bidId }, async (req: ApiReq, reply) => {
    const { decline } = await grants.decline({ by: actor(req), bidId: req.params.id, input: req.body });
    return reply.code(201).send(declineJson(decline));
  });
  api.get('/grants/awards/:id', { ...apiAccess.viewer, preHandler: awardId }, async (req: ApiReq) => {
    const d = await grants.awardDetail(actor(req).officeId, req.params.id);
    return {
      ...awardJson(d.award),
      paidPence: d.paidPence,
      scheduledPence: d.scheduledPence,
      payments: d.payments.map(paymentJson),
      returns: d.returns.map(returnJson),
    };
  });
  api.get('/grants/awards/:id/history', { ...apiAccess.viewer, preHandler: awardId }, async (req: ApiReq) => {
    const a = actor(req);
    await grants.getAward(a.officeId, req.params.id);
    return grants.history(a.officeId, req.params.id);
  });
  api.post('/grants/awards/:id/payments', { ...apiAccess.editor, preHandler: awardId }, async (req: ApiReq, reply) =>
    reply.code(201).send(paymentJson(await grants.schedulePayment({ by: actor(req), awardId: req.params.id, input: req.body }))),
  );
  api.post('/grants/payments/:id/paid', { ...apiAccess.editor, preHandler: awardId }, async (req: ApiReq) =>
    paymentJson(await grants.recordPayment({ by: actor(req), paymentId: req.params.id, input: req.body })),
  );
  api.post('/grants/awards/:id/returns', { ...apiAccess.editor, preHandler: awardId }, async (req: ApiReq, reply) =>
    reply.code(201).send(returnJson(await grants.addReturn({ by: actor(req), awardId: req.params.id, input: req.body }))),
  );
  api.post('/grants/returns/:id/received', { ...apiAccess.editor, preHandler: awardId }, async (req: ApiReq) =>
    returnJson(await grants.receiveReturn({ by: actor(req), returnId: req.params.id, input: req.body })),
  );
  api.post('/grants/awards/:id/variations', { ...apiAccess.editor, preHandler: awardId }, async (req: ApiReq) =>
    awardJson(await grants.vary({ by: actor(req), awardId: req.params.id, input: req.body })),
  );
  api.put('/grants/awards/:id/evaluation', { ...apiAccess.editor, preHandler: awardId }, async (req: ApiReq) =>
    awardJson(await grants.evaluate({ by: actor(req), awardId: req.params.id, input: req.body })),
  );
  api.get('/grants/totals', apiAccess.viewer, async (req: ApiReq) => grants.totals(actor(req).officeId));
  api.get('/grants/settings', apiAccess.admin, async (req: ApiReq) => settingsJson(await grants.settings(actor(req).officeId)));
  api.put('/grants/settings', apiAccess.admin, async (req: ApiReq) => settingsJson(await grants.saveSettings({ by: actor(req), input: req.body })));
}

// ---- OpenAPI ------------------------------------------------------------------------------

const js = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: js(s) } } });
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];

const instant = z.string().describe('An instant, ISO 8601 UTC');
const fundOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.number(),
  createdAt: instant,
  updatedAt: instant,
});
const roundOut = z.object({
  id: z.string(),
  fundId: z.string(),
  name: z.string(),
  opensAt: instant,
  closesAt: instant,
  opensInWords: z.string().describe('London time, like "9am on Tuesday 1 November 2016"'),
  closesInWords: z.string().describe('London time, like "5pm on Friday 18 November 2016"'),
  potPence: z.number().int(),
  spendBy: z.string(),
  rulesVersion: z.number().int(),
  version: z.number().int(),
});
const rulesOut = z.object({
  minBidPence: z.number().int().nullable(),
  maxBidPence: z.number().int().nullable(),
  maxSharePercent: z.number().int().nullable(),
  maxYears: z.number().int(),
  staffCostsAllowed: z.boolean(),
  subFundingAllowed: z.boolean(),
  eligibleOrganisations: z.array(z.string()),
  eligibleTypes: z.array(z.enum(Object.keys(ORGANISATION_TYPES) as [string, ...string[]])),
  priorities: z.array(z.string()),
  criteria: z.array(z.object({ name: z.string(), weight: z.number().int() })),
  endorsementBy: z.string(),
  evaluationRequired: z.boolean(),
});
const bidOut = z.object({
  id: z.string(),
  roundId: z.string(),
  reference: z.string(),
  source: z.enum(['online', 'officer']),
  status: z.enum(['draft', 'submitted', 'ineligible', 'withdrawn']),
  organisationName: z.string(),
  organisationType: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  title: z.string(),
  purpose: z.string(),
  amounts: z.array(z.object({ year: z.string(), pence: z.number().int() })),
  totalCostPence: z.number().int().nullable(),
  otherFunding: z.string(),
  staffCostsPence: z.number().int(),
  subFunding: z.boolean(),
  endorsedBy: z.string(),
  evaluationPlan: z.string(),
  priorities: z.array(z.string()),
  rulesVersion: z.number().int().nullable(),
  submittedAt: instant.nullable(),
  lateReason: z.string().nullable(),
  recommendation: z.enum(['fund', 'decline']).nullable(),
  recommendationReasons: z.string().nullable(),
  version: z.number().int(),
});
const assessorOut = z.object({ userId: z.string(), name: z.string(), assignedAt: instant });
const scoreOut = z.object({ criterion: z.string(), score: z.number().int(), comment: z.string(), scoredAt: instant });
const fieldError = z.object({ field: z.string(), message: z.string() });
const awardOut = z.object({
  id: z.string(),
  bidId: z.string(),
  roundId: z.string(),
  fundId: z.string(),
  decisionId: z.string(),
  decisionReference: z.string(),
  recipientName: z.string(),
  recipientOrgId: z.string(),
  title: z.string(),
  purpose: z.string(),
  conditions: z.string(),
  reasons: z.string(),
  amounts: z.array(z.object({ year: z.string(), pence: z.number().int() })),
  amountPence: z.number().int(),
  awardedOn: z.string().describe('The date of the decision, YYYY-MM-DD'),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  evaluation: z.string().nullable(),
  evaluatedOn: z.string().nullable(),
  version: z.number().int(),
});
const declineOut = z.object({
  id: z.string(),
  bidId: z.string(),
  roundId: z.string(),
  fundId: z.string(),
  decisionId: z.string(),
  decisionReference: z.string(),
  reasons: z.string(),
  declinedOn: z.string(),
});
const paymentOut = z.object({
  id: z.string(),
  awardId: z.string(),
  dueOn: z.string(),
  amountPence: z.number().int(),
  paidOn: z.string().nullable(),
  paidPence: z.number().int().nullable(),
  note: z.string(),
  version: z.number().int(),
});
const returnOut = z.object({
  id: z.string(),
  awardId: z.string(),
  title: z.string(),
  dueOn: z.string(),
  receivedOn: z.string().nullable(),
  summary: z.string(),
  version: z.number().int(),
});
const totalsLine = z.object({
  key: z.string(),
  potPence: z.number().int().nullable(),
  awardedPence: z.number().int(),
  paidPence: z.number().int(),
  remainingPence: z.number().int().nullable(),
});
const settingsOut = z.object({ givingPrefix: z.string().nullable(), publisherWebsite: z.string(), version: z.number().int() });
const historyOut = z.array(
  z.object({
    id: z.number(),
    officeId: z.string(),
    entity: z.string(),
    entityId: z.string(),
    kind: z.string(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    reason: z.string().nullable(),
    recordedAt: instant,
    actorId: z.string().nullable(),
    actorName: z.string(),
  }),
);

/** What each grants operation answers on success, for the SUCCESS table of src/api/openapi.ts. */
export function grantsOpenApiSuccess(): Record<string, [string, Record<string, unknown> | null]> {
  return {
    'get /grants/funds': ['200', js(z.array(fundOut), 'output')],
    'post /grants/funds': ['201', js(fundOut, 'output')],
    'get /grants/funds/{id}': ['200', js(fundOut.extend({ rounds: z.array(roundOut) }), 'output')],
    'post /grants/funds/{id}/rounds': ['201', js(roundOut, 'output')],
    'get /grants/rounds/{id}': [
      '200',
      js(roundOut.extend({ state: z.enum(['open', 'closed', 'not_open']), rules: rulesOut, rulesInWords: z.array(z.string()) }), 'output'),
    ],
    'put /grants/rounds/{id}': ['200', js(roundOut, 'output')],
    'get /grants/rounds/{id}/bids': ['200', js(z.array(bidOut), 'output')],
    'post /grants/rounds/{id}/bids': ['201', js(bidOut, 'output')],
    'get /grants/bids/{id}': ['200', js(bidOut.extend({ breaches: z.array(fieldError) }), 'output')],
    'post /grants/bids/{id}/accept-late': ['200', js(bidOut, 'output')],
    'get /grants/rounds/{id}/assessors': ['200', js(z.array(assessorOut), 'output')],
    'post /grants/rounds/{id}/assessors': ['201', js(z.array(assessorOut), 'output')],
    'post /grants/bids/{id}/declaration': ['201', js(z.object({ conflicted: z.boolean() }), 'output')],
    'get /grants/bids/{id}/assessment': [
      '200',
      js(z.object({ bid: bidOut, criteria: z.array(z.object({ name: z.string(), weight: z.number().int() })), scores: z.array(scoreOut) }), 'output'),
    ],
    'put /grants/bids/{id}/scores': ['200', js(z.array(scoreOut), 'output')],
    'get /grants/rounds/{id}/moderation': [
      '200',
      js(
        z.object({
          potPence: z.number().int(),
          years: z.array(z.string()),
          rows: z.array(
            z.object({
              bidId: z.string(),
              reference: z.string(),
              organisationName: z.string(),
              rank: z.number().int(),
              percent: z.number().nullable(),
              assessors: z.number().int(),
              askedPence: z.number().int(),
              runningTotalPence: z.number().int(),
              withinPot: z.boolean(),
              runningByYear: z.record(z.string(), z.number().int()),
              recommendation: z.enum(['fund', 'decline']).nullable(),
            }),
          ),
        }),
        'output',
      ),
    ],
    'post /grants/bids/{id}/recommendation': ['200', js(bidOut, 'output')],
    'get /grants/awards': ['200', js(z.object({ items: z.array(awardOut) }), 'output')],
    'post /grants/bids/{id}/award': ['201', js(awardOut, 'output')],
    'post /grants/bids/{id}/decline': ['201', js(declineOut, 'output')],
    'get /grants/awards/{id}': [
      '200',
      js(
        awardOut.extend({ paidPence: z.number().int(), scheduledPence: z.number().int(), payments: z.array(paymentOut), returns: z.array(returnOut) }),
        'output',
      ),
    ],
    'get /grants/awards/{id}/history': ['200', js(historyOut, 'output')],
    'post /grants/awards/{id}/payments': ['201', js(paymentOut, 'output')],
    'post /grants/payments/{id}/paid': ['200', js(paymentOut, 'output')],
    'post /grants/awards/{id}/returns': ['201', js(returnOut, 'output')],
    'post /grants/returns/{id}/received': ['200', js(returnOut, 'output')],
    'post /grants/awards/{id}/variations': ['200', js(awardOut, 'output')],
    'put /grants/awards/{id}/evaluation': ['200', js(awardOut, 'output')],
    'get /grants/totals': [
      '200',
      js(z.object({ all: totalsLine, byFund: z.array(totalsLine), byYear: z.array(totalsLine), byPriority: z.array(totalsLine) }), 'output'),
    ],
    'get /grants/settings': ['200', js(settingsOut, 'output')],
    'put /grants/settings': ['200', js(settingsOut, 'output')],
    'get /grants/bids/{id}/history': [
      '200',
      js(
        z.array(
          z.object({
            id: z.number(),
            officeId: z.string(),
            entity: z.string(),
            entityId: z.string(),
            kind: z.string(),
            changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
            reason: z.string().nullable(),
            recordedAt: instant,
            actorId: z.string().nullable(),
            actorName: z.string(),
          }),
        ),
        'output',
      ),
    ],
  };
}

/** The grants paths of /api/v1, merged into the document by src/api/openapi.ts. */
export function grantsOpenApiPaths() {
  return {
    '/grants/funds': {
      get: { summary: 'Grant funds of the office' },
      post: { summary: 'Create a grant fund (editor); `code` starts its bids’ references', requestBody: body(fundInputSchema) },
    },
    '/grants/funds/{id}': { get: { summary: 'A fund with its rounds', parameters: idParam } },
    '/grants/funds/{id}/rounds': {
      post: {
        summary:
          'Add a round (editor): opening and closing as London dates (`YYYY-MM-DD`) and times (`5pm`, `17:00`), the pot and bid limits in pounds, and its rules',
        parameters: idParam,
        requestBody: body(roundInputSchema),
      },
    },
    '/grants/rounds/{id}': {
      get: { summary: 'A round with the rules in force (`rulesVersion`), in data and in words', parameters: idParam },
      put: {
        summary: 'Change a round (editor), every field with the `version` read; changed rules become a new `rulesVersion`, and bids already in keep theirs',
        parameters: idParam,
        requestBody: body(roundUpdateSchema),
      },
    },
    '/grants/rounds/{id}/bids': {
      get: { summary: 'The bids to a round, drafts included', parameters: idParam },
      post: {
        summary:
          'Enter a bid received by email (editor), with when it was received (London date and time); every rule of the round is checked (400 naming each rule and figure); after the closing moment it needs `lateReason`. With `recordIneligible: true` a bid that breaks rules is kept as `ineligible` instead of refused',
        parameters: idParam,
        requestBody: body(officerBidSchema),
      },
    },
    '/grants/bids/{id}': {
      get: { summary: 'A bid, with the rules of its round it breaks (`breaches`, none for a bid that was accepted)', parameters: idParam },
    },
    '/grants/bids/{id}/accept-late': {
      post: {
        summary: 'Accept a draft after the round closed (editor), with the reason; it must meet every other rule',
        parameters: idParam,
        requestBody: body(acceptLateSchema),
      },
    },
    '/grants/rounds/{id}/assessors': {
      get: { summary: 'The round’s assessors', parameters: idParam },
      post: { summary: 'Assign a user of the office as an assessor of the round (editor)', parameters: idParam, requestBody: body(assignSchema) },
    },
    '/grants/bids/{id}/declaration': {
      post: {
        summary:
          'As an assessor of its round, declare whether you have a conflict of interest with a bid, before seeing it; kept as made (a second one is 422)',
        parameters: idParam,
        requestBody: body(declarationSchema),
      },
    },
    '/grants/bids/{id}/assessment': {
      get: {
        summary: 'The bid, its criteria and your scores, as an assessor: 403 before you declare, and for good once you declare a conflict',
        parameters: idParam,
      },
    },
    '/grants/bids/{id}/scores': {
      put: {
        summary: 'Score every criterion from 0 to 5 with comments (an assessor without a conflict); replaces your scores',
        parameters: idParam,
        requestBody: body(scoresSchema),
      },
    },
    '/grants/rounds/{id}/moderation': {
      get: {
        summary:
          'Submitted bids ranked by weighted score (conflicted assessors’ scores left out), with running totals against the pot, in all and by financial year',
        parameters: idParam,
      },
    },
    '/grants/bids/{id}/recommendation': {
      post: {
        summary: 'Record the panel’s recommendation (fund or decline) with its reasons (editor)',
        parameters: idParam,
        requestBody: body(recommendationSchema),
      },
    },
    '/grants/awards': { get: { summary: 'The office’s grants made, newest decision first' } },
    '/grants/bids/{id}/award': {
      post: {
        summary:
          'Award a bid the panel recommended (editor): drafts its decision notice in the register in the same transaction, or, with `existingNotice: true`, links the award to the notice of that `reference` already in the register. 400 with the field when not recommended, past the round’s pot, against its rules or naming no notice of the register; 422 if already awarded',
        parameters: idParam,
        requestBody: body(awardSchema),
      },
    },
    '/grants/bids/{id}/history': { get: { summary: 'Every change to a bid, newest first: who, when, what, why', parameters: idParam } },
    '/grants/bids/{id}/decline': {
      post: {
        summary:
          'Decline a bid that came in (editor): drafts its decision notice in the register in the same transaction, the applicant and reasons in its exempt part. Never on the public register or in the 360Giving export. 422 if already awarded or declined',
        parameters: idParam,
        requestBody: body(declineSchema),
      },
    },
    '/grants/awards/{id}': { get: { summary: 'An award with its payment schedule, payments made and monitoring returns', parameters: idParam } },
    '/grants/awards/{id}/history': {
      get: { summary: 'Every change to an award (payments, returns, variations, evaluation), newest first', parameters: idParam },
    },
    '/grants/awards/{id}/payments': {
      post: {
        summary: 'Schedule a payment of an award (editor); the schedule never pays more than the award',
        parameters: idParam,
        requestBody: body(paymentScheduleSchema),
      },
    },
    '/grants/payments/{id}/paid': {
      post: { summary: 'Record a scheduled payment as made (editor), with the `version` read', parameters: idParam, requestBody: body(paymentMadeSchema) },
    },
    '/grants/awards/{id}/returns': {
      post: { summary: 'Add a monitoring return the recipient owes (editor)', parameters: idParam, requestBody: body(returnDueSchema) },
    },
    '/grants/returns/{id}/received': {
      post: { summary: 'Record a monitoring return as received (editor), with what it reported', parameters: idParam, requestBody: body(returnReceivedSchema) },
    },
    '/grants/awards/{id}/variations': {
      post: {
        summary:
          'Vary an award (editor): amounts per financial year, planned dates, conditions, with the reason; a larger amount is checked against the round’s pot, never below what is paid',
        parameters: idParam,
        requestBody: body(variationSchema),
      },
    },
    '/grants/awards/{id}/evaluation': {
      put: { summary: 'Record the evaluation at the end (editor)', parameters: idParam, requestBody: body(evaluationSchema) },
    },
    '/grants/totals': { get: { summary: 'Pot, awarded, paid and remaining, in pence: in all, by fund, by financial year and by plan priority' } },
    '/grants/settings': {
      get: { summary: 'The office’s registered 360Giving prefix and publisher web site (admin)' },
      put: { summary: 'Record the office’s 360Giving prefix, like 360G-hertspcc, and web site (admin)', requestBody: body(grantSettingsSchema) },
    },
  };
}
