import type { FastifyInstance } from 'fastify';
import { registerApiRoutes } from '../../api/api.routes.js';
import { registerHomeRoutes } from '../../projects/home.routes.js';
import { registerTargetsApiRoutes } from '../../targets/targets.api.js';
import { registerTargetsRoutes } from '../../targets/targets.routes.js';
import { registerAuthRoutes } from '../auth/auth.routes.js';
import type { AppDeps } from './app.js';

/** Each area's routes. An area adds one line here. */
export async function registerRoutes(app: FastifyInstance, deps: AppDeps) {
  await registerAuthRoutes(app, deps);
  await registerHomeRoutes(app, deps);
  await registerTargetsRoutes(app, deps);
  await app.register(async (api) => registerApiRoutes(api, deps), { prefix: '/api/v1' });
  await app.register(async (api) => registerTargetsApiRoutes(api, deps), { prefix: '/api/v1' });
}
