// Two instances of the app on one PostgreSQL database, as an office that outgrows one machine runs
// it behind a load balancer: every request goes to the other instance than the last. Sessions, the
// CSRF key (no PCP_SECRET set: the instances share the one kept in the database), the sign-in limits
// and Idempotency-Key replays hold whichever instance answers.
import assert from 'node:assert/strict';
import { totpCode } from '../src/platform/auth/totp.js';
import { test } from 'node:test';
import { newStore, seedToken, startPcp } from './server-process.js';

const skip = process.env.PCP_TEST_DATABASE_URL ? false : 'PostgreSQL only (PGlite is one process): set PCP_TEST_DATABASE_URL';

test('two instances on one database, every request alternating between them', { skip, timeout: 120_000 }, async (t) => {
  const store = await newStore('postgres');
  t.after(() => store.drop());
  const apiToken = await seedToken(store);
  const env = { ...store.env, PCP_SECRET: '', PCP_SIGNIN_ACCOUNT_MAX: '3', PCP_SIGNIN_RATE_MAX: '100' };
  const servers = [startPcp(env), startPcp(env)];
  t.after(() => {
    for (const s of servers) s.child.kill('SIGKILL');
  });
  const bases = await Promise.all(servers.map((s) => s.ready));
  assert.notEqual(bases[0], bases[1]);

  let n = 0;
  const served: string[] = [];
  const cookies = new Map<string, string>();
  /** One request, to the instance after the last one; cookies kept as a browser keeps them. */
  async function send(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const base = bases[n++ % 2];
    served.push(base);
    const r = await fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (v) cookies.set(k, v);
      else cookies.delete(k);
    }
    return { status: r.status, body: await r.text(), headers: r.headers, base };
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no CSRF token on the page');

  // Signed out: the form from one instance is accepted by the other.
  const signInPage = await send('GET', '/sign-in');
  assert.equal(signInPage.status, 200);
  const signedIn = await send('POST', '/sign-in', {
    email: 'admin@north.example.org',
    password: 'correct horse battery staple',
    _csrf: csrfOf(signInPage.body),
  });
  assert.equal(signedIn.status, 303, signedIn.body.slice(0, 400));
  assert.notEqual(signedIn.base, signInPage.base);
  // An admin sets up a second factor before anything else: the secret offered by one instance is
  // confirmed on the other.
  assert.equal(signedIn.headers.get('location'), '/account/two-factor');
  const setUp = await send('GET', '/account/two-factor');
  const secret = (/id="secret">([A-Z2-7 ]+)</.exec(setUp.body)?.[1] ?? assert.fail('no key on the set-up page')).replace(/ /g, '');
  const confirmed = await send('POST', '/account/two-factor', { code: totpCode(secret, new Date()), _csrf: csrfOf(setUp.body) });
  assert.equal(confirmed.status, 200, confirmed.body.slice(0, 400));
  assert.notEqual(confirmed.base, setUp.base);
  assert.match(confirmed.body, /Save your recovery codes/);

  // Signed in: the session made by one instance is known to the other, and so is its CSRF token.
  const home = await send('GET', '/');
  assert.equal(home.status, 200);
  assert.match(home.body, /Admin/);
  const tokensPage = await send('GET', '/account/tokens');
  assert.equal(tokensPage.status, 200);
  const made = await send('POST', '/account/tokens', { name: 'Made across instances', role: 'viewer', _csrf: csrfOf(tokensPage.body) });
  assert.equal(made.status, 201, made.body.slice(0, 400));
  assert.notEqual(made.base, tokensPage.base);
  const listed = await send('GET', '/account/tokens');
  assert.match(listed.body, /Made across instances/);

  // The sign-in limit counts failures on both instances together: three wrong passwords, then even the right one waits.
  cookies.clear();
  for (let i = 0; i < 3; i++) {
    const page = await send('GET', '/sign-in');
    const wrong = await send('POST', '/sign-in', { email: 'admin@north.example.org', password: `wrong ${i}`, _csrf: csrfOf(page.body) });
    assert.equal(wrong.status, 401, `attempt ${i + 1} on ${wrong.base}`);
  }
  const page = await send('GET', '/sign-in');
  const limited = await send('POST', '/sign-in', { email: 'admin@north.example.org', password: 'correct horse battery staple', _csrf: csrfOf(page.body) });
  assert.equal(limited.status, 429, limited.body.slice(0, 300));

  // The API: a creating call retried with its key on the other instance gets the first answer and writes nothing more.
  const apiHeaders = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json', 'idempotency-key': 'strand-across-instances' };
  const first = await fetch(`${bases[0]}/api/v1/strands`, { method: 'POST', headers: apiHeaders, body: JSON.stringify({ name: 'Across instances' }) });
  assert.equal(first.status, 201);
  const again = await fetch(`${bases[1]}/api/v1/strands`, { method: 'POST', headers: apiHeaders, body: JSON.stringify({ name: 'Across instances' }) });
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(await again.json(), await first.json());
  const strands = (await (await fetch(`${bases[0]}/api/v1/strands`, { headers: { authorization: `Bearer ${apiToken}` } })).json()) as { name: string }[];
  assert.equal(strands.filter((s) => s.name === 'Across instances').length, 1);

  // Both instances answered (not one of them every time).
  assert.equal(new Set(served).size, 2);
});
