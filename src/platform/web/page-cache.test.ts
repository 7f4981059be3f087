// Kept pages (issue 19): a page is answered from memory while its office's records, its reader and
// its day are unchanged, with this request's nonce and form token; a change through any instance,
// another reader, a flash message or another office never gets a kept copy it should not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roadSafetyRound } from '../../../test/grants.js';
import { Browser, testApp, world } from '../../../test/helpers.js';
import { createServices } from '../../app.js';
import { createDb } from '../db/client.js';
import { createPageCache } from './page-cache.js';

const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))?.[1] ?? '';
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

test('a kept page: the second answer does no work, carries its own nonce and the session’s form token, and a form sent with it is taken', async (t) => {
  const w = await world(t);
  let lists = 0;
  const list = w.services.projects.list;
  w.services.projects.list = (...args: Parameters<typeof list>) => {
    lists++;
    return list(...args);
  };
  const app = await testApp(t, w);
  const editor = new Browser(app);
  await editor.signIn(w.north.users.editor.email);
  const first = await editor.get('/projects');
  const second = await editor.get('/projects');
  assert.equal(first.statusCode, 200);
  assert.equal(second.statusCode, 200);
  assert.equal(lists, 1, 'the second answer is the kept page');
  const [n1, n2] = [nonceOf(first.headers['content-security-policy']), nonceOf(second.headers['content-security-policy'])];
  assert.ok(n1 && n2 && n1 !== n2, 'each answer has a nonce of its own');
  assert.match(second.body, new RegExp(`nonce="${n2}"`));
  assert.doesNotMatch(second.body, new RegExp(n1));
  assert.equal(second.body.replaceAll(n2, 'N'), first.body.replaceAll(n1, 'N'));
  assert.match(second.body, /north editor/);
  assert.equal(second.headers['cache-control'], 'private, no-cache');
  // The form token on the kept page is this session's: another session of the same person gets its own.
  const again = new Browser(app);
  await again.signIn(w.north.users.editor.email);
  const other = await again.get('/projects');
  assert.equal(lists, 1, 'the same person in another session: the same kept page');
  assert.notEqual(csrfIn(other.body), csrfIn(second.body));
  const saved = await again.post(
    '/projects/new',
    {
      title: 'Kept-page form token works',
      stage: 'delivery',
      strandId: w.north.strands[0].id,
      priorityIds: w.north.priorities[0].id,
      forecastEnd: 'TBD',
      overview: 'Sent from a kept page.',
    },
    { csrf: csrfIn(other.body) },
  );
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
  // The change made a new key: the list is made anew and shows it, with the flash message the save set.
  const after = await again.get('/projects');
  assert.equal(lists, 2);
  assert.match(after.body, /Kept-page form token works/);
});

test('another instance’s change is seen at once; 304 while unchanged, without a new nonce policy; a new tag after', async (t) => {
  const w = await world(t);
  const second = w.database.url ? await createDb({ databaseUrl: w.database.url, migrate: false }) : w.database;
  if (second !== w.database) t.after(() => second.close());
  const services2 = createServices({ db: second.db, config: w.config });
  const a = await testApp(t, w);
  const b = await testApp(t, { config: w.config, services: services2 });
  const onA = new Browser(a);
  await onA.signIn(w.north.users.viewer.email);
  const cookie = [...onA.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const first = await a.inject({ url: '/', headers: { cookie } });
  const tag = String(first.headers.etag);
  assert.match(tag, /^"p[\w-]+"$/);
  const unchanged = await b.inject({ url: '/', headers: { cookie, 'if-none-match': tag } });
  assert.equal(unchanged.statusCode, 304, 'the other instance, same records: same tag');
  assert.equal(unchanged.headers['content-security-policy'], undefined, 'the kept page keeps the policy of its own nonce');
  await services2.projects.create({
    by: w.north.editor,
    input: {
      title: 'Entered on instance B',
      stage: 'delivery',
      strandId: w.north.strands[0].id,
      priorityIds: [w.north.priorities[0].id],
      forecastEnd: 'TBD',
      overview: 'o',
    },
  });
  const changed = await a.inject({ url: '/', headers: { cookie, 'if-none-match': tag } });
  assert.equal(changed.statusCode, 200);
  assert.notEqual(changed.headers.etag, tag);
  assert.match(changed.body, /Entered on instance B/);
  assert.match(String(changed.headers['content-security-policy']), /nonce-/);
});

test('a kept page is never another reader’s: the viewer, another office, the public', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const editor = new Browser(app);
  await editor.signIn(w.north.users.editor.email);
  const viewer = new Browser(app);
  await viewer.signIn(w.north.users.viewer.email);
  const south = new Browser(app);
  await south.signIn(w.south.users.editor.email);
  const e = await editor.get('/projects');
  const v = await viewer.get('/projects');
  const s = await south.get('/projects');
  assert.match(e.body, /north editor/);
  assert.match(e.body, /href="\/projects\/new"/);
  assert.match(v.body, /north viewer/);
  assert.doesNotMatch(v.body, /north editor|href="\/projects\/new"/);
  assert.match(s.body, /south editor/);
  assert.doesNotMatch(s.body, /north/);
  // A public page read by a signed-in person, then by the public: no name, no session's token.
  const signedIn = await editor.get('/o/north/decisions');
  const anonymous = await new Browser(app).get('/o/north/decisions');
  assert.equal(anonymous.statusCode, 200);
  assert.match(signedIn.body, /north editor/);
  assert.doesNotMatch(anonymous.body, /north editor/);
  assert.notEqual(csrfIn(anonymous.body) ?? '', csrfIn(signedIn.body) ?? 'none');
  // An unknown office's address is not kept (nothing to key it on): a 404 each time.
  assert.equal((await new Browser(app).get('/o/nowhere/decisions')).statusCode, 404);
});

