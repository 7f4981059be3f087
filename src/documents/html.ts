// A Doc as HTML: a fragment with GOV.UK Frontend classes for the app's pages, and a standalone
// page (its own print styles, no external assets) that Chromium prints to PDF.
import { type Block, type Cell, cellText, type Doc, type TableBlock } from './document.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const HEADING_CLASS = { 2: 'govuk-heading-l', 3: 'govuk-heading-m', 4: 'govuk-heading-s' } as const;

function cellHtml(c: Cell): string {
  if (typeof c === 'string' || !c.tag) return esc(cellText(c));
  return `<strong class="govuk-tag govuk-tag--${c.tag}">${esc(c.text)}</strong>`;
}

export function tableHtml(t: TableBlock, opts: { captionClass?: string } = {}): string {
  const num = new Set(t.numeric ?? []);
  const head = t.head.map((h, i) => `<th scope="col" class="govuk-table__header${num.has(i) ? ' govuk-table__header--numeric' : ''}">${esc(h)}</th>`).join('');
  const rows = t.rows
    .map((r) => {
      const cells = r
        .map((c, i) => {
          const numeric = num.has(i) ? ' govuk-table__cell--numeric' : '';
          if (i === 0 && t.rowHeaders) return `<th scope="row" class="govuk-table__header${numeric}">${cellHtml(c)}</th>`;
          return `<td class="govuk-table__cell${numeric}">${cellHtml(c)}</td>`;
        })
        .join('');
      return `<tr class="govuk-table__row">${cells}</tr>`;
    })
    .join('\n');
  return `<table class="govuk-table">
<caption class="govuk-table__caption ${opts.captionClass ?? 'govuk-table__caption--s'}">${esc(t.caption)}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead>
<tbody class="govuk-table__body">
${rows}
</tbody>
</table>`;
}

let chartSeq = 0;

/**
 * The chart's SVG as an image with a name: vega marks every group with ARIA roles of its own,
 * which would make screen readers walk the marks; the data table beside it is the accessible
 * reading, so the picture is one named image.
 */
export function accessibleSvg(svg: string, alt: string): string {
  const id = `app-chart-${++chartSeq}`;
  const inner = svg.replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '');
  return inner.replace(
    /<svg\b([^>]*)>/,
    (_m, attrs: string) => `<svg${attrs} role="img" aria-labelledby="${id}" focusable="false"><title id="${id}">${esc(alt)}</title>`,
  );
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'heading': {
      const level = (b.level + 1) as 2 | 3 | 4;
      return `<h${level} class="${HEADING_CLASS[level]}">${esc(b.text)}</h${level}>`;
    }
    case 'paragraph':
      return `<p class="${b.style === 'lead' ? 'govuk-body-l' : b.style === 'small' ? 'govuk-body-s' : 'govuk-body'}">${esc(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag} class="govuk-list ${b.ordered ? 'govuk-list--number' : 'govuk-list--bullet'}">${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table':
      return tableHtml(b);
    case 'chart':
      return `<figure class="app-chart">
<div class="app-chart__image">${accessibleSvg(b.svg, b.alt)}</div>
<figcaption class="govuk-visually-hidden">${esc(b.alt)}</figcaption>
${tableHtml(b.table)}
</figure>`;
    case 'pageBreak':
      return '<div class="app-page-break" aria-hidden="true"></div>';
  }
}

/** The Doc as an HTML fragment for a page that already has the GOV.UK layout. */
export function renderHtml(doc: Doc): string {
  const parts = [`<h1 class="govuk-heading-xl">${esc(doc.title)}</h1>`];
  if (doc.subtitle) parts.push(`<p class="govuk-body-l">${esc(doc.subtitle)}</p>`);
  for (const b of doc.blocks) parts.push(blockHtml(b));
  return `<div class="app-document" lang="${doc.lang}">\n${parts.join('\n')}\n</div>`;
}

/** Print styles for the standalone page: plain, high contrast, A4, tables that split cleanly. */
const PRINT_CSS = `
@page { size: A4; margin: 18mm 16mm; }
html { font-family: Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif; color: #0b0c0c; font-size: 11pt; line-height: 1.35; }
body { margin: 0; }
h1 { font-size: 24pt; margin: 0 0 8pt; }
h2 { font-size: 17pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 13pt; margin: 12pt 0 4pt; break-after: avoid; }
h4 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 0 0 8pt; }
.govuk-body-l { font-size: 14pt; }
.govuk-body-s { font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 12pt; }
caption { text-align: left; font-weight: bold; padding: 0 0 4pt; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 4pt 6pt 4pt 0; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.govuk-table__header--numeric, .govuk-table__cell--numeric { text-align: right; }
.govuk-tag { font-weight: bold; }
figure { margin: 0 0 12pt; break-inside: avoid; }
.govuk-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; }
.app-chart__image svg { max-width: 100%; height: auto; }
.app-page-break { break-after: page; }
ul, ol { margin: 0 0 8pt; padding-left: 18pt; }
`;

/** A whole HTML page for printing: language, title and styles inline, so nothing is fetched. */
export function standaloneHtml(doc: Doc): string {
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<title>${esc(doc.title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<main>
${renderHtml(doc)}
</main>
</body>
</html>`;
}
