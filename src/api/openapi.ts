import { areasOpenApiPaths, areasOpenApiSuccess } from '../areas/areas.api.js';
import { statusOpenApiPaths, statusOpenApiSuccess } from '../projects/status.api.js';
import { z } from 'zod';
import { decisionsOpenApiPaths } from '../decisions/decisions.api.js';
import { grantsOpenApiPaths, grantsOpenApiSuccess } from '../grants/grants.api.js';
import { betweenSchema, listQuerySchema as decisionListQuerySchema } from '../decisions/decisions.schemas.js';
import { newTokenSchema, newUserSchema } from '../platform/auth/auth.schemas.js';
import { planInputSchema, priorityInputSchema, strandInputSchema } from '../plan/plan.schemas.js';
import { planOpenApiPaths, planViewOperation } from '../plan/plan.api.js';
import { reportsOpenApiPaths } from '../reports/reports.routes.js';
import { paperSettingsOpenApiPaths, paperSettingsOpenApiSuccess } from '../reports/paper-settings.routes.js';
import { targetsOpenApiPaths } from '../targets/targets.api.js';
import { panelOpenApiPaths, panelSuccess } from '../panel/panel.api.js';
import { reportQuerySchema } from '../targets/targets.schemas.js';
import { asAtSchema, createProjectSchema, listQuerySchema, mergeSchema, moveSchema, updateProjectSchema } from '../projects/projects.schemas.js';
import { STAGES } from '../projects/stages.js';
import * as A from './api.schemas.js';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency.service.js';

type Json = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the `$schema` line a sub-schema must not repeat. */
export function jsonSchemaOf(s: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
}

/**
 * Query parameters from the zod schema the service parses them with: each typed (enums, numbers,
 * dates, arrays) from what the schema accepts, required when the schema has no default for it.
 */
export function queryParameters(s: z.ZodObject, overrides: Record<string, Json> = {}) {
  return Object.entries(s.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    // The parsed side names the enum or array a preprocess or transform hides; the sent side is the fallback.
    let schema = jsonSchemaOf(f, 'output');
    if (!Object.keys(schema).length || (schema.type === undefined && !schema.anyOf && !schema.enum)) schema = jsonSchemaOf(f, 'input');
    const { description, default: dflt, ...rest } = schema;
    const required = !f.safeParse(undefined).success;
    const p: Json = {
      name,
      in: 'query',
      required,
      schema: { ...rest, ...(dflt === undefined ? {} : { default: dflt }) },
      ...(description ? { description } : {}),
    };
    if ((rest as Json).type === 'array') Object.assign(p, { style: 'form', explode: true });
    return { ...p, ...(overrides[name] ?? {}) };
  });
}

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const arrayOf = (name: string) => ({ type: 'array', items: schemaRef(name) });

// Named representations, generated from src/api/api.schemas.ts.
const components: Record<string, z.ZodType> = {
  Error: A.errorSchema,
  ProjectConflict: A.projectConflictSchema,
  Project: A.projectSchema,
  ProjectWithLinks: A.projectWithLinksSchema,
  ProjectList: A.projectListSchema,
  HistoryEntry: A.historyEntrySchema,
  PortfolioAsAt: A.asAtSchema,
  Stages: A.stagesSchema,
  Me: A.meSchema,
  Plan: A.planSchema,
  Priority: A.prioritySchema,
  Strand: A.strandSchema,
  Token: A.tokenSchema,
  NewToken: A.newTokenAnswerSchema,
  User: A.userSchema,
  Decision: A.decisionSchema,
  DecisionList: A.decisionListSchema,
  DecisionBrief: A.decisionBriefSchema,
  Target: A.targetSchema,
  Action: A.actionSchema,
  Object: A.anyObject,
};

