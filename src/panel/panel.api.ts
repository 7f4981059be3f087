import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actor } from '../platform/web/forms.js';
import type { DocumentBrief, ItemRow, MeetingRow, PaperBrief, PaperRow } from './panel.repository.js';
import {
  apiDocumentSchema,
  dueListSchema,
  createItemSchema,
  createMeetingSchema,
  listMeetingsSchema,
  minuteSchema,
  questionSchema,
  recommendationListSchema,
  recommendationSchema,
  respondSchema,
  sendPaperSchema,
  updateItemSchema,
  updateMeetingSchema,
  updateQuestionSchema,
} from './panel.schemas.js';
import type { QuestionRow, RecommendationRow } from './panel.repository.js';
import type { PanelService } from './panel.service.js';
import { meetingStatus, panelBody, paperKind } from './panel.table.js';

type Req = FastifyRequest<{ Params: { id: string; itemId: string }; Querystring: Record<string, string>; Body: Record<string, unknown> }>;

// ---- What the API answers (the OpenAPI document's schemas, src/api/openapi.ts) -----------
const id = z.uuid();
const instant = z.iso.datetime({ offset: true });
export const paperBriefSchema = z.looseObject({
  id,
  itemId: id,
  kind: z.enum(paperKind.enumValues),
  title: z.string(),
  sentAt: instant,
  sentByName: z.string(),
  hasPdf: z.boolean().describe('False when Chromium was not available when it was sent'),
});
export const itemSchema = z.looseObject({
  id,
  meetingId: id,
  position: z.number().int().min(1),
  title: z.string(),
  purpose: z.string(),
  exempt: z.boolean(),
  version: z.number().int().positive(),
});
export const meetingSchema = z.looseObject({
  id,
  body: z.enum(panelBody.enumValues),
  meetsOn: z.iso.date().describe('The London calendar day'),
  startsAt: z.string().describe('London time, `HH:MM`, or empty when not yet fixed'),
  place: z.string(),
  status: z.enum(meetingStatus.enumValues),
  attendance: z.array(z.string()),
  apologies: z.array(z.string()),
  declarations: z.array(z.object({ member: z.string(), interest: z.string() })),
  version: z.number().int().positive(),
  createdAt: instant,
  updatedAt: instant,
});
export const documentSchemaOut = z.looseObject({
  id,
  meetingId: id,
  itemId: id,
  title: z.string(),
  filename: z.string(),
  fileType: z.enum(['pdf', 'docx']).describe('As read from the content (its magic bytes), not from the name'),
  mediaType: z.string(),
  size: z.number().int().positive().describe('Bytes'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('SHA-256 of the file as uploaded, in hex'),
  exempt: z.boolean(),
  uploadedAt: instant,
  uploadedByName: z.string(),
});
export const agendaSchema = meetingSchema.extend({
  items: z.array(itemSchema.extend({ papers: z.array(paperBriefSchema), documents: z.array(documentSchemaOut) })),
});
export const paperSchema = paperBriefSchema.extend({ meetingId: id, model: z.unknown().describe('The data the paper was made from, as it was when sent') });
export const decisionsUpdateSchema = z.looseObject({
  from: z.iso.date(),
  to: z.iso.date(),
  fromReason: z.enum(['previous_paper', 'chosen']),
  notices: z.array(
    z.looseObject({
      reference: z.string(),
      title: z.string(),
      approvedOn: z.iso.date(),
      approvedPrecision: z.enum(['day', 'month']),
      summary: z.string(),
      amountPence: z.number().int().nullable(),
    }),
  ),
});

export const questionSchemaOut = z.looseObject({
  id,
  meetingId: id,
  itemId: id,
  askedBy: z.string(),
  question: z.string(),
  answer: z.string(),
  answerMode: z.enum(['at_meeting', 'in_writing']),
  answerDue: z.iso.date().nullable(),
  answeredOn: z.iso.date().nullable(),
  version: z.number().int().positive(),
});
export const recommendationSchemaOut = z.looseObject({
  id,
  meetingId: id,
  itemId: id.nullable(),
  text: z.string(),
  statutory: z.string(),
  responseDue: z.iso.date().nullable(),
  status: z.enum(['awaiting_response', 'accepted', 'partly_accepted', 'not_accepted', 'closed']),
  shownStatus: z
    .enum(['awaiting_response', 'accepted', 'partly_accepted', 'not_accepted', 'closed', 'overdue'])
    .describe('The status with overdue computed on today’s London date'),
  response: z.string(),
  respondedOn: z.iso.date().nullable(),
  actions: z.array(z.object({ text: z.string(), done: z.boolean() })),
  version: z.number().int().positive(),
});
const questionJson = (q: QuestionRow) => ({ ...q, officeId: undefined });
const recommendationJson = (r: RecommendationRow, shown: string) => ({ ...r, officeId: undefined, shownStatus: shown });

const meetingJson = (m: MeetingRow) => ({ ...m, officeId: undefined });
const itemJson = (i: ItemRow) => ({
  id: i.id,
  meetingId: i.meetingId,
  position: i.position,
  title: i.title,
  purpose: i.purpose,
  exempt: i.exempt,
  version: i.version,
});
const documentJson = (d: DocumentBrief) => ({
  id: d.id,
  meetingId: d.meetingId,
  itemId: d.itemId,
  title: d.title,
  filename: d.filename,
  fileType: d.fileType,
  mediaType: d.mediaType,
  size: d.size,
  sha256: d.sha256,
  exempt: d.exempt,
  uploadedAt: d.uploadedAt,
  uploadedByName: d.uploadedByName,
});
const briefJson = (p: PaperBrief | PaperRow) => ({
  id: p.id,
  itemId: p.itemId,
  kind: p.kind,
  title: p.title,
  sentAt: p.sentAt,
  sentByName: p.sentByName,
  hasPdf: 'hasPdf' in p ? p.hasPdf : !!p.pdf,
});

export async function registerPanelApi(api: FastifyInstance, { services }: { services: { panel: PanelService } }) {
  const viewer = { config: { access: 'viewer' as const, api: true } };
  const editor = { config: { access: 'editor' as const, api: true } };
  const { panel } = services;

  api.get('/panel/meetings', viewer, async (req: Req) => (await panel.meetings(actor(req).officeId, req.query)).map(meetingJson));
  api.post('/panel/meetings', editor, async (req: Req, reply) =>
    reply.code(201).send(meetingJson(await panel.createMeeting({ by: actor(req), input: req.body }))),
  );
  api.get('/panel/meetings/:id', viewer, async (req: Req) => {
    const { meeting, items } = await panel.agenda(actor(req).officeId, req.params.id);
    return {
      ...meetingJson(meeting),
      items: items.map((i) => ({ ...itemJson(i), papers: i.papers.map(briefJson), documents: i.documents.map(documentJson) })),
    };
  });
  api.patch('/panel/meetings/:id', editor, async (req: Req) => meetingJson(await panel.updateMeeting({ by: actor(req), id: req.params.id, input: req.body })));
  api.get('/panel/meetings/:id/history', viewer, async (req: Req) => panel.history(actor(req).officeId, req.params.id));
  api.post('/panel/meetings/:id/items', editor, async (req: Req, reply) =>
    reply.code(201).send(itemJson(await panel.addItem({ by: actor(req), meetingId: req.params.id, input: req.body }))),
  );
  api.patch('/panel/meetings/:id/items/:itemId', editor, async (req: Req) => {
    const a = actor(req);
    await panel.meeting(a.officeId, req.params.id);
    return itemJson(await panel.updateItem({ by: a, meetingId: req.params.id, id: req.params.itemId, input: req.body }));
  });
  api.get('/panel/meetings/:id/decisions-update', viewer, async (req: Req) =>
    panel.decisionsUpdate(actor(req).officeId, req.params.id, { from: req.query.from, to: req.query.to }),
  );
  api.post('/panel/meetings/:id/items/:itemId/papers', editor, async (req: Req, reply) => {
    const a = actor(req);
    await panel.meeting(a.officeId, req.params.id);
    const p = await panel.sendPaper({ by: a, meetingId: req.params.id, itemId: req.params.itemId, input: req.body });
    return reply.code(201).send({ ...briefJson(p), meetingId: p.meetingId, model: p.model });
  });
  api.put('/panel/meetings/:id/items/:itemId/minute', editor, async (req: Req) => {
    const a = actor(req);
    await panel.meeting(a.officeId, req.params.id);
    const i = await panel.recordMinute({ by: a, meetingId: req.params.id, itemId: req.params.itemId, input: req.body });
    return { ...itemJson(i), heard: i.heard, resolution: i.resolution, projectIds: i.projectIds, decisionIds: i.decisionIds, targetIds: i.targetIds };
  });
  api.post('/panel/meetings/:id/items/:itemId/questions', editor, async (req: Req, reply) => {
    const a = actor(req);
    await panel.meeting(a.officeId, req.params.id);
    return reply.code(201).send(questionJson(await panel.addQuestion({ by: a, meetingId: req.params.id, itemId: req.params.itemId, input: req.body })));
  });
  api.patch('/panel/questions/:id', editor, async (req: Req) =>
    questionJson(await panel.updateQuestion({ by: actor(req), id: req.params.id, input: req.body })),
  );
  api.post('/panel/meetings/:id/recommendations', editor, async (req: Req, reply) => {
    const r = await panel.addRecommendation({ by: actor(req), meetingId: req.params.id, input: req.body });
    return reply.code(201).send(recommendationJson(r, r.status));
  });
  api.get('/panel/recommendations', viewer, async (req: Req) =>
    (await panel.recommendations(actor(req).officeId, req.query)).map((r) => recommendationJson(r, r.shown)),
  );
  api.post('/panel/recommendations/:id/response', editor, async (req: Req) => {
    const r = await panel.respond({ by: actor(req), id: req.params.id, input: req.body });
    const [shown] = (await panel.recommendations(r.officeId, {}, r.meetingId)).filter((x) => x.id === r.id);
    return recommendationJson(r, shown?.shown ?? r.status);
  });
  // The file travels as base64 in JSON: a 10 MB file is about 13.4 MB encoded.
  api.post('/panel/meetings/:id/items/:itemId/documents', { ...editor, bodyLimit: 14_500_000 }, async (req: Req, reply) => {
    const a = actor(req);
    await panel.meeting(a.officeId, req.params.id);
    const d = await panel.uploadDocumentFromApi({ by: a, meetingId: req.params.id, itemId: req.params.itemId, input: req.body });
    return reply.code(201).send(documentJson(d));
  });
  api.get('/panel/documents/:id', viewer, async (req: Req) => documentJson(await panel.document(actor(req).officeId, req.params.id)));
  api.get('/panel/actions-log', viewer, async (req: Req) => panel.due(actor(req).officeId, req.query));
  api.get('/panel/papers/:id', viewer, async (req: Req) => {
    const p = await panel.paperWithModel(actor(req).officeId, req.params.id);
    return { ...briefJson(p), meetingId: p.meetingId, model: p.model };
  });
}

// ---- OpenAPI ------------------------------------------------------------------------------

const uuidParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
const js = (s: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: js(s) } } });
const ok = (description: string) => ({ responses: { '200': { description } } });
const query = (s: z.ZodObject) => Object.keys(s.shape).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));

