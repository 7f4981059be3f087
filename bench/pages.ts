// Server time of every page of the app (every GET route that is not the API and not a file), for an
// office of the generated portfolio (about 400 projects), with real records in every path: the
// office is given TARGETS-2013-14's targets and actions and DPU-2018-04/DPU-2020-02's decision notices first, so the
// decision, target and action pages are measured too, and the quarterly report of the current quarter.
// Goal: median under 30 ms per page.
import { readFileSync } from 'node:fs';
import { testConfig } from '../src/config.js';
import { seedDecisionsDemo } from '../src/decisions/decisions.demo.js';
import type { Database } from '../src/platform/db/client.js';
import type { Actor } from '../src/platform/errors.js';
import { buildApp } from '../src/app.js';
import type { Services } from '../src/app.js';
import { currentPeriod } from '../src/reports/periods.js';
import { seedTargetsDemo } from '../src/targets/targets.demo.js';
import { seedGrantsDemo } from '../src/grants/grants.demo.js';
import { seedPanelDemo } from '../src/panel/panel.demo.js';
import { seedPlanInDevelopment } from '../src/plan/plan.demo.js';
import { ms, percentiles } from './stats.js';

/** Downloads of a whole office's data, timed apart from the pages (their goal is the export's, issue #17). */
const EXPORTS = ['/projects/history.xlsx'];

