// The production build (bin/build.ts) as `npm start` and `npx pcp` run it: the esbuild bundle in
// dist/bundle with the templates compiled in dist/templates. The README test signs in to it; this one
// reaches the parts it loads when first needed, which a mistake in what the bundle leaves out (the
// packages kept in node_modules, zod's languages, @fastify/static's glob) would break in production
// only: the chart compiler, the Word and spreadsheet writers, the calendar, and the spreadsheet import.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
// @ts-expect-error: plain JavaScript, shared with bin/pcp.js
import { builtAndFresh } from '../bin/built.js';
import { currentPeriod } from '../src/reports/periods.js';
import { call, newStore, root, seedToken, startPcp, storeKinds } from './server-process.js';

const fresh = builtAndFresh(root) as boolean;
const env = (store: Record<string, string>) => ({
  ...process.env,
  ...store,
  PORT: '0',
  PCP_LOG_LEVEL: 'warn',
  PCP_MFA_ADMINS: 'false',
  PCP_ARGON2_MEMORY_KIB: '1024',
  PCP_ARGON2_TIME: '1',
  PCP_SECRET: 'bundle-test-secret-bundle-test-secret-01',
});

for (const kind of storeKinds()) {
  test(`on ${kind}, the built server draws charts and writes Word, spreadsheets, calendars and imports`, {
    timeout: 300_000,
    // npm ci builds it (the prepare script); a checkout whose sources are newer runs them through tsx.
    // CI (PCP_E2E=1, .ci/run) has just built it: there a stale build fails below rather than skipping.
    skip: fresh || process.env.PCP_E2E === '1' ? false : 'dist/ is older than the sources: run npm run build',
  }, async (t) => {
    assert.ok(fresh, 'dist/ is at least as new as every source (npm ci builds it)');
    const store = await newStore(kind);
    t.after(() => store.drop());
    const token = await seedToken(store);
    const server = startPcp(env(store.env), ['start'], [join(root, 'bin/pcp.js')]);
    t.after(() => server.child.kill('SIGKILL'));
    const base = await server.ready;
    // A project, so the paper has a chart to draw.
    const agent = new Agent({ keepAlive: false });
    const post = async (path: string, body: object) => {
      const r = await call(base, agent, 'POST', path, token, body, { 'idempotency-key': `bundle-${path}` });
      assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    };
    await post('/api/v1/plans', { title: 'Police and Crime Plan', periodStart: '2016-04-01', periodEnd: '2030-03-31', status: 'published' });
    const priorityId = await post('/api/v1/priorities', { name: 'Reduce offending', colour: '#1d70b8' });
    const strandId = await post('/api/v1/strands', { name: 'Policing' });
    await post('/api/v1/projects', { title: 'Bundled project', strandId, priorityIds: [priorityId] });

    const signInPage = await fetch(`${base}/sign-in`);
    const pre = signInPage.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await signInPage.text())?.[1] ?? '';
    const signedIn = await fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'admin@north.example.org', password: 'correct horse battery staple', _csrf: csrf }).toString(),
    });
    assert.equal(signedIn.status, 303);
    const cookie = [...pre, ...signedIn.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    const get = async (path: string, cookies = true) => {
      const r = await fetch(`${base}${path}`, { headers: cookies ? { cookie } : {} });
      assert.equal(r.status, 200, `${path} answered ${r.status}`);
      return { type: r.headers.get('content-type') ?? '', body: Buffer.from(await r.arrayBuffer()) };
    };
    const period = currentPeriod('financial', new Date()).id;
    const page = (await get(`/reports/${period}`)).body.toString();
    assert.match(page, /Bundled project/);
    assert.match(page, /<svg[^>]*>/, 'the paper draws its charts (vega, bundled)');
    const docx = await get(`/reports/${period}.docx`);
    assert.equal(docx.body.subarray(0, 2).toString(), 'PK', 'a Word file (a zip)');
    const xlsx = await get(`/reports/${period}.xlsx`);
    assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK', 'a workbook (a zip)');
    assert.match((await get('/o/north/panel/meetings.ics', false)).body.toString(), /^BEGIN:VCALENDAR/);
    assert.equal((await get('/assets/govuk-frontend.min.css', false)).type, 'text/css; charset=utf-8');
    server.child.kill('SIGTERM');
    await server.exited;

    // The import, through `npx pcp` (the same bundle): a file read, checked and refused by its rows.
    const dir = mkdtempSync(join(tmpdir(), 'pcp-bundle-'));
    const file = join(dir, 'tracker.csv');
    writeFileSync(file, 'Title,Stage\nA project,Scoping\n');
    const r = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/pcp.js'), 'import', '--office', 'north', '--type', 'projects', '--file', file, '--dry-run'],
      {
        cwd: root,
        env: env(store.env),
      },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    assert.equal((r as { code?: number }).code, 4, 'rows with problems: exit 4');
    assert.match(r.stderr, /‘Project’, ‘Change’, ‘Date’ not found/);
  });
}
