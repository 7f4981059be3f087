import { newStrongPassword } from '../platform/auth/passwords.js';
import { seedDecisionsDemo } from '../decisions/decisions.demo.js';
import { seedGrantsDemo, seedSaferCommunitiesFund } from '../grants/grants.demo.js';
import { seedPlanDemo } from '../plan/plan.demo.js';
import type { Actor } from '../platform/errors.js';
import { seedTargetsDemo } from '../targets/targets.demo.js';
import { seedPanelDemo } from '../panel/panel.demo.js';
import type { Services } from '../app.js';
import * as H from './hampshire.js';
import { HERTS_EMAIL_DOMAIN, HERTS_OFFICE, seedHertfordshireOffice } from './hertfordshire.js';

export type DemoAccount = { email: string; password: string; role: 'admin' | 'editor' | 'viewer' };
export type Progress = (step: string, done: number, total: number) => void;

const newPassword = newStrongPassword;

/**
 * Enters the content of the source papers (docs/sources.md) through the services, with dated moves, so that its history is
 * real history. Returns the demo accounts with passwords made now (none is baked in).
 */
export async function seedDemo({ services, progress = () => {} }: { services: Services; progress?: Progress }) {
  const office = await services.auth.createOffice(H.OFFICE);
  const accounts: DemoAccount[] = [];
  const ids: Record<string, string> = {};
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    const email = `${role}@hampshire.demo`;
    const password = newPassword();
    const u = await services.auth.createUser({ officeId: office.id, input: { email, name: `Demo ${role}`, password, role }, by: null });
    ids[role] = u.id;
    accounts.push({ email, password, role });
  }
  const admin: Actor = { userId: ids.admin, name: 'Demo admin', officeId: office.id, role: 'admin' };
  const by: Actor = { userId: ids.editor, name: 'Demo editor', officeId: office.id, role: 'editor' };

  await services.plan.createPlan({ by: admin, input: H.PLAN });
  const priorityId: Record<string, string> = {};
  for (const p of H.PRIORITIES) priorityId[p.name] = (await services.plan.createPriority({ by: admin, input: p })).id;
  const strandId: Record<string, string> = {};
  for (const s of H.STRANDS) strandId[s] = (await services.plan.createStrand({ by: admin, input: { name: s } })).id;

  // Issue 18: the local areas, and the projects the papers tie to one (H.PROJECT_AREAS); the rest serve them all.
  const areaId: Record<string, string> = {};
  for (const name of H.AREAS) areaId[name] = (await services.areas.create({ by: admin, input: { name } })).id;

  const project: Record<string, { id: string; version: number }> = {};
  const create = async (p: H.DemoProject, on: string, stage: 'candidate' | 'scoping' | 'delivery') => {
    const row = await services.projects.create({
      by,
      input: {
        title: p.title,
        objective: p.objective,
        overview: p.overview ?? '',
        outcome: p.outcome ?? '',
        strandId: strandId[p.strand],
        priorityIds: p.priorities.map((n) => priorityId[n]),
        statutory: p.statutory ?? false,
        forecastEnd: p.forecast,
        stage,
        effectiveOn: on,
        areaIds: (H.PROJECT_AREAS[p.title] ?? []).map((a) => areaId[a]),
      },
    });
    project[p.title] = { id: row.id, version: row.version };
  };
  const move = async (title: string, m: string, on: string, extra: Record<string, unknown> = {}) => {
    const p = project[title];
    const row = await services.projects.move({ by, id: p.id, input: { move: m, version: p.version, effectiveOn: on, ...extra } });
    p.version = row.version;
  };

  const total = H.CURRENT.length + H.DELIVERED.length + H.INITIATED.length + H.CANDIDATES.length + H.SEED_001.length + 9;
  let done = 0;
  const tick = (step: string) => progress(step, ++done, total);

  // The portfolio as first entered, at the start of the quarter before DPU-2018-04's.
  for (const p of H.CURRENT) {
    await create(p, H.BASELINE_ON, p.stage ?? 'delivery');
    tick('current projects');
  }
  for (const m of H.MERGES)
    for (const s of m.sources) await create({ title: s, strand: m.strand, objective: '', forecast: 'TBD', priorities: m.priorities }, H.BASELINE_ON, 'scoping');
  for (const d of H.DELIVERED) {
    await create({ ...d, objective: '', forecast: '2018-Q1' }, H.BASELINE_ON, 'delivery');
    tick('delivered projects');
  }
  for (const p of H.INITIATED) {
    await create(p, H.BASELINE_ON, 'candidate');
  }

  // January to March 2018: the quarter of DPU-2018-04, in date order per project.
  for (const p of H.INITIATED) {
    await move(p.title, 'scope', p.on);
    tick('initiated projects');
  }
  for (const p of H.CANDIDATES) {
    await create(p, p.on, 'candidate');
    tick('candidate projects');
  }
  for (const m of H.MERGES) {
    const into = project[m.into];
    const r = await services.projects.merge({
      by,
      targetId: into.id,
      input: { sourceIds: m.sources.map((s) => project[s].id), version: into.version, effectiveOn: m.on, reason: m.reason },
    });
    into.version = r.target.version;
    for (const s of r.sources) project[s.title].version = s.version;
    tick('merges');
  }
  for (const e of H.EXTENSIONS) {
    for (const title of e.titles) {
      const p = project[title];
      const row = await services.projects.update({ by, id: p.id, input: { version: p.version, forecastEnd: e.to, reason: e.reason, effectiveOn: e.on } });
      p.version = row.version;
    }
    tick('extensions');
  }
  for (const h of H.HOLDS) {
    await move(h.title, 'hold', h.on, { reason: h.reason });
    tick('holds');
  }
  for (const d of H.DELIVERED) await move(d.title, 'complete', d.on);

  // After the quarter: PANEL-MINUTE's Barnahus review, and DPU-2020-02's projects of 2019.
  await move(H.BARNAHUS.title, 'complete_at_scoping', H.BARNAHUS.on, { reason: H.BARNAHUS.reason });
  tick('later changes');
  for (const p of H.SEED_001) {
    await create(p, H.SEED_001_ON, 'delivery');
    tick('projects of 2019');
  }

  // The decision notices of DPU-2018-04 and DPU-2020-02, and TARGETS-2013-14's targets and actions (an earlier plan).
  await seedDecisionsDemo({ services, by });
  await services.reports.saveDraft({ by, periodId: H.SEED_000_REPORT.periodId, input: { decisionsFrom: H.SEED_000_REPORT.decisionsFrom } });
  tick('decision notices');
  await seedTargetsDemo({ services, by: admin, officeId: office.id });
  tick('targets and actions');
  // A second office, Hertfordshire's (HERTS-2016-11): its plan in development and its grant funds are entered by those areas.
  const herts = await seedHertfordshireOffice({ services });
  // The Panel's meetings of PANEL-MINUTE and DPU-2020-02, with their minute, papers and recommendations.
  await seedPanelDemo({ services, by, barnahusId: project[H.BARNAHUS.title]?.id });
  accounts.push(...herts.accounts);
  await seedGrantsDemo({ services, by: herts.editor, assessor: herts.admin });
  await seedSaferCommunitiesFund({ services, by });
  await seedPlanDemo({ services, by: herts.admin });
  // The papers sent to the demo's meetings were printed by Chromium: close it, so a command or test
  // that only seeds can exit (the next PDF starts it again).
  await services.panel.close();
  await services.reports.close();
  return { office, accounts, admin, editor: by, herts, projectIds: Object.fromEntries(Object.entries(project).map(([k, v]) => [k, v.id])) };
}

const DEMO_OFFICES = [
  { slug: H.OFFICE.slug, domain: 'hampshire.demo' },
  { slug: HERTS_OFFICE.slug, domain: HERTS_EMAIL_DOMAIN },
];

/** New passwords for the demo accounts of every demo office, printed at each demo start; null before the first. */
export async function resetDemoPasswords(services: Services): Promise<DemoAccount[] | null> {
  const out: DemoAccount[] = [];
  let found = false;
  for (const d of DEMO_OFFICES) {
    const office = await services.auth.officeBySlug(d.slug);
    if (!office) continue;
    found = true;
    for (const u of await services.auth.listUsers(office.id)) {
      if (!u.email.endsWith(`@${d.domain}`)) continue;
      const password = newPassword();
      await services.auth.setPassword({ officeId: office.id, userId: u.id, password });
      out.push({ email: u.email, password, role: u.role });
    }
  }
  return found ? out : null;
}