export async function benchPages({ database, services, officeId }: { database: Database; services: Services; officeId: string }) {
  const config = testConfig();
  const email = `bench-${Date.now()}@bench.example`;
  const password = 'kettle orbit marmalade lantern';
  const user = await services.auth.createUser({ officeId, input: { email, name: 'Bench admin', password, role: 'admin' }, by: null });
  const by: Actor = { userId: user.id, name: 'Bench admin', officeId, role: 'admin' };
  await seedDecisionsDemo({ services, by });
  await seedTargetsDemo({ services, by, officeId });
  const real = await seedRealRecords(services, by);
  const admin = await seedAdminRecords(services, by);
  const app = await buildApp({ config, services });
  await app.ready();
  const signInPage = await app.inject({ url: '/sign-in' });
  const pre = signInPage.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(signInPage.body)?.[1] ?? '';
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const first = async (sql: string) => ((await database.exec(sql, [officeId])).rows[0]?.id as string | undefined) ?? 'none';
  // The meeting of DPU-2020-02 and the item its papers went to; a document uploaded there (the demo uploads none).
  const meetingId = await first('select meeting_id as id from panel_papers where office_id = $1 order by sent_at limit 1');
  const itemId = await first('select item_id as id from panel_papers where office_id = $1 order by sent_at limit 1');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  await services.panel.uploadDocument({ by, meetingId, itemId, input: { title: 'Delivery progress annex' }, file: { filename: 'annex.pdf', data: pdf } });
  // A candidate project has the most moves open to it; the others are the office's first records.
  const ids: Record<string, string> = {
    '/projects/': await first(`select id from projects where office_id = $1 order by stage = 'candidate' desc, title limit 1`),
    '/admin/priorities/': await first('select id from priorities where office_id = $1 order by position limit 1'),
    '/admin/strands/': await first('select id from strands where office_id = $1 order by position limit 1'),
    '/admin/users/': user.id,
    '/decisions/': await first('select id from decisions where office_id = $1 order by reference limit 1'),
    '/targets/': await first('select id from targets where office_id = $1 order by created_at limit 1'),
    '/actions/': await first('select id from opcc_actions where office_id = $1 order by created_at limit 1'),
    '/reports/published/': await first('select id from report_publications where office_id = $1 limit 1'),
    // HERTS-2016-11's grant funds, plan in development and the Panel's meetings (seedRealRecords).
    '/grants/funds/': real.fundId,
    '/grants/rounds/': real.roundId,
    '/grants/bids/': real.awardedBidId,
    '/grants/assess/': real.awardedBidId,
    '/grants/awards/': real.awardId,
    '/grants/payments/': real.paymentId,
    '/grants/returns/': real.returnId,
    '/o/:officeSlug/grants/rounds/': real.roundId,
    '/plans/': real.planId,
    '/commitments/': await first('select id from commitments where office_id = $1 order by position limit 1'),
    '/milestones/': await first('select id from plan_milestones where office_id = $1 order by starts_on limit 1'),
    '/panel/meetings/': meetingId,
    '/panel/papers/': await first('select id from panel_papers where office_id = $1 order by sent_at limit 1'),
    '/panel/documents/': await first('select id from panel_documents where office_id = $1 order by uploaded_at limit 1'),
    '/panel/questions/': await first('select id from panel_questions where office_id = $1 order by created_at limit 1'),
    '/panel/recommendations/': await first('select id from panel_recommendations where office_id = $1 order by created_at limit 1'),
    // A local area, an upload waiting on its check page and an import run (seedAdminRecords).
    '/admin/areas/': admin.areaId,
    '/imports/uploads/': admin.uploadId,
    '/imports/': admin.importId,
  };
  // Routes whose record must be of another kind than their prefix's: a bid not yet awarded can be declined;
  // the public site shows a published plan. The route's first parameter (other than the office's slug)
  // is given, whatever its name: a reminder's kind, a checklist item, a template's file name.
  const byRoute: Record<string, string> = {
    '/grants/bids/:id/decline': real.openBidId,
    '/admin/reminders/:kind': admin.reminderKind,
    '/admin/specified-information/:item': admin.specifiedItem,
    '/imports/templates/:type': 'projects.xlsx',
    '/o/:officeSlug/panel/meetings/:id': meetingId,
    '/o/:officeSlug/panel/documents/:id': ids['/panel/documents/'],
    '/o/:officeSlug/plans/:id': await first(`select id from plans where office_id = $1 and status = 'published' order by period_start desc limit 1`),
  };
  const slug = (await database.exec('select slug from offices where id = $1', [officeId])).rows[0].slug as string;
  const period = currentPeriod(await services.reports.schemeOf(officeId), new Date()).id;
  // The public register's pages name the office by its slug and show the same decision notices.
  const fill = (url: string) => {
    const u = url.replace('/o/:officeSlug/decisions/', '/decisions/');
    const prefix = Object.keys(ids).find((p) => u.startsWith(`${p}:`));
    return (byRoute[url] ? url.replace(/:(?!officeSlug\b)[a-zA-Z]+/, byRoute[url]) : prefix ? url.replace(':id', ids[prefix]) : url)
      .replace(':officeSlug', slug)
      .replace(':period', period)
      .replace(':move', 'scope')
      .replace(':itemId', itemId)
      .replace(':secret', real.bidSecret)
      .replace(/:[a-zA-Z]+/g, 'x');
  };
  const n = (await database.exec('select count(*)::int as n from projects where office_id = $1', [officeId])).rows[0].n;
  console.log(`  pages (office with ${n} projects, ${period} as the report), server time over 50 requests each:`);
  const urls = app.routeTable
    // Documents (a Panel pack, a grant letter) are printed, not pages: the report bench times printing.
    // The office's whole history as a workbook is an export with a goal of its own (under 2 s, issue
    // #17): timed below, on its own line, not held to the pages' 30 ms.
    .filter((r) => r.method === 'GET' && !r.api && !r.url.includes('*') && !/\/:file$|\/sign-in|health|\.(pdf|docx)$/.test(r.url))
    .filter((r) => !EXPORTS.includes(r.url))
    .map((r) => fill(r.url));
  const over: string[] = [];
  // A page that fails answers in microseconds: it must not count as fast. Only a published paper's
  // page may be missing (the bench office has no published paper).
  const failed: string[] = [];
  /** The server's time (its Server-Timing) for `url` over `n` requests after `warm` not counted, and the last status. */
  const timed = async (url: string, warm: number, n: number) => {
    const samples: number[] = [];
    let status = 0;
    for (let i = 0; i < warm + n; i++) {
      const r = await app.inject({ url, headers: { cookie } });
      status = r.statusCode;
      if (i >= warm) samples.push(Number(r.headers['server-timing']?.toString().match(/dur=([\d.]+)/)?.[1] ?? Number.NaN));
    }
    return { status, p: percentiles(samples) };
  };
  for (const url of [...new Set(urls)]) {
    const { status, p } = await timed(url, 5, 50);
    if (p.p50 >= 30) over.push(url);
    if (status !== 200 && !(status === 404 && url.startsWith('/reports/published/'))) failed.push(`${url} (${status})`);
    console.log(`    ${url.padEnd(72)} ${status}  median ${ms(p.p50)}  p99 ${ms(p.p99)}  ${p.p50 < 30 ? '' : '(over 30 ms)'}`);
  }
  // The exports: fewer requests (each takes hundreds of milliseconds at national scale); one that fails fails the pages too.
  const historyRows = (await database.exec('select count(*)::int as n from project_history where office_id = $1', [officeId])).rows[0].n;
  for (const url of EXPORTS) {
    const { status, p } = await timed(url, 1, 5);
    if (status !== 200) failed.push(`${url} (${status})`);
    console.log(
      `  export ${url} (the office's ${n} projects with ${historyRows} history rows, as a workbook): ${status}, server time median ${ms(p.p50)}, max ${ms(p.max)} over ${p.n} requests; an export, not a page: goal < 2 s (${p.p50 < 2000 ? 'met' : 'NOT met'}), not counted in the pages' 30 ms`,
    );
  }
  if (failed.length) console.log(`  pages: ${failed.length} did not answer 200, so the goal is NOT met: ${failed.join(', ')}`);
  else console.log(`  pages: ${over.length ? `${over.length} over 30 ms median (goal NOT met)` : 'every page under 30 ms median (goal met)'}`);
  await app.close();
}

/**
 * Grants, a plan in development and the Panel's meetings for the bench office, entered through the
 * services as the demo does (HERTS-2016-11's funds with bids and awards, its plan's chapters and
 * timetable, PANEL-MINUTE's and DPU-2020-02's meetings), so that those pages are timed with real
 * records; plus what the demo leaves out: the bench user assessing a bid, a payment and a return
 * due on an award, and a public bid's private link in a round open now.
 */
