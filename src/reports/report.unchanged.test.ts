// test-pass: pglite-only (no database: a stored model rendered)
// A paper already published renders exactly as it did: the demo's 2017-18-Q4 model as the code made
// it before issue 18's cover and paper settings (src/reports/fixtures, made at commit 3467096), and
// the hashes of its print page, its web page and its Word document.xml then. Papers store their
// model; fields added since are optional, and an old model has none of them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import JSZip from 'jszip';
import { renderDocx } from '../documents/docx.js';
import { renderHtml, standaloneHtml } from '../documents/html.js';
import { reportDoc } from './report.doc.js';
import type { ReportModel } from './report.model.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** Chart ids count up within a process (html.ts accessibleSvg): the same paper, numbered from elsewhere. */
const norm = (h: string) => h.replace(/app-chart-\d+/g, 'app-chart-N');

test('a paper published before the cover and paper settings existed renders exactly as it did', async () => {
  const model = JSON.parse(fixture('published-2017-18-Q4.model.json')) as ReportModel;
  const then = JSON.parse(fixture('published-2017-18-Q4.sha256.json')) as { standaloneHtml: string; pageHtml: string; documentXml: string };
  assert.equal(model.paper, undefined, 'the old model has no paper settings');
  const doc = await reportDoc(model);
  assert.equal(doc.cover, undefined, 'no cover for a paper made without one');
  assert.equal(sha(norm(standaloneHtml(doc))), then.standaloneHtml, 'the printed page (what the PDF is made from)');
  assert.equal(sha(norm(renderHtml(doc))), then.pageHtml, 'the web page');
  const zip = await JSZip.loadAsync(await renderDocx(doc));
  assert.equal(sha(await zip.file('word/document.xml')!.async('string')), then.documentXml, 'the Word document');
  // Its first page is still the dashboard.
  assert.match(
    standaloneHtml(doc),
    /<main>\n<div class="app-document" lang="en-GB">\n<div class="app-sheet app-sheet--landscape">\n<h1 class="govuk-heading-xl">Police and Crime Plan Delivery Progress Update: Q4 2017\/18<\/h1>/,
  );
});
