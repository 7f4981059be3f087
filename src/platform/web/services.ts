import type { Config } from '../../config.js';
import { createPlanService } from '../../plan/plan.service.js';
import { createProjectsService } from '../../projects/projects.service.js';
import { createTargetsService } from '../../targets/targets.service.js';
import { createAuthService } from '../auth/auth.service.js';
import type { Db } from '../db/client.js';

/** Every area's service, built once over one database and clock. */
export function createServices({ db, config, now = () => new Date() }: { db: Db; config: Config; now?: () => Date }) {
  return {
    auth: createAuthService({ db, config, now }),
    plan: createPlanService({ db }),
    projects: createProjectsService({ db, now }),
    targets: createTargetsService({ db, now }),
  };
}
export type Services = ReturnType<typeof createServices>;
