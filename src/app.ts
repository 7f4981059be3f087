// The composition root: the one place that knows every area. It builds each area's service over one
// database and clock, and registers each area's pages and API on the web app with only the services
// that area uses. platform/ knows no area; an area knows the platform and the services it is handed.
// A new area is a new folder plus its lines here (docs/architecture.md).
import type { FastifyInstance } from 'fastify';
import { apiErrors } from './api/api.errors.js';
import { registerApiBodyGuard } from './api/guard.js';
import { registerIdempotency } from './api/idempotency.js';
import { createIdempotencyService } from './api/idempotency.service.js';
import { buildOpenApi } from './api/openapi.js';
import type { Config } from './config.js';
import { deliverablesOf, deliveryByCommitmentOf, panelRecommendationsOf } from './deliverables.js';
import { registerDecisionsApi } from './decisions/decisions.api.js';
import { decisionErrors } from './decisions/decisions.errors.js';
import { registerDecisionRoutes } from './decisions/decisions.routes.js';
import { registerGrantsApi } from './grants/grants.api.js';
import { grantErrors } from './grants/grants.errors.js';
import { registerGrantRoutes } from './grants/grants.routes.js';
import { grantReturnsReminder, grantsAttention } from './grants/grants.reminders.js';
import { grantsOfDecision } from './grants/grants.present.js';
import { createGrantsService, type GrantsService } from './grants/grants.service.js';
import { createDecisionsService } from './decisions/decisions.service.js';
import { documentErrors } from './documents/documents.errors.js';
import { registerPlanDevelopmentRoutes } from './plan/development.routes.js';
import { registerPlanApi } from './plan/plan.api.js';
import { type PublicSection, registerPublicSiteRoutes } from './plan/public.routes.js';
import { planErrors } from './plan/plan.errors.js';
import { registerPlanRoutes } from './plan/plan.routes.js';
import { createPlanService } from './plan/plan.service.js';
import { registerAuthApi } from './platform/auth/auth.api.js';
import { createAccountService } from './platform/auth/account.service.js';
import { createAuthService } from './platform/auth/auth.service.js';
import { oidcErrors } from './platform/auth/oidc.errors.js';
import { createOidcService } from './platform/auth/oidc.service.js';
import type { Db } from './platform/db/client.js';
import { createHealthService } from './platform/db/health.js';
import { importErrors } from './imports/imports.errors.js';
import { createImportsService } from './imports/imports.service.js';
import { registerImportRoutes } from './imports/imports.routes.js';
import { errorMap } from './platform/errors.js';
import { platformErrors } from './platform/platform.errors.js';
import { apiAccess } from './platform/web/api.js';
import { buildWebApp } from './platform/web/app.js';
import { registerHomeRoutes } from './projects/home.routes.js';
import { registerProjectsApi } from './projects/projects.api.js';
import { projectErrors, projectStatusErrors } from './projects/projects.errors.js';
import { createStatusService } from './projects/status.service.js';
import { registerStatusRoutes } from './projects/status.routes.js';
import { registerStatusApi } from './projects/status.api.js';
import { registerAreasApi } from './areas/areas.api.js';
import { areaErrors } from './areas/areas.errors.js';
import { registerAreaRoutes } from './areas/areas.routes.js';
import { createAreasService } from './areas/areas.service.js';
import { areaDashboards } from './reports/report.areas.js';
import { registerProjectRoutes } from './projects/projects.routes.js';
import { createProjectsService } from './projects/projects.service.js';
import { projectViewFilters } from './projects/projects.view.js';
import { reportErrors } from './reports/reports.errors.js';
import { registerReportApi, registerReportRoutes } from './reports/reports.routes.js';
import { registerPaperSettingsApi, registerPaperSettingsRoutes } from './reports/paper-settings.routes.js';
import { createPaperSettingsService } from './reports/paper-settings.service.js';
import { createReportsService, type ReportsService } from './reports/reports.service.js';
import { registerTargetsApiRoutes } from './targets/targets.api.js';
import { targetErrors } from './targets/targets.errors.js';
import { registerTargetsRoutes } from './targets/targets.routes.js';
import { createTargetsService } from './targets/targets.service.js';
import { registerPanelApi } from './panel/panel.api.js';
import { panelErrors } from './panel/panel.errors.js';
import { registerPanelPublicRoutes } from './panel/panel.public.js';
import { registerPanelRoutes } from './panel/panel.routes.js';
import { createPanelService, type PanelDeps, type PanelService } from './panel/panel.service.js';
import type { Job } from './platform/jobs/jobs.js';
import { createMailer } from './platform/mail/mailer.js';
import { createReminderRegistry } from './platform/reminders/registry.js';
import { reminderErrors } from './platform/reminders/reminders.errors.js';
import { reminderJob } from './platform/reminders/reminders.job.js';
import { registerReminderRoutes } from './platform/reminders/reminders.routes.js';
import { createRemindersService } from './platform/reminders/reminders.service.js';
import { overdueProjectsReminder } from './projects/projects.reminders.js';
import { panelAttention, recommendationResponseDueReminder, writtenAnswerDueReminder } from './panel/panel.reminders.js';
import { specifiedErrors } from './transparency/specified.errors.js';
import { registerSpecifiedRoutes } from './transparency/specified.routes.js';
import { createSpecifiedService, type ThroughProduct } from './transparency/specified.service.js';
import { registerTransparencyRoutes } from './transparency/transparency.routes.js';
import { londonDate } from './platform/db/time.js';

