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
        get: { summary: 'A project with its links. `decisionIds` are its decision notices (the same link a notice lists as `projectIds`), `decisionRefs` their references, `unmatchedDecisionRefs` references typed before notices were linked that matched no notice', parameters: idParam, responses: ok('The project') },
        patch: { summary: 'Change fields (editor); send the `version` you read; a later forecast end needs a `reason`. `decisionIds` (or `decisionRefs`, by reference) replaces the project’s decision notices: each must be a notice of your office, else 400; `decisionId` names the notice an extension was decided by (it is linked too)', parameters: idParam, requestBody: body(updateProjectSchema), responses: ok('The project after the change') },
      },
      '/projects/{id}/moves': { post: { summary: 'Move through a gate (editor); `decisionId` (or `decisionRef`, a reference) names the notice it was decided by: a notice of your office, else 400; it is linked to the project', parameters: idParam, requestBody: body(moveSchema), responses: ok('The project after the move') } },
      '/projects/{id}/merge': { post: { summary: 'Merge other projects into this one (editor)', parameters: idParam, requestBody: body(mergeSchema), responses: ok('The target and the merged projects') } },
      '/projects/{id}/history': { get: { summary: 'Every change, newest first: who, when recorded, when effective, old and new values, why; `decisionId` the notice it was decided by (with `decisionRef`, its reference as recorded; entries made before notices were linked may have only the text)', parameters: idParam, responses: ok('History') } },
      '/portfolio/as-at': { get: { summary: 'The portfolio as it stood at an instant', parameters: queryParams(asAtSchema), responses: ok('Each project’s state at the instant') } },
      '/tokens': {
        get: { summary: 'API tokens of the office (admin)', responses: ok('Tokens, without their secrets') },
        post: { summary: 'Create an API token for yourself; the secret is shown once', requestBody: body(newTokenSchema), responses: { '201': { description: 'Created' }, ...errors } },
      },
      '/tokens/{id}': { delete: { summary: 'Revoke a token (admin)', parameters: idParam, responses: { '204': { description: 'Revoked' }, ...errors } } },
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
