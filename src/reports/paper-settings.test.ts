// The office's paper settings (issue 18): the admin page with its logo upload (PNG or JPEG, checked
// by content; SVG refused), the audit log's who, when and why, and the API against its OpenAPI document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { apiClient, Browser, clock, testApp, world } from '../../test/helpers.js';
import { checkLogo, imageSize } from './logo.js';
import { forecastInStyle } from './paper-settings.service.js';

const PNG = readFileSync(new URL('./fixtures/office-logo.png', import.meta.url));
const JPEG = readFileSync(new URL('./fixtures/office-logo.jpg', import.meta.url));
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
const errorLinks = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

test('logo files are what their content says: PNG and JPEG with their size; SVG, renamed and oversized files refused', async () => {
  assert.deepEqual(imageSize(PNG, 'image/png'), { width: 160, height: 80 });
  assert.deepEqual(imageSize(JPEG, 'image/jpeg'), { width: 160, height: 80 });
  const png = await checkLogo('logo.png', PNG);
  assert.ok(png.ok && png.logo.mediaType === 'image/png');
  // The name does not matter, the content does: a JPEG named .png is a JPEG.
  const jpeg = await checkLogo('logo.png', JPEG);
  assert.ok(jpeg.ok && jpeg.logo.mediaType === 'image/jpeg' && jpeg.logo.width === 160);
  const refused = async (name: string, data: Buffer | null) => {
    const r = await checkLogo(name, data);
    assert.ok(!r.ok, name);
    return r.message;
  };
  assert.match(await refused('logo.svg', SVG), /an SVG: save the logo as a PNG or JPEG/);
  assert.match(await refused('logo.png', SVG), /an SVG/);
  assert.match(await refused('logo.png', Buffer.from('just text')), /must be a PNG or JPEG picture/);
  assert.match(await refused('logo.png', Buffer.alloc(0)), /empty/);
  assert.match(await refused('logo.png', Buffer.concat([PNG, Buffer.alloc(600 * 1024)])), /smaller than 512 KB/);
  assert.match(await refused('logo.png', null), /smaller than 512 KB/);
  // A PNG claiming to be 100,000 pixels wide: refused before anything draws it.
  const huge = Buffer.from(PNG);
  huge.writeUInt32BE(100_000, 16);
  assert.match(await refused('logo.png', huge), /at most 4000 pixels/);
});

test('forecast ends in the office’s style: DPU-2018-04’s “Q2 2020” or DPU-2020-02’s “Apr ’20”, each at its own precision', () => {
  const q = { precision: 'quarter' as const, date: '2020-04-01' };
  const m = { precision: 'month' as const, date: '2020-04-01' };
  assert.equal(forecastInStyle(q), 'Q2 2020');
  assert.equal(forecastInStyle(m), 'Apr 2020');
  assert.equal(forecastInStyle(q, 'short'), "Q2 '20");
  assert.equal(forecastInStyle(m, 'short'), "Apr '20");
  assert.equal(forecastInStyle({ precision: 'tbd', date: null }, 'short'), 'TBD');
});

