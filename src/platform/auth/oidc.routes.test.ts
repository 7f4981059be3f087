import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Browser, testApp, world } from '../../../test/helpers.js';
import { auditLog } from './auth.table.js';
import { secretBox } from './oidc.secret.js';
import { officeSso } from './oidc.table.js';

const SECRET = 'canary-client-secret-7f3a9c';
const good = {
  enabled: 'true',
  providerName: 'Microsoft',
  issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  clientId: 'app-client-id',
  clientSecret: SECRET,
  allowedDomains: 'North.example.org\n\nopcc.example.gov.uk',
  roleSource: 'group_claim',
  groupClaim: 'groups',
  groupRoles: 'pcp-admins = admin\npcp-editors = Editor',
  createOnFirstSignIn: 'true',
  passwordSignIn: 'true',
};

test('single sign-on settings: admins only, validated, the secret never shown, history kept, one office at a time', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const admin = new Browser(app);
  await admin.signIn('admin@north.example.org');

  await t.test('only an admin of the office reaches the page', async () => {
    const editor = new Browser(app);
    await editor.signIn('editor@north.example.org');
    assert.equal((await editor.get('/admin/sso')).statusCode, 403);
    assert.equal((await editor.post('/admin/sso', good, { from: '/' })).statusCode, 403);
    assert.equal(await w.services.oidc.settings(w.north.office.id), undefined, 'nothing saved by the editor');
    const anon = new Browser(app);
    const res = await anon.get('/admin/sso');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/sign-in?next=%2Fadmin%2Fsso');
    const page = await admin.get('/admin/sso');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<code id="redirect-uri">https:\/\/pcp\.example\.org\/sign-in\/sso\/callback<\/code>/);
  });

  await t.test('bad answers: 400, each field named, answers kept but never the secret', async () => {
    const res = await admin.post(
      '/admin/sso',
      {
        ...good,
        issuer: 'http://idp.example.org/',
        allowedDomains: 'north.example.org\nnot a domain',
        roleSource: 'group_claim',
        groupRoles: 'pcp-admins = boss',
      },
      { from: '/admin/sso' },
    );
    assert.equal(res.statusCode, 400);
    for (const f of ['issuer', 'allowedDomains', 'groupRoles']) assert.match(res.body, new RegExp(`href="#${f}"`), f);
    assert.match(res.body, /Issuer URL must be an https:\/\/ address/);
    assert.match(res.body, /value="http:\/\/idp\.example\.org\/"/);
    assert.match(res.body, /not a domain/);
    assert.equal(res.body.includes(SECRET), false, 'the secret typed is not sent back');
    // An https issuer on a host the operator has not allowed: the server would fetch from it (SSRF), so it is refused.
    const elsewhere = await admin.post('/admin/sso', { ...good, issuer: 'https://169.254.169.254/latest/' }, { from: '/admin/sso' });
    assert.equal(elsewhere.statusCode, 400);
    assert.match(elsewhere.body, /href="#issuer"/);
    assert.match(elsewhere.body, /Issuer URL must be on a host your operator allows \(PCP_SSO_ISSUER_HOSTS\)/);
    const sub = await admin.post('/admin/sso', { ...good, issuer: 'https://evil.example.org/login.microsoftonline.com/' }, { from: '/admin/sso' });
    assert.equal(sub.statusCode, 400, 'the host counts, not the path');
    assert.equal(await w.services.oidc.settings(w.north.office.id), undefined, 'nothing half-written');

    const noSecret = await admin.post('/admin/sso', { ...good, clientSecret: '', providerName: '' }, { from: '/admin/sso' });
    assert.equal(noSecret.statusCode, 400);
    assert.match(noSecret.body, /href="#clientSecret"[^>]*>Enter the client secret/);
    assert.match(noSecret.body, /href="#providerName"/);
    const groupsNeeded = await admin.post('/admin/sso', { ...good, groupRoles: '' }, { from: '/admin/sso' });
    assert.equal(groupsNeeded.statusCode, 400);
    assert.match(groupsNeeded.body, /Enter at least one group and its role/);
  });

  await t.test('saved: values shown, secret encrypted at rest and never on the page or in the history', async () => {
    const res = await admin.post('/admin/sso', good, { from: '/admin/sso' });
    assert.equal(res.statusCode, 303);
    const page = await admin.get('/admin/sso');
    assert.match(page.body, /Single sign-on settings saved/);
    assert.match(page.body, /value="Microsoft"/);
    assert.match(page.body, /north\.example\.org\nopcc\.example\.gov\.uk<\/textarea>/, 'domains lower-cased, blank lines dropped');
    assert.match(page.body, /pcp-editors = Editor/);
    assert.match(page.body, /A secret is saved/);
    assert.equal(page.body.includes(SECRET), false);
    assert.match(page.body, /Client secret: changed/);
    const [row] = await w.database.db.select().from(officeSso).where(eq(officeSso.officeId, w.north.office.id));
    assert.match(row.clientSecret, /^enc1:/);
    assert.equal(row.clientSecret.includes(SECRET), false);
    assert.equal(secretBox(w.config.secret).open(row.clientSecret), SECRET);
    const audit = await w.database.db.select().from(auditLog).where(eq(auditLog.entity, 'sso_settings'));
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorName, 'north admin');
    assert.equal(audit[0].changes.includes(SECRET), false);

    // Saved again without a secret: the old one is kept, and the change is in the history.
    const again = await admin.post('/admin/sso', { ...good, clientSecret: '', passwordSignIn: 'false' }, { from: '/admin/sso' });
    assert.equal(again.statusCode, 303);
    const [after] = await w.database.db.select().from(officeSso).where(eq(officeSso.officeId, w.north.office.id));
    assert.equal(after.clientSecret, row.clientSecret);
    assert.equal(after.passwordSignIn, false);
    const page2 = await admin.get('/admin/sso');
    assert.match(page2.body, /Password sign-in allowed: yes → no/);
  });

  await t.test('another office sees and changes only its own settings', async () => {
    const south = new Browser(app);
    await south.signIn('admin@south.example.org');
    const page = await south.get('/admin/sso');
    assert.equal(page.statusCode, 200);
    assert.equal(page.body.includes('app-client-id'), false);
    assert.equal(page.body.includes('value="Microsoft"'), false);
    assert.match(page.body, /From the provider’s app registration/, 'no secret saved for south');
    const res = await south.post('/admin/sso', { ...good, providerName: 'South ID', clientId: 'south-client', enabled: '' }, { from: '/admin/sso' });
    assert.equal(res.statusCode, 303);
    assert.equal((await w.services.oidc.settings(w.north.office.id))?.clientId, 'app-client-id');
    assert.equal((await w.services.oidc.settings(w.south.office.id))?.clientId, 'south-client');
  });

  await t.test('the sign-in page: a button per office with single sign-on; password sign-in off for north only', async () => {
    const anon = new Browser(app);
    const page = await anon.get('/sign-in');
    assert.match(page.body, /Sign in with Microsoft/);
    assert.match(page.body, /For staff of North OPCC/);
    assert.equal(page.body.includes('South ID'), false, 'south has not switched it on');
    assert.match(page.body, /name="password"/, 'the general page keeps the password form');
    const northOnly = await anon.get('/sign-in?office=north');
    assert.match(northOnly.body, /Sign in with Microsoft/);
    assert.equal(northOnly.body.includes('name="password"'), false);
    const southPage = await anon.get('/sign-in?office=south');
    assert.match(southPage.body, /name="password"/);
    // North's right password is refused as a wrong one would be; south's still works.
    const refused = await anon.post('/sign-in', { email: 'viewer@north.example.org', password: 'correct horse battery staple' }, { from: '/sign-in' });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.body, /Enter a correct email address and password/);
    assert.equal(anon.cookies.has('__Host-pcp_session'), false);
    await new Browser(app).signIn('viewer@south.example.org');
    // Single sign-on for an office without it: not found.
    assert.equal((await anon.post('/sign-in/sso/south', {}, { from: '/sign-in' })).statusCode, 404);
    assert.equal((await anon.post('/sign-in/sso/nowhere', {}, { from: '/sign-in' })).statusCode, 404);
    // North's provider cannot be reached (nothing listens there): a 503 page, not a 500, no cookie.
    await w.services.oidc.saveSettings({ by: w.north.admin, input: { ...good, issuer: 'http://127.0.0.1:9/', clientSecret: '' } });
    const down = await anon.post('/sign-in/sso/north', {}, { from: '/sign-in' });
    assert.equal(down.statusCode, 503);
    assert.match(down.body, /Single sign-on is not available at the moment/);
    assert.equal(anon.cookies.has('__Host-pcp_oidc'), false);
    // The button is a form: without the CSRF token it is refused.
    assert.equal((await anon.post('/sign-in/sso/north', {}, { csrf: false })).statusCode, 403);
  });
});

test('the client secret at rest: AES-256-GCM under PCP_SECRET, or as typed without one', () => {
  const box = secretBox('a-secret-of-at-least-32-characters-long');
  const sealed = box.seal('s3cret');
  assert.match(sealed, /^enc1:/);
  assert.notEqual(box.seal('s3cret'), sealed, 'a fresh IV each time');
  assert.equal(box.open(sealed), 's3cret');
  assert.throws(() => secretBox('another-secret-of-at-least-32-characters').open(sealed));
  assert.throws(() => secretBox(undefined).open(sealed), /set PCP_SECRET/);
  assert.equal(secretBox(undefined).seal('s3cret'), 'plain:s3cret');
  assert.equal(box.open('plain:s3cret'), 's3cret');
});
