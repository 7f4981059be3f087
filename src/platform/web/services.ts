import type { Config } from '../../config.js';
import { createPlanService } from '../../plan/plan.service.js';
import { createProjectsService } from '../../projects/projects.service.js';
import { createReportsService } from '../../reports/reports.service.js';
import { createAuthService } from '../auth/auth.service.js';
import type { Db } from '../db/client.js';

/** Every area's service, built once over one database and clock. */
export function createServices({ db, config, now = () => new Date() }: { db: Db; config: Config; now?: () => Date }) {
  const plan = createPlanService({ db });
  const projects = createProjectsService({ db, now });
  return {
    auth: createAuthService({ db, config, now }),
    plan,
    projects,
    // TODO(issue 5): at merge, pass decisionsInPeriod: (o, from, to) => decisions.approvedBetween(o, from, to).
    reports: createReportsService({ db, projects, plan, chromiumPath: config.chromiumPath, now }),
  };
}
export type Services = ReturnType<typeof createServices>;
