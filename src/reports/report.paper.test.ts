// test-pass: pglite-only (the paper's layout in PDF and Word; the model under it is tested on PostgreSQL by the report service and golden tests)
// The demo's 2017-18-Q4 paper set beside DPU-2018-04, the paper the office made by hand: its first
// page is the dashboard, three panels side by side (completed, current and future projects), each
// with its count, arrow, list and per-strand chart, on one landscape page of the PDF and before the
// first page break of the Word file; the PDF stays tagged (language, title, headings, figures with
// alternative text, tables with header cells), with the running header and "Page N of M".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { freshDb } from '../../test/helpers.js';
import { createServices } from '../app.js';
import { testConfig } from '../config.js';
import { seedDemo } from '../demo/demo.js';

const CHROMIUM = '/usr/bin/chromium';
// DPU-2018-04's three lists, as the demo enters them.
const DELIVERED = ['18/19 Budget Consultation', 'Police & Fire Governance Review', 'Review of Modern Slavery Partnerships', 'Review of Sexual Crime Strategy'];
const INITIATED = ['General Data Protection Regulations (GDPR) (statutory)', 'Grants Investment Programme'];
const CANDIDATES = [
  'Revolving Door',
  'Community Safety Alliance Review',
  'Appropriate Adults Review',
  'Sign-posting',
  'Implementation of Modern Slavery Partnerships',
  'Review of Out of Court Disposals and Community Remedy',
];
const PANELS = ['Completed projects', 'Current projects', 'Future projects'];