/** Every area's service, built once over one database and clock. */
export function createServices({ db, config, now = () => new Date() }: { db: Db; config: Config; now?: () => Date }) {
  // The plan's commitments link to projects, targets and actions: the plan is handed how to find them.
  const plan = createPlanService({
    db,
    now,
    deliverables: deliverablesOf(() => ({ projects, targets })),
    // Publishing a plan that carries on an earlier one's priorities carries their projects over (issue 16).
    carryOver: (tx, by, pairs, effectiveOn, reason) => projects.carryOverPriorities({ tx, by, pairs, effectiveOn, reason }),
    // The timetable's Panel steps link to the Panel's recommendations (issue 16).
    panelRecommendations: panelRecommendationsOf((): PanelService => all.panel),
  });
  const projects = createProjectsService({ db, now });
  // Each current project's status for the quarter (issue 18).
  const statuses = createStatusService({ db, now });
  // The office's local areas, each with its dashboard (issue 18).
  const areas = createAreasService({ db, now });
  const targets = createTargetsService({ db, now });
  const decisions = createDecisionsService({ db, now });
  const auth = createAuthService({ db, config, now });
  const all = {
    auth,
    account: createAccountService({ db, config, now }),
    // Single sign-on (OpenID Connect) per office.
    oidc: createOidcService({ db, config, now }),
    plan,
    projects,
    statuses,
    areas,
    decisions,
    reports: createReportsService({
      db,
      projects,
      plan,
      chromiumPath: config.chromiumPath,
      now,
      // The report's decision notices section: those approved from its start day (the period's, unless the editor chose another) to the period's end.
      decisionsInPeriod: (officeId, from, to) => decisions.approvedBetween(officeId, from, to),
      // The optional "Delivery by commitment" section: the plan's commitments and what delivered each (issue 16).
      deliveryByCommitment: deliveryByCommitmentOf(() => ({ plan, targets })),
      // The optional Status and Progress columns: each current project's status for the quarter as recorded (issue 18).
      statusesOf: (officeId, periodId, opts) => statuses.ofQuarter(officeId, periodId, opts),
      // The optional dashboard summary per local area, from the portfolio as at both quarters' ends (issue 18).
      areaDashboardsOf: async (officeId, at, prevAt, knownAt) => {
        const list = await areas.list(officeId);
        if (!list.length) return [];
        const [end, before] = await Promise.all([projects.asAtInstant(officeId, at, knownAt), projects.asAtInstant(officeId, prevAt, knownAt)]);
        return areaDashboards(list, end, before);
      },
    }),
    // How each office lays out its quarterly paper: cover, logo, orientation, forecast style (issue 18).
    paperSettings: createPaperSettingsService({ db, now }),
    targets,
    health: createHealthService({ db }),
    idempotency: createIdempotencyService({ db, now }),
    imports: createImportsService({ db, now }),
    // Assessors are chosen from the office's users.
    grants: createGrantsService({ db, now, usersOf: (officeId) => auth.listUsers(officeId) }),
    // The Panel's papers are made by the areas that own their data: the notices register and the quarterly report.
    panel: createPanelService({
      db,
      now,
      chromiumPath: config.chromiumPath,
      decisionsBetween: (officeId, from, to) => decisions.approvedBetween(officeId, from, to),
      deliveryPaper: (officeId: string, periodId: string, knownAt: Date): ReturnType<PanelDeps['deliveryPaper']> =>
        all.reports.paper(officeId, periodId, knownAt),
    }),
    // The Specified Information checklist dates what the product publishes from the areas' own data.
    specified: createSpecifiedService({
      db,
      now,
      throughProduct: specifiedThroughProduct({
        decisions,
        reports: (): ReportsService => all.reports,
        panel: (): PanelService => all.panel,
        grants: (): GrantsService => all.grants,
      }),
    }),
    reminders: createRemindersService({
      db,
      now,
      kinds: reminderKinds({ projects, panel: (): PanelService => all.panel, grants: (): GrantsService => all.grants }),
      mailer: config.smtp ? createMailer(config.smtp) : undefined,
      baseUrl: config.publicUrl,
    }),
  };
  return all;
}

