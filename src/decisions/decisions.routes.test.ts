import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';
import { csvCell } from '../platform/csv.js';

const CANARY = 'CANARY-7f3a9-exempt-never-public';

async function setup(t: TestContext) {
  const c = clock('2020-02-03T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  return { c, w, app };
}

/** A published notice made through the service, with the canary in each part of its exempt part. */
async function publishedWithCanary(w: Awaited<ReturnType<typeof world>>, office = w.north, reference = 'ID: 514') {
  const d = await w.services.decisions.create({
    by: office.editor,
    input: {
      reference,
      title: 'Hampshire contribution to the South East Regional policing centre',
      decisionMaker: 'Police and Crime Commissioner',
      summary: 'Approved the addition of £1,800,000 to Capital (Revenue Contributions) Reserve.',
      decisionText: 'The PCC approves.\n\nSecond paragraph.',
      amount: '£1,800,000',
      tags: 'INVESTMENT in POLICING',
      exemptText: `Supplier prices ${CANARY}`,
      exemption: `Schedule 12A para 3 ${CANARY}`,
      exemptReason: `Commercial ${CANARY}`,
    },
  });
  const a = await w.services.decisions.approve({ by: office.editor, id: d.id, input: { version: 1, approvedOn: '2019-11-28' } });
  return w.services.decisions.publish({ by: office.editor, id: d.id, input: { version: a.version } });
}

const errorLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">/g)].map((m) => m[1]);

test('editors create, change, approve, publish and withdraw through GOV.UK forms; bad answers re-render with 400 and are kept', async (t) => {
  const { w, app } = await setup(t);
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');

  const bad = await b.post(
    '/decisions/new',
    { reference: 'ID: 507', title: 'Stalking support', amount: '12.345', backgroundDocuments: 'Report | javascript:alert(1)' },
    { from: '/decisions/new' },
  );
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.deepEqual(errorLinks(bad.body), ['#amount', '#backgroundDocuments']);
  assert.match(bad.body, /value="12.345"/, 'the answer is kept');
  assert.match(bad.body, /id="amount-error"/);
  assert.equal((await w.services.decisions.list(w.north.office.id, {})).total, 0, 'nothing saved');

  const ok = await b.post(
    '/decisions/new',
    { reference: 'ID: 507', title: 'Stalking support', amount: '£44,000', tags: 'Victims' },
    { from: '/decisions/new' },
  );
  assert.equal(ok.statusCode, 303, ok.body);
  const id = String(ok.headers.location).split('/').pop() as string;
  const page = await b.get(`/decisions/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Decision notice ID: 507 created as a draft/);
  assert.match(page.body, /£44,000/);

  const dup = await b.post('/decisions/new', { reference: 'id: 507', title: 'Again' }, { from: '/decisions/new' });
  assert.equal(dup.statusCode, 400);
  assert.deepEqual(errorLinks(dup.body), ['#reference']);

  // Edit: one field changed, with a reason; the history shows old -> new, who and why.
  const edit = await b.post(
    `/decisions/${id}/edit`,
    { reference: 'ID: 507', title: 'Enhancing support for victims of stalking', amount: '£44,000', tags: 'Victims', version: '1', reason: 'Full title' },
    { from: `/decisions/${id}/edit` },
  );
  assert.equal(edit.statusCode, 303, edit.body);
  const shown = await b.get(`/decisions/${id}`);
  assert.match(shown.body, /Stalking support → Enhancing support for victims of stalking/);
  assert.match(shown.body, /Full title/);
  assert.match(shown.body, /north editor/);

  // A stale form is refused with 409 and changes nothing.
  const stale = await b.post(`/decisions/${id}/edit`, { reference: 'ID: 507', title: 'Stale', version: '1' }, { from: `/decisions/${id}/edit` });
  assert.equal(stale.statusCode, 409);

  const future = await b.post(
    `/decisions/${id}/approve`,
    { version: '2', 'approvedOn-day': '4', 'approvedOn-month': '2', 'approvedOn-year': '2020', decisionMaker: 'PCC' },
    { from: `/decisions/${id}/approve` },
  );
  assert.equal(future.statusCode, 400);
  assert.deepEqual(errorLinks(future.body), ['#approvedOn']);
  assert.match(future.body, /id="approvedOn"[^>]*name="approvedOn-day"|name="approvedOn-day"[^>]*value="4"/);
  const approve = await b.post(
    `/decisions/${id}/approve`,
    { version: '2', 'approvedOn-day': '27', 'approvedOn-month': '1', 'approvedOn-year': '2020', decisionMaker: 'PCC' },
    { from: `/decisions/${id}/approve` },
  );
  assert.equal(approve.statusCode, 303, approve.body);

  const noSummary = await b.post(`/decisions/${id}/publish`, { version: '3' }, { from: `/decisions/${id}/publish` });
  assert.equal(noSummary.statusCode, 400);
  assert.deepEqual(errorLinks(noSummary.body), ['#summary']);
  assert.equal((await w.services.decisions.get(w.north.office.id, id)).status, 'approved');

  await b.post(
    `/decisions/${id}/edit`,
    {
      reference: 'ID: 507',
      title: 'Enhancing support for victims of stalking',
      summary: 'Approved PCC contribution of £44,000.',
      amount: '£44,000',
      version: '3',
    },
    { from: `/decisions/${id}/edit` },
  );
  const pub = await b.post(`/decisions/${id}/publish`, { version: '4' }, { from: `/decisions/${id}/publish` });
  assert.equal(pub.statusCode, 303);
  assert.equal((await b.get(`/o/north/decisions/${id}`)).statusCode, 200);

  const noReason = await b.post(`/decisions/${id}/withdraw`, { version: '5', reason: '' }, { from: `/decisions/${id}/withdraw` });
  assert.equal(noReason.statusCode, 400);
  assert.deepEqual(errorLinks(noReason.body), ['#reason']);
  const wd = await b.post(`/decisions/${id}/withdraw`, { version: '5', reason: 'Published in error' }, { from: `/decisions/${id}/withdraw` });
  assert.equal(wd.statusCode, 303);
  assert.equal((await b.get(`/o/north/decisions/${id}`)).statusCode, 404, 'a withdrawn notice leaves the register');
  const h = await w.services.decisions.history(w.north.office.id, id);
  assert.deepEqual(
    h.map((x) => x.kind),
    ['withdrawn', 'published', 'edited', 'approved', 'edited', 'created'],
  );
});

test('viewers read notices and history but cannot change them', async (t) => {
  const { w, app } = await setup(t);
  const d = await publishedWithCanary(w);
  const b = new Browser(app);
  await b.signIn('viewer@north.example.org');
  const page = await b.get(`/decisions/${d.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /History/);
  assert.doesNotMatch(page.body, /href="\/decisions\/[^"]+\/edit"/);
  assert.equal((await b.get('/decisions/new')).statusCode, 403);
  assert.equal((await b.get(`/decisions/${d.id}/edit`)).statusCode, 403);
  const token = await b.csrf('/decisions');
  assert.equal((await b.post(`/decisions/${d.id}/withdraw`, { version: String(d.version), reason: 'x' }, { csrf: token })).statusCode, 403);
  assert.equal((await w.services.decisions.get(w.north.office.id, d.id)).status, 'published');
});

test('the exempt part never appears in any public page, the feed, the CSV or any API answer', async (t) => {
  const { w, app } = await setup(t);
  const d = await publishedWithCanary(w);
  // The canary is really stored, and the signed-in page shows it: so its absence below means something.
  const b = new Browser(app);
  await b.signIn('editor@north.example.org');
  assert.match((await b.get(`/decisions/${d.id}`)).body, new RegExp(CANARY));

  const anon = new Browser(app);
  const outputs: [string, string][] = [];
  for (const url of [
    '/o/north/decisions',
    `/o/north/decisions?q=${CANARY}`,
    '/o/north/decisions?q=Supplier',
    '/o/north/decisions?tag=INVESTMENT+in+POLICING&year=2019&minAmount=1&maxAmount=£2,000,000',
    `/o/north/decisions/${d.id}`,
    '/o/north/decisions.atom',
    '/o/north/decisions.csv',
    `/o/north/decisions.csv?q=${CANARY}`,
  ]) {
    const r = await anon.get(url);
    assert.equal(r.statusCode, 200, url);
    // A search box shows back what the reader typed: that is their text, not ours; remove it before looking.
    const typed = new URL(url, 'http://x').searchParams.get('q');
    // (the search box and the download link carry it back). The "Supplier prices" check below still applies.
    outputs.push([url, typed ? r.body.replaceAll(typed, '').replaceAll(encodeURIComponent(typed), '') : r.body]);
  }
  assert.doesNotMatch(outputs[1][1], /South East Regional/, 'searching for the exempt text finds nothing');
  assert.doesNotMatch(outputs[2][1], /South East Regional/, 'searching for words of the exempt text finds nothing');
  assert.match(outputs[0][1], /South East Regional/, 'the notice itself is listed');
  assert.match(
    outputs[0][1],
    /<link rel="alternate" type="application\/atom\+xml"[^>]*href="\/o\/north\/decisions.atom">/,
    'the page points feed readers at the feed',
  );
  assert.match(outputs[0][1], /<title>Decision notices – North OPCC – PCP Tracker<\/title>/);

  const api = await apiClient(app, w.services, w.north.editor);
  const calls: [string, Awaited<ReturnType<typeof api.call>>][] = [];
  calls.push(['list', await api.call('GET', '/decisions')]);
  calls.push(['list q', await api.call('GET', `/decisions?q=${CANARY}`)]);
  calls.push(['get', await api.call('GET', `/decisions/${d.id}`)]);
  calls.push(['history', await api.call('GET', `/decisions/${d.id}/history`)]);
  calls.push(['between', await api.call('GET', '/decisions/approved-between?from=2019-10-01&to=2019-12-31')]);
  calls.push(['stale patch', await api.call('PATCH', `/decisions/${d.id}`, { version: 1, title: 'x' })]);
  calls.push(['patch', await api.call('PATCH', `/decisions/${d.id}`, { version: d.version, exemptText: `Changed ${CANARY}`, reason: 'more detail' })]);
  const created = await api.call('POST', '/decisions', { reference: 'ID: 999', title: 'New', exemptText: CANARY, exemption: CANARY, exemptReason: CANARY });
  calls.push(['create', created]);
  calls.push(['openapi', await api.call('GET', '/openapi.json')]);
  assert.equal(calls[2][1].body.hasExemptPart, true);
  assert.equal(calls[5][1].status, 409);
  assert.equal(calls[6][1].status, 200);
  assert.equal(created.status, 201);
  for (const [label, r] of calls) outputs.push([`API ${label}`, JSON.stringify(r.body)]);
  // ...and once more after the change, in every public output.
  for (const url of ['/o/north/decisions', `/o/north/decisions/${d.id}`, '/o/north/decisions.atom', '/o/north/decisions.csv'])
    outputs.push([`${url} (after)`, (await anon.get(url)).body]);

  for (const [label, body] of outputs) {
    assert.ok(body.length > 20, `${label} answered`);
    assert.ok(!body.includes(CANARY), `${label} leaks the exempt part`);
    assert.ok(!body.includes('Supplier prices'), `${label} leaks the exempt text`);
    assert.ok(!body.includes('Schedule 12A para 3'), `${label} leaks the exemption`);
  }
});

test('the register is per office: unknown slugs, other offices, drafts and bad ids answer 404', async (t) => {
  const { w, app } = await setup(t);
  const north = await publishedWithCanary(w);
  const draft = await w.services.decisions.create({ by: w.north.editor, input: { reference: 'ID: 600', title: 'Draft only', summary: 'Draft summary' } });
  const anon = new Browser(app);
  for (const url of [
    '/o/nowhere/decisions',
    '/o/nowhere/decisions.atom',
    '/o/nowhere/decisions.csv',
    `/o/south/decisions/${north.id}`,
    `/o/north/decisions/${draft.id}`,
    '/o/north/decisions/not-a-uuid',
    `/o/NORTH/decisions/${north.id}`,
  ]) {
    assert.equal((await anon.get(url)).statusCode, 404, url);
  }
  const south = await anon.get('/o/south/decisions');
  assert.equal(south.statusCode, 200);
  assert.doesNotMatch(south.body, /South East Regional/);
  assert.doesNotMatch((await anon.get('/o/north/decisions')).body, /Draft only/);
  assert.doesNotMatch((await anon.get('/o/north/decisions.csv')).body, /Draft only/);
  assert.doesNotMatch((await anon.get('/o/north/decisions.atom')).body, /Draft only/);

  const b = new Browser(app);
  await b.signIn('editor@south.example.org');
  assert.equal((await b.get(`/decisions/${north.id}`)).statusCode, 404);
  assert.equal((await b.get(`/decisions/${north.id}/edit`)).statusCode, 404);
  assert.equal((await b.post(`/decisions/${north.id}/withdraw`, { version: String(north.version), reason: 'x' }, { from: '/decisions' })).statusCode, 404);
  assert.equal((await b.get('/decisions/not-a-uuid')).statusCode, 404);
  const api = await apiClient(app, w.services, w.south.editor);
  assert.equal((await api.call('GET', `/decisions/${north.id}`)).status, 404);
  assert.equal((await api.call('PATCH', `/decisions/${north.id}`, { version: north.version, title: 'x' })).status, 404);
  assert.equal((await api.call('GET', `/decisions/${north.id}/history`)).status, 404);
  assert.equal((await api.call('GET', '/decisions')).body.total, 0);
  assert.equal((await w.services.decisions.get(w.north.office.id, north.id)).title, north.title);
});

test('the Atom feed is valid Atom 1.0 with the required elements', async (t) => {
  const { w, app, c } = await setup(t);
  const first = await publishedWithCanary(w);
  c.advance(3_600_000);
  const d = await w.services.decisions.create({
    by: w.north.editor,
    input: {
      reference: 'ID: 502',
      decisionMaker: 'PCC',
      title: 'Children’s furniture & toys <for> "suites"',
      summary: 'Sponsorship up to £6,366 & more',
      amount: '6366',
      tags: 'INVESTMENT in POLICING, Victims',
    },
  });
  const a = await w.services.decisions.approve({ by: w.north.editor, id: d.id, input: { version: 1, approvedOn: '2019-10-01' } });
  await w.services.decisions.publish({ by: w.north.editor, id: d.id, input: { version: a.version } });
  await w.services.decisions.create({ by: w.north.editor, input: { reference: 'ID: 601', title: 'Not published' } });

  const r = await new Browser(app).get('/o/north/decisions.atom');
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^application\/atom\+xml/);
  assert.equal(XMLValidator.validate(r.body), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'category'].includes(name) }).parse(
    r.body,
  );
  const feed = doc.feed;
  assert.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom');
  assert.match(feed.id, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.equal(feed.title['#text'], 'North OPCC: decision notices');
  assert.ok(!Number.isNaN(Date.parse(feed.updated)) && /T.*Z$/.test(feed.updated), 'updated is an RFC 3339 date-time');
  assert.equal(feed.updated, new Date(c.now()).toISOString(), 'the feed is as new as its newest entry');
  assert.ok(feed.author.name);
  assert.ok(feed.link.some((l: Record<string, string>) => l['@rel'] === 'self' && l['@href'].endsWith('/o/north/decisions.atom')));
  assert.equal(feed.entry.length, 2, 'only published notices');
  for (const e of feed.entry) {
    assert.match(e.id, /^urn:uuid:/);
    assert.ok(e.title['#text']);
    assert.ok(!Number.isNaN(Date.parse(e.updated)));
    const alt = e.link.find((l: Record<string, string>) => l['@rel'] === 'alternate');
    // Built from the configured public address (PCP_PUBLIC_URL; testConfig's), never the request's Host.
    assert.match(alt['@href'], /^https:\/\/pcp\.example\.org\/o\/north\/decisions\/[0-9a-f-]{36}$/);
  }
  const ids = feed.entry.map((e: { id: string }) => e.id);
  assert.ok(ids.includes(`urn:uuid:${first.id}`) && ids.includes(`urn:uuid:${d.id}`));
  const e502 = feed.entry.find((e: { id: string }) => e.id === `urn:uuid:${d.id}`);
  assert.ok(r.body.includes('Children’s furniture &amp; toys &lt;for&gt; &quot;suites&quot; (ID: 502)'), 'markup in a title is escaped');
  assert.equal(e502.title['#text'], 'Children’s furniture & toys <for> "suites" (ID: 502)', 'and reads back as the title');
  assert.deepEqual(
    e502.category.map((x: Record<string, string>) => x['@term']),
    ['INVESTMENT in POLICING', 'Victims'],
  );
});