/** Text with every run of white space made one space, so a title wrapped over two lines still matches. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

type StructNode = { role?: string; alt?: string; children?: StructNode[] };
const walk = (n: StructNode | null, out: StructNode[] = []) => {
  if (!n) return out;
  out.push(n);
  for (const c of n.children ?? []) walk(c, out);
  return out;
};

test('the 2017-18-Q4 paper opens on the dashboard: three panels with the seed’s lists on page 1 of the PDF and before Word’s first page break', async (t) => {
  const database = await freshDb(t);
  const services = createServices({ db: database.db, config: testConfig() });
  t.after(() => services.reports.close());
  const demo = await seedDemo({ services });
  const m = await services.reports.model(demo.office.id, '2017-18-Q4');

  await t.test('Word: the panels, counts, arrows and lists come before the first page break, on a landscape section', async () => {
    const zip = await JSZip.loadAsync(await services.reports.docx(m));
    const xml = await zip.file('word/document.xml')!.async('string');
    const cut = Math.min(...['<w:br w:type="page"/>', '<w:sectPr>'].map((s) => xml.indexOf(s)).filter((i) => i >= 0));
    const first = flat(
      xml
        .slice(0, cut)
        .replace(/<\/w:p>/g, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&'),
    );
    for (const p of PANELS) assert.ok(first.includes(p), p);
    for (const title of [...DELIVERED, ...INITIATED, ...CANDIDATES]) assert.ok(first.includes(title), title);
    assert.match(first, /Completed projects 4 ↑ .*Current projects 41 ↓ .*Future projects 6 ↑/);
    assert.match(first, /4 projects delivered:.*2 projects initiated:.*6 candidate projects identified:/);
    // The first section is landscape: its page setup is the first sectPr.
    const firstSection = /<w:sectPr>.*?<\/w:sectPr>/.exec(xml)?.[0] ?? '';
    assert.match(firstSection, /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    // Three charts in the panels, with their alternative text, before the break.
    assert.equal((xml.slice(0, cut).match(/<wp:docPr [^>]*descr="Bar chart of [a-z]+ projects per strand/g) ?? []).length, 3);
    // The data tables come after the break, once each, not under the same caption as a chart.
    const captions = [...xml.matchAll(/<w:tblCaption w:val="([^"]*)"/g)].map((c) => c[1]);
    assert.equal(new Set(captions).size, captions.length, 'no caption twice');
    assert.ok(xml.indexOf('Completed, current and future projects in each strand') > cut);
    // The running header.
    assert.match(await zip.file('word/header1.xml')!.async('string'), /Police and Crime Plan \| Delivery Progress/);
  });

  await t.test(
    'PDF: page 1 is landscape and holds the three panels and their lists; tagged, with header and page numbers',
    { skip: !existsSync(CHROMIUM) && 'Chromium not installed' },
    async () => {
      const bytes = await services.reports.pdf(m);
      const dir = mkdtempSync(join(tmpdir(), 'pcp-paper-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'p.pdf'), bytes);
      const page1 = flat(execFileSync('pdftotext', ['-f', '1', '-l', '1', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }));
      for (const p of PANELS) assert.ok(page1.includes(p), p);
      for (const title of [...DELIVERED, ...INITIATED, ...CANDIDATES]) assert.ok(page1.includes(title), title);
      assert.match(page1, /Police and Crime Plan \| Delivery Progress/);
      const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
      assert.match(page1, new RegExp(`Page 1 of ${pdf.numPages}\\b`));
      const one = await pdf.getPage(1);
      const { width, height } = one.getViewport({ scale: 1 });
      assert.ok(width > height, `page 1 is landscape (${width} × ${height})`);
      // Page 2 has the figures, not the panels again.
      const page2 = flat(execFileSync('pdftotext', ['-f', '2', '-l', '2', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }));
      assert.ok(!page2.includes('4 projects delivered'));
      assert.match(page2, /Completed, current and future projects in each strand at 31 March 2018/);
      // The rest of the paper turns to portrait.
      const last = (await pdf.getPage(pdf.numPages)).getViewport({ scale: 1 });
      assert.ok(last.height > last.width, 'the last page is portrait');

      // Tagged: language and title, headings, the three charts as figures with alternative text, tables with header cells.
      const { info } = (await pdf.getMetadata()) as { info: { Language?: string; Title?: string } };
      assert.equal(info.Language, 'en-GB');
      assert.equal(info.Title, 'Police and Crime Plan Delivery Progress Update: Q4 2017/18');
      const tree1 = walk((await one.getStructTree()) as StructNode);
      assert.ok(tree1.some((n) => n.role === 'H1'));
      assert.deepEqual(
        tree1.filter((n) => n.role === 'Figure').map((n) => n.alt?.replace(/:.*/, '')),
        ['Bar chart of completed projects per strand', 'Bar chart of current projects per strand', 'Bar chart of future projects per strand'],
      );
      const tree2 = walk((await (await pdf.getPage(2)).getStructTree()) as StructNode);
      assert.ok(tree2.some((n) => n.role === 'Table'));
      assert.ok(tree2.some((n) => n.role === 'TH'));
      await pdf.destroy();
    },
  );

  await t.test(
    'a grouped review row (DPU-2018-04’s Youth Commission row) survives publication and regeneration; counts unchanged; a row left out keeps its reason',
    async () => {
      const yc = m.review.filter((r) => r.project.endsWith('- Youth Commission'));
      assert.equal(yc.length, 5, 'the five Youth Commission rows, one per project, before grouping');
      const court = m.review.find((r) => r.project === 'Court Observation Panel');
      assert.ok(court);
      const name = 'All Youth Commission projects: Cyber Safety, Substance Misuse, Hate Crime, Unhealthy Relationships, Mental Health';
      const group = { id: '6f1c1d2e-8a0b-4c8e-9d3a-2b6f7e1a0c11', name, objective: '', text: '', projectIds: yc.map((r) => r.projectId) };
      await services.reports.saveDraft({
        by: demo.editor,
        periodId: '2017-18-Q4',
        input: {
          reviewLayout: { groups: [group], order: [`g-${group.id}`], omitted: { [court.projectId]: 'Reported to the Panel separately this quarter.' } },
        },
      });
      const shaped = await services.reports.model(demo.office.id, '2017-18-Q4');
      const row = shaped.review[0];
      assert.equal(row.project, name);
      assert.deepEqual(
        row.projectIds,
        yc.map((r) => r.projectId),
      );
      // Five rows became one, the shared reason said once, not five times; one row left out.
      assert.equal(shaped.review.length, m.review.length - 5);
      assert.equal(row.text, yc[0].text);
      assert.equal(row.objective, '', 'five different objectives: none is claimed for all');
      assert.deepEqual(shaped.reviewOmitted, [
        { key: court.projectId, project: 'Court Observation Panel', reason: 'Reported to the Panel separately this quarter.', projectIds: [court.projectId] },
      ]);
      assert.deepEqual(shaped.dashboard, m.dashboard, 'grouping changes wording, never counts');
      const doc = await services.reports.doc(shaped);
      const reviewTable = doc.blocks.find((b) => b.type === 'table' && b.caption.startsWith('Summary of changes to the Delivery Plan'));
      assert.ok(reviewTable && reviewTable.type === 'table');
      assert.equal(reviewTable.rows.filter((r) => String(r[0]) === name).length, 1);
      assert.ok(!reviewTable.rows.some((r) => String(r[0]) === 'Court Observation Panel'));

      const pub = await services.reports.publish({ by: demo.admin, periodId: '2017-18-Q4' });
      const frozen = await services.reports.publication(demo.office.id, pub.id);
      assert.equal((frozen.model as typeof shaped).review[0].project, name);
      assert.match(frozen.html, /All Youth Commission projects: Cyber Safety/);
      const cmp = await services.reports.compare(demo.office.id, pub.id);
      assert.deepEqual(cmp.differences, [], 'regenerated, the paper is the one published');
      assert.equal(cmp.fresh.review[0].project, name);
    },
  );
});