/** What each Panel operation answers on success, for the document's SUCCESS table. */
export const panelSuccess = {
  'get /panel/meetings': ['200', 'array', meetingSchema],
  'post /panel/meetings': ['201', 'one', meetingSchema],
  'get /panel/meetings/{id}': ['200', 'one', agendaSchema],
  'patch /panel/meetings/{id}': ['200', 'one', meetingSchema],
  'get /panel/meetings/{id}/history': ['200', 'array', z.looseObject({ kind: z.string(), subject: z.string(), changes: z.unknown() })],
  'post /panel/meetings/{id}/items': ['201', 'one', itemSchema],
  'patch /panel/meetings/{id}/items/{itemId}': ['200', 'one', itemSchema],
  'get /panel/meetings/{id}/decisions-update': ['200', 'one', decisionsUpdateSchema],
  'post /panel/meetings/{id}/items/{itemId}/papers': ['201', 'one', paperSchema],
  'get /panel/papers/{id}': ['200', 'one', paperSchema],
  'post /panel/meetings/{id}/items/{itemId}/documents': ['201', 'one', documentSchemaOut],
  'get /panel/documents/{id}': ['200', 'one', documentSchemaOut],
  'put /panel/meetings/{id}/items/{itemId}/minute': [
    '200',
    'one',
    itemSchema.extend({ heard: z.array(z.string()), resolution: z.string(), projectIds: z.array(id), decisionIds: z.array(id), targetIds: z.array(id) }),
  ],
  'post /panel/meetings/{id}/items/{itemId}/questions': ['201', 'one', questionSchemaOut],
  'patch /panel/questions/{id}': ['200', 'one', questionSchemaOut],
  'post /panel/meetings/{id}/recommendations': ['201', 'one', recommendationSchemaOut],
  'get /panel/recommendations': ['200', 'array', recommendationSchemaOut],
  'post /panel/recommendations/{id}/response': ['200', 'one', recommendationSchemaOut],
  'get /panel/actions-log': [
    '200',
    'array',
    z.looseObject({
      kind: z.enum(['recommendation', 'question']),
      id,
      text: z.string(),
      due: z.iso.date().nullable(),
      status: z.string(),
      ageDays: z.number().int().min(0),
    }),
  ],
} as const satisfies Record<string, readonly ['200' | '201', 'one' | 'array', z.ZodType]>;

