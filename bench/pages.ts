// Server time of every page of the app (every GET route that is not the API and not a file), for an
// office of the generated portfolio (about 400 projects), with real records in every path: the
// office is given TARGETS-2013-14's targets and actions and DPU-2018-04/DPU-2020-02's decision notices first, so the
// decision, target and action pages are measured too, and the quarterly report of the current quarter.
// Goal: median under 30 ms per page.
import { testConfig } from '../src/config.js';
import { seedDecisionsDemo } from '../src/decisions/decisions.demo.js';
import type { Database } from '../src/platform/db/client.js';
import type { Actor } from '../src/platform/errors.js';
import { buildApp } from '../src/app.js';
import type { Services } from '../src/app.js';
import { currentPeriod } from '../src/reports/periods.js';
import { seedTargetsDemo } from '../src/targets/targets.demo.js';
import { ms, percentiles } from './stats.js';

export async function benchPages({ database, services, officeId }: { database: Database; services: Services; officeId: string }) {
  const config = testConfig();
  const email = `bench-${Date.now()}@bench.example`;
  const password = 'kettle orbit marmalade lantern';
  const user = await services.auth.createUser({ officeId, input: { email, name: 'Bench admin', password, role: 'admin' }, by: null });
  const by: Actor = { userId: user.id, name: 'Bench admin', officeId, role: 'admin' };
  await seedDecisionsDemo({ services, by });
  await seedTargetsDemo({ services, by, officeId });
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
  };
  const slug = (await database.exec('select slug from offices where id = $1', [officeId])).rows[0].slug as string;
  const period = currentPeriod(await services.reports.schemeOf(officeId), new Date()).id;
  // The public register's pages name the office by its slug and show the same decision notices.
  const fill = (url: string) => {
    const u = url.replace('/o/:officeSlug/decisions/', '/decisions/');
    const prefix = Object.keys(ids).find((p) => u.startsWith(`${p}:`));
    return (prefix ? url.replace(':id', ids[prefix]) : url)
      .replace(':officeSlug', slug)
      .replace(':period', period)
      .replace(':move', 'scope')
      .replace(/:[a-zA-Z]+/g, 'x');
  };
  const n = (await database.exec('select count(*)::int as n from projects where office_id = $1', [officeId])).rows[0].n;
  console.log(`  pages (office with ${n} projects, ${period} as the report), server time over 50 requests each:`);
  const urls = app.routeTable
    .filter((r) => r.method === 'GET' && !r.api && !r.url.includes('*') && !/\/:file$|\/sign-in|health/.test(r.url))
    .map((r) => fill(r.url));
  const over: string[] = [];
  // A page that fails answers in microseconds: it must not count as fast. Only a published paper's
  // page may be missing (the bench office has no published paper).
  const failed: string[] = [];
  for (const url of [...new Set(urls)]) {
    const samples: number[] = [];
    let status = 0;
    for (let i = 0; i < 55; i++) {
      const r = await app.inject({ url, headers: { cookie } });
      status = r.statusCode;
      if (i >= 5) samples.push(Number(r.headers['server-timing']?.toString().match(/dur=([\d.]+)/)?.[1] ?? Number.NaN));
    }
    const p = percentiles(samples);
    if (p.p50 >= 30) over.push(url);
    if (status !== 200 && !(status === 404 && url.startsWith('/reports/published/'))) failed.push(`${url} (${status})`);
    console.log(`    ${url.padEnd(72)} ${status}  median ${ms(p.p50)}  p99 ${ms(p.p99)}  ${p.p50 < 30 ? '' : '(over 30 ms)'}`);
  }
  if (failed.length) console.log(`  pages: ${failed.length} did not answer 200, so the goal is NOT met: ${failed.join(', ')}`);
  else console.log(`  pages: ${over.length ? `${over.length} over 30 ms median (goal NOT met)` : 'every page under 30 ms median (goal met)'}`);
  await app.close();
}
