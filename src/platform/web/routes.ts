import type { FastifyInstance } from 'fastify';
import { registerApiBodyGuard } from '../../api/guard.js';
import { registerApiRoutes } from '../../api/api.routes.js';
import { registerIdempotency } from '../../api/idempotency.js';
import { registerDecisionRoutes } from '../../decisions/decisions.routes.js';
import { registerHomeRoutes } from '../../projects/home.routes.js';
import { registerProjectRoutes } from '../../projects/projects.routes.js';
import { registerAdminRoutes } from '../auth/admin.routes.js';
import { registerReportRoutes } from '../../reports/reports.routes.js';
import { registerTargetsApiRoutes } from '../../targets/targets.api.js';
import { registerTargetsRoutes } from '../../targets/targets.routes.js';
import { registerAuthRoutes } from '../auth/auth.routes.js';
import { registerAccountRoutes } from '../auth/tokens.routes.js';
import { registerPlanRoutes } from '../../plan/plan.routes.js';
import type { AppDeps } from './app.js';
import { registerHealthRoutes } from './health.routes.js';

/** Each area's routes. An area adds one line here. */
export async function registerRoutes(app: FastifyInstance, deps: AppDeps) {
  registerApiBodyGuard(app);
  registerIdempotency(app, deps);
  await registerHealthRoutes(app, deps);
  await registerAuthRoutes(app, deps);
  await registerHomeRoutes(app, deps);
  await registerProjectRoutes(app, deps);
  await registerPlanRoutes(app, deps);
  await registerAdminRoutes(app, deps);
  await registerAccountRoutes(app, deps);
  await registerDecisionRoutes(app, deps);
  await registerReportRoutes(app, deps);
  await registerTargetsRoutes(app, deps);
  await app.register(async (api) => registerApiRoutes(api, deps), { prefix: '/api/v1' });
  await app.register(async (api) => registerTargetsApiRoutes(api, deps), { prefix: '/api/v1' });
}
