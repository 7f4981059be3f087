// Grants at scale (issue 14): a round of 2,000 bids with 5 assessors each scoring every bid on three
// criteria (30,000 scores; one assessor conflicted on every 50th bid), the moderation page's server
// time (goal: median under 30 ms); and the 360Giving export of 20,000 awards as JSON (goal: under 1 s; the
// awards are kept while the office's records do not change, so the first answer is given beside the median),
// with CSV and XLSX beside it. The bids, scores and awards are written in bulk with SQL (the bench
// measures the reading; the services' writes are tested in src/grants); the fund, round, assessors'
// accounts and the one decision notice the awards cite go through the services.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import type { Services } from '../src/app.js';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import type { Database } from '../src/platform/db/client.js';
import type { Actor } from '../src/platform/errors.js';
import { createAssessmentRepository } from '../src/grants/grants.repository.js';
import { ms, percentiles, timeIt } from './stats.js';

/** Starts the V8 CPU profiler; the function returned stops it and gives the profile. */
async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

const load = () => `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;

export async function benchGrants({
  database,
  services,
  bids = 2_000,
  awards = 20_000,
}: {
  database: Database;
  services: Services;
  bids?: number;
  awards?: number;
}) {
  const slug = `bench-grants-${Date.now()}`;
  const office = await services.auth.createOffice({ slug, name: 'Grants bench OPCC', area: 'Bench' });
  const password = 'kettle orbit marmalade lantern';
  const email = `admin@${slug}.example`;
  const admin = await services.auth.createUser({ officeId: office.id, input: { email, name: 'Bench admin', password, role: 'admin' }, by: null });
  const by: Actor = { userId: admin.id, name: 'Bench admin', officeId: office.id, role: 'admin' };
  const assessors: { id: string }[] = [];
  for (let i = 1; i <= 5; i++)
    assessors.push(
      await services.auth.createUser({
        officeId: office.id,
        input: { email: `assessor${i}@${slug}.example`, name: `Assessor ${i}`, password, role: 'editor' },
        by: null,
      }),
    );
  const g = services.grants;
  const fund = await g.createFund({ by, input: { code: 'CSG', name: 'Community Safety Grant' } });
  const roundInput = (name: string) => ({
    name,
    opensOn: '2016-11-01',
    opensTime: '9am',
    closesOn: '2016-11-30',
    closesTime: '5pm',
    pot: '£100,000,000',
    spendBy: '2019-03-31',
    maxYears: 3,
    staffCostsAllowed: true,
    subFundingAllowed: false,
    criteria: [
      { name: 'Evidence based', weight: 3 },
      { name: 'Linked to the plan', weight: 2 },
      { name: 'Value for money', weight: 1 },
    ],
    evaluationRequired: true,
  });
  const round = await g.createRound({ by, fundId: fund.id, input: roundInput('2017/18') });
  for (const a of assessors) await g.assignAssessor({ by, roundId: round.id, input: { userId: a.id } });
  const bulkBids = async (roundId: string, prefix: string, n: number) =>
    database.exec(
      `insert into grant_bids (office_id, round_id, reference, source, status, organisation_name, organisation_type, title, purpose, amounts, total_cost_pence, rules_version, submitted_at)
       select $1, $2, $3 || '-' || lpad(i::text, 5, '0'), 'officer', 'submitted', 'Organisation ' || i, 'charity', 'Project ' || i, 'What project ' || i || ' is for',
              jsonb_build_array(jsonb_build_object('year', '2017/18', 'pence', 500000 + (i % 97) * 10000)), 2000000, 1, '2016-11-20T10:00:00Z'
       from generate_series(1, $4::int) as i`,
      [office.id, roundId, prefix, n],
    );
  const [, loadMs] = await timeIt(async () => {
    await bulkBids(round.id, 'CSG', bids);
    await database.exec(
      `insert into grant_declarations (bid_id, office_id, user_id, conflicted, note, declared_at)
       select b.id, b.office_id, u.id, (u.id = $2 and right(b.reference, 2) = '50'), '', now()
       from grant_bids b cross join (select user_id as id from grant_assessors where round_id = $3) u where b.round_id = $3 and b.office_id = $1`,
      [office.id, assessors[0].id, round.id],
    );
    await database.exec(
      `insert into grant_scores (bid_id, office_id, user_id, criterion, score, comment, scored_at)
       select d.bid_id, d.office_id, d.user_id, c.name, (abs(hashtext(d.bid_id::text || d.user_id::text || c.name)) % 6), '', now()
       from grant_declarations d join grant_bids b on b.id = d.bid_id
       cross join (values ('Evidence based'), ('Linked to the plan'), ('Value for money')) as c(name)
       where b.round_id = $1 and not d.conflicted`,
      [round.id],
    );
    // What each scoring keeps in grant_bid_totals, for the whole round at once.
    await createAssessmentRepository({ db: database.db }).refreshTotals({ roundId: round.id });
  });
  const scores = (await database.exec('select count(*)::int as n from grant_scores where office_id = $1', [office.id])).rows[0].n;
  console.log(`\n## Grants: a round of ${bids} bids, 5 assessors, ${scores} scores (loaded in ${(loadMs / 1000).toFixed(1)} s); ${load()}`);

  // The awards the export publishes, in a second round: every award cites one decision notice.
  const big = await g.createRound({ by, fundId: fund.id, input: roundInput('Awards') });
  const decision = await services.decisions.create({ by, input: { reference: 'DN 2017/1', title: 'Grants of the Community Safety Grant 2017/18' } });
  await bulkBids(big.id, 'AWD', awards);
  await database.exec(
    `insert into grant_awards (office_id, bid_id, round_id, fund_id, decision_id, decision_reference, recipient_name, recipient_org_id, title, purpose, conditions, reasons, amounts, amount_pence, awarded_on)
     select b.office_id, b.id, b.round_id, $2, $3, 'DN 2017/1', b.organisation_name, 'GB-CHC-' || (1000000 + row_number() over ()), b.title, b.purpose,
            'Quarterly monitoring returns', 'Evidence of need', b.amounts, (b.amounts->0->>'pence')::bigint, date '2016-12-12' + (row_number() over () % 90)::int
     from grant_bids b where b.round_id = $1`,
    [big.id, fund.id, decision.id],
  );

  const app = await buildApp({ config: testConfig(), services });
  await app.ready();
  const signIn = await app.inject({ url: '/sign-in' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(signIn.body)?.[1] ?? '';
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const serverTime = (r: { headers: Record<string, unknown> }) => Number(String(r.headers['server-timing'] ?? '').match(/dur=([\d.]+)/)?.[1] ?? Number.NaN);

  const modUrl = `/grants/rounds/${round.id}/moderation`;
  const samples: number[] = [];
  let rows = 0;
  // PCP_BENCH_PROFILE=<prefix>: CPU profiles of the moderation requests (<prefix>.moderation.cpuprofile) and of the
  // JSON export (<prefix>.json.cpuprofile), each alone (open them in Chrome's DevTools).
  const profileTo = process.env.PCP_BENCH_PROFILE;
  const profile = profileTo ? await startProfile() : null;
  for (let i = 0; i < 35; i++) {
    const r = await app.inject({ url: modUrl, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`moderation page answered ${r.statusCode}`);
    rows = (r.body.match(/<tr class="govuk-table__row">/g) ?? []).length - 1;
    if (i >= 5) samples.push(serverTime(r));
  }
  if (profile) writeFileSync(`${profileTo}.moderation.cpuprofile`, JSON.stringify(await profile()));
  const p = percentiles(samples);
  console.log(
    `  moderation page, ${rows} bids ranked: median ${ms(p.p50)}, p99 ${ms(p.p99)} over ${p.n} requests (goal median < 30 ms: ${p.p50 < 30 ? 'met' : 'NOT met'}); ${load()}`,
  );
  const m = await timeIt(() => g.moderation(office.id, round.id));
  console.log(`  moderation totals in the service alone: ${ms(m[1])}`);

  for (const [format, goal] of [
    ['json', 1000],
    ['csv', null],
    ['xlsx', null],
  ] as const) {
    const times: number[] = [];
    let size = 0;
    const exportProfile = profileTo && format === 'json' ? await startProfile() : null;
    for (let i = 0; i < (format === 'xlsx' ? 3 : 6); i++) {
      const t = performance.now();
      const r = await app.inject({ url: `/o/${slug}/grants/360giving.${format}` });
      times.push(performance.now() - t);
      if (r.statusCode !== 200) throw new Error(`360Giving ${format} answered ${r.statusCode}`);
      size = r.rawPayload.length;
      if (format === 'json' && i === 0) {
        const n = (JSON.parse(r.body) as { grants: unknown[] }).grants.length;
        if (n !== awards) throw new Error(`the JSON package holds ${n} grants, not ${awards}`);
      }
    }
    if (exportProfile) writeFileSync(`${profileTo}.json.cpuprofile`, JSON.stringify(await exportProfile()));
    // The awards are kept until the office's records change: after a change (the counter moved, as any
    // write does) the export reads them afresh. Timed three times, once after each change.
    const afresh: number[] = [];
    if (goal)
      for (let i = 0; i < 3; i++) {
        await database.exec('update offices set change_counter = change_counter + 1 where id = $1', [office.id]);
        const t = performance.now();
        const r = await app.inject({ url: `/o/${slug}/grants/360giving.${format}` });
        afresh.push(performance.now() - t);
        if (r.statusCode !== 200) throw new Error(`360Giving ${format} answered ${r.statusCode}`);
      }
    const q = percentiles(times);
    const f = afresh.length ? percentiles(afresh) : null;
    console.log(
      `  360Giving ${format.toUpperCase()} of ${awards} awards (${(size / 1024 / 1024).toFixed(1)} MB): median ${ms(q.p50)}, max ${ms(q.max)}${goal && f ? ` (goal < ${goal / 1000} s: median ${q.p50 < goal ? 'met' : 'NOT met'}; read afresh after a change, median ${ms(f.p50)} of 3: ${f.p50 < goal ? 'met' : 'NOT met'}; the very first ${ms(times[0])})` : ''}; ${load()}`,
    );
  }
  await app.close();
}