/** The Panel paths of /api/v1, merged into the document by src/api/openapi.ts. */
export function panelOpenApiPaths() {
  const meeting = [uuidParam('id')];
  const item = [uuidParam('id'), uuidParam('itemId')];
  return {
    '/panel/meetings': {
      get: {
        summary: 'Meetings of the Panel and its Plan Working Group, newest first (filters: body, status)',
        parameters: query(listMeetingsSchema),
        ...ok('Meetings'),
      },
      post: {
        summary:
          'Schedule a meeting (editor): `meetsOn` a London date `YYYY-MM-DD`, `startsAt` `HH:MM`, `attendance` and `apologies` lists of names, `declarations` a list of { member, interest }',
        requestBody: body(createMeetingSchema),
      },
    },
    '/panel/meetings/{id}': {
      get: { summary: 'A meeting with its agenda in order, each item with the papers sent to it', parameters: meeting, ...ok('The meeting') },
      patch: {
        summary: 'Change a meeting (editor), its status (scheduled, held, postponed, cancelled) included; send the `version` you read and a `reason`',
        parameters: meeting,
        requestBody: body(updateMeetingSchema),
      },
    },
    '/panel/meetings/{id}/history': {
      get: { summary: 'Every change to the meeting, its items and papers, newest first: who, when, what, why', parameters: meeting },
    },
    '/panel/meetings/{id}/items': {
      post: { summary: 'Add an agenda item (editor), at `position` (1 is first; absent: last)', parameters: meeting, requestBody: body(createItemSchema) },
    },
    '/panel/meetings/{id}/items/{itemId}': {
      patch: {
        summary: 'Change an agenda item or move it to another `position` (editor); send the `version` you read',
        parameters: item,
        requestBody: body(updateItemSchema),
      },
    },
    '/panel/meetings/{id}/decisions-update': {
      get: {
        summary:
          'The Decisions Update the meeting would get now (nothing is kept): the notices approved from `from` (absent: the day after the last Decisions Update sent to an earlier meeting) to `to` (absent: the day before the meeting)',
        parameters: [
          ...meeting,
          { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
        ],
      },
    },
    '/panel/meetings/{id}/items/{itemId}/papers': {
      post: {
        summary:
          'Send a paper to an agenda item (editor): `kind` `decisions_update` (with optional `from`, `to`) or `delivery_progress` (with `period`, like `2019-20-Q3`). The paper is made from the records now and kept as sent',
        parameters: item,
        requestBody: body(sendPaperSchema),
      },
    },
    '/panel/meetings/{id}/items/{itemId}/minute': {
      put: {
        summary:
          'Record the minute of an item (editor): `heard` (points), `resolution`, and the `projectIds`, `decisionIds` and `targetIds` it mentions (your office’s); send the item’s `version`',
        parameters: item,
        requestBody: body(minuteSchema),
      },
    },
    '/panel/meetings/{id}/items/{itemId}/questions': {
      post: {
        summary: 'Record a question and its answer (editor): `answerMode` `at_meeting` (with the `answer`) or `in_writing` (with `answerDue`, a London date)',
        parameters: item,
        requestBody: body(questionSchema),
      },
    },
    '/panel/questions/{id}': {
      patch: {
        summary: 'Change a question, or record its written answer with `answeredOn` (editor); send the `version`',
        parameters: [uuidParam('id')],
        requestBody: body(updateQuestionSchema),
      },
    },
    '/panel/meetings/{id}/recommendations': {
      post: {
        summary:
          'Record a recommendation of the Panel or its working group (editor). `responseDue` a London date; or `statutory: "precept_veto"` for the response with the revised precept due by 15 February (SI 2012/2271 regulation 5(1))',
        parameters: meeting,
        requestBody: body(recommendationSchema),
      },
    },
    '/panel/recommendations': {
      get: {
        summary:
          'Recommendations, each with `shownStatus` (overdue: awaiting a response after its due London day); filter `status` (a status, `overdue` or `open`)',
        parameters: query(recommendationListSchema),
      },
    },
    '/panel/recommendations/{id}/response': {
      post: {
        summary:
          'Record the response (editor): `status`, `response`, `respondedOn`, the `actions` it leads to; closing needs every action done; send the `version`',
        parameters: [uuidParam('id')],
        requestBody: body(respondSchema),
      },
    },
    '/panel/actions-log': {
      get: {
        summary:
          'Every open recommendation and question to be answered in writing, with its age in days since its meeting, oldest first; filter `kind` (`recommendation` or `question`) and `state` (`overdue`)',
        parameters: query(dueListSchema),
      },
    },
    '/panel/meetings/{id}/items/{itemId}/documents': {
      post: {
        summary:
          'Upload a document to an agenda item (editor): `title`, `filename` (ending .pdf or .docx), `content` the file in base64 (10 MB at most), `exempt`. Its type is checked from its content; it is kept as uploaded, with its SHA-256',
        parameters: item,
        requestBody: body(apiDocumentSchema),
      },
    },
    '/panel/documents/{id}': { get: { summary: 'An uploaded document’s description: type, size, SHA-256, exempt', parameters: [uuidParam('id')] } },
    '/panel/papers/{id}': { get: { summary: 'A paper as sent, with the data it was made from', parameters: [uuidParam('id')] } },
  };
}
