// test-pass: pglite-only (document renderers on a built document, no database)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import mammoth from 'mammoth';
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
      await chartBlock(
        'bar',
        [
          { label: 'Big Issues', value: 14 },
          { label: 'Policing', value: 9 },
        ],
        { title: 'Current projects per strand', labelTitle: 'Strand', table, alt: 'Bar chart: Big Issues 14, Policing 9.' },
      ),
      { type: 'heading', level: 3, text: 'Detail' },
      {
        type: 'table',
        caption: 'Summary of changes',
        head: ['Project', 'Objective', 'Summary of changes'],
        rows: [['Court Observation Panel', 'Review of model', { text: 'Placed on hold', tag: 'grey' }]],
      },
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

const elements = (dom: Document, tag: string) => {
  const list = dom.getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_, i) => list.item(i) as Element);
};

/** Every XML part of a package, checked strictly (well-formed, every namespace prefix declared) and parsed. */
async function xmlParts(zip: JSZip) {
  const parts = new Map<string, Document>();
  for (const name of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    assert.equal(XMLValidator.validate(xml), true, name);
    const used = new Set([...xml.matchAll(/<\/?([A-Za-z][\w.-]*):|\s([A-Za-z][\w.-]*):[\w.-]+=/g)].map((m) => m[1] ?? m[2]));
    for (const prefix of used) if (prefix !== 'xml' && prefix !== 'xmlns') assert.match(xml, new RegExp(`xmlns:${prefix}="`), `${name} declares ${prefix}:`);
    parts.set(name, new DOMParser().parseFromString(xml, 'text/xml'));
  }
  return parts;
}

test('DOCX: heading styles, repeated table header rows, en-GB language, charts as pictures with alt text', async () => {
  const buf = await renderDocx(await sampleDoc());
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  assert.match(xml, /<w:pStyle w:val="Title"\/>/);
  for (const h of ['Heading1', 'Heading2', 'Heading3']) assert.match(xml, new RegExp(`<w:pStyle w:val="${h}"/>`), h);
  assert.equal((xml.match(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1)"\/>/g) ?? []).length, 2, 'each table has one repeated header row');
  assert.match(xml, /<w:lang w:val="en-GB"\/>/);
  assert.match(xml, /descr="Bar chart: Big Issues 14, Policing 9."/);
  assert.match(xml, /<w:tblCaption w:val="Current projects per strand"\/>/, 'tables carry their title for assistive technology');
  assert.match(xml, /Four projects delivered &amp; two initiated &lt;in the quarter&gt;\./);
  const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
  assert.equal(media.length, 1);
  const png = await zip.file(media[0])!.async('uint8array');
  assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47], 'the picture is a PNG');
  const styles = await zip.file('word/styles.xml')!.async('string');
  assert.match(styles, /w:styleId="Heading1"><w:name w:val="heading 1"\/>/, "Word's built-in heading style, so the navigation pane shows it");
  assert.match(styles, /<w:outlineLvl w:val="0"\/>/);
});