async function seedRealRecords(services: Services, by: Actor) {
  const g = services.grants;
  const { flyRound, fly } = await seedGrantsDemo({ services, by });
  const bids = await g.listBids(by.officeId, flyRound.id);
  const awarded = bids.find((b) => b.status === 'submitted') ?? bids[0];
  // A second clean bid, in for assessment and not awarded: the one the decline page is timed on.
  const inForAssessment = await g.enterBid({
    by,
    roundId: flyRound.id,
    input: {
      organisationName: 'Broxbourne Borough Council',
      organisationType: 'local_authority',
      title: 'Lay-by barriers',
      purpose: 'Barriers at three lay-bys used for tipping.',
      amounts: [{ year: '2016/17', amount: '£3,000' }],
      totalCost: '£4,000',
      otherFunding: 'The council pays £1,000.',
      receivedOn: '2016-11-17',
      receivedTime: '2pm',
    },
  });
  await g.assignAssessor({ by, roundId: flyRound.id, input: { userId: by.userId } });
  // The bench user assesses the round: declared on both bids, so they may open each (an assessor sees a bid only after declaring).
  for (const b of [awarded, inForAssessment]) await g.declare({ by, bidId: b.id, input: { conflicted: false } });
  const award = await g.awardOfBid(by.officeId, awarded.id);
  if (!award) throw new Error(`the demo did not award ${awarded.reference}`);
  const payment = await g.schedulePayment({ by, awardId: award.id, input: { dueOn: '2017-01-16', amount: '£9,000' } });
  const ret = await g.addReturn({ by, awardId: award.id, input: { title: 'Final monitoring return', dueOn: '2017-04-28' } });
  const year = new Date().getUTCFullYear();
  const open = await g.createRound({
    by,
    fundId: fly.id,
    input: {
      name: 'Open round',
      opensOn: `${year - 1}-04-01`,
      opensTime: '9am',
      closesOn: `${year + 1}-03-31`,
      closesTime: '5pm',
      pot: '£60,000',
      spendBy: `${year + 2}-03-31`,
      maxYears: 1,
      staffCostsAllowed: true,
      subFundingAllowed: false,
      criteria: [{ name: 'Need', weight: 1 }],
      evaluationRequired: false,
    },
  });
  const { secret } = await g.startBid({ officeId: by.officeId, roundId: open.id });
  const plan = await seedPlanInDevelopment({ services, by });
  await seedPanelDemo({ services, by });
  await services.panel.close();
  return {
    fundId: fly.id,
    roundId: flyRound.id,
    awardedBidId: awarded.id,
    openBidId: inForAssessment.id,
    awardId: award.id,
    paymentId: payment.id,
    returnId: ret.id,
    bidSecret: secret,
    planId: plan.id,
  };
}

/**
 * What the admin and import pages show, entered through the services as an office would: a local
 * area, a reminder kind turned on for a named address, a Specified Information item published
 * elsewhere (its link's history), the office's logo on its papers, a tracker imported from a CSV (its import run) and another
 * uploaded and waiting on its check page.
 */
async function seedAdminRecords(services: Services, by: Actor) {
  const area = await services.areas.create({ by, input: { name: 'Bench district' } });
  const [kind] = await services.reminders.settingsFor(by.officeId);
  await services.reminders.saveSetting({ by, kind: kind.kind, input: { enabled: 'true', recipients: 'bench-reminders@bench.example', reason: 'Bench' } });
  const specifiedItem = 'spending';
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await services.specified.setLink({
    by,
    item: specifiedItem,
    input: { url: 'https://www.example.gov.uk/spending', updatedOn: yesterday, reason: 'Spending over £500 is published on the office’s site' },
  });
  // The office's logo for its papers (the paper layout's picture, served to admins).
  const s = await services.paperSettings.get(by.officeId);
  await services.paperSettings.save({
    by,
    input: {
      cover: s.cover,
      title: s.title,
      coverDate: s.coverDate,
      bodyOrientation: s.bodyOrientation,
      forecastStyle: s.forecastStyle,
      reason: 'The office’s logo',
    },
    file: { filename: 'office-logo.png', data: readFileSync(new URL('../src/reports/fixtures/office-logo.png', import.meta.url)) },
  });
  const csv = (name: string) =>
    Buffer.from(
      [
        'Project,Change,Date,Reason,Strand,Priorities,Forecast end',
        `${name} cameras,Scoping,01/02/2024,,Strand 1,Priority 1,2025-Q1`,
        `${name} cameras,Delivery,01/03/2024,,,,`,
        `${name} patrols,Identified,01/02/2024,,Strand 2,Priority 2,TBD`,
      ].join('\n'),
    );
  const imported = await services.imports.upload({ by, name: 'tracker.csv', data: csv('Bench imported'), type: 'projects' });
  const run = await services.imports.runUpload({ by, id: imported });
  const uploadId = await services.imports.upload({ by, name: 'tracker-next.csv', data: csv('Bench uploaded'), type: 'projects' });
  return { areaId: area.id, reminderKind: kind.kind, specifiedItem, importId: run.id, uploadId };
}