/** What each operation answers on success: `<method> <path>` to [status, schema]. */
const successes = (): Record<string, [string, Json | null]> => ({
  'get /me': ['200', schemaRef('Me')],
  'get /stages': ['200', schemaRef('Stages')],
  'get /plan': ['200', schemaRef('Plan')],
  'get /plans': ['200', arrayOf('Plan')],
  'post /plans': ['201', schemaRef('Plan')],
  'put /plans/{id}': ['200', schemaRef('Plan')],
  'get /priorities': ['200', arrayOf('Priority')],
  'post /priorities': ['201', schemaRef('Priority')],
  'put /priorities/{id}': ['200', schemaRef('Priority')],
  'get /strands': ['200', arrayOf('Strand')],
  'post /strands': ['201', schemaRef('Strand')],
  'put /strands/{id}': ['200', schemaRef('Strand')],
  'get /projects': ['200', schemaRef('ProjectList')],
  'post /projects': ['201', schemaRef('Project')],
  'get /projects/{id}': ['200', schemaRef('ProjectWithLinks')],
  'patch /projects/{id}': ['200', schemaRef('Project')],
  'post /projects/{id}/moves': ['200', schemaRef('Project')],
  'post /projects/{id}/merge': [
    '200',
    { type: 'object', properties: { target: schemaRef('Project'), merged: arrayOf('Project') }, required: ['target', 'merged'] },
  ],
  'get /projects/{id}/history': ['200', arrayOf('HistoryEntry')],
  'get /portfolio/as-at': ['200', schemaRef('PortfolioAsAt')],
  'get /tokens': ['200', arrayOf('Token')],
  'get /me/tokens': ['200', arrayOf('Token')],
  'post /tokens': ['201', schemaRef('NewToken')],
  'delete /tokens/{id}': ['204', null],
  'get /users': ['200', arrayOf('User')],
  'post /users': ['201', schemaRef('User')],
  'patch /users/{id}': ['200', schemaRef('User')],
  'get /decisions': ['200', schemaRef('DecisionList')],
  'post /decisions': ['201', schemaRef('Decision')],
  'get /decisions/approved-between': ['200', arrayOf('DecisionBrief')],
  'get /decisions/{id}': ['200', schemaRef('Decision')],
  'patch /decisions/{id}': ['200', schemaRef('Decision')],
  'post /decisions/{id}/approve': ['200', schemaRef('Decision')],
  'post /decisions/{id}/publish': ['200', schemaRef('Decision')],
  'post /decisions/{id}/withdraw': ['200', schemaRef('Decision')],
  'get /decisions/{id}/history': ['200', arrayOf('Object')],
  // The plan's development (src/plan/plan.api.ts planOpenApiPaths).
  'get /plans/{id}': ['200', schemaRef('Object')],
  'get /plans/{id}/history': ['200', { type: 'array', items: schemaRef('Object') }],
  'post /plans/{id}/transitions': ['200', schemaRef('Plan')],
  'post /plans/{id}/sections': ['201', schemaRef('Priority')],
  'post /plans/{id}/commitments': ['201', schemaRef('Object')],
  'put /plans/{id}/statutory-contents': ['200', { type: 'array', items: schemaRef('Object') }],
  'post /plans/{id}/milestones': ['201', schemaRef('Object')],
  'put /milestones/{id}/done': ['200', schemaRef('Object')],
  'post /commitments/{id}/links': ['201', schemaRef('Object')],
  'delete /commitments/{id}/links/{linkId}': ['200', schemaRef('Object')],
  'get /targets': ['200', arrayOf('Target')],
  'post /targets': ['201', schemaRef('Target')],
  'get /targets/settings': ['200', schemaRef('Object')],
  'put /targets/settings': ['200', schemaRef('Object')],
  'get /targets/report': ['200', schemaRef('Object')],
  'get /targets/{id}': ['200', schemaRef('Target')],
  'put /targets/{id}': ['200', schemaRef('Target')],
  'post /targets/{id}/observations': ['201', schemaRef('Target')],
  'post /targets/{id}/override': ['200', schemaRef('Target')],
  'get /targets/{id}/history': ['200', arrayOf('Object')],
  'get /targets/{id}/chart.svg': ['200', null],
  'get /actions': ['200', arrayOf('Action')],
  'post /actions': ['201', schemaRef('Action')],
  'get /actions/{id}': ['200', schemaRef('Action')],
  'put /actions/{id}': ['200', schemaRef('Action')],
  'post /actions/{id}/updates': ['201', schemaRef('Object')],
  'get /actions/{id}/history': ['200', arrayOf('Object')],
  'get /reports/{period}': ['200', schemaRef('Object')],
  ...Object.fromEntries(
    Object.entries(panelSuccess).map(([k, [status, many, s]]) => [
      k,
      [status, many === 'array' ? { type: 'array', items: jsonSchemaOf(s, 'output') } : jsonSchemaOf(s, 'output')],
    ]),
  ),
  ...grantsOpenApiSuccess(),
  ...paperSettingsOpenApiSuccess(),
  ...statusOpenApiSuccess(),
  ...areasOpenApiSuccess(),
});

