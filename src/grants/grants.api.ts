import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiReq, apiAccess, idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';
import type { BidRow, FundRow, RoundRow } from './grants.repository.js';
import { londonMoment, ORGANISATION_TYPES, rulesInWords } from './grants.rules.js';
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
  version: b.version,
});

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
    const bid = await grants.getBid(a.officeId, req.params.id);
    return { ...bidJson(bid), breaches: await grants.breaches(a.officeId, bid) };
  });
  api.post('/grants/bids/:id/accept-late', { ...apiAccess.editor, preHandler: bidId }, async (req: ApiReq) =>
    bidJson(await grants.acceptLate({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.get('/grants/bids/:id/history', { ...apiAccess.viewer, preHandler: bidId }, async (req: ApiReq) => {
    const a = actor(req);
    await grants.getBid(a.officeId, req.params.id);
    return grants.history(a.officeId, req.params.id);
  });
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
  version: z.number().int(),
});
const fieldError = z.object({ field: z.string(), message: z.string() });

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
    '/grants/bids/{id}/history': { get: { summary: 'Every change to a bid, newest first: who, when, what, why', parameters: idParam } },
  };
}
