// Small ASVS 5.0 requirements the app met without a test to say so (docs/security.md names this file
// for each): password fields, passwords taken exactly as typed, content types with a charset, and
// what a web server must not give away (source control folders, directory listings, TRACE).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiClient, Browser, testApp, world } from '../helpers.js';

/** The <input> tags of a page whose name is one of `names`. */
const inputs = (html: string, names: string[]) =>
  [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]).filter((tag) => names.some((n) => tag.includes(` name="${n}"`)));

test('ASVS proofs: password fields, passwords as typed, charsets, nothing a server must not give away', async (t) => {
  const w = await world(t);
  const app = await testApp(t, { config: w.config, services: w.services });
  const n = w.north;

  await t.test('V6.2.6, V6.2.7: password fields are type=password, say what they hold to password managers, and leave paste alone', async () => {
    const anonymous = new Browser(app);
    const viewer = new Browser(app);
    await viewer.signIn(n.users.viewer.email);
    const admin = new Browser(app);
    await admin.signIn(n.users.admin.email);
    const pages = [
      { who: anonymous, url: '/sign-in', fields: { password: 'current-password' } },
      { who: viewer, url: '/account/password', fields: { current: 'current-password', password: 'new-password', confirm: 'new-password' } },
      { who: admin, url: '/admin/users/new', fields: { password: 'new-password' } },
    ];
    for (const p of pages) {
      const res = await p.who.get(p.url);
      assert.equal(res.statusCode, 200, p.url);
      const tags = inputs(res.body, Object.keys(p.fields));
      assert.equal(tags.length, Object.keys(p.fields).length, `${p.url}: every password field is there`);
      for (const [name, autocomplete] of Object.entries(p.fields)) {
        const tag = tags.find((x) => x.includes(` name="${name}"`)) ?? '';
        assert.match(tag, /type="password"/, `${p.url} ${name}`);
        assert.match(tag, new RegExp(`autocomplete="${autocomplete}"`), `${p.url} ${name}`);
      }
      assert.doesNotMatch(res.body, /onpaste|oncopy|oncut|ondrop/i, `${p.url}: nothing stops pasting`);
    }
  });

  await t.test('V6.2.8, V6.2.9: a 64-character-plus password works exactly as typed: spaces at its ends kept, no truncation, no case folding', async () => {
    const password = '  Seventy characters of a long passphrase, typed with spaces at both ends  ';
    assert.ok(password.length >= 64);
    await w.services.auth.createUser({
      officeId: n.office.id,
      input: { email: 'sam.lee@north.example.org', name: 'Sam Lee', password, role: 'viewer' },
      by: n.admin,
    });
    await new Browser(app).signIn('sam.lee@north.example.org', password);
    for (const wrong of [password.trim(), password.slice(0, 64), password.toLowerCase(), password.toUpperCase()])
      await assert.rejects(new Browser(app).signIn('sam.lee@north.example.org', wrong), /401/, JSON.stringify(wrong));
  });

  await t.test('V4.1.1: answers with a body say their type with a charset', async () => {
    const editor = new Browser(app);
    await editor.signIn(n.users.editor.email);
    const api = await apiClient(app, w.services, n.editor);
    const answers = [
      ['the sign-in page', await new Browser(app).get('/sign-in')],
      ['a signed-in page', await editor.get('/projects')],
      ['an error page', await editor.get('/projects/00000000-0000-4000-8000-000000000000')],
      ['the CSV', await editor.get('/projects.csv')],
    ] as const;
    for (const [what, r] of answers) assert.match(String(r.headers['content-type']), /; charset=utf-8$/i, `${what}: ${r.headers['content-type']}`);
    for (const r of [await api.call('GET', '/projects'), await api.call('GET', '/openapi.json')])
      assert.match(String(r.headers['content-type']), /^application\/json; charset=utf-8$/i);
  });

  await t.test('V13.4.1, V13.4.3, V13.4.4: no source control folder, no directory listing, no TRACE', async () => {
    for (const url of ['/.git/HEAD', '/.git/config', '/assets/.git/HEAD', '/assets/../.git/HEAD', '/assets/%2e%2e/.git/HEAD']) {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 404, url);
      assert.doesNotMatch(r.body, /\[core\]|ref: refs\//, url);
    }
    for (const url of ['/assets/', '/assets/images/', '/assets/fonts/']) {
      const r = await app.inject({ method: 'GET', url });
      // A folder of assets is refused (403) or not found (404), never listed.
      assert.ok(r.statusCode === 403 || r.statusCode === 404, `${url} lists nothing: ${r.statusCode}`);
      const main = /<main\b[\s\S]*<\/main>/.exec(r.body)?.[0] ?? r.body;
      assert.doesNotMatch(main, /\.(?:png|svg|ico|woff2?|css|js)\b/, `${url} names no files`);
    }
    for (const url of ['/', '/sign-in', '/api/v1/projects']) {
      const r = await app.inject({ method: 'TRACE', url, headers: { 'x-canary': 'trace-canary' } });
      assert.ok(r.statusCode === 404 || r.statusCode === 405, `TRACE ${url}: ${r.statusCode}`);
      assert.doesNotMatch(r.body, /trace-canary/, `TRACE ${url} echoes nothing`);
    }
  });
});