test('the paper layout admin page: saved with a logo, audited with who, when and why; hostile input refused with nothing written; admins only', async (t) => {
  const c = clock('2020-02-01T10:00:00Z');
  const w = await world(t, { now: c.now, config: { logLevel: 'error' } });
  const app = await testApp(t, { ...w, now: c.now });
  const n = w.north;
  const b = new Browser(app);
  await b.signIn(n.users.admin.email);
  const form = await b.get('/admin/paper');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  // No settings yet: no cover, the quarter on the cover, portrait, "Q2 2020".
  for (const [name, value] of [
    ['cover', 'no'],
    ['coverDate', 'quarter'],
    ['bodyOrientation', 'portrait'],
    ['forecastStyle', 'quarter'],
  ])
    assert.match(form.body, new RegExp(`name="${name}" type="radio" value="${value}" checked`), name);
  assert.match(plain(form.body), /A PNG or JPEG, smaller than 512 KB\. SVG files are not accepted\./);
  assert.match((await b.get('/admin')).body, /href="\/admin\/paper"/);

  const upload = async (fields: Record<string, string>, file?: { name: string; data: Buffer; type: string }) => {
    const boundary = '----pcp-paper-boundary';
    const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${await b.csrf('/admin/paper')}\r\n`)];
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    if (file)
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
        file.data,
        Buffer.from('\r\n'),
      );
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await app.inject({
      method: 'POST',
      url: '/admin/paper',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
    // The flash message rides on a cookie, as in a browser.
    for (const ck of r.cookies as { name: string; value: string }[]) b.cookies.set(ck.name, ck.value);
    return r;
  };
  const good = {
    cover: 'yes',
    title: 'Delivery Progress Update to the Panel',
    coverDate: 'meeting',
    bodyOrientation: 'landscape',
    forecastStyle: 'short',
    version: '0',
  };

  // Refused: each problem in the error summary, the answers kept, nothing saved.
  const cases: [Record<string, string>, { name: string; data: Buffer; type: string } | undefined, string[]][] = [
    [
      { ...good },
      { name: 'logo.svg', data: SVG, type: 'image/svg+xml' },
      ['#logo The selected file is an SVG: save the logo as a PNG or JPEG (an SVG can carry script)'],
    ],
    [
      { ...good },
      { name: 'logo.png', data: Buffer.from('%PDF-1.4 not a picture'), type: 'image/png' },
      ['#logo The selected file must be a PNG or JPEG picture: check you chose the right file'],
    ],
    [
      { ...good },
      { name: 'logo.png', data: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]), type: 'image/png' },
      ['#logo The selected file must be smaller than 512 KB'],
    ],
    [{ ...good, cover: '' }, undefined, ['#cover Choose whether the paper has a cover and contents']],
    [{ ...good, bodyOrientation: 'sideways' }, undefined, ['#bodyOrientation Choose which way round the paper’s pages are']],
    [{ ...good, title: 'x'.repeat(201) }, undefined, ['#title Title on the cover must be 200 characters or fewer']],
  ];
  for (const [fields, file, expected] of cases) {
    const r = await upload(fields, file);
    assert.equal(r.statusCode, 400, `${file?.name}: ${r.body.slice(0, 200)}`);
    assert.deepEqual(errorLinks(r.body), expected, file?.name);
    assert.match(r.body, /class="govuk-error-summary"/);
    if (fields.title === good.title) assert.match(r.body, /value="Delivery Progress Update to the Panel"/);
  }
  assert.equal((await w.services.paperSettings.get(n.office.id)).version, 0, 'nothing saved');
  assert.equal((await w.services.paperSettings.history(n.office.id)).length, 0, 'nothing audited');

  c.advance(60_000);
  const ok = await upload({ ...good, reason: 'The Panel asked for a cover' }, { name: 'opcc.png', data: PNG, type: 'image/png' });
  assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
  const page = await b.get('/admin/paper');
  assert.match(plain(page.body), /Paper layout saved/);
  for (const [name, value] of [
    ['cover', 'yes'],
    ['coverDate', 'meeting'],
    ['bodyOrientation', 'landscape'],
    ['forecastStyle', 'short'],
  ])
    assert.match(page.body, new RegExp(`name="${name}" type="radio" value="${value}" checked`), name);
  assert.match(page.body, /value="Delivery Progress Update to the Panel"/);
  assert.match(plain(page.body), /PNG, 160 × 80 pixels/);
  // The history: who, when, what and why.
  assert.match(
    plain(page.body),
    /Changes to the paper layout .*north admin Settings made .*Cover and contents: Yes .*Logo: a picture \(SHA-256 [0-9a-f]{12}…\) .*The Panel asked for a cover/,
  );
  const logo = await b.get(`/admin/paper/logo`);
  assert.equal(logo.statusCode, 200);
  assert.equal(logo.headers['content-type'], 'image/png');
  assert.equal(logo.headers['x-content-type-options'], 'nosniff');
  assert.ok(logo.rawPayload.equals(PNG), 'the logo as uploaded');
  const [audit] = await w.services.paperSettings.history(n.office.id);
  assert.equal(audit.actorName, 'north admin');
  assert.equal(audit.reason, 'The Panel asked for a cover');
  assert.equal(audit.recordedAt instanceof Date, true);

  // A stale form is a conflict, not a silent overwrite.
  const stale = await upload({ ...good, cover: 'no', version: '0' });
  assert.equal(stale.statusCode, 409);
  assert.equal((await w.services.paperSettings.get(n.office.id)).cover, true);
  // Removing the logo keeps the rest.
  const removed = await upload({ ...good, version: '1', removeLogo: 'yes', reason: 'New branding coming' });
  assert.equal(removed.statusCode, 303);
  const after = await w.services.paperSettings.get(n.office.id);
  assert.equal(after.logo, null);
  assert.equal(after.cover, true);
  assert.match(plain((await b.get('/admin/paper')).body), /Settings changed Logo: a picture .* → none New branding coming/);

  // Editors and viewers do not change the layout; another office sees its own (none).
  const editor = new Browser(app);
  await editor.signIn(n.users.editor.email);
  assert.equal((await editor.get('/admin/paper')).statusCode, 403);
  const south = new Browser(app);
  await south.signIn(w.south.users.admin.email);
  assert.match((await south.get('/admin/paper')).body, /name="cover" type="radio" value="no" checked/);
  assert.equal((await south.get('/admin/paper/logo')).statusCode, 404);
});

test('the paper settings API: read by any role, changed by an admin with a JPEG logo as base64, SVG refused, stale versions refused', async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const app = await testApp(t, w);
  const n = w.north;
  const admin = await apiClient(app, w.services, n.admin);
  const viewer = await apiClient(app, w.services, n.admin, 'viewer');
  const none = await viewer.call('GET', '/paper-settings');
  assert.equal(none.status, 200);
  assert.deepEqual(
    { cover: none.body.cover, coverDate: none.body.coverDate, logo: none.body.logo, version: none.body.version },
    { cover: false, coverDate: 'quarter', logo: null, version: 0 },
  );
  const body = { cover: true, title: '', coverDate: 'quarter', bodyOrientation: 'portrait', forecastStyle: 'short', version: 0, reason: 'Office style' };
  assert.equal((await viewer.call('PUT', '/paper-settings', body)).status, 403);
  const svg = await admin.call('PUT', '/paper-settings', { ...body, logo: { filename: 'logo.svg', base64: SVG.toString('base64') } });
  assert.equal(svg.status, 400);
  assert.deepEqual(
    svg.body.error.fields.map((f: { field: string }) => f.field),
    ['logo'],
  );
  const unknown = await admin.call('PUT', '/paper-settings', { ...body, colour: 'red' });
  assert.equal(unknown.status, 400);
  assert.equal((await admin.call('GET', '/paper-settings')).body.version, 0, 'nothing written');
  const saved = await admin.call('PUT', '/paper-settings', { ...body, logo: { filename: 'logo.jpg', base64: JPEG.toString('base64') } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual({ ...saved.body.logo, sha256: undefined }, { mediaType: 'image/jpeg', size: JPEG.byteLength, width: 160, height: 80, sha256: undefined });
  assert.equal(saved.body.version, 1);
  assert.equal(saved.body.updatedByName, 'north admin');
  assert.equal((await admin.call('PUT', '/paper-settings', { ...body, version: 0 })).status, 409);
  // Another office's settings are its own.
  const south = await apiClient(app, w.services, w.south.admin);
  assert.equal((await south.call('GET', '/paper-settings')).body.version, 0);
});
