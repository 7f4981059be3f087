// test-pass: pglite-only (the paper's layout in PDF and Word; the model under it is tested on PostgreSQL by the report service and golden tests)
// The office's paper settings on the demo's 2017-18-Q4 paper (issue 18): a cover (office, logo,
// title, the Panel meeting's month) and contents (linked sections) before the dashboard, in Word, in
// the PDF and on the web page; the dashboard then opens the body, on its landscape page; the body in
// the office's orientation; forecast ends in its style. The PDF stays tagged: language, title,
// headings, the logo and charts as figures with alternative text, tables with header cells, links.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { freshDb } from '../../test/helpers.js';
import { createServices } from '../app.js';
import { testConfig } from '../config.js';
import { seedDemo } from '../demo/demo.js';
import { renderHtml } from '../documents/html.js';
import * as H from '../demo/hampshire.js';

const CHROMIUM = '/usr/bin/chromium';
const PNG = readFileSync(new URL('./fixtures/office-logo.png', import.meta.url));
const SECTIONS = [
  'Police and Crime Plan delivery overview',
  'Delivery Plan Review',
  'The delivery process',
  'Project spotlights',
  'Summary of current projects',
  'Decision notices approved from 1 December 2017 to 31 March 2018',
];
const DELIVERED = ['18/19 Budget Consultation', 'Police & Fire Governance Review', 'Review of Modern Slavery Partnerships', 'Review of Sexual Crime Strategy'];
const INITIATED = ['General Data Protection Regulations (GDPR) (statutory)', 'Grants Investment Programme'];
const CANDIDATES = ['Revolving Door', 'Community Safety Alliance Review', 'Appropriate Adults Review', 'Sign-posting'];
const flat = (s: string) => s.replace(/\s+/g, ' ');
type StructNode = { role?: string; alt?: string; children?: StructNode[] };
const walk = (n: StructNode | null, out: StructNode[] = []) => {
  if (!n) return out;
  out.push(n);
  for (const c of n.children ?? []) walk(c, out);
  return out;
};