/** The SQL of every query sent to the database (outside transactions) while `fn` runs. */
async function queriesDuring(db: unknown, fn: () => Promise<unknown>) {
  const client = (db as { $client: { query: (...a: unknown[]) => Promise<unknown> } }).$client;
  const query = client.query;
  const seen: string[] = [];
  client.query = function (this: unknown, ...a: unknown[]) {
    seen.push(typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string }).text));
    return query.apply(this, a);
  };
  try {
    await fn();
  } finally {
    client.query = query;
  }
  return seen;
}

test('a page made afresh reads neither its office nor the office’s change counter again: they came with the session, or with the public page’s lookup', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const editor = new Browser(app);
  await editor.signIn(w.north.users.editor.email);
  const { round } = await roadSafetyRound(w.services.grants, w.north.editor);
  const period = (await w.services.reports.quarters(w.north.office.id)).current.id;
  // The counter alone is read by the services when not given (reports.repository.ts, grants.repository.ts).
  for (const url of [`/reports/${period}`, `/grants/rounds/${round.id}/moderation`]) {
    let status = 0;
    const sent = await queriesDuring(w.database.db, async () => {
      status = (await editor.get(url)).statusCode;
    });
    assert.equal(status, 200, url);
    assert.deepEqual(
      sent.filter((q) => /^select "?change_counter"?(::text as c)? from/.test(q)),
      [],
      `${url}: the counter read again`,
    );
    assert.ok(sent.length > 2, `${url} was made afresh (${sent.length} queries)`);
  }
  // A public kept page: the office read once, with its counter, by its address.
  let slugReads = 0;
  const officeBySlug = w.services.auth.officeBySlug;
  w.services.auth.officeBySlug = (slug: string) => {
    slugReads++;
    return officeBySlug(slug);
  };
  const page = await new Browser(app).get('/o/north/decisions');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /North OPCC/);
  assert.equal(slugReads, 0, 'the handler did not read the office again');
  // A public page that is not kept reads it itself.
  assert.equal((await new Browser(app).get('/o/north/decisions.atom')).statusCode, 200);
  assert.equal(slugReads, 1);
});

test('the store: bounded in bytes, an entry at most a minute old, an office’s older counters dropped', () => {
  let t = 0;
  const cache = createPageCache({ now: () => t, maxBytes: 4000, ttlMs: 60_000 });
  const key = (counter: number, url: string) => cache.key({ officeId: 'o1', counter, reader: 'u', day: '2026-12-06', url });
  cache.set(key(1, '/a'), `<p nonce="N1">a</p><input value="C1">`, 'N1', 'C1');
  assert.equal(cache.get(key(1, '/a'), 'N2', 'C2')?.toString(), `<p nonce="N2">a</p><input value="C2">`);
  t = 60_001;
  assert.equal(cache.get(key(1, '/a'), 'N2', 'C2'), undefined, 'expired');
  cache.set(key(1, '/a'), 'x'.repeat(500), '', '');
  cache.set(key(1, '/b'), 'y'.repeat(500), '', '');
  cache.set(key(2, '/c'), 'z'.repeat(500), '', '');
  assert.equal(cache.get(key(1, '/b'), '', ''), undefined, 'an older counter of the office is dropped');
  assert.equal(cache.size(), 1);
  for (let i = 0; i < 10; i++) cache.set(key(2, `/p${i}`), 'w'.repeat(500), '', '');
  // A page of other scripts than Latin is kept as its UTF-8 bytes.
  cache.set(key(2, '/u'), '<p nonce="N">↑ Up – ‘quoted’</p>', 'N', '');
  assert.equal(cache.get(key(2, '/u'), 'Z', '')?.toString(), '<p nonce="Z">↑ Up – ‘quoted’</p>');
  assert.ok(cache.bytes() <= 4000, `${cache.bytes()} bytes kept`);
  assert.equal(cache.get(key(2, '/p9'), '', '')?.toString(), 'w'.repeat(500), 'the most recent is kept');
  assert.equal(cache.get(key(2, '/p0'), '', ''), undefined, 'the least recently used went first');
});