test('the CSV has every published notice and defuses cells a spreadsheet would run as formulas', async (t) => {
  const { w, app } = await setup(t);
  const make = async (reference: string, title: string, summary: string, amount = '', tags = '') => {
    const d = await w.services.decisions.create({ by: w.north.editor, input: { reference, title, summary, amount, tags, decisionMaker: 'PCC' } });
    const a = await w.services.decisions.approve({ by: w.north.editor, id: d.id, input: { version: 1, approvedOn: '2019-10-01' } });
    return w.services.decisions.publish({ by: w.north.editor, id: d.id, input: { version: a.version } });
  };
  await make('=1+1', '=HYPERLINK("http://evil.example","x")', '+cmd', '£1,800,000', '@tag');
  await make('ID: 2', '-5 is not an amount', 'Plain', '', '');
  await make('ID: 3', 'Plain "quoted" title, with comma', 'Plain', '83125.5', '');
  const r = await new Browser(app).get('/o/north/decisions.csv');
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^text\/csv/);
  assert.match(String(r.headers['content-disposition']), /attachment; filename="north-decision-notices.csv"/);
  const rows = parseCsv(r.body.replace(/^\uFEFF/, ''));
  assert.deepEqual(rows[0].slice(0, 4), ['Reference', 'Title', 'Decision maker', 'Date approved']);
  assert.equal(rows.length, 4);
  const byRef = new Map(rows.slice(1).map((x) => [x[0], x]));
  const f = byRef.get("'=1+1") as string[];
  assert.ok(f, 'the reference starting = is prefixed');
  assert.equal(f[1], `'=HYPERLINK("http://evil.example","x")`);
  assert.equal(f[4], "'+cmd");
  assert.equal(f[6], '1800000.00');
  assert.equal(f[8], "'@tag");
  assert.equal((byRef.get('ID: 2') as string[])[1], "'-5 is not an amount");
  assert.equal((byRef.get('ID: 3') as string[])[1], 'Plain "quoted" title, with comma');
  // Forms trim leading white space, so a tab or CR reaches csvCell only from other callers: check it directly.
  assert.equal(csvCell('\tTabbed'), `"'\tTabbed"`);
  assert.equal(csvCell('\rCarriage'), `"'\rCarriage"`);
  assert.equal(csvCell('a "b"'), '"a ""b"""');
  assert.equal((byRef.get('ID: 3') as string[])[6], '83125.50');
  // No cell of the file starts with a formula character.
  for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
  // The filters apply to the download too.
  assert.equal(parseCsv((await new Browser(app).get('/o/north/decisions.csv?minAmount=100000')).body.replace(/^\uFEFF/, '')).length, 2);
});