/** Query parameters typed from the schemas their services parse them with. */
const queries = (): Record<string, Json[]> => ({
  'get /projects': queryParameters(listQuerySchema, {
    stage: {
      schema: { type: 'array', items: { type: 'string', enum: [...STAGES] } },
      style: 'form',
      explode: true,
      description: 'Repeat it, or separate stages with commas',
    },
    endBefore: {
      description: 'Forecast end before: a quarter like 2020-Q2 or a month like 2020-04',
      schema: { type: 'string', pattern: '^\\d{4}-([Qq][1-4]|\\d{2})$' },
    },
    endAfter: {
      description: 'Forecast end after: a quarter like 2020-Q2 or a month like 2020-04',
      schema: { type: 'string', pattern: '^\\d{4}-([Qq][1-4]|\\d{2})$' },
    },
  }),
  'get /portfolio/as-at': queryParameters(asAtSchema, {
    at: { description: 'A London date like 2018-03-31 (the end of that day) or an instant like 2018-03-31T23:59:59Z', schema: { type: 'string' } },
    knownAt: { description: 'Only what had been recorded by this instant (what the system knew then)', schema: { type: 'string' } },
  }),
  'get /decisions': queryParameters(decisionListQuerySchema, {
    minAmount: { description: 'At least this amount, in pounds, like 1800000 or £1,800,000.00', schema: { type: 'string' } },
    maxAmount: { description: 'At most this amount, in pounds', schema: { type: 'string' } },
  }),
  'get /decisions/approved-between': queryParameters(betweenSchema),
  'get /targets': [{ name: 'asAt', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Figures up to this date' }],
  'get /targets/report': queryParameters(reportQuerySchema),
});

const ERRORS: Record<string, string> = {
  '400':
    'Invalid input: `error.fields` names each field (query parameter or body property) and its problem. A body property the operation does not take (unknown or read-only) is refused, not ignored',
  '401': 'No valid API token',
  '403': 'The token’s role is not enough',
  '404': 'No such resource in your office',
  '409': 'Stale version: someone changed it since you read it; `error.details` says how it is now',
  '422': 'Refused by a rule (stage move not allowed, back-dated change, a notice in the wrong status)',
  '503':
    'Not now: the database is not answering (`server.unavailable`) or the server is restarting (`server.shutting_down`); nothing was saved. Retry after the `Retry-After` seconds',
};

/** The Idempotency-Key header of the creating calls, and what it adds to their answers. */
const IDEMPOTENCY = {
  parameter: {
    name: IDEMPOTENCY_HEADER,
    in: 'header',
    required: false,
    description:
      'Optional; any value unique to this request, such as a UUID (1 to 255 visible ASCII characters, else 400). Send the same key when you retry the same request: within 24 hours the first answer is given again, with `Idempotent-Replayed: true`, and nothing more is written. Keys belong to the API token that sent them. A request that was refused or failed wrote nothing and keeps no key',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
  },
  replayed: {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  errors: {
    '400': 'An `Idempotency-Key` that is not 1 to 255 visible ASCII characters is named in `error.fields`',
    '409':
      'Or: a request with the same `Idempotency-Key` is still being carried out (`request.idempotency_in_progress`, retry after `Retry-After`), or was carried out by an older version that kept its key without its answer (`request.idempotency_answer_lost`, `error.details.resourceId` what it made); nothing more was written',
    '422': 'Or: the `Idempotency-Key` was used in the last 24 hours for a different request (`request.idempotency_key_reused`)',
  } as Record<string, string>,
};

const body = (s: z.ZodType, extra: Json = {}) => {
  const schema = jsonSchemaOf(s);
  if (schema.properties) Object.assign(schema.properties as Json, extra);
  // Unknown and read-only properties are refused (src/api/guard.ts), so the document says so.
  if (schema.properties) schema.additionalProperties = false;
  return { required: true, content: json(schema) };
};
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const version = { version: { type: 'integer', minimum: 1, description: 'The version you read: a stale one is a 409' } };

/** Fills in what every operation of every area needs: success and error schemas, typed query parameters, closed bodies. */
function complete(paths: Record<string, Record<string, Json>>) {
  // Made here, when the document is first built (the first API write or GET /api/v1/openapi.json),
  // not when the module loads: converting the schemas took some 25 ms of every start (issue 19).
  const SUCCESS = successes();
  const QUERY = queries();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const key = `${method} ${path}`;
      const responses: Record<string, Json> = {};
      const success = SUCCESS[key];
      if (!success) throw new Error(`OpenAPI: no answer schema for ${key}`);
      const [status, schema] = success;
      const given = (op.responses ?? {}) as Record<string, Json>;
      const ok = given[status] ?? given['200'] ?? { description: 'Done' };
      const content = (ok.content as Json | undefined) ?? (schema ? json(schema) : undefined);
      // Every creating call takes an Idempotency-Key (src/api/idempotency.ts).
      const idempotent = method === 'post' && status === '201';
      responses[status] = {
        description: ok.description ?? 'Done',
        ...(idempotent ? { headers: { [REPLAYED_HEADER]: IDEMPOTENCY.replayed } } : {}),
        ...(content ? { content } : {}),
      };
      const write = method !== 'get';
      for (const [code, description] of Object.entries(ERRORS)) {
        if (!write && (code === '409' || code === '422')) continue;
        // A project's own 409 carries the project; its quarterly status (issue 18) answers with the plain error.
        const conflict = code === '409' && path.startsWith('/projects/') && !path.endsWith('/status');
        const more = idempotent ? IDEMPOTENCY.errors[code] : undefined;
        responses[code] = {
          description: `${(given[code]?.description as string | undefined) ?? description}${more ? `. ${more}` : ''}`,
          content: json(schemaRef(conflict ? 'ProjectConflict' : 'Error')),
        };
      }
      op.responses = responses;
      if (QUERY[key]) op.parameters = [...((op.parameters as Json[] | undefined) ?? []).filter((p) => p.in !== 'query'), ...QUERY[key]];
      if (idempotent) op.parameters = [...((op.parameters as Json[] | undefined) ?? []), IDEMPOTENCY.parameter];
      const rb = op.requestBody as { content?: { 'application/json'?: { schema?: Json } } } | undefined;
      const s = rb?.content?.['application/json']?.schema;
      if (s?.properties) s.additionalProperties = false;
    }
  }
  return paths;
}

let cached: unknown;
/** The OpenAPI 3.1 description of /api/v1: bodies, answers and query parameters generated from the zod schemas the code uses. */
export function buildOpenApi() {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'PCP Tracker API',
      version: '1.0.0',
      description: [
        'Plan, priorities, strands, projects, stage moves, history and the portfolio as at any instant. Authenticate with `Authorization: Bearer <token>`; a token acts with its role within its office only.',
        '',
        '**Dates.** `effectiveOn` is a calendar date in England (Europe/London), `YYYY-MM-DD`: the change counts from the start of that London day (today, or absent: from the moment it is recorded). It cannot be in the future, nor before the project’s latest recorded change: each project’s history is in date order, so a back-dated change is refused (422/400). History entries carry `effectiveAt` (that instant) and `recordedAt` (when it was written).',
        '',
        '**Errors** are `{ "error": { "code", "message", "fields"?, "details"? } }`. A 409 on a project carries `details.current`, the project in the same shape as `GET /projects/{id}`.',
      ].join('\n'),
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries(Object.entries(components).map(([k, s]) => [k, jsonSchemaOf(s, 'output')])),
    },
    security: [{ bearer: [] }],
    paths: complete({
      '/me': { get: { summary: 'The token’s user, office and role' } },
      '/stages': { get: { summary: 'Stages and the allowed moves (the state machine)' } },
      '/plan': { get: { summary: 'The plan in force' } },
      '/plans': {
        get: { summary: 'All plans of the office' },
        post: { summary: 'Create a plan (admin)', requestBody: body(planInputSchema) },
      },
      '/plans/{id}': {
        get: planViewOperation,
        put: { summary: 'Update a plan (admin); send `version`', parameters: idParam, requestBody: body(planInputSchema, version) },
      },
      '/priorities': {
        get: { summary: 'Priorities of the plan in force, in order' },
        post: { summary: 'Add a priority (admin)', requestBody: body(priorityInputSchema) },
      },
      '/priorities/{id}': { put: { summary: 'Update a priority (admin)', parameters: idParam, requestBody: body(priorityInputSchema) } },
      '/strands': {
        get: { summary: 'Strands in order' },
        post: { summary: 'Add a strand (admin)', requestBody: body(strandInputSchema) },
      },
      '/strands/{id}': { put: { summary: 'Update a strand (admin)', parameters: idParam, requestBody: body(strandInputSchema) } },
      '/projects': {
        get: { summary: 'List projects with filters, sorting and pages' },
        post: { summary: 'Create a project (editor)', requestBody: body(createProjectSchema) },
      },
      '/projects/{id}': {
        get: {
          summary:
            'A project with its links. `decisionIds` are its decision notices (the same link a notice lists as `projectIds`), `decisionRefs` their references, `unmatchedDecisionRefs` references typed before notices were linked that matched no notice',
          parameters: idParam,
        },
        patch: {
          summary:
            'Change fields (editor); send the `version` you read; a later forecast end needs a `reason`; the stage changes only by a move. `decisionIds` (or `decisionRefs`, by reference) replaces the project’s decision notices: each must be a notice of your office, else 400; `decisionId` names the notice an extension was decided by (it is linked too)',
          parameters: idParam,
          requestBody: body(updateProjectSchema),
        },
      },
      '/projects/{id}/moves': {
        post: {
          summary:
            'Move through a gate (editor); `decisionId` (or `decisionRef`, a reference) names the notice it was decided by: a notice of your office, else 400; it is linked to the project',
          parameters: idParam,
          requestBody: body(moveSchema),
        },
      },
      '/projects/{id}/merge': { post: { summary: 'Merge other projects into this one (editor)', parameters: idParam, requestBody: body(mergeSchema) } },
      '/projects/{id}/history': {
        get: {
          summary:
            'Every change, newest first: who, when recorded, when effective, old and new values, why; `decisionId` the notice it was decided by (with `decisionRef`, its reference as recorded; entries made before notices were linked may have only the text)',
          parameters: idParam,
        },
      },
      '/portfolio/as-at': { get: { summary: 'The portfolio as it stood at an instant' } },
      '/tokens': {
        get: { summary: 'API tokens of the office, without their secrets (admin)' },
        post: {
          summary: 'Create an API token for yourself; the secret is in this answer only',
          description:
            'Any role may create tokens, with a role up to its own. `expiresOn` is a London date: the token works until the end of that day; omitted, 90 days from today; at most a year from today. A token made with a token is its child: it cannot expire after the token that made it, and revoking that token revokes it too, so no token outlives the one it came from.',
          requestBody: body(newTokenSchema),
        },
      },
      '/me/tokens': { get: { summary: 'Your own API tokens, without their secrets' } },
      '/tokens/{id}': {
        delete: {
          summary: 'Revoke a token and every token made with it (its owner, or an admin of the office)',
          description: 'Another person’s token is 404 to anyone but an admin.',
          parameters: idParam,
        },
      },
      '/users': {
        get: { summary: 'Users of the office (admin)' },
        post: { summary: 'Create a user (admin)', requestBody: body(newUserSchema) },
      },
      '/users/{id}': {
        patch: { summary: 'Change a user’s role or disable them (admin); their sessions end', parameters: idParam, requestBody: body(A.updateUserSchema) },
      },
      ...decisionsOpenApiPaths(),
      ...targetsOpenApiPaths(),
      ...panelOpenApiPaths(),
      ...grantsOpenApiPaths(),
      ...statusOpenApiPaths(),
      ...areasOpenApiPaths(),
      ...planOpenApiPaths(),
      ...(structuredClone(reportsOpenApiPaths) as unknown as Record<string, Record<string, Json>>),
      ...(paperSettingsOpenApiPaths() as unknown as Record<string, Record<string, Json>>),
    } as Record<string, Record<string, Json>>),
  };
  return cached;
}