test('DOCX: a well-formed package that an independent reader opens: parts, relationships, headings, tables, lists and pictures', async () => {
  const doc = await sampleDoc();
  doc.blocks.push(
    { type: 'list', items: ['First step', 'Second step'], ordered: true },
    { type: 'list', items: ['Again from one'], ordered: true },
    { type: 'paragraph', text: 'Line one\nline two\u0007 with a bell removed' },
    { type: 'pageBreak' },
    { type: 'table', caption: 'Empty', head: ['Project', 'Forecast end'], rows: [] },
  );
  const buf = await renderDocx(doc);
  assert.deepEqual(await renderDocx(doc), buf, 'the same document gives the same bytes');
  const zip = await JSZip.loadAsync(buf, { checkCRC32: true });
  const parts = await xmlParts(zip);
  // Every part is declared in [Content_Types].xml and every relationship points at a part that exists.
  const types = parts.get('[Content_Types].xml')!;
  const overrides = new Set(elements(types, 'Override').map((o) => o.getAttribute('PartName')));
  const defaults = new Set(elements(types, 'Default').map((d) => d.getAttribute('Extension')));
  for (const name of Object.keys(zip.files)) {
    if (name === '[Content_Types].xml' || zip.files[name].dir) continue;
    assert.ok(overrides.has(`/${name}`) || defaults.has(name.split('.').pop() ?? ''), `${name} has a content type`);
  }
  for (const [name, dom] of parts) {
    if (!name.endsWith('.rels')) continue;
    const base = name.replace(/_rels\/[^/]+$/, '');
    for (const r of elements(dom, 'Relationship')) assert.ok(zip.file(`${base}${r.getAttribute('Target')}`), `${name}: ${r.getAttribute('Target')} exists`);
  }
  const xml = await zip.file('word/document.xml')!.async('string');
  // Every page's foot: the paper's title and "Page N of M" as fields Word fills in.
  assert.match(xml, /<w:sectPr><w:footerReference w:type="default" r:id="(rId\d+)"\/>/);
  const footer = await zip.file('word/footer1.xml')!.async('string');
  assert.match(
    footer,
    /Delivery Progress Update\. Page <\/w:t>.*<w:instrText xml:space="preserve"> PAGE <\/w:instrText>.* of <\/w:t>.*<w:instrText xml:space="preserve"> NUMPAGES <\/w:instrText>/,
  );
  assert.match(xml, /Line one<\/w:t><w:br\/><w:t xml:space="preserve">line two with a bell removed/);
  // The two numbered lists each restart at 1: separate numbering instances of one numbered definition.
  const numIds = [...xml.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]);
  assert.deepEqual(numIds, ['1', '1', '2', '2', '3']);
  const numbering = await zip.file('word/numbering.xml')!.async('string');
  assert.equal((numbering.match(/<w:startOverride w:val="1"\/>/g) ?? []).length, 2);

  // mammoth reads Word files on its own terms (styles by name, numbering, tables, images).
  const html = await mammoth.convertToHtml({ buffer: buf }, { styleMap: ["p[style-name='Title'] => h1.title:fresh"] });
  assert.deepEqual(
    html.messages.filter((m) => m.type === 'error'),
    [],
  );
  const v = html.value.replace(/(src="data:image\/png;base64,)[^"]*"/g, '$1…"');
  assert.match(v, /<h1 class="title">Delivery Progress Update<\/h1>/);
  assert.match(v, /<h1>Dashboard<\/h1>/);
  assert.match(v, /<h2>Per strand<\/h2>/);
  assert.match(v, /<h3>Detail<\/h3>/);
  assert.match(v, /<ul><li>Review of Sexual Crime Strategy<\/li><li>Police &amp; Fire Governance Review<\/li><\/ul>/);
  // (mammoth joins adjacent lists into one; that each restarts at 1 is checked in numbering.xml above)
  assert.match(v, /<ol><li>First step<\/li><li>Second step<\/li><li>Again from one<\/li><\/ol>/);
  assert.match(
    v,
    /<img alt="Bar chart: Big Issues 14, Policing 9." src="data:image\/png;base64,…" \/><\/p><p><strong>Current projects per strand<\/strong><\/p><table><thead>/,
  );
  assert.match(
    v,
    /<table><thead><tr><th><p><strong>Strand<\/strong><\/p><\/th><th><p><strong>Projects<\/strong><\/p><\/th><\/tr><\/thead><tbody><tr><td><p><strong>Big Issues<\/strong><\/p><\/td><td><p>14<\/p><\/td><\/tr>/,
  );
  assert.match(v, /<p>Line one<br \/>line two with a bell removed<\/p>/);
  assert.match(
    v,
    /<p><strong>Empty<\/strong><\/p><table><thead><tr><th><p><strong>Project<\/strong><\/p><\/th><th><p><strong>Forecast end<\/strong><\/p><\/th><\/tr><\/thead><\/table>/,
  );
  assert.match(v, /<td><p>Court Observation Panel<\/p><\/td><td><p>Review of model<\/p><\/td><td><p>Placed on hold<\/p><\/td>/);
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
  await assert.rejects(
    pdf.render('<p>x</p>'),
    (e: unknown) => e instanceof DomainError && e.code === 'report.pdf_unavailable' && /apt-get install chromium/.test(e.message),
  );
  await pdf.close();
});