/**
 * What the product itself publishes of the Specified Information Order (issue 16), item by item,
 * with the day it last did. Grants made: the public register of awards (src/grants), dated by the latest award.
 */
function specifiedThroughProduct(s: {
  decisions: ReturnType<typeof createDecisionsService>;
  reports: () => ReportsService;
  panel: () => PanelService;
  grants: () => GrantsService;
}): ThroughProduct {
  return {
    decisions: async (officeId) => {
      const days = (await s.decisions.publicLatest(officeId, 50)).map((d) => d.publishedAt && londonDate(d.publishedAt)).filter((d): d is string => !!d);
      return days.length ? { on: days.sort().at(-1) as string, href: '/decisions', what: 'Decision notices register' } : null;
    },
    reports: async (officeId) => {
      const [latest] = await s.reports().publications(officeId);
      return latest ? { on: londonDate(latest.publishedAt), href: `/reports/published/${latest.id}`, what: 'Quarterly paper published to the Panel' } : null;
    },
    grants: async (officeId) => {
      const [latest] = await s.grants().publicAwards(officeId);
      return latest ? { on: latest.awardedOn, href: '/grants/awarded', what: 'Register of grants awarded' } : null;
    },
    meetings: async (officeId) => {
      const [latest] = await s.panel().meetings(officeId, { status: 'held' });
      return latest ? { on: latest.meetsOn, href: `/panel/meetings/${latest.id}`, what: 'Panel meetings, agendas and minutes' } : null;
    },
  };
}

/**
 * The reminder kinds the areas offer, each on its own line: an area's kind is `{ kind, label,
 * description, findDue(officeId, now) }` built over its service (docs/architecture.md, "Where to add").
 */
function reminderKinds(s: { projects: ReturnType<typeof createProjectsService>; panel: () => PanelService; grants: () => GrantsService }) {
  const kinds = createReminderRegistry();
  kinds.register(overdueProjectsReminder(s.projects));
  // The Panel's service is built after the reminders' place in the object: asked for when a run looks.
  kinds.register(recommendationResponseDueReminder({ fallenDue: (officeId, today) => s.panel().fallenDue(officeId, today) }));
  kinds.register(writtenAnswerDueReminder({ fallenDue: (officeId, today) => s.panel().fallenDue(officeId, today) }));
  kinds.register(grantReturnsReminder({ returnsDue: (officeId, days) => s.grants().returnsDue(officeId, days) }));
  return kinds;
}

/** The home page's lines from several areas, in order. */
const bothAttention =
  (...sources: ((officeId: string) => Promise<{ text: string; href: string }[]>)[]) =>
  async (officeId: string) =>
    (await Promise.all(sources.map((f) => f(officeId)))).flat();

/** The background jobs (src/platform/jobs): none without a mail relay, as the reminders are all there is. */
export function appJobs(services: Services, config: Config): Job[] {
  return config.smtp ? [reminderJob(services.reminders, config.reminderIntervalMinutes)] : [];
}
export type Services = ReturnType<typeof createServices>;

/** Every error code of every area, each with its kind: the one map from a code to an HTTP status. */
export const appErrorMap = errorMap(
  platformErrors,
  apiErrors,
  documentErrors,
  planErrors,
  projectErrors,
  projectStatusErrors,
  areaErrors,
  decisionErrors,
  reportErrors,
  targetErrors,
  reminderErrors,
  importErrors,
  grantErrors,
  panelErrors,
  specifiedErrors,
  oidcErrors,
);

/** The sections of each office's public site after its plans, as /o/:office lists them. */
export const publicSections: PublicSection[] = [
  {
    title: 'Decision notices',
    href: (office) => `/o/${office}/decisions`,
    description: 'Decisions of significant public interest made by the Commissioner, with a feed and a download.',
  },
  {
    title: 'Police and Crime Panel',
    href: (office) => `/o/${office}/panel`,
    description: 'Meetings of the Panel that scrutinises the Commissioner: agendas, papers, minutes, recommendations and responses, and a calendar feed.',
  },
  // src/transparency: the quarterly papers and the targets.
  {
    title: 'Quarterly delivery papers',
    href: (office) => `/o/${office}/papers`,
    description: 'The Delivery Progress Update put to the Police and Crime Panel each quarter, as published.',
  },
  // src/grants: the grants made, and their 360Giving export.
  {
    title: 'Grants awarded',
    href: (office) => `/o/${office}/grants/awarded`,
    description: 'Each crime and disorder reduction grant made: recipient, amount, purpose, conditions, reasons and the decision that made it.',
  },
  {
    title: 'Targets and how they are doing',
    href: (office) => `/o/${office}/targets`,
    description: 'The plan’s targets with their latest figures and status.',
  },
];

