// The agenda pack: one PDF of a meeting's agenda and every non-exempt paper sent to it, printed by
// Chromium from one HTML document (src/documents/pdf.ts): the PDF is tagged (headings, lists and
// tables as structure) and its outline is made from the headings, so each agenda item is one
// bookmark ("2. Police and Crime Plan Delivery") with its papers' headings nested under it.
//
// Why one HTML document rather than merging each paper's PDF with pdf-lib: pdf-lib copies pages but
// not their structure tree, so a merged pack would lose the tags that make the papers readable by
// a screen reader, and its bookmarks would have to be written by hand as low-level outline
// dictionaries. The frozen HTML of each paper is what its PDF was printed from, so printing it
// again inside the pack gives the same text. Uploaded documents are not merged for the same reason
// (and Word files would need converting first): the pack lists each one under its item, and the
// agenda's web page links to them.
import { esc, PRINT_CSS } from '../documents/html.js';

export type PackPaper = { title: string; html: string };
export type PackItem = { position: number; title: string; purpose: string; papers: PackPaper[]; documents: { title: string; type: string }[] };
export type PackModel = { officeName: string; meetingName: string; place: string; items: PackItem[] };

/** The body of a paper's frozen standalone page, its headings moved two levels down (under the pack's title and the item's heading). */
export function paperBody(html: string): string {
  const start = html.indexOf('<main>');
  const end = html.lastIndexOf('</main>');
  const body = start >= 0 && end > start ? html.slice(start + '<main>'.length, end) : html;
  return body.replace(/<(\/?)h([1-6])\b/g, (_m, close: string, n: string) => `<${close}h${Math.min(6, Number(n) + 2)}`);
}

export const packTitle = (meetingName: string) => `Agenda pack: ${meetingName}`;

export function agendaPackHtml(m: PackModel): string {
  const title = packTitle(m.meetingName);
  const agenda = m.items.length
    ? `<ol class="app-pack__agenda">${m.items.map((i) => `<li value="${i.position}">${esc(i.title)}${i.purpose ? `: ${esc(i.purpose)}` : ''}</li>`).join('')}</ol>`
    : '<p>No items are on the agenda.</p>';
  const items = m.items
    .map((i) => {
      const papers = i.papers.map((p) => `<div class="app-pack__paper">${paperBody(p.html)}</div>`).join('\n');
      const docs = i.documents.length
        ? `<p>Published separately with this item:</p><ul>${i.documents.map((d) => `<li>${esc(d.title)} (${esc(d.type)})</li>`).join('')}</ul>`
        : '';
      const none = !i.papers.length && !i.documents.length ? '<p>No papers for this item.</p>' : '';
      return `<section class="app-pack__item">
<h2>${i.position}. ${esc(i.title)}</h2>
${i.purpose ? `<p><strong>Purpose:</strong> ${esc(i.purpose)}</p>` : ''}
${none}${docs}
${papers}
</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>${PRINT_CSS}
/* Chromium names a bookmark from the heading's lines joined without a space: headings kept to one line where they can be. */
h1 { font-size: 18pt; }
h2 { font-size: 15pt; }
.app-pack__item { break-before: page; }
h5 { font-size: 11pt; margin: 8pt 0 4pt; }
h6 { font-size: 10pt; margin: 8pt 0 4pt; }
.app-pack__paper { margin-top: 12pt; }
.app-pack__paper h3 { font-size: 17pt; }
</style>
</head>
<body>
<main>
<p class="govuk-body-l">${esc(m.officeName)}: agenda pack</p>
<h1>${esc(m.meetingName)}</h1>
${m.place ? `<p>${esc(m.place)}</p>` : ''}
<p><strong>Agenda</strong></p>
${agenda}
${items}
</main>
</body>
</html>`;
}
