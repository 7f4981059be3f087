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
type Op = {
  parameters?: { name: string; in: string; schema?: Json }[];
  requestBody?: { content?: { 'application/json'?: { schema?: { properties?: Record<string, Json> } } } };
};

const NIL = '00000000-0000-4000-8000-000000000000';
const hostileText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    'line\nbreak',
    '\u001b[31m',
    '\u007f',
    '\uD800',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    ' ',
  ),
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

  const tables = (
    await w.database.exec(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)
  ).rows.map((r) => String(r.table_name));
  // Sessions and the sign-in limiter's rows change on reads by design; they are not the data.
  const counted = tables.filter((x) => !/session|rate|attempt/.test(x));
  const countSql = `select ${counted.map((x) => `(select count(*) from "${x}")::int as "${x}"`).join(', ')}`;
  const snapshot = async () => (await w.database.exec(countSql)).rows[0];
  let last = await snapshot();

  // A web route's parameters are the fields of the forms its page renders (GET of the same address).
  const fill = (url: string) =>
    url
      .replace(':id', project.id)
      .replace(/:office(Slug)?\b/, 'north')
      .replace(/:[a-zA-Z]+/g, NIL);
  const formNames = new Map<string, string[]>();
  const formFieldsOf = async (url: string) => {
    const page = fill(url);
    if (!formNames.has(page)) {
      const html = (await browser.get(page)).body;
      formNames.set(page, [...new Set([...html.matchAll(/<(?:input|select|textarea)\b[^>]*\sname="([^"]+)"/g)].map((m) => m[1]).filter((x) => x !== '_csrf'))]);
    }
    return formNames.get(page) as string[];
  };
  // Bodies that are valid but for the one field made hostile: some faults (a repeated id) lie past validation.
  const BASE: Record<string, Json> = {
    'POST /api/v1/projects': { title: 'Base', strandId: n.strands[0].id, priorityIds: [n.priorities[0].id] },
    'PATCH /api/v1/projects/:id': { version: 1 },
    'POST /projects/new': { title: 'Base', strandId: n.strands[0].id, priorityIds: n.priorities[0].id },
  };
  const kindValue = (name: string, schema?: Json) => {
    if (/(^at$|At$|On$|date|before|after|^from$|^to$|period|Start$|End$)/i.test(name) || schema?.format === 'date') return '99999-01-01';
    if (schema?.type === 'integer' || schema?.type === 'number' || /page|version|position|year|amount|pct/i.test(name)) return '1e308';
    if (/Ids$/.test(name)) return [n.priorities[0].id, n.priorities[0].id];
    return 'paused';
  };

  const routes = app.routeTable.filter((r) => !r.url.includes('*') && !(r.method === 'POST' && ['/sign-in', '/sign-out'].includes(r.url)));
  const failures: string[] = [];
  const started = Date.now();
  for (const r of routes) {
    const op = r.api ? opOf(r.method, r.url) : undefined;
    const pathParams = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const web = r.api ? [] : (await formFieldsOf(r.url)).slice(0, 30);
    last = await snapshot();
    const qNames = r.api
      ? (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)
      : r.method === 'GET'
        ? web.length
          ? web
          : ['q', 'page']
        : [];
    const bNames =
      r.method === 'GET' || r.method === 'DELETE'
        ? []
        : r.api
          ? Object.keys(op?.requestBody?.content?.['application/json']?.schema?.properties ?? {})
          : web.length
            ? web
            : [...bodyNames].slice(0, 10);
    const schemaOf = (name: string): Json | undefined =>
      (op?.parameters?.find((p) => p.name === name)?.schema as Json | undefined) ??
      (op?.requestBody?.content?.['application/json']?.schema?.properties?.[name] as Json | undefined);
    const names = [...pathParams.map((p) => `path:${p}`), ...qNames.map((q) => `query:${q}`), ...bNames.map((b) => `body:${b}`)];
    if (!names.length) names.push('query:q');
    const value = r.api ? hostileJson : hostileText;
    const base = BASE[`${r.method} ${r.url}`] ?? {};
    const send = async (chosen: [string, unknown][]) => {
      let url = r.url;
      const query = new URLSearchParams();
      const body: Json = { ...base };
      const asText = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
      for (const [name, raw] of chosen) {
        const [where, key] = name.split(':');
        if (where === 'path') url = url.replace(`:${key}`, encodeURIComponent(asText(Array.isArray(raw) ? raw[0] : raw)));
        else if (where === 'query') for (const x of Array.isArray(raw) ? raw : [raw]) query.append(key, asText(x));
        else body[key] = r.api ? raw : Array.isArray(raw) ? raw.map(asText) : asText(raw);
      }
      url = fill(url);
      const qs = query.toString();
      const full = qs ? `${url}?${qs}` : url;
      let status: number;
      if (r.api)
        status = (await api.call(r.method as 'GET', full.replace(/^\/api\/v1/, ''), r.method === 'GET' || r.method === 'DELETE' ? undefined : body)).status;
      else if (r.method === 'GET') status = (await browser.get(full)).statusCode;
      else status = (await browser.post(full, body as Record<string, string | string[]>, { csrf })).statusCode;
      const what = `${r.method} ${full.slice(0, 200)} ${JSON.stringify(body).slice(0, 200)} -> ${status}`;
      const now = await snapshot();
      const wrote = JSON.stringify(now) !== JSON.stringify(last);
      last = now;
      if (status >= 500) return `${what}`;
      if (status >= 400 && wrote) return `${what} wrote to the database`;
      return null;
    };
    // Every parameter alone: a NUL byte, then the wrong value for its kind (enum, date, number, list).
    for (const name of names) {
      const key = name.split(':')[1];
      for (const v of ['a\u0000b', kindValue(key, schemaOf(key))]) {
        const problem = await send([[name, v]]);
        if (problem) failures.push(problem);
      }
    }
    // Then random hostile values on random sets of parameters.
    const request = fc.record({
      chosen: fc.subarray(names, { minLength: 1, maxLength: Math.min(3, names.length) }),
      values: fc.array(value, { minLength: 3, maxLength: 3 }),
      twice: fc.boolean(),
    });
    try {
      await fc.assert(
        fc.asyncProperty(request, async ({ chosen, values, twice }) => {
          const problem = await send(chosen.map((name, i) => [name, twice ? repeated(values[i]) : values[i]]));
          assert.equal(problem, null);
        }),
        { numRuns: Number(process.env.PCP_HOSTILE_RUNS ?? 2), seed: Number(process.env.PCP_HOSTILE_SEED ?? 20261201), endOnFailure: true },
      );
    } catch (e) {
      failures.push(
        `${r.method} ${r.url}: ${
          String((e as Error).message)
            .split('\n')
            .find((l) => l.includes('->')) ?? (e as Error).message.slice(0, 400)
        }`,
      );
    }
  }
  t.diagnostic(`${routes.length} routes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(routes.length >= 50, 'the route table is populated');
  assert.deepEqual(failures, []);
});