test('grouping review rows changes their wording, never which projects changed (property)', async () => {
  const fc = await import('fast-check');
  const { shapeReview } = await import('./review-edits.js');
  const uuid = fc.uuid();
  const row = fc.record({ projectId: uuid, text: fc.string({ maxLength: 20 }), objective: fc.string({ maxLength: 10 }) });
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(row, { selector: (r) => r.projectId, maxLength: 8 }),
      fc.array(
        fc.record({
          id: uuid,
          take: fc.array(fc.nat(7), { maxLength: 4 }),
          name: fc.string({ minLength: 1, maxLength: 10 }),
          text: fc.string({ maxLength: 10 }),
        }),
        { maxLength: 3 },
      ),
      fc.array(fc.nat(7), { maxLength: 3 }),
      fc.array(fc.nat(12), { maxLength: 12 }),
      async (raw, groupSpecs, leaveOut, order) => {
        const rows = raw.map((r) => ({ ...r, project: r.projectId, generated: r.text, edited: false }));
        const groups = groupSpecs.map((g) => ({
          id: g.id,
          name: g.name,
          objective: '',
          text: g.text,
          projectIds: g.take.map((i) => rows[i]?.projectId).filter((x): x is string => !!x),
        }));
        const keys = [...rows.map((r) => r.projectId), ...groups.map((g) => `g-${g.id}`)];
        const omitted = Object.fromEntries(leaveOut.map((i) => [keys[i % Math.max(1, keys.length)] ?? 'none', 'Reported elsewhere']));
        const shaped = shapeReview(rows, { groups, order: order.map((i) => keys[i] ?? 'none'), omitted });
        const covered = [...shaped.rows.flatMap((r) => r.projectIds ?? []), ...shaped.omitted.flatMap((o) => o.projectIds)];
        assert.deepEqual([...covered].sort(), rows.map((r) => r.projectId).sort(), 'every project once, in a row or a recorded omission');
        for (const o of shaped.omitted) assert.equal(o.reason, 'Reported elsewhere');
        // Ungrouped and with nothing left out, the rows are the input, wording included.
        const plain = shapeReview(rows, {});
        assert.deepEqual(
          plain.rows.map((r) => [r.projectId, r.text]),
          rows.map((r) => [r.projectId, r.text]),
        );
      },
    ),
    { numRuns: 200 },
  );
});