export type AppDeps = { config: Config; services: Services; now?: () => Date; logStream?: { write(line: string): void } };

/** The whole app as a Fastify instance that never listens: src/server.ts does that, tests inject. */
export async function buildApp({ config, services, now, logStream }: AppDeps): Promise<FastifyInstance> {
  const { auth, plan, projects, decisions, reports, targets, health } = services;
  const web = {
    config,
    auth,
    account: services.account,
    health,
    errorMap: appErrorMap,
    viewFilters: projectViewFilters,
    logStream,
    oidc: services.oidc,
    // The kept pages are made anew each day, as the areas count days.
    today: () => projects.today(),
  };
  return buildWebApp(web, async (app) => {
    // API bodies are held to the OpenAPI document (every /api/v1 route below).
    registerApiBodyGuard(app);
    // A creating API call retried with the same Idempotency-Key gets the first answer and writes nothing more.
    registerIdempotency(app, { idempotency: services.idempotency });
    // Pages, area by area: each gets the services it uses and nothing else.
    await app.register(async (s) =>
      registerHomeRoutes(s, {
        services: { auth, decisions, plan, projects, areas: services.areas },
        now,
        attention: bothAttention(panelAttention(services.panel), grantsAttention(services.grants)),
      }),
    );
    await app.register(async (s) => registerProjectRoutes(s, { services: { decisions, plan, projects, statuses: services.statuses, areas: services.areas } }));
    await app.register(async (s) => registerStatusRoutes(s, { services: { projects, statuses: services.statuses } }));
    await app.register(async (s) => registerAreaRoutes(s, { services: { areas: services.areas } }));
    await app.register(async (s) => registerPlanRoutes(s, { services: { plan } }));
    await app.register(async (s) => registerPlanDevelopmentRoutes(s, { services: { plan } }));
    // The public site's entrance (/o/:office): the plan's parts, then each section listed here (one line an area).
    await app.register(async (s) => registerPublicSiteRoutes(s, { services: { auth, plan }, sections: publicSections }));
    await app.register(async (s) =>
      registerDecisionRoutes(s, { services: { auth, decisions, projects }, publicUrl: config.publicUrl, grantsOf: grantsOfDecision(services.grants) }),
    );
    await app.register(async (s) => registerReportRoutes(s, { services: { reports } }));
    await app.register(async (s) => registerTargetsRoutes(s, { services: { plan, targets }, chromiumPath: config.chromiumPath, now }));
    await app.register(async (s) => registerReminderRoutes(s, { reminders: services.reminders }));
    await app.register(async (s) => registerPaperSettingsRoutes(s, { paperSettings: services.paperSettings }));
    await app.register(async (s) => registerImportRoutes(s, { services: { imports: services.imports, projects, plan, decisions, targets } }));
    await app.register(async (s) => registerGrantRoutes(s, { services: { auth, grants: services.grants }, chromiumPath: config.chromiumPath }));
    await app.register(async (s) => registerPanelRoutes(s, { services: { panel: services.panel }, now }));
    await app.register(async (s) => registerPanelPublicRoutes(s, { services: { auth, panel: services.panel }, publicUrl: config.publicUrl, now }));
    // src/transparency: the public site's papers and targets, and the admin's Specified Information checklist.
    await app.register(async (s) => registerTransparencyRoutes(s, { services: { auth, plan, reports, targets } }));
    await app.register(async (s) => registerSpecifiedRoutes(s, { services: { specified: services.specified } }));

    // The JSON API under /api/v1, area by area.
    await app.register(
      async (api) => {
        api.get('/openapi.json', apiAccess.public, async () => buildOpenApi());
        await registerAuthApi(api, { services: { auth } });
        await registerPlanApi(api, { services: { plan } });
        await registerProjectsApi(api, { services: { projects } });
        await registerStatusApi(api, { services: { statuses: services.statuses } });
        await registerAreasApi(api, { services: { areas: services.areas } });
        await registerDecisionsApi(api, { services: { decisions } });
        await registerReportApi(api, { services: { reports } });
        await registerPaperSettingsApi(api, { paperSettings: services.paperSettings });
        await registerTargetsApiRoutes(api, { services: { plan, targets } });
        await registerPanelApi(api, { services: { panel: services.panel } });
        await registerGrantsApi(api, { services: { grants: services.grants } });
      },
      { prefix: '/api/v1' },
    );
  });
}