test('with the office’s cover and contents, the 2017-18-Q4 paper opens on its cover, lists its sections, and its body opens on the dashboard', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  t.after(() => services.reports.close());
  const demo = await seedDemo({ services });
  await services.paperSettings.save({
    by: demo.admin,
    input: { cover: true, title: '', coverDate: 'meeting', bodyOrientation: 'landscape', forecastStyle: 'short', reason: 'As the Panel asked' },
    file: { filename: 'logo.png', data: PNG },
  });
  // DPU-2018-04 went to the Panel in April 2018.
  await services.reports.saveDraft({
    by: demo.editor,
    periodId: '2017-18-Q4',
    input: { panelMeetingOn: '2018-04-13', decisionsFrom: H.SEED_000_REPORT.decisionsFrom },
  });
  const m = await services.reports.model(demo.office.id, '2017-18-Q4');
  assert.deepEqual(
    { ...m.paper, logo: m.paper?.logo && { ...m.paper.logo, base64: m.paper.logo.base64.length } },
    {
      cover: true,
      title: 'Police and Crime Plan: Delivery Progress Update',
      coverDate: 'April 2018',
      bodyOrientation: 'landscape',
      forecastStyle: 'short',
      logo: { mediaType: 'image/png', base64: PNG.toString('base64').length, width: 160, height: 80 },
    },
  );
  // Forecast ends in DPU-2020-02's style, each at its precision.
  const ends = m.currentByStrand.flatMap((s) => s.projects.map((p) => p.forecastEnd));
  assert.ok(ends.some((e) => e !== 'TBD'));
  for (const e of ends) assert.match(e, /^((Q[1-4]|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) '\d\d|TBD)$/);
  // The cover's date follows the choice: the quarter when the office says so.
  const doc = await services.reports.doc(m);
  assert.deepEqual(doc.cover && { ...doc.cover, logo: undefined }, {
    office: 'Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight',
    title: 'Police and Crime Plan: Delivery Progress Update',
    date: 'April 2018',
    logo: undefined,
  });

  await t.test('the web page: the cover as a header, and contents linking to each section', () => {
    const html = renderHtml(doc);
    const text = flat(html.replace(/<[^>]+>/g, ' '));
    assert.match(
      text,
      /Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight Police and Crime Plan: Delivery Progress Update April 2018/,
    );
    assert.match(
      html,
      /<img class="app-cover__logo" src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight logo" width="160" height="80">/,
    );
    const links = [...html.matchAll(/<li><a class="govuk-link" href="#(section-\d+)">([^<]*)<\/a><\/li>/g)].map((x) => [x[1], x[2]]);
    assert.deepEqual(
      links.map(([, t]) => t),
      SECTIONS,
    );
    for (const [id, title] of links) assert.match(html, new RegExp(`<h2 id="${id}" class="govuk-heading-l">${title}</h2>`));
  });

  await t.test('Word: a portrait cover and a contents field before the first page break and section, then the dashboard on a landscape page', async () => {
    const zip = await JSZip.loadAsync(await services.reports.docx(m));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = (x: string) =>
      flat(
        x
          .replace(/<\/w:p>/g, ' ')
          .replace(/<[^>]+>/g, '')
          .replace(/&amp;/g, '&'),
      );
    const sections = [...xml.matchAll(/<w:sectPr>.*?<\/w:sectPr>/g)].map((s) => ({ at: s.index ?? 0, xml: s[0] }));
    const cover = xml.slice(0, xml.indexOf('<w:br w:type="page"/>'));
    assert.match(
      text(cover),
      /Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight Police and Crime Plan: Delivery Progress Update April 2018/,
    );
    assert.match(
      cover,
      /<wp:docPr id="1" name="Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight logo" descr="Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight logo"/,
    );
    assert.ok((await zip.file('word/media/logo1.png')!.async('nodebuffer')).equals(PNG), 'the logo as uploaded');
    // The contents: a TOC field whose entries link to bookmarks on the section headings.
    const contents = xml.slice(xml.indexOf('<w:br w:type="page"/>'), sections[0].at);
    assert.match(contents, /<w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u <\/w:instrText>/);
    assert.deepEqual(
      [...contents.matchAll(/<w:hyperlink w:anchor="(section-\d+)"[^>]*>(.*?)<\/w:hyperlink>/g)].map((x) => text(x[2]).trim()),
      SECTIONS,
    );
    for (let i = 1; i <= SECTIONS.length; i++) assert.match(xml, new RegExp(`<w:bookmarkStart w:id="${i}" w:name="section-${i}"/>`));
    assert.match(await zip.file('word/settings.xml')!.async('string'), /<w:updateFields w:val="true"\/>/);
    // Section 1 (cover and contents) portrait; section 2 opens with the dashboard, landscape, and holds the three panels and their lists before its first page break.
    assert.match(sections[0].xml, /<w:pgSz w:w="11906" w:h="16838"\/>/);
    assert.match(sections[1].xml, /w:orient="landscape"/);
    const afterCover = xml.slice(sections[0].at);
    const body1 = text(afterCover.slice(0, afterCover.indexOf('<w:br w:type="page"/>')));
    assert.match(body1, /Completed projects 4 ↑ .*Current projects 41 ↓ .*Future projects 6 ↑/);
    for (const title of [...DELIVERED, ...INITIATED, ...CANDIDATES]) assert.ok(body1.includes(title), title);
    // The body after the dashboard: landscape too, as the office chose.
    assert.match(sections.at(-1)?.xml ?? '', /w:orient="landscape"/);
    assert.match(await zip.file('[Content_Types].xml')!.async('string'), /<Default Extension="png" ContentType="image\/png"\/>/);
  });

  await t.test(
    'PDF: page 1 the cover, page 2 the contents (links to the sections), page 3 the dashboard; tagged',
    { skip: !existsSync(CHROMIUM) && 'Chromium not installed' },
    async () => {
      const bytes = await services.reports.pdf(m);
      const dir = mkdtempSync(join(tmpdir(), 'pcp-cover-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'p.pdf'), bytes);
      const page = (n: number) => flat(execFileSync('pdftotext', ['-f', String(n), '-l', String(n), join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }));
      assert.match(
        page(1),
        /Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight Police and Crime Plan: Delivery Progress Update April 2018/,
      );
      assert.match(page(2), new RegExp(`Contents 1\\. ${SECTIONS[0]} 2\\. ${SECTIONS[1]}`));
      const p3 = page(3);
      for (const title of [...DELIVERED, ...INITIATED, ...CANDIDATES]) assert.ok(p3.includes(title), title);
      assert.match(p3, /4 projects delivered:.*2 projects initiated:.*6 candidate projects identified:/);
      const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
      t.after(() => pdf.destroy());
      assert.match(p3, new RegExp(`Page 3 of ${pdf.numPages}\\b`));
      const size = async (n: number) => (await pdf.getPage(n)).getViewport({ scale: 1 });
      assert.ok((await size(1)).height > (await size(1)).width, 'the cover is portrait');
      assert.ok((await size(3)).width > (await size(3)).height, 'the dashboard is landscape');
      assert.ok((await size(pdf.numPages)).width > (await size(pdf.numPages)).height, 'the body is landscape, as the office chose');
      // The contents' entries are links to places in the document.
      const links = (await (await pdf.getPage(2)).getAnnotations()).filter((a: { subtype: string; dest?: unknown }) => a.subtype === 'Link' && a.dest);
      assert.equal(links.length, SECTIONS.length);
      // Tagged: language, title, the cover's heading, the logo with its alternative text, the contents as links.
      const { info } = (await pdf.getMetadata()) as { info: { Language?: string; Title?: string } };
      assert.equal(info.Language, 'en-GB');
      assert.equal(info.Title, 'Police and Crime Plan Delivery Progress Update: Q4 2017/18');
      const tree1 = walk((await (await pdf.getPage(1)).getStructTree()) as StructNode);
      assert.ok(tree1.some((n) => n.role === 'H1'));
      assert.deepEqual(
        tree1.filter((n) => n.role === 'Figure').map((n) => n.alt),
        ['Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight logo'],
      );
      const tree2 = walk((await (await pdf.getPage(2)).getStructTree()) as StructNode);
      assert.ok(tree2.some((n) => n.role === 'H2'));
      assert.equal(tree2.filter((n) => n.role === 'Link').length, SECTIONS.length);
      const tree3 = walk((await (await pdf.getPage(3)).getStructTree()) as StructNode);
      assert.equal(tree3.filter((n) => n.role === 'Figure' && n.alt?.startsWith('Bar chart of')).length, 3);
      const tree4 = walk((await (await pdf.getPage(4)).getStructTree()) as StructNode);
      assert.ok(tree4.some((n) => n.role === 'Table') && tree4.some((n) => n.role === 'TH'));
    },
  );
});
