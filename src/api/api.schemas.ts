// What the API answers, as zod schemas: the OpenAPI document's response schemas are generated from
// these (src/api/openapi.ts), and the contract test holds every answer of the suite to them.
// Objects are open (a new field is not a breaking change); what a client relies on is required.
import { z } from 'zod';
import { MOVE_NAMES, STAGES } from '../projects/stages.js';

const id = z.uuid();
const instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 with its offset (UTC, `Z`)');
const day = z.iso.date();
const stage = z.enum(STAGES);
const role = z.enum(['admin', 'editor', 'viewer']);

export const fieldErrorSchema = z.object({
  field: z.string().describe('The field’s name in the request (query parameter or body property)'),
  message: z.string(),
});
export const errorSchema = z.object({
  error: z.looseObject({
    code: z.string().describe('Dotted, like `project.invalid`, `project.conflict`, `auth.unauthenticated`'),
    message: z.string(),
    fields: z.array(fieldErrorSchema).optional().describe('On a 400: each field’s problem, the field named as sent'),
    details: z.unknown().optional(),
  }),
});

export const projectSchema = z.looseObject({
  id,
  title: z.string(),
  objective: z.string(),
  overview: z.string(),
  outcome: z.string(),
  strandId: id,
  priorityIds: z.array(id),
  lead: z.string(),
  statutory: z.boolean(),
  forecastEnd: z.string().describe('A quarter like `2020-Q2`, a month like `2020-04`, or `TBD`'),
  umbrellaId: id.nullable(),
  mergedIntoId: id.nullable(),
  stage,
  heldFrom: stage.nullable().describe('On hold: the stage a resume returns to'),
  allowedMoves: z.array(z.enum(MOVE_NAMES as [string, ...string[]])).describe('The gate moves allowed from the current stage'),
  version: z.number().int().positive().describe('Send it back with a change: a stale version is a 409'),
  createdAt: instant,
  updatedAt: instant,
});
const ref = z.object({ id, title: z.string() });
export const projectWithLinksSchema = projectSchema.extend({
  links: z.looseObject({ umbrella: ref.nullable(), mergedInto: ref.nullable(), mergedFrom: z.array(ref), children: z.array(ref.extend({ stage })) }),
});
export const projectListSchema = z.object({
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  items: z.array(projectSchema.extend({ strandName: z.string() })),
});
export const historyEntrySchema = z.looseObject({
  id: z.number().int(),
  projectId: id,
  version: z.number().int(),
  kind: z.string().describe('created, edited, extended, moved, merged_in'),
  move: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).describe('Each changed field as `{ from, to }`'),
  reason: z.string().nullable(),
  effectiveAt: instant.describe('When the change took effect: the start of its `effectiveOn` London day, or when it was recorded if that was today'),
  recordedAt: instant,
  actorName: z.string(),
});
export const projectConflictSchema = z.object({
  error: errorSchema.shape.error.extend({
    code: z.literal('project.conflict'),
    details: z.object({
      current: projectSchema.describe('The project as it is now, in the same shape as GET /projects/{id}'),
      yourVersion: z.number().int(),
      changesSince: z.array(historyEntrySchema).describe('The changes made since the version you sent, newest first'),
    }),
  }),
});
export const asAtSchema = z.object({
  at: instant,
  projects: z.array(z.looseObject({ id, title: z.string(), stage, forecastEnd: z.string() })),
});
export const stagesSchema = z.object({ stages: z.array(stage), moves: z.record(z.string(), z.looseObject({ label: z.string(), from: z.array(stage) })) });
export const meSchema = z.looseObject({
  userId: id.nullable(),
  name: z.string(),
  officeId: id,
  role,
  tokenId: id.optional().describe('The token this request came with'),
});
export const planSchema = z.looseObject({
  id,
  title: z.string(),
  periodStart: day,
  periodEnd: day,
  status: z.enum(['draft', 'consultation', 'published', 'superseded']),
  version: z.number().int(),
});
export const prioritySchema = z.looseObject({ id, name: z.string(), colour: z.string(), position: z.number().int() });
export const strandSchema = z.looseObject({ id, name: z.string(), position: z.number().int() });
export const tokenSchema = z.looseObject({
  id,
  name: z.string(),
  role,
  status: z.enum(['active', 'expired', 'revoked']).optional(),
  createdAt: instant,
  expiresAt: instant.describe('When it stops working: the end of its expiry date, London time'),
  lastUsedAt: instant.nullable().optional(),
  revokedAt: instant.nullable().optional(),
  parentId: id.nullable().describe('The token that made this one, if one did'),
  owner: z.looseObject({ id, name: z.string() }).optional(),
});
export const newTokenAnswerSchema = tokenSchema.extend({
  token: z.string().describe('The secret: send it as `Authorization: Bearer <token>`. Stored hashed; shown in this answer only'),
});
export const userSchema = z.looseObject({ id, email: z.string(), name: z.string(), role, disabled: z.boolean() });
export const updateUserSchema = z.object({
  role: role.optional(),
  disabled: z.boolean().optional(),
  reason: z.string().max(2000).optional(),
});

export const decisionSchema = z.looseObject({
  id,
  reference: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'approved', 'published', 'withdrawn']),
  approvedOn: day.nullable(),
  amountPence: z.number().int().nullable(),
  projectIds: z.array(id),
  hasExemptPart: z.boolean().describe('The exempt part itself is never in an answer'),
  version: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
});
export const decisionListSchema = z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(decisionSchema) });
export const decisionBriefSchema = z.looseObject({ id, reference: z.string(), title: z.string() });
export const auditEntrySchema = z.looseObject({});
export const targetSchema = z.looseObject({
  id,
  version: z.number().int(),
  rag: z.looseObject({ label: z.string() }),
  observations: z.array(z.looseObject({})),
});
export const actionSchema = z.looseObject({ id, version: z.number().int() });
export const anyObject = z.looseObject({});
