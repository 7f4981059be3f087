// Net: every route of the web app and the API, every parameter it documents or a form of the app
// sends, given hostile values (NUL and other control characters, huge strings, wrong enums, wrong
// types, repeated ids, far dates, negative and huge numbers). Never a 5xx; and a refusal (4xx)
// writes nothing: the row count of every table, history tables included, is the same after.
// Routes and parameters come from the app's route table and the OpenAPI document (itself made from
// the zod schemas the services parse with); web forms share those field names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildOpenApi } from '../../src/api/openapi.js';
import { Browser, apiClient, testApp, world } from '../helpers.js';

type Json = Record<string, unknown>;
type Op = { parameters?: { name: string; in: string; schema?: Json }[]; requestBody?: { content?: { 'application/json'?: { schema?: { properties?: Record<string, Json> } } } } };

const NIL = '00000000-0000-4000-8000-000000000000';
const hostileText = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', 'line\nbreak', '\u001b[31m', '\u007f', '\uD800', "' or 1=1 --", '<script>alert(1)</script>', '../../etc/passwd', '%00', ' '),
  fc.constantFrom('paused', 'TBD', 'notadate', 'next year', '2018-02-30', '99999-01-01', '+099999-01-01T00:00:00Z', '0000-00-00', '-000001-01-01'),
  fc.constantFrom('-1', '0', '1e308', '99999999999999999999', 'NaN', '1.5', '-0', '9007199254740993'),
  fc.constant('x'.repeat(20_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, 1.5, true, false, null, {}, [], { $gt: '' }, [NIL, NIL], ['\u0000'], [[]]),
);
// A repeated id: each list field gets the same value twice.
const repeated = (v: unknown) => (typeof v === 'string' ? [v, v] : v);

test('hostile values on every route and parameter never give a 5xx, and a refusal writes nothing', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const n = w.north;
  const project = await w.services.projects.create({ by: n.editor, input: { title: 'Hostile', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id] } });
  const browser = new Browser(app);
  await browser.signIn(n.users.admin.email);
  const csrf = await browser.csrf('/');
  const api = await apiClient(app, w.services, n.admin);

  const doc = buildOpenApi() as { paths: Record<string, Record<string, Op>> };
  const opOf = (method: string, url: string) => doc.paths[url.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  // Every query and body name the API knows: web pages and forms use the same names.
  const queryNames = new Set<string>(['q', 'page', 'next', 'format', 'period', 'date', 'asAt', 'planId']);
  const bodyNames = new Set<string>(['reason', 'version', 'effectiveOn-day', 'effectiveOn-month', 'effectiveOn-year', 'move']);
  for (const ops of Object.values(doc.paths))
    for (const op of Object.values(ops)) {
      for (const p of op.parameters ?? []) if (p.in === 'query') queryNames.add(p.name);
      for (const k of Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {})) bodyNames.add(k);
    }

  const tables = (await w.database.exec(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)).rows.map((r) => String(r.table_name));
  // Sessions and the sign-in limiter's rows change on reads by design; they are not the data.
  const counted = tables.filter((x) => !/session|rate|attempt/.test(x));
  const countSql = `select ${counted.map((x) => `(select count(*) from "${x}")::int as "${x}"`).join(', ')}`;
  const snapshot = async () => (await w.database.exec(countSql)).rows[0];

  const routes = app.routeTable.filter((r) => !r.url.includes('*') && !(r.method === 'POST' && ['/sign-in', '/sign-out'].includes(r.url)));
  const failures: string[] = [];
  const started = Date.now();
  for (const r of routes) {
    const op = r.api ? opOf(r.method, r.url) : undefined;
    const pathParams = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const qNames = r.api ? (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) : [...queryNames];
    const bNames = r.method === 'GET' || r.method === 'DELETE' ? [] : r.api ? Object.keys(op?.requestBody?.content?.['application/json']?.schema?.properties ?? {}) : [...bodyNames];
    const names = [...pathParams.map((p) => `path:${p}`), ...qNames.map((q) => `query:${q}`), ...bNames.map((b) => `body:${b}`)];
    if (!names.length) names.push('query:q');
    const value = r.api ? hostileJson : hostileText;
    const request = fc.record({
      chosen: fc.subarray(names, { minLength: 1, maxLength: Math.min(4, names.length) }),
      values: fc.array(value, { minLength: 4, maxLength: 4 }),
      twice: fc.boolean(),
    });
    try {
      await fc.assert(
        fc.asyncProperty(request, async ({ chosen, values, twice }) => {
          const v = (i: number) => (twice ? repeated(values[i]) : values[i]);
          let url = r.url;
          const query = new URLSearchParams();
          const body: Json = {};
          chosen.forEach((name, i) => {
            const [where, key] = name.split(':');
            const raw = v(i);
            const asText = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
            if (where === 'path') url = url.replace(`:${key}`, encodeURIComponent(asText(Array.isArray(raw) ? raw[0] : raw)));
            else if (where === 'query') for (const x of Array.isArray(raw) ? raw : [raw]) query.append(key, asText(x));
            else body[key] = r.api ? raw : Array.isArray(raw) ? raw.map(asText) : asText(raw);
          });
          url = url
            .replace(':id', project.id)
            .replace(/:office(Slug)?\b/, 'north')
            .replace(/:[a-zA-Z]+/g, NIL);
          const qs = query.toString();
          const full = qs ? `${url}?${qs}` : url;
          const before = await snapshot();
          let status: number;
          if (r.api) {
            const res = await api.call(r.method as 'GET', `${full.replace(/^\/api\/v1/, '')}`, r.method === 'GET' || r.method === 'DELETE' ? undefined : body);
            status = res.status;
          } else if (r.method === 'GET') {
            status = (await browser.get(full)).statusCode;
          } else {
            status = (await browser.post(full, body as Record<string, string | string[]>, { csrf })).statusCode;
          }
          const what = `${r.method} ${full.slice(0, 300)} ${JSON.stringify(body).slice(0, 300)} -> ${status}`;
          assert.ok(status < 500, what);
          if (status >= 400) assert.deepEqual(await snapshot(), before, `${what} wrote to the database`);
        }),
        { numRuns: Number(process.env.PCP_HOSTILE_RUNS ?? 3), seed: Number(process.env.PCP_HOSTILE_SEED ?? 20261201), endOnFailure: true },
      );
    } catch (e) {
      failures.push(`${r.method} ${r.url}: ${String((e as Error).message).split('\n').find((l) => l.includes('->')) ?? (e as Error).message.slice(0, 400)}`);
    }
  }
  t.diagnostic(`${routes.length} routes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(routes.length >= 50, 'the route table is populated');
  assert.deepEqual(failures, []);
});
