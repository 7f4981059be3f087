import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Browser, clock, PASSWORD, testApp, world } from '../../../test/helpers.js';
import { totpCode } from './totp.js';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const NEW_PASSWORD = 'kettle orbit marmalade';

/** The secret the set-up page offers, as an app would read it (the key under the QR code). */
const secretOn = (html: string) => (/id="secret">([A-Z2-7 ]+)</.exec(html)?.[1] ?? '').replace(/ /g, '');
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ');

test('an admin must set up a second factor at sign-in; codes work once, recovery codes once, wrong codes are throttled', async (t) => {
  const c = clock('2026-12-07T09:00:00Z');
  const w = await world(t, { config: { mfaForAdmins: true }, now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const admin = new Browser(app, { remoteAddress: '10.0.0.7', headers: { 'user-agent': CHROME_WINDOWS } });

  // The password is right, but the admin has no second factor: setting one up comes first.
  const signIn = await admin.signIn('admin@north.example.org');
  assert.equal(signIn.headers.location, '/account/two-factor');
  const firstCookie = admin.cookies.get('__Host-pcp_session');
  for (const url of ['/', '/projects', '/admin', '/account/tokens']) {
    const r = await admin.get(url);
    assert.equal(r.statusCode, 303, url);
    assert.equal(r.headers.location, '/account/two-factor', `${url} waits for the second factor`);
  }
  const setUp = await admin.get('/account/two-factor');
  assert.equal(setUp.statusCode, 200);
  assert.match(text(setUp.body), /Set up two-factor authentication/);
  assert.match(setUp.body, /<svg role="img" aria-label="QR code for your authenticator app"/);
  assert.doesNotMatch(setUp.body, /north admin \(admin\)/, 'half signed in: no name and no navigation in the header');
  const secret = secretOn(setUp.body);
  assert.equal(secret.length, 32, 'a 160-bit base32 secret');
  assert.equal(secretOn((await admin.get('/account/two-factor')).body), secret, 'the same secret until it is confirmed');

  const wrong = await admin.post('/account/two-factor', { code: '000000' }, { from: '/account/two-factor' });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /govuk-error-summary/);
  assert.match(wrong.body, /href="#code"/);
  assert.match(text(wrong.body), /The code is not right/);

  const done = await admin.post('/account/two-factor', { code: totpCode(secret, c.now()) }, { from: '/account/two-factor' });
  assert.equal(done.statusCode, 200);
  const codes = [...done.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
  assert.equal(codes.length, 10, 'ten recovery codes, shown once');
  assert.equal(new Set(codes).size, 10);
  assert.notEqual(admin.cookies.get('__Host-pcp_session'), firstCookie, 'a new session id once signed in');
  assert.equal((await admin.get('/')).statusCode, 200);
  assert.match((await admin.get('/')).body, /north admin \(admin\)/);
  assert.match(text((await admin.get('/account')).body), /Two-factor authentication On, 10 recovery codes left/);
  // Only hashes are kept.
  const stored = await w.database.db.execute(`select code_hash from recovery_codes`);
  const hashes = (stored as unknown as { rows: { code_hash: string }[] }).rows.map((r) => r.code_hash);
  assert.equal(hashes.length, 10);
  for (const code of codes) assert.ok(!hashes.some((h) => h.includes(code.replace('-', ''))));
  assert.ok(
    hashes.every((h) => h.startsWith('$argon2id$')),
    'a salted slow hash each',
  );

  // Next sign-in: the code step. The code just used is refused (replay), the next one is taken.
  await admin.post('/sign-out', {});
  c.advance(10_000);
  const again = await admin.signIn('admin@north.example.org');
  assert.equal(again.headers.location, '/sign-in/code');
  assert.equal((await admin.get('/decisions')).headers.location, '/sign-in/code');
  const replay = await admin.post('/sign-in/code', { code: totpCode(secret, new Date(c.now().getTime() - 10_000)) }, { from: '/sign-in/code' });
  assert.equal(replay.statusCode, 400, 'a code is accepted once');
  assert.match(text(replay.body), /used already/);
  c.advance(30_000);
  const ok = await admin.post('/sign-in/code', { code: totpCode(secret, c.now()) }, { from: '/sign-in/code' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/');
  assert.equal((await admin.get('/admin')).statusCode, 200);

  // A recovery code works once.
  await admin.post('/sign-out', {});
  await admin.signIn('admin@north.example.org');
  const rec = await admin.post('/sign-in/code', { code: codes[3].toUpperCase() }, { from: '/sign-in/code' });
  assert.equal(rec.statusCode, 303);
  assert.match(text((await admin.get('/account')).body), /9 recovery codes left/);
  await admin.post('/sign-out', {});
  await admin.signIn('admin@north.example.org');
  const recAgain = await admin.post('/sign-in/code', { code: codes[3] }, { from: '/sign-in/code' });
  assert.equal(recAgain.statusCode, 400, 'a used recovery code is refused');

  // Wrong codes: five in a quarter of an hour are answered, then the person waits (429), even with the right code.
  c.advance(16 * 60_000);
  for (let i = 0; i < 5; i++) assert.equal((await admin.post('/sign-in/code', { code: '123456' }, { from: '/sign-in/code' })).statusCode, 400);
  c.advance(30_000);
  const blocked = await admin.post('/sign-in/code', { code: totpCode(secret, c.now()) }, { from: '/sign-in/code' });
  assert.equal(blocked.statusCode, 429);
  c.advance(16 * 60_000);
  const later = await admin.post('/sign-in/code', { code: totpCode(secret, c.now()) }, { from: '/sign-in/code' });
  assert.equal(later.statusCode, 303, 'after the window the right code is taken');

  // The security log has it all, for this office's admins only.
  const log = text((await admin.get('/admin/security')).body);
  for (const label of ['Two-factor set up', 'Signed in', 'Signed out', 'Wrong code', 'Recovery code used']) assert.match(log, new RegExp(label));
  assert.match(log, /Chrome on Windows/);
  assert.match(log, /10\.0\.0\.7/);
  const filtered = text((await admin.get('/admin/security?kind=mfa_failed')).body).split('newest first')[1];
  assert.match(filtered, /Wrong code north admin/);
  assert.doesNotMatch(filtered, /Two-factor set up|Signed in/);
});

test('an office can ask everyone for a second factor; an admin can reset it; editors without one set it up at sign-in', async (t) => {
  const c = clock('2026-12-07T09:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  const bad = await admin.post('/admin/security', { mfaForEveryone: 'perhaps' }, { from: '/admin/security' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#mfaForEveryone"/);
  assert.equal((await admin.post('/admin/security', { mfaForEveryone: 'true' }, { from: '/admin/security' })).statusCode, 303);
  assert.match(text((await admin.get('/admin/security')).body), /Everyone in the office now needs two-factor authentication/);

  const editor = new Browser(app);
  assert.equal((await editor.signIn('editor@north.example.org')).headers.location, '/account/two-factor');
  const secret = secretOn((await editor.get('/account/two-factor')).body);
  assert.equal((await editor.post('/account/two-factor', { code: totpCode(secret, c.now()) }, { from: '/account/two-factor' })).statusCode, 200);
  assert.equal((await editor.get('/projects')).statusCode, 200);
  // The other office is untouched.
  const south = new Browser(app);
  assert.equal((await south.signIn('editor@south.example.org')).headers.location, '/');

  // A lost phone: the admin resets the editor's second factor; their session ends; they set it up again.
  const users = await w.services.auth.listUsers(w.north.office.id);
  const ed = users.find((u) => u.email === 'editor@north.example.org');
  assert.ok(ed?.totpEnabledAt);
  assert.equal((await admin.post(`/admin/users/${ed.id}/reset-two-factor`, {}, { from: `/admin/users/${ed.id}` })).statusCode, 303);
  assert.equal((await editor.get('/projects')).statusCode, 303, 'their session ended');
  assert.equal((await editor.signIn('editor@north.example.org')).headers.location, '/account/two-factor');
  assert.match(text((await admin.get('/admin/security?kind=mfa_reset')).body), /Two-factor reset by an admin north editor north admin/);
});

test('passwords: a person changes their own (current one needed); an admin reset gives a one-time password to change at next sign-in', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const viewer = new Browser(app);
  const elsewhere = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  await elsewhere.signIn('viewer@north.example.org');

  const bad = await viewer.post(
    '/account/password',
    { current: 'not my password', password: 'password1234', confirm: 'different' },
    { from: '/account/password' },
  );
  assert.equal(bad.statusCode, 400);
  for (const f of ['password', 'confirm']) assert.match(bad.body, new RegExp(`href="#${f}"`));
  assert.match(text(bad.body), /data breaches/);
  assert.doesNotMatch(bad.body, /password1234/, 'a password is never sent back');
  const wrongCurrent = await viewer.post(
    '/account/password',
    { current: 'not my password', password: NEW_PASSWORD, confirm: NEW_PASSWORD },
    { from: '/account/password' },
  );
  assert.equal(wrongCurrent.statusCode, 400);
  assert.match(wrongCurrent.body, /href="#current"/);
  assert.match(text(wrongCurrent.body), /Your current password is not right/);
  const changed = await viewer.post('/account/password', { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: '/account/password' });
  assert.equal(changed.statusCode, 303);
  assert.equal(changed.headers.location, '/account');
  assert.match(text((await viewer.get('/account')).body), /Your password has been changed. Your other sessions have ended/);
  assert.equal((await elsewhere.get('/projects')).statusCode, 303, 'the other session ended');
  await assert.rejects(new Browser(app).signIn('viewer@north.example.org'), /401/, 'the old password no longer works');
  await new Browser(app).signIn('viewer@north.example.org', NEW_PASSWORD);

  // The admin resets the editor's password: shown once; the editor's sessions end.
  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  const editor = new Browser(app);
  await editor.signIn('editor@north.example.org');
  const ed = (await w.services.auth.listUsers(w.north.office.id)).find((u) => u.email === 'editor@north.example.org');
  assert.ok(ed);
  const reset = await admin.post(`/admin/users/${ed.id}/reset-password`, {}, { from: `/admin/users/${ed.id}` });
  assert.equal(reset.statusCode, 200);
  assert.equal(reset.headers['cache-control'], 'no-store');
  const oneTime = /id="one-time-password">([^<]+)</.exec(reset.body)?.[1] as string;
  assert.match(oneTime, /^[A-Za-z0-9_-]{22}$/, '128 random bits');
  assert.equal((await editor.get('/projects')).statusCode, 303, 'their sessions ended');
  // Another office's admin cannot reset them.
  const southAdmin = new Browser(app);
  await southAdmin.signIn('admin@south.example.org');
  assert.equal((await southAdmin.post(`/admin/users/${ed.id}/reset-password`, {}, { from: '/admin' })).statusCode, 404);

  const fresh = new Browser(app);
  assert.equal((await fresh.signIn('editor@north.example.org', oneTime)).headers.location, '/account/password');
  assert.equal((await fresh.get('/projects')).headers.location, '/account/password');
  const forced = await fresh.get('/account/password');
  assert.match(text(forced.body), /Choose a new password/);
  assert.doesNotMatch(forced.body, /name="current"/, 'the one-time password was just given');
  assert.equal((await fresh.post('/account/password', { password: oneTime, confirm: oneTime }, { from: '/account/password' })).statusCode, 400);
  const chosen = await fresh.post('/account/password', { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { from: '/account/password' });
  assert.equal(chosen.statusCode, 303);
  assert.equal(chosen.headers.location, '/');
  assert.equal((await fresh.get('/projects')).statusCode, 200);
  await assert.rejects(new Browser(app).signIn('editor@north.example.org', oneTime), /401/, 'the one-time password worked once');
  const log = text((await admin.get(`/admin/security?user=${ed.id}`)).body);
  assert.match(log, /Password reset by an admin north editor north admin/);
  assert.match(log, /Password changed north editor/);
});

test('a person sees their sessions (device, address, last seen) and ends one or all the others', async (t) => {
  const c = clock('2026-12-07T09:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  const desk = new Browser(app, { remoteAddress: '10.1.1.1', headers: { 'user-agent': CHROME_WINDOWS } });
  const laptop = new Browser(app, { remoteAddress: '10.2.2.2', headers: { 'user-agent': FIREFOX_LINUX } });
  const third = new Browser(app, { remoteAddress: '10.3.3.3' });
  await desk.signIn('editor@north.example.org');
  c.advance(60_000);
  await laptop.signIn('editor@north.example.org');
  await third.signIn('editor@north.example.org');
  const page = await desk.get('/account/sessions');
  assert.equal(page.statusCode, 200);
  const rows = text(page.body);
  assert.match(rows, /Chrome on Windows 10\.1\.1\.1 7 December 2026 at 9:00am/);
  assert.match(rows, /Firefox on Linux 10\.2\.2\.2 7 December 2026 at 9:01am/);
  assert.match(rows, /This session/);
  const refs = [...page.body.matchAll(/action="\/account\/sessions\/([0-9a-f-]{36})\/end"/g)].map((m) => m[1]);
  assert.equal(refs.length, 2, 'the two other sessions can be ended; this one is signed out of instead');
  assert.doesNotMatch(page.body, /id_hash|idHash/);

  // Ending the laptop's session (the row with Firefox).
  const firefoxRef = /Firefox on Linux[\s\S]*?action="\/account\/sessions\/([0-9a-f-]{36})\/end"/.exec(page.body)?.[1] as string;
  assert.equal((await desk.post(`/account/sessions/${firefoxRef}/end`, {}, { from: '/account/sessions' })).statusCode, 303);
  assert.equal((await laptop.get('/projects')).statusCode, 303, 'the laptop is signed out');
  assert.equal((await third.get('/projects')).statusCode, 200);
  // Someone else's session, or nonsense, is not found.
  const other = new Browser(app);
  await other.signIn('viewer@north.example.org');
  const otherRef = /action="\/account\/sessions\/([0-9a-f-]{36})\/end"/.exec((await desk.get('/account/sessions')).body)?.[1] as string;
  assert.equal((await other.post(`/account/sessions/${otherRef}/end`, {}, { from: '/account/sessions' })).statusCode, 404);
  assert.equal((await other.post('/account/sessions/not-a-uuid/end', {}, { from: '/account/sessions' })).statusCode, 404);
  assert.equal((await third.get('/projects')).statusCode, 200, 'still signed in');

  const all = await desk.post('/account/sessions/end-others', {}, { from: '/account/sessions' });
  assert.equal(all.statusCode, 303);
  assert.match(text((await desk.get('/account/sessions')).body), /1 other session has ended/);
  assert.equal((await third.get('/projects')).statusCode, 303);
  assert.equal((await desk.get('/projects')).statusCode, 200, 'this session stays');
});

test('the security log: failed sign-ins, role changes and disabling, filtered by event, person and date; admins of the office only', async (t) => {
  const c = clock('2026-12-07T09:00:00Z');
  const w = await world(t, { now: c.now });
  const app = await testApp(t, { ...w, now: c.now });
  await assert.rejects(new Browser(app, { remoteAddress: '192.0.2.9' }).signIn('editor@north.example.org', 'wrong password here'));
  await assert.rejects(new Browser(app).signIn('nobody@north.example.org', 'wrong password here'));
  c.advance(24 * 3_600_000);
  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');
  const ed = (await w.services.auth.listUsers(w.north.office.id)).find((u) => u.email === 'editor@north.example.org');
  assert.ok(ed);
  await admin.post(`/admin/users/${ed.id}/role`, { role: 'viewer' }, { from: `/admin/users/${ed.id}` });
  await admin.post(`/admin/users/${ed.id}/status`, { disabled: 'true' }, { from: `/admin/users/${ed.id}` });
  await assert.rejects(new Browser(app).signIn('editor@north.example.org'));

  const log = text((await admin.get('/admin/security')).body);
  assert.match(log, /Failed sign-in north editor 192\.0\.2\.9/);
  assert.match(log, /Role changed north editor north admin editor to viewer/);
  assert.match(log, /User disabled north editor north admin/);
  assert.match(log, /Failed sign-in north editor .* account disabled/);
  assert.doesNotMatch(log, /nobody@/, 'an address with no account is in no office’s log');
  // By date: the day before holds only the first failure.
  const day = text((await admin.get('/admin/security?from-day=7&from-month=12&from-year=2026&to-day=7&to-month=12&to-year=2026')).body);
  assert.match(day, /1 event, newest first/);
  assert.match(day, /Failed sign-in north editor 192\.0\.2\.9/);
  const badDate = await admin.get('/admin/security?from-day=31&from-month=2&from-year=2026');
  assert.equal(badDate.statusCode, 400);
  assert.match(badDate.body, /href="#from-day"/);
  const badKind = await admin.get('/admin/security?kind=drop%20table');
  assert.equal(badKind.statusCode, 400);
  assert.match(badKind.body, /href="#kind"/);
  // Another office's admin sees none of it; an editor cannot open it.
  const south = new Browser(app);
  await south.signIn('admin@south.example.org');
  assert.doesNotMatch(text((await south.get('/admin/security')).body), /north editor/);
  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  assert.equal((await viewer.get('/admin/security')).statusCode, 403);
  // The log cannot be rewritten.
  const refused = (e: Error & { cause?: unknown }) => /history cannot be rewritten/.test(String(e.cause ?? e));
  await assert.rejects(w.database.db.execute(`update security_events set detail = 'FORGED'`), refused);
  await assert.rejects(w.database.db.execute(`delete from security_events`), refused);
});

test('a person made at a first single sign-on has no password here: none is offered, and a change is refused with nothing written', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const viewer = new Browser(app);
  await viewer.signIn('viewer@north.example.org');
  // What the single sign-on makes for a person it enters (src/platform/auth/oidc.service.ts).
  await w.database.db.execute(`update users set password_hash = '!sso' where email = 'viewer@north.example.org'`);
  const account = await viewer.get('/account');
  assert.equal(account.statusCode, 200);
  assert.match(text(account.body), /Password None: you sign in through your organisation’s single sign-on/);
  assert.doesNotMatch(account.body, /href="\/account\/password"/);
  const page = await viewer.get('/account/password');
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /you have no password here to change/);
  assert.doesNotMatch(page.body, /name="password"/, 'no form to fill');
  const tried = await viewer.post(
    '/account/password',
    { current: 'x', password: 'kettle orbit marmalade', confirm: 'kettle orbit marmalade' },
    { from: '/account/password' },
  );
  assert.ok(tried.statusCode >= 400 && tried.statusCode < 500, String(tried.statusCode));
  assert.match(text(tried.body), /you have no password here to change/);
  const after = await w.database.db.execute(`select password_hash from users where email = 'viewer@north.example.org'`);
  assert.equal((after as unknown as { rows: { password_hash: string }[] }).rows[0].password_hash, '!sso', 'nothing written');
});

test('an admin ends a person’s sessions: they are signed out everywhere, it is in the security log, others stay signed in; not for editors', async (t) => {
  const w = await world(t);
  const app = await testApp(t, w);
  const admin = new Browser(app);
  const editor = new Browser(app);
  const editorElsewhere = new Browser(app);
  const viewer = new Browser(app);
  await admin.signIn('admin@north.example.org');
  await editor.signIn('editor@north.example.org');
  await editorElsewhere.signIn('editor@north.example.org');
  await viewer.signIn('viewer@north.example.org');
  const ed = (await w.services.auth.listUsers(w.north.office.id)).find((u) => u.email === 'editor@north.example.org');
  assert.ok(ed);
  const page = await admin.get(`/admin/users/${ed.id}`);
  assert.match(page.body, /action="\/admin\/users\/[^"]+\/end-sessions"/);
  assert.equal((await editor.post(`/admin/users/${ed.id}/end-sessions`, {}, { from: '/' })).statusCode, 403, 'an editor may not');
  assert.match((await editor.get('/')).body, /app-header__user/, 'refused: nothing ended');
  const r = await admin.post(`/admin/users/${ed.id}/end-sessions`, {}, { from: `/admin/users/${ed.id}` });
  assert.equal(r.statusCode, 303);
  assert.match(text((await admin.get(`/admin/users/${ed.id}`)).body), /north editor’s sessions have ended/);
  for (const b of [editor, editorElsewhere]) {
    assert.doesNotMatch((await b.get('/')).body, /app-header__user/, 'signed out');
    assert.equal((await b.get('/admin/users')).statusCode, 303, 'and sent to sign in');
  }
  assert.match((await viewer.get('/')).body, /app-header__user/, 'others stay signed in');
  const log = text((await admin.get(`/admin/security?user=${ed.id}&kind=session_ended`)).body);
  assert.match(log, /north admin/, 'who ended them is in the log');
});