test('the JSON API: create, validate, conflict, approve, publish, withdraw, approved-between, OpenAPI paths', async (t) => {
  const { w, app } = await setup(t);
  const api = await apiClient(app, w.services, w.north.editor);
  const bad = await api.call('POST', '/decisions', { reference: 'ID: 1', title: 'T', amount: '-5' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'decision.invalid');
  assert.deepEqual(
    bad.body.error.fields.map((f: { field: string }) => f.field),
    ['amount'],
  );
  const c1 = await api.call('POST', '/decisions', { reference: 'ID: 1', title: 'T', amount: 'abc' });
  assert.equal(c1.status, 400);
  const ok = await api.call('POST', '/decisions', { reference: 'ID: 1', title: 'T', amount: '1800000.00', tags: ['A'] });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.amountPence, 180_000_000);
  assert.equal(ok.body.status, 'draft');
  assert.equal((await api.call('POST', '/decisions', { reference: 'ID: 1', title: 'T2' })).body.error.fields[0].field, 'reference');
  const id = ok.body.id;
  const refused = await api.call('POST', `/decisions/${id}/publish`, { version: 1 });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.code, 'decision.refused');
  const future = await api.call('POST', `/decisions/${id}/approve`, { version: 1, approvedOn: '2030-01-01', decisionMaker: 'PCC' });
  assert.equal(future.status, 400);
  assert.equal(future.body.error.fields[0].field, 'approvedOn');
  const ap = await api.call('POST', `/decisions/${id}/approve`, { version: 1, approvedOn: '2020-01-10', decisionMaker: 'PCC' });
  assert.equal(ap.status, 200);
  const noSummary = await api.call('POST', `/decisions/${id}/publish`, { version: 2 });
  assert.equal(noSummary.status, 400);
  assert.equal(noSummary.body.error.fields[0].field, 'summary');
  const stale = await api.call('PATCH', `/decisions/${id}`, { version: 1, summary: 'S' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'decision.conflict');
  assert.equal((await api.call('PATCH', `/decisions/${id}`, { version: 2, summary: 'S' })).status, 200);
  assert.equal((await api.call('POST', `/decisions/${id}/publish`, { version: 3 })).body.status, 'published');
  const between = await api.call('GET', '/decisions/approved-between?from=2020-01-01&to=2020-03-31');
  assert.deepEqual(
    between.body.map((x: { reference: string }) => x.reference),
    ['ID: 1'],
  );
  assert.equal((await api.call('GET', '/decisions/approved-between?from=2020-13-01&to=2020-03-31')).status, 400);
  const hist = await api.call('GET', `/decisions/${id}/history`);
  assert.deepEqual(
    hist.body.map((h: { kind: string }) => h.kind),
    ['published', 'edited', 'approved', 'created'],
  );
  const wd = await api.call('POST', `/decisions/${id}/withdraw`, { version: 4 });
  assert.equal(wd.status, 400);
  assert.equal((await api.call('POST', `/decisions/${id}/withdraw`, { version: 4, reason: 'Error' })).body.status, 'withdrawn');
  const viewerApi = await apiClient(app, w.services, { ...w.north.editor, role: 'viewer' }, 'viewer');
  assert.equal((await viewerApi.call('GET', `/decisions/${id}`)).status, 200);
  assert.equal((await viewerApi.call('POST', '/decisions', { reference: 'V', title: 'V' })).status, 403);
  const doc = (await api.call('GET', '/openapi.json')).body;
  for (const p of [
    '/decisions',
    '/decisions/{id}',
    '/decisions/{id}/approve',
    '/decisions/{id}/publish',
    '/decisions/{id}/withdraw',
    '/decisions/{id}/history',
    '/decisions/approved-between',
  ])
    assert.ok(doc.paths[p], `OpenAPI has ${p}`);
  assert.ok(doc.paths['/projects'], 'the existing paths are kept');
});

/** RFC 4180 parser for the test: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < s.length) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
    i++;
  }
  return rows;
}
