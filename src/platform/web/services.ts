import { createIdempotencyService } from '../../api/idempotency.service.js';
import type { Config } from '../../config.js';
import { createDecisionsService } from '../../decisions/decisions.service.js';
import { createPlanService } from '../../plan/plan.service.js';
import { createProjectsService } from '../../projects/projects.service.js';
import { createReportsService } from '../../reports/reports.service.js';
import { createTargetsService } from '../../targets/targets.service.js';
import { createAuthService } from '../auth/auth.service.js';
import type { Db } from '../db/client.js';
import { createHealthService } from '../db/health.js';

/** Every area's service, built once over one database and clock. */
export function createServices({ db, config, now = () => new Date() }: { db: Db; config: Config; now?: () => Date }) {
  const plan = createPlanService({ db, now });
  const projects = createProjectsService({ db, now });
  const decisions = createDecisionsService({ db, now });
  return {
    auth: createAuthService({ db, config, now }),
    plan,
    projects,
    decisions,
    reports: createReportsService({
      db,
      projects,
      plan,
      chromiumPath: config.chromiumPath,
      now,
      // The report's decision notices section: those approved from its start day (the period's, unless the editor chose another) to the period's end.
      decisionsInPeriod: (officeId, from, to) => decisions.approvedBetween(officeId, from, to),
    }),
    targets: createTargetsService({ db, now }),
    health: createHealthService({ db }),
    idempotency: createIdempotencyService({ db, now }),
  };
}
export type Services = ReturnType<typeof createServices>;
