// Nothing confidential in the log. Canaries (an exempt part, a password and so its argon2id hash, an
// email, an API token, a session cookie, a search term, a request body) go through requests whose
// queries fail in the database; the failures must be logged (type, SQLSTATE, the SQL text) and the
// captured log must hold none of the canaries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { apiClient, Browser, world } from '../helpers.js';

test('a failed query logs what failed, never its parameters, bodies, tokens, cookies or hashes', async (t) => {
  const w = await world(t);
  const lines: string[] = [];
  // Not testApp: a 500 is what this test makes, and the API document rightly does not promise one.
  const app = await buildApp({ config: w.config, services: w.services, logStream: { write: (l: string) => void lines.push(l) } });
  t.after(() => app.close());
  await app.ready();
  const n = w.north;

  // The database refuses these rows, as it would a row racing another or a full disk: the query fails.
  await w.database.exec(`alter table decisions add constraint refused_in_this_test check (position('CANARY' in exempt_text) = 0) not valid`);
  await w.database.exec(`alter table users add constraint refused_in_this_test check (position('canary' in email) = 0) not valid`);

  const canaries = {
    exemptPage: 'CANARY-exempt-part-from-the-form-7f3a',
    exemptApi: 'CANARY-exempt-part-from-the-api-91c2',
    password: 'kettle-orbit-horse-battery-5d8e',
    email: 'canary.person.4b1f@north.example.org',
    search: 'canary-search-term-2e6d',
    body: 'canary-malformed-body-8a0c',
  };

  const editor = new Browser(app);
  await editor.signIn(n.users.editor.email);
  const page = await editor.post(
    '/decisions/new',
    {
      reference: 'ID: 900',
      title: 'Canary notice',
      exemptText: canaries.exemptPage,
      exemption: 'Commercial interests',
      exemptReason: 'Prices of a live tender',
    },
    { from: '/decisions/new' },
  );
  assert.equal(page.statusCode, 500);

  const admin = new Browser(app);
  await admin.signIn(n.users.admin.email);
  const user = await admin.post(
    '/admin/users/new',
    { name: 'Canary Person', email: canaries.email, password: canaries.password, role: 'viewer' },
    { from: '/admin/users/new' },
  );
  assert.equal(user.statusCode, 500);

  const api = await apiClient(app, w.services, n.editor);
  const r = await api.call('POST', '/decisions', {
    reference: 'ID: 901',
    title: 'Canary notice',
    exemptText: canaries.exemptApi,
    exemption: 'Commercial interests',
    exemptReason: 'Prices of a live tender',
  });
  assert.equal(r.status, 500);
  const malformed = await api.call('POST', '/decisions', `{"title": "${canaries.body}"`);
  assert.equal(malformed.status, 400);
  await editor.get(`/decisions?q=${canaries.search}`);

  const log = lines.join('');
  // The failures are there, with what an operator needs: the SQL text and PostgreSQL's code.
  assert.match(log, /"message":"Failed query"/);
  assert.match(log, /"code":"23514"/);
  assert.match(log, /insert into \\"decisions\\"/);
  assert.match(log, /insert into \\"users\\"/);
  // And nothing confidential.
  const secrets = {
    ...canaries,
    token: api.token,
    tokenSecret: api.token.slice(4),
    session: [...editor.cookies.values()].join(' '),
    adminSession: [...admin.cookies.values()].join(' '),
  };
  for (const [name, value] of Object.entries(secrets))
    for (const v of value.split(' ').filter((x) => x.length >= 16)) assert.ok(!log.includes(v), `the log holds the ${name}`);
  assert.doesNotMatch(log, /\$argon2id\$/, 'the log holds a password hash');
  assert.doesNotMatch(log, /CANARY|canary/i, 'a canary reached the log');
});
