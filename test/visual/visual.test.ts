// test-pass: pglite-only (pictures of the paper's layout; the model under it is tested on PostgreSQL by the report tests)
// Visual regression of the demo's 2017-18-Q4 paper (issue 18), against images approved under
// test/visual/approved/: the dashboard on the app's page (Chromium, through the app itself, its
// stylesheets and fonts included), the PDF's first pages (pdftoppm), and the Word file's first
// pages as mammoth reads the file into HTML, drawn by the same Chromium (LibreOffice is not on the
// machines). Fonts: Liberation Sans and DejaVu Sans (fonts-liberation, fonts-dejavu-core), which
// .ci/run installs, and GOV.UK's own fonts served by the app. Approve changes with PCP_APPROVE_VISUAL=1.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import mammoth from 'mammoth';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/documents/pdf.js';
import { seedDemo } from '../../src/demo/demo.js';
import { Browser, testApp, world } from '../helpers.js';
import { CHROMIUM, hasChromium } from '../e2e/support/browser.js';
import { approving, compareImage } from './compare.js';

/** The pages compared: enough to catch the dashboard, its figures and the turn to portrait. */
const PDF_PAGES = 3;
const A4_LANDSCAPE = { width: 1123, height: 794 };

test('the 2017-18-Q4 paper looks as approved: dashboard page, PDF pages, Word pages', { skip: !hasChromium() && 'Chromium not installed' }, async (t) => {
  const w = await world(t, { config: { logLevel: 'error' } });
  const demo = await seedDemo({ services: w.services });
  const app = await testApp(t, w);
  const editor = demo.accounts.find((a) => a.role === 'editor');
  assert.ok(editor);
  const b = new Browser(app);
  await b.signIn(editor.email, editor.password);
  const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const m = await w.services.reports.model(demo.office.id, '2017-18-Q4');
  t.after(() => w.services.reports.close());

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--font-render-hinting=none', '--force-color-profile=srgb'] });
  t.after(() => browser.close());
  // JavaScript off: the page works without it, and nothing animates.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    javaScriptEnabled: false,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  // Every request the page makes is answered by the app itself (no port opened): the page, its stylesheets, GOV.UK's fonts.
  // `broken` adds one rule to the app's stylesheet, stacking the panels: the layout break the check must catch.
  let broken = false;
  await context.route('http://pcp.test/**', async (route) => {
    const req = route.request();
    const u = new URL(req.url());
    const res = await app.inject({ method: req.method() as 'GET', url: u.pathname + u.search, headers: { cookie } });
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
    const body =
      broken && u.pathname === '/assets/app.css'
        ? Buffer.concat([res.rawPayload, Buffer.from('\n.app-dashboard { display: block !important; }\n')])
        : res.rawPayload;
    await route.fulfill({ status: res.statusCode, headers: { ...headers, 'cache-control': 'no-store' }, body });
  });
  const failures: string[] = [];
  const check = (name: string, png: Buffer) => {
    const r = compareImage(name, png);
    if (!r.ok) failures.push(r.message);
  };

  await t.test('the dashboard on the app’s page', async () => {
    const page = await context.newPage();
    await page.goto('http://pcp.test/reports/2017-18-Q4');
    await page.evaluate(() => document.fonts.ready);
    const dashboard = page.locator('.app-dashboard').first();
    assert.match((await dashboard.innerText()).replace(/\s+/g, ' '), /Completed projects 4 .*Current projects 41 .*Future projects 6/);
    check('dashboard-page', await dashboard.screenshot());
    await page.close();
    // The check can fail: the same page with its panels stacked (a broken layout) is refused.
    if (!approving) {
      broken = true;
      const again = await context.newPage();
      await again.goto('http://pcp.test/reports/2017-18-Q4');
      const r = compareImage('dashboard-page', await again.locator('.app-dashboard').first().screenshot());
      broken = false;
      await again.close();
      assert.equal(r.ok, false, 'a stacked dashboard differs from the approved one');
    }
  });

  await t.test('the PDF’s first pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcp-visual-pdf-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'paper.pdf'), await w.services.reports.pdf(m));
    for (let n = 1; n <= PDF_PAGES; n++) {
      execFileSync('pdftoppm', ['-f', String(n), '-l', String(n), '-r', '50', '-png', '-singlefile', join(dir, 'paper.pdf'), join(dir, `page-${n}`)]);
      check(`pdf-page-${n}`, readFileSync(join(dir, `page-${n}.png`)));
    }
  });

  await t.test('the Word file’s first pages, as mammoth reads it', async () => {
    const { value: html } = await mammoth.convertToHtml(
      { buffer: await w.services.reports.docx(m) },
      // Word's title style as a heading, as it shows in Word.
      { styleMap: ["p[style-name='Title'] => h1.title:fresh"] },
    );
    const page = await context.newPage();
    await page.setViewportSize(A4_LANDSCAPE);
    // Word's own look, roughly: Arial (Liberation Sans), the page's margins, tables with their borders.
    await page.setContent(
      `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><style>body{margin:38px 32px;font:11pt/1.3 "Liberation Sans",Arial,sans-serif;color:#0b0c0c}table{border-collapse:collapse;width:100%}td,th{vertical-align:top;padding:2px 6px;border:1px solid #b1b4b6}img{max-width:100%;height:auto}h1{font-size:24pt}h2{font-size:16pt}h3{font-size:12pt}</style></head><body>${html}</body></html>`,
    );
    assert.match((await page.innerText('body')).replace(/\s+/g, ' '), /Completed projects 4 ↑.*4 projects delivered:/);
    for (let n = 1; n <= 2; n++)
      check(`word-page-${n}`, await page.screenshot({ fullPage: true, clip: { x: 0, y: (n - 1) * A4_LANDSCAPE.height, ...A4_LANDSCAPE } }));
    await page.close();
  });

  await t.test('with the office’s cover and contents: the PDF’s cover and contents pages', async () => {
    await w.services.paperSettings.save({
      by: demo.admin,
      input: { cover: true, title: '', coverDate: 'quarter', bodyOrientation: 'portrait', forecastStyle: 'quarter' },
      file: { filename: 'logo.png', data: readFileSync(new URL('../../src/reports/fixtures/office-logo.png', import.meta.url)) },
    });
    const laid = await w.services.reports.model(demo.office.id, '2017-18-Q4');
    const dir = mkdtempSync(join(tmpdir(), 'pcp-visual-cover-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'paper.pdf'), await w.services.reports.pdf(laid));
    for (let n = 1; n <= 2; n++) {
      execFileSync('pdftoppm', ['-f', String(n), '-l', String(n), '-r', '50', '-png', '-singlefile', join(dir, 'paper.pdf'), join(dir, `page-${n}`)]);
      check(`pdf-cover-page-${n}`, readFileSync(join(dir, `page-${n}.png`)));
    }
  });

  assert.deepEqual(failures, [], failures.join('\n'));
});
