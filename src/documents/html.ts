// A Doc as HTML: a fragment with GOV.UK Frontend classes for the app's pages, and a standalone
// page (its own print styles, no external assets) that Chromium prints to PDF.
import { type Block, type Cell, cellText, contentsOf, type Doc, type Orientation, type Panel, TREND_ARROW, type TableBlock } from './document.js';

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

function blockHtml(b: Block, print = false, id?: string): string {
  switch (b.type) {
    case 'heading': {
      const level = (b.level + 1) as 2 | 3 | 4;
      return `<h${level}${id ? ` id="${id}"` : ''} class="${HEADING_CLASS[level]}">${esc(b.text)}</h${level}>`;
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
${print ? tableHtml(b.table) : showTheData([b.table])}
</figure>`;
    case 'pageBreak':
      return '<div class="app-page-break" aria-hidden="true"></div>';
    case 'dashboard': {
      const panels = `<div class="app-dashboard">\n${b.panels.map(panelHtml).join('\n')}\n</div>`;
      // On paper the figures follow the dashboard's page; on the web page they are one click away.
      if (print) return `${panels}\n<div class="app-page-break" aria-hidden="true"></div>\n${b.tables.map((t) => tableHtml(t)).join('\n')}`;
      return `${panels}\n${showTheData(b.tables)}`;
    }
  }
}

/** Data tables behind a GOV.UK details element: there for whoever wants the figures, not in the way of the picture. */
const showTheData = (tables: TableBlock[]) =>
  `<details class="govuk-details app-chart__data"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Show the data</span></summary><div class="govuk-details__text">\n${tables.map((t) => tableHtml(t)).join('\n')}\n</div></details>`;

function panelHtml(p: Panel): string {
  const list = p.items.length
    ? `<ul class="govuk-list govuk-list--bullet app-dashboard__list">${p.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`
    : `<p class="govuk-body-s">${esc(p.empty)}</p>`;
  return `<section class="app-dashboard__panel app-dashboard__panel--${p.trend}">
<h3 class="govuk-heading-m app-dashboard__title">${esc(p.title)}</h3>
<p class="app-dashboard__count"><span class="app-dashboard__figure">${p.count}</span> <span class="app-dashboard__arrow" aria-hidden="true">${TREND_ARROW[p.trend]}</span></p>
<p class="govuk-body-s app-dashboard__change">${esc(p.change)}</p>
<h4 class="govuk-heading-s app-dashboard__list-heading">${esc(p.listHeading)}</h4>
${list}
<div class="app-chart__image app-dashboard__chart">${accessibleSvg(p.chart.svg, p.chart.alt)}</div>
</section>`;
}

/** The cover (office, logo, title, date) and the contents: links to the sections, which the PDF keeps as links. */
function coverHtml(doc: Doc, print: boolean): string[] {
  const c = doc.cover;
  if (!c) return [];
  const logo = c.logo
    ? `<img class="app-cover__logo" src="data:${c.logo.mediaType};base64,${c.logo.base64}" alt="${esc(`${c.office} logo`)}" width="${c.logo.width}" height="${c.logo.height}">`
    : '';
  const contents = contentsOf(doc)
    .map((s) => `<li><a class="govuk-link" href="#${s.id}">${esc(s.text)}</a></li>`)
    .join('');
  return [
    `<header class="app-cover">\n${logo}\n<p class="govuk-heading-m app-cover__office">${esc(c.office)}</p>\n<h1 class="govuk-heading-xl app-cover__title">${esc(c.title)}</h1>\n<p class="govuk-body-l app-cover__date">${esc(c.date)}</p>${doc.subtitle ? `\n<p class="govuk-body app-cover__subtitle">${esc(doc.subtitle)}</p>` : ''}\n</header>`,
    ...(print ? ['<div class="app-page-break" aria-hidden="true"></div>'] : []),
    `<nav class="app-contents" aria-labelledby="app-contents-heading">\n<h2 id="app-contents-heading" class="govuk-heading-l">Contents</h2>\n<ol class="govuk-list govuk-list--number">${contents}</ol>\n</nav>`,
  ];
}

/** The Doc as an HTML fragment for a page that already has the GOV.UK layout. */
export function renderHtml(doc: Doc, { print = false }: { print?: boolean } = {}): string {
  const sections = doc.cover ? contentsOf(doc) : [];
  let section = 0;
  const parts = doc.cover ? coverHtml(doc, print) : [`<h1 class="govuk-heading-xl">${esc(doc.title)}</h1>`];
  if (doc.subtitle && !doc.cover) parts.push(`<p class="govuk-body-l">${esc(doc.subtitle)}</p>`);
  // On paper, pages of one orientation are a sheet each: a named page (@page landscape) turns them.
  const turns = print && (doc.orientation || doc.cover || doc.blocks.some((b) => b.type === 'pageBreak' && b.orientation));
  const sheet = (o: Orientation) => `<div class="app-sheet app-sheet--${o}">`;
  // The cover and contents are a portrait sheet of their own; the blocks start on the next page.
  if (turns && doc.cover) {
    parts.unshift(sheet('portrait'));
    parts.push('</div>', sheet(doc.orientation ?? 'portrait'));
  } else if (turns) parts.unshift(sheet(doc.orientation ?? 'portrait'));
  for (const b of doc.blocks) {
    if (turns && b.type === 'pageBreak' && b.orientation) parts.push('</div>', sheet(b.orientation));
    else parts.push(blockHtml(b, print, b.type === 'heading' && b.level === 1 && sections.length ? sections[section++]?.id : undefined));
  }
  if (turns) parts.push('</div>');
  return `<div class="app-document" lang="${doc.lang}">\n${parts.join('\n')}\n</div>`;
}

/** Print styles for the standalone page: plain, high contrast, A4, tables that split cleanly. */
export const PRINT_CSS = `
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
@page landscape { size: A4 landscape; margin: 16mm 12mm 14mm; }
@page portrait { size: A4 portrait; margin: 18mm 16mm; }
.app-sheet--landscape { page: landscape; }
.app-sheet--portrait { page: portrait; }
.app-sheet--landscape h1 { font-size: 18pt; margin-bottom: 2pt; }
.app-sheet--landscape h1 + .govuk-body-l { font-size: 10pt; margin-bottom: 4pt; }
.app-sheet--landscape h2 { margin-top: 6pt; }
.app-dashboard { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0 14pt; break-inside: avoid; }
.app-dashboard__panel { border-top: 4pt solid #1d70b8; padding-top: 4pt; }
.app-dashboard__title { font-size: 13pt; margin: 0; }
.app-dashboard__count { margin: 0; font-size: 30pt; font-weight: bold; line-height: 1.1; }
.app-dashboard__change { margin: 0 0 4pt; }
.app-dashboard__list-heading { margin: 4pt 0 2pt; }
.app-dashboard__list { font-size: 10pt; margin-bottom: 4pt; }
`;

/** The cover's and contents' print styles, only in a document with a cover: a paper made without one prints byte for byte as it did. */
const COVER_CSS = `
.app-cover { padding-top: 40mm; }
.app-cover__logo { display: block; max-width: 70mm; max-height: 35mm; width: auto; height: auto; margin-bottom: 14pt; }
.app-cover__office { font-size: 16pt; margin: 0 0 24pt; }
.app-cover__title { font-size: 30pt; margin: 0 0 14pt; }
.app-cover__date { font-size: 18pt; }
.app-contents ol { font-size: 13pt; line-height: 1.8; padding-left: 22pt; }
.app-contents a { color: #0b0c0c; text-decoration: none; }
`;

/** A whole HTML page for printing: language, title and styles inline, so nothing is fetched. */
export function standaloneHtml(doc: Doc): string {
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<title>${esc(doc.title)}</title>
<style>${PRINT_CSS}${doc.cover ? COVER_CSS : ''}</style>
</head>
<body>
<main>
${renderHtml(doc, { print: true })}
</main>
</body>
</html>`;
}
