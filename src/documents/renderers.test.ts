import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import JSZip from 'jszip';
import { DomainError } from '../platform/errors.js';
import { chartBlock } from './charts.js';
import type { Doc } from './document.js';
import { renderDocx } from './docx.js';
import { renderHtml, standaloneHtml } from './html.js';
import { createPdfRenderer } from './pdf.js';

const CHROMIUM = '/usr/bin/chromium';

async function sampleDoc(): Promise<Doc> {
  const table = {
    type: 'table' as const,
    caption: 'Current projects per strand',
    head: ['Strand', 'Projects'],
    rows: [
      ['Big Issues', '14'],
      ['Policing', '9'],
    ],
    numeric: [1],
    rowHeaders: true,
  };
  return {
    title: 'Delivery Progress Update',
    subtitle: 'January to March 2018',
    lang: 'en-GB',
    blocks: [
      { type: 'heading', level: 1, text: 'Dashboard' },
      { type: 'paragraph', text: 'Four projects delivered & two initiated <in the quarter>.' },
      { type: 'list', items: ['Review of Sexual Crime Strategy', 'Police & Fire Governance Review'] },
      { type: 'heading', level: 2, text: 'Per strand' },
      await chartBlock('bar', [{ label: 'Big Issues', value: 14 }, { label: 'Policing', value: 9 }], { title: 'Current projects per strand', labelTitle: 'Strand', table, alt: 'Bar chart: Big Issues 14, Policing 9.' }),
      { type: 'heading', level: 3, text: 'Detail' },
      { type: 'table', caption: 'Summary of changes', head: ['Project', 'Objective', 'Summary of changes'], rows: [['Court Observation Panel', 'Review of model', { text: 'Placed on hold', tag: 'grey' }]] },
    ],
  };
}

test('HTML: GOV.UK classes, escaped text, captioned tables with scoped headers, charts as named images with their data', async () => {
  const html = renderHtml(await sampleDoc());
  assert.match(html, /<h1 class="govuk-heading-xl">Delivery Progress Update<\/h1>/);
  assert.match(html, /<h2 class="govuk-heading-l">Dashboard<\/h2>/);
  assert.match(html, /<h3 class="govuk-heading-m">Per strand<\/h3>/);
  assert.match(html, /<h4 class="govuk-heading-s">Detail<\/h4>/);
  assert.match(html, /Four projects delivered &amp; two initiated &lt;in the quarter&gt;\./);
  assert.equal((html.match(/<caption class="govuk-table__caption/g) ?? []).length, 2);
  assert.match(html, /<th scope="col" class="govuk-table__header govuk-table__header--numeric">Projects<\/th>/);
  assert.match(html, /<th scope="row" class="govuk-table__header">Big Issues<\/th>/);
  assert.match(html, /<td class="govuk-table__cell govuk-table__cell--numeric">14<\/td>/);
  assert.match(html, /<svg[^>]*role="img" aria-labelledby="(app-chart-\d+)"[^>]*><title id="\1">Bar chart: Big Issues 14, Policing 9.<\/title>/);
  // vega's own roles inside the picture are removed: the image is one named thing.
  assert.doesNotMatch(html.replace(/<svg[^>]*role="img"/, ''), /role="graphics/);
  assert.match(html, /govuk-tag govuk-tag--grey">Placed on hold/);
  const page = standaloneHtml(await sampleDoc());
  assert.match(page, /^<!DOCTYPE html>\s*<html lang="en-GB">/);
  assert.match(page, /<title>Delivery Progress Update<\/title>/);
  assert.doesNotMatch(page, /<link|<script|src="http/);
});

test('DOCX: heading styles, repeated table header rows, en-GB language, charts as pictures with alt text', async () => {
  const buf = await renderDocx(await sampleDoc());
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  assert.match(xml, /<w:pStyle w:val="Title"\/>/);
  for (const h of ['Heading1', 'Heading2', 'Heading3']) assert.match(xml, new RegExp(`<w:pStyle w:val="${h}"/>`), h);
  assert.equal((xml.match(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1)"\/>/g) ?? []).length, 2, 'each table has one repeated header row');
  assert.match(xml, /<w:lang w:val="en-GB"\/>/);
  assert.match(xml, /descr="Bar chart: Big Issues 14, Policing 9."/);
  assert.match(xml, /Four projects delivered &amp; two initiated &lt;in the quarter&gt;\./);
  const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
  assert.equal(media.length, 1);
  const png = await zip.file(media[0])!.async('uint8array');
  assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47], 'the picture is a PNG');
  const styles = await zip.file('word/styles.xml')!.async('string');
  assert.match(styles, /w:styleId="Heading1"/);
});

test('PDF: tagged, with an outline, and the text of the document', { skip: !existsSync(CHROMIUM) && 'Chromium not installed' }, async (t) => {
  const pdf = createPdfRenderer({ chromiumPath: CHROMIUM });
  t.after(() => pdf.close());
  const doc = await sampleDoc();
  const [a, b] = await Promise.all([pdf.render(standaloneHtml(doc)), pdf.render(standaloneHtml(doc))]);
  for (const bytes of [a, b]) {
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const raw = bytes.toString('latin1');
    assert.match(raw, /\/StructTreeRoot/);
    assert.match(raw, /\/MarkInfo/);
    assert.match(raw, /\/Lang\s*\(en-GB\)/);
    assert.match(raw, /\/Outlines/);
  }
  const dir = mkdtempSync(join(tmpdir(), 'pcp-pdf-'));
  writeFileSync(join(dir, 'a.pdf'), a);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  assert.match(text, /Delivery Progress Update/);
  assert.match(text, /Court Observation Panel/);
  assert.match(text, /Four projects delivered & two initiated <in the quarter>\./);
});

test('PDF: a missing Chromium is a clear error saying how to install it', async () => {
  const pdf = createPdfRenderer({ chromiumPath: '/nonexistent/chromium' });
  await assert.rejects(pdf.render('<p>x</p>'), (e: unknown) => e instanceof DomainError && e.code === 'report.pdf_unavailable' && /apt-get install chromium/.test(e.message));
  await pdf.close();
});
