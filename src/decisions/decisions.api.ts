import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type DecisionRow, hasExemptPart } from './decisions.repository.js';
import { approveSchema, createDecisionSchema, listQuerySchema, publishSchema, updateDecisionSchema, withdrawSchema } from './decisions.schemas.js';
import { redactHistory, type DecisionsService } from './decisions.service.js';
import { idOf } from '../platform/web/api.js';
import { actor } from '../platform/web/forms.js';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string>; Body: Record<string, unknown> }>;

/**
 * The API's notice. The exempt part is write-only here: a token can set it but no answer carries it
 * (tokens end up in scripts and logs; the signed-in page is where editors read it).
 */
export function decisionJson(d: DecisionRow) {
  return {
    id: d.id,
    reference: d.reference,
    title: d.title,
    decisionMaker: d.decisionMaker,
    approvedOn: d.approvedOn,
    approvedPrecision: d.approvedPrecision,
    summary: d.summary,
    decisionText: d.decisionText,
    amountPence: d.amountPence,
    fundingSource: d.fundingSource,
    tags: d.tags,
    status: d.status,
    projectIds: d.projectIds,
    backgroundDocuments: d.backgroundDocuments,
    hasExemptPart: hasExemptPart(d),
    withdrawnReason: d.withdrawnReason,
    publishedAt: d.publishedAt,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export async function registerDecisionsApi(api: FastifyInstance, { services }: { services: { decisions: DecisionsService } }) {
  const viewer = { config: { access: 'viewer' as const, api: true } };
  const editor = { config: { access: 'editor' as const, api: true } };
  const checkId = idOf('decision', 'No such decision.');

  api.get('/decisions', viewer, async (req: Req) => {
    const r = await services.decisions.list(actor(req).officeId, req.query);
    return { total: r.total, page: r.page, pageSize: r.pageSize, items: r.items.map(decisionJson) };
  });
  api.post('/decisions', editor, async (req: Req, reply) =>
    reply.code(201).send(decisionJson(await services.decisions.create({ by: actor(req), input: req.body }))),
  );
  api.get('/decisions/approved-between', viewer, async (req: Req) =>
    services.decisions.approvedBetween(actor(req).officeId, String(req.query.from ?? ''), String(req.query.to ?? '')),
  );
  api.get('/decisions/:id', { ...viewer, preHandler: checkId }, async (req: Req) =>
    decisionJson(await services.decisions.get(actor(req).officeId, req.params.id)),
  );
  api.patch('/decisions/:id', { ...editor, preHandler: checkId }, async (req: Req) =>
    decisionJson(await services.decisions.update({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.post('/decisions/:id/approve', { ...editor, preHandler: checkId }, async (req: Req) =>
    decisionJson(await services.decisions.approve({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.post('/decisions/:id/publish', { ...editor, preHandler: checkId }, async (req: Req) =>
    decisionJson(await services.decisions.publish({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.post('/decisions/:id/withdraw', { ...editor, preHandler: checkId }, async (req: Req) =>
    decisionJson(await services.decisions.withdraw({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.get('/decisions/:id/history', { ...viewer, preHandler: checkId }, async (req: Req) =>
    redactHistory(await services.decisions.history(actor(req).officeId, req.params.id)),
  );
}

// ---- OpenAPI ------------------------------------------------------------------------------

const js = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: js(s) } } });
const errors = {
  '400': { description: 'Invalid input: each field’s problem (duplicate reference, bad amount, future approval date, no summary to publish)' },
  '401': { description: 'No valid API token' },
  '403': { description: 'The token’s role is not enough' },
  '404': { description: 'No such decision notice in your office' },
  '409': { description: 'Stale version (`decision.conflict`): someone changed it since you read it' },
  '422': { description: 'Refused by a rule (`decision.refused`): e.g. publishing a draft, changing a withdrawn notice' },
};
const ok = (description: string) => ({ '200': { description }, ...errors });
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const queryParams = (s: z.ZodObject) => Object.keys(s.shape).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));

/** The decision notice paths of /api/v1, merged into the document by src/api/openapi.ts. */
export function decisionsOpenApiPaths() {
  return {
    '/decisions': {
      get: {
        summary: 'Decision notices of the office, with search and filters (q, status, year, tag, minAmount, maxAmount in pounds)',
        parameters: queryParams(listQuerySchema),
        responses: ok('A page of notices; the exempt part is never included'),
      },
      post: {
        summary: 'Create a draft notice (editor); `amount` in pounds, like "£1,800,000" or "1800000.00"; the exempt part may be set but is never returned',
        requestBody: body(createDecisionSchema),
        responses: { '201': { description: 'Created' }, ...errors },
      },
    },
    '/decisions/approved-between': {
      get: {
        summary: 'Notices approved (or published) with a date approved in [from, to], by date then reference: the quarterly report’s list',
        parameters: [
          { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
        ],
        responses: ok('id, reference, title, approvedOn, summary, amountPence, tags'),
      },
    },
    '/decisions/{id}': {
      get: {
        summary:
          'A notice (without its exempt part; `hasExemptPart` says whether it has one). `approvedPrecision` is `day` or `month` (then `approvedOn` is the 1st of that month); `projectIds` are its linked projects',
        parameters: idParam,
        responses: ok('The notice'),
      },
      patch: {
        summary: 'Change fields (editor); send the `version` you read and a `reason`',
        parameters: idParam,
        requestBody: body(updateDecisionSchema),
        responses: ok('The notice after the change'),
      },
    },
    '/decisions/{id}/approve': {
      post: {
        summary:
          'Approve a draft (editor): date approved (not in the future) as `YYYY-MM-DD`, or `YYYY-MM` where only the month is known (answers then give `approvedOn` as the 1st with `approvedPrecision: "month"`), and decision maker',
        parameters: idParam,
        requestBody: body(approveSchema),
        responses: ok('The approved notice'),
      },
    },
    '/decisions/{id}/publish': {
      post: {
        summary: 'Publish an approved notice on the public register (editor); it needs a summary',
        parameters: idParam,
        requestBody: body(publishSchema),
        responses: ok('The published notice'),
      },
    },
    '/decisions/{id}/withdraw': {
      post: {
        summary: 'Withdraw a notice (editor), with the reason; it leaves the public register',
        parameters: idParam,
        requestBody: body(withdrawSchema),
        responses: ok('The withdrawn notice'),
      },
    },
    '/decisions/{id}/history': {
      get: {
        summary: 'Every change, newest first: who, when, old and new values, why (exempt values shown only as "[exempt]")',
        parameters: idParam,
        responses: ok('History'),
      },
    },
  };
}
