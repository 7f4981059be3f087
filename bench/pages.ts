// Server time of every signed-in page of the app (every GET route that is not the API), for an office
// of the generated portfolio (about 400 projects). Goal: median under 30 ms per page.
import { testConfig } from '../src/config.js';
import type { Database } from '../src/platform/db/client.js';
import { buildApp } from '../src/platform/web/app.js';
import type { Services } from '../src/platform/web/services.js';
import { ms, percentiles } from './stats.js';

export async function benchPages({ database, services, officeId }: { database: Database; services: Services; officeId: string }) {
  const config = testConfig();
  const email = `bench-${Date.now()}@bench.example`;
  const password = 'bench password bench password';
  await services.auth.createUser({ officeId, input: { email, name: 'Bench admin', password, role: 'admin' }, by: null });
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
  const project = (await database.exec('select id from projects where office_id = $1 limit 1', [officeId])).rows[0]?.id as string;
  const n = (await database.exec('select count(*)::int as n from projects where office_id = $1', [officeId])).rows[0].n;
  console.log(`  pages (office with ${n} projects), server time over 50 requests each:`);
  const urls = app.routeTable
    .filter((r) => r.method === 'GET' && !r.api && !r.url.includes('*') && r.access !== 'public' || (r.method === 'GET' && r.url === '/'))
    .map((r) => r.url.replace(':id', project).replace(/:[a-zA-Z]+/g, 'x'));
  for (const url of [...new Set(urls)]) {
    const samples: number[] = [];
    let status = 0;
    for (let i = 0; i < 55; i++) {
      const r = await app.inject({ url, headers: { cookie } });
      status = r.statusCode;
      if (i >= 5) samples.push(Number(r.headers['server-timing']?.toString().match(/dur=([\d.]+)/)?.[1] ?? Number.NaN));
    }
    const p = percentiles(samples);
    console.log(`    ${url.padEnd(60)} ${status}  median ${ms(p.p50)}  p99 ${ms(p.p99)}  ${p.p50 < 30 ? '' : '(over 30 ms)'}`);
  }
  await app.close();
}
