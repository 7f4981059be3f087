import { z } from 'zod';
import { decisionsOpenApiPaths } from '../decisions/decisions.api.js';
import { newTokenSchema, newUserSchema } from '../platform/auth/auth.schemas.js';
import { planInputSchema, priorityInputSchema, strandInputSchema } from '../plan/plan.schemas.js';
import { reportsOpenApiPaths } from '../reports/reports.routes.js';
import { targetsOpenApiPaths } from '../targets/targets.api.js';
import { asAtSchema, createProjectSchema, listQuerySchema, mergeSchema, moveSchema, updateProjectSchema } from '../projects/projects.schemas.js';

const js = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', example: 'project.invalid' },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
      required: ['code', 'message'],
    },
  },
};
const errors = {
  '400': { description: 'Invalid input: each field’s problem', content: { 'application/json': { schema: errorSchema } } },
  '401': { description: 'No valid API token' },
  '403': { description: 'The token’s role is not enough' },
  '404': { description: 'No such resource in your office' },
  '409': { description: 'Stale version: someone changed it since you read it' },
  '422': { description: 'Refused by a rule (stage move not allowed, back-dated change)' },
};
const json = (schema: unknown) => ({ 'application/json': { schema } });
const instant = { type: 'string', format: 'date-time' };
const tokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'editor', 'viewer'] },
    status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
    createdAt: instant,
    expiresAt: { ...instant, description: 'When it stops working: the end of its expiry date, London time' },
    lastUsedAt: { anyOf: [instant, { type: 'null' }] },
    revokedAt: { anyOf: [instant, { type: 'null' }] },
    parentId: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }], description: 'The token that made this one, if one did' },
    owner: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } }, required: ['id', 'name'] },
  },
  required: ['id', 'name', 'role', 'status', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt', 'parentId', 'owner'],
};
const createdTokenSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'editor', 'viewer'] },
    createdAt: instant,
    expiresAt: instant,
    parentId: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] },
    token: { type: 'string', description: 'The secret: send it as `Authorization: Bearer <token>`. Stored hashed; shown in this answer only.' },
  },
  required: ['id', 'name', 'role', 'createdAt', 'expiresAt', 'parentId', 'token'],
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: js(s) } } });
const ok = (description: string) => ({ '200': { description }, ...errors });
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const queryParams = (s: z.ZodObject) =>
  Object.keys(s.shape).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }));

let cached: unknown;
/** The OpenAPI 3.1 description of /api/v1, its request bodies generated from the same zod schemas the services use. */
export function buildOpenApi() {
  cached ??= {
    openapi: '3.1.0',
    info: { title: 'PCP Tracker API', version: '1.0.0', description: 'Plan, priorities, strands, projects, stage moves, history and the portfolio as at any instant. Authenticate with `Authorization: Bearer <token>`; a token acts with its role within its office only.' },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/me': { get: { summary: 'The token’s user, office and role', responses: ok('The actor') } },
      '/stages': { get: { summary: 'Stages and the allowed moves (the state machine)', responses: ok('Stages and moves') } },
      '/plan': { get: { summary: 'The plan in force', responses: ok('The plan') } },
      '/plans': {
        get: { summary: 'All plans of the office', responses: ok('Plans') },
        post: { summary: 'Create a plan (admin)', requestBody: body(planInputSchema), responses: { '201': { description: 'Created' }, ...errors } },
      },
      '/plans/{id}': { put: { summary: 'Update a plan (admin); send `version`', parameters: idParam, requestBody: body(planInputSchema), responses: ok('Updated') } },
      '/priorities': {
        get: { summary: 'Priorities of the plan in force, in order', responses: ok('Priorities') },
        post: { summary: 'Add a priority (admin)', requestBody: body(priorityInputSchema), responses: { '201': { description: 'Created' }, ...errors } },
      },
      '/priorities/{id}': { put: { summary: 'Update a priority (admin)', parameters: idParam, requestBody: body(priorityInputSchema), responses: ok('Updated') } },
      '/strands': {
        get: { summary: 'Strands in order', responses: ok('Strands') },
        post: { summary: 'Add a strand (admin)', requestBody: body(strandInputSchema), responses: { '201': { description: 'Created' }, ...errors } },
      },
      '/strands/{id}': { put: { summary: 'Update a strand (admin)', parameters: idParam, requestBody: body(strandInputSchema), responses: ok('Updated') } },
      '/projects': {
        get: { summary: 'List projects with filters, sorting and pages', parameters: queryParams(listQuerySchema), responses: ok('A page of projects') },
        post: { summary: 'Create a project (editor)', requestBody: body(createProjectSchema), responses: { '201': { description: 'Created' }, ...errors } },
      },
      '/projects/{id}': {
        get: { summary: 'A project with its links', parameters: idParam, responses: ok('The project') },
        patch: { summary: 'Change fields (editor); send the `version` you read; a later forecast end needs a `reason`', parameters: idParam, requestBody: body(updateProjectSchema), responses: ok('The project after the change') },
      },
      '/projects/{id}/moves': { post: { summary: 'Move through a gate (editor)', parameters: idParam, requestBody: body(moveSchema), responses: ok('The project after the move') } },
      '/projects/{id}/merge': { post: { summary: 'Merge other projects into this one (editor)', parameters: idParam, requestBody: body(mergeSchema), responses: ok('The target and the merged projects') } },
      '/projects/{id}/history': { get: { summary: 'Every change, newest first: who, when recorded, when effective, old and new values, why', parameters: idParam, responses: ok('History') } },
      '/portfolio/as-at': { get: { summary: 'The portfolio as it stood at an instant', parameters: queryParams(asAtSchema), responses: ok('Each project’s state at the instant') } },
      '/tokens': {
        get: { summary: 'API tokens of the office, without their secrets (admin)', responses: { '200': { description: 'Tokens, newest first', content: json({ type: 'array', items: tokenSchema }) }, ...errors } },
        post: {
          summary: 'Create an API token for yourself; the secret is in this answer only',
          description:
            'Any role may create tokens, with a role up to its own. `expiresOn` is a London date: the token works until the end of that day; omitted, 90 days from today; at most a year from today. A token made with a token is its child: it cannot expire after the token that made it, and revoking that token revokes it too, so no token outlives the one it came from.',
          requestBody: body(newTokenSchema),
          responses: { '201': { description: 'Created; `token` is the secret, shown once', content: json(createdTokenSchema) }, ...errors },
        },
      },
      '/me/tokens': { get: { summary: 'Your own API tokens, without their secrets', responses: { '200': { description: 'Tokens, newest first', content: json({ type: 'array', items: tokenSchema }) }, ...errors } } },
      '/tokens/{id}': {
        delete: {
          summary: 'Revoke a token and every token made with it (its owner, or an admin of the office)',
          description: 'Another person’s token is 404 to anyone but an admin.',
          parameters: idParam,
          responses: { '204': { description: 'Revoked, with the tokens made with it' }, ...errors },
        },
      },
      '/users': {
        get: { summary: 'Users of the office (admin)', responses: ok('Users') },
        post: { summary: 'Create a user (admin)', requestBody: body(newUserSchema), responses: { '201': { description: 'Created' }, ...errors } },
      },
      ...decisionsOpenApiPaths(),
      '/users/{id}': { patch: { summary: 'Change a user’s role or disable them (admin); their sessions end', parameters: idParam, responses: ok('The user') } },
      ...targetsOpenApiPaths(),
      ...reportsOpenApiPaths,
    },
  };
  return cached;
}
