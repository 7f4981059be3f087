// A Doc as a Word document (Office Open XML, ECMA-376), written directly: real heading styles with
// outline levels (so the navigation pane, screen readers and a PDF saved from Word see the
// structure), tables with a title and a header row that repeats on every page, British English as
// the proofing language, real bulleted and numbered lists, and charts as PNG pictures with
// alternative text and their data tables after them.
//
// Written here rather than through the `docx` package: on a national-scale report (400 projects,
// 270 table rows) that package took 75-220 ms to build and zip the file, mostly in its own XML
// serialiser and JavaScript deflate; this takes a few milliseconds with Node's zlib. The same Doc
// always gives the same bytes (no clock in the file).
import { svgToPng } from './charts.js';
import { cellText, contentsOf, type Doc, type Orientation, type Panel, TREND_ARROW, type TableBlock } from './document.js';
import { esc } from './html.js';
import { type ZipPart, zip } from './zip.js';

/** Usable width of an A4 page with 2.54 cm margins: in twentieths of a point, and in pixels at 96 to the inch. */
const PAGE_WIDTH_TWIPS = 9026;
const PAGE_WIDTH_PX = 600;
const EMU_PER_PX = 9525;
const BULLETS = 1;

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const DOC_NS = `${W_NS} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`;
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters XML 1.0 cannot carry at all (C0 controls other than tab and line ends, lone surrogates, U+FFFE/F) are dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML cannot carry, matched to be removed.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlEscape = (s: string) => esc(s.replace(NOT_XML, ''));

type RunStyle = { bold?: boolean; size?: number };

/** A run of text; line breaks and tabs in the text become Word's own breaks and tabs. */
function run(text: string, style: RunStyle = {}): string {
  let rPr = '';
  if (style.bold) rPr += '<w:b/><w:bCs/>';
  if (style.size) rPr += `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>`;
  rPr += '<w:lang w:val="en-GB"/>';
  const body = xmlEscape(text)
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .split('\t')
        .map((t) => (t ? `<w:t xml:space="preserve">${t}</w:t>` : ''))
        .join('<w:tab/>'),
    )
    .join('<w:br/>');
  return `<w:r><w:rPr>${rPr}</w:rPr>${body}</w:r>`;
}

const paragraph = (content: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`;

function table(t: TableBlock): string {
  const num = new Set(t.numeric ?? []);
  const columns = Math.max(1, t.head.length);
  const colWidth = Math.floor(PAGE_WIDTH_TWIPS / columns);
  const cell = (text: string, i: number, bold: boolean, header: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${colWidth}" w:type="dxa"/>${header ? '<w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/>' : ''}</w:tcPr>${paragraph(run(text, { bold }), `<w:pStyle w:val="TableText"/>${num.has(i) ? '<w:jc w:val="right"/>' : ''}`)}</w:tc>`;
  const head = `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${t.head.map((h, i) => cell(h, i, true, true)).join('')}</w:tr>`;
  const rows = t.rows
    .map((r) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${r.map((c, i) => cell(cellText(c), i, i === 0 && !!t.rowHeaders, false)).join('')}</w:tr>`)
    .join('');
  const caption = xmlEscape(t.caption);
  return (
    paragraph(run(t.caption, { bold: true }), '<w:pStyle w:val="Caption"/><w:keepNext/>') +
    `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="${t.rowHeaders ? 1 : 0}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/><w:tblCaption w:val="${caption}"/></w:tblPr>` +
    `<w:tblGrid>${`<w:gridCol w:w="${colWidth}"/>`.repeat(columns)}</w:tblGrid>${head}${rows}</w:tbl>` +
    paragraph('')
  );
}

/** Width and height of a PNG, from its IHDR chunk (big-endian words at bytes 16 and 20). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** An inline picture: `id` numbers the drawing objects of the document, `rel` is its relationship to the PNG part. */
function picture(png: Uint8Array, id: number, rel: string, name: string, alt: string, maxWidthPx = PAGE_WIDTH_PX, size = pngSize(png)): string {
  const { width, height } = size;
  // The PNG is drawn at twice its size for sharpness; show it at its natural size, within the page.
  const w = Math.min(maxWidthPx, width / 2);
  const cx = Math.round(w * EMU_PER_PX);
  const cy = Math.round((height / width) * w * EMU_PER_PX);
  const n = xmlEscape(name);
  const d = xmlEscape(alt);
  return (
    `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="${id}" name="${n}" descr="${d}" title="${n}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>' +
    `<pic:nvPicPr><pic:cNvPr id="${id}" name="${n}" descr="${d}"/><pic:cNvPicPr><a:picLocks noChangeAspect="1"/></pic:cNvPicPr></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="${rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
    '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
  );
}

const STYLE_OF_HEADING = { 1: 'Heading1', 2: 'Heading2', 3: 'Heading3' } as const;

/** The contents page's heading (not itself in the contents) and its entries, Word's own style names so "Update field" keeps them. */
const CONTENTS_STYLES =
  '<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9016"/></w:tabs><w:spacing w:after="120"/></w:pPr><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>' +
  '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="1D70B8"/><w:u w:val="single"/></w:rPr></w:style>';

function styles(withContents = false): string {
  const heading = (level: 1 | 2 | 3, size: number, before: number) =>
    `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="${before}" w:after="120"/><w:outlineLvl w:val="${level - 1}"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr></w:style>`;
  return (
    `${XML_HEAD}<w:styles ${W_NS}>` +
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>' +
    '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>' +
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="56"/><w:szCs w:val="56"/></w:rPr></w:style>' +
    heading(1, 36, 360) +
    heading(2, 28, 240) +
    heading(3, 24, 200) +
    '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="80"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>' +
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>' +
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders>' +
    ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((e) => `<w:${e} w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>`).join('') +
    '</w:tblBorders></w:tblPr></w:style>' +
    (withContents ? CONTENTS_STYLES : '') +
    '</w:styles>'
  );
}

/** One bullet list definition, and one numbered definition that each numbered list restarts from 1. */
function numbering(numberedLists: number): string {
  const level = (fmt: 'bullet' | 'decimal') =>
    `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${fmt === 'bullet' ? '•' : '%1.'}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>${fmt === 'bullet' ? '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr>' : ''}</w:lvl>`;
  let nums = `<w:num w:numId="${BULLETS}"><w:abstractNumId w:val="0"/></w:num>`;
  for (let i = 0; i < numberedLists; i++)
    nums += `<w:num w:numId="${BULLETS + 1 + i}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`;
  return (
    `${XML_HEAD}<w:numbering ${W_NS}>` +
    `<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>${level('bullet')}</w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>${level('decimal')}</w:abstractNum>` +
    `${nums}</w:numbering>`
  );
}

/** The paper's title and "Page N of M" at the foot of every page (Word fills in the numbers as it lays the pages out). */
function footer(title: string): string {
  const field = (instr: string) =>
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instr} </w:instrText></w:r>` +
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
  return `${XML_HEAD}<w:ftr ${W_NS}>${paragraph(`${run(`${title}. Page `)}${field('PAGE')}${run(' of ')}${field('NUMPAGES')}`, '<w:pStyle w:val="Footer"/>')}</w:ftr>`;
}

/** The running header at the top of every page ("Police and Crime Plan | Delivery Progress"). */
const header = (text: string) => `${XML_HEAD}<w:hdr ${W_NS}>${paragraph(run(text, { size: 16 }), '<w:pStyle w:val="Footer"/><w:jc w:val="right"/>')}</w:hdr>`;

/** A section's page: A4 either way round; landscape pages have narrower margins so a dashboard's three panels fit. */
function sectionProperties(orientation: Orientation, withHeader: boolean): string {
  const refs = `<w:footerReference w:type="default" r:id="rId4"/>${withHeader ? '<w:headerReference w:type="default" r:id="rId5"/>' : ''}`;
  const page =
    orientation === 'landscape'
      ? '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1020" w:right="850" w:bottom="1020" w:left="850" w:header="454" w:footer="454" w:gutter="0"/>'
      : '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>';
  return `<w:sectPr>${refs}${page}<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>`;
}

/** Usable width of a landscape page (16838 less 2 × 850 twips), in pixels, shared by three panels. */
const PANEL_WIDTH_PX = Math.floor((16838 - 1700) / 15 / 3) - 12;

/** A dashboard as a layout table of one row, a panel per cell, with no borders: Word's way of putting columns side by side. */
function dashboardTable(panels: Panel[], pictureOf: (svgIndex: number, name: string, alt: string) => string, firstSvg: number): string {
  const width = Math.floor(5000 / Math.max(1, panels.length));
  const cells = panels.map((p, i) => {
    const items = p.items.length
      ? p.items.map((item) =>
          paragraph(run(item, { size: 20 }), `<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${BULLETS}"/></w:numPr>`),
        )
      : [paragraph(run(p.empty, { size: 18 }))];
    const content = [
      paragraph(run(p.title), '<w:pStyle w:val="Heading2"/><w:spacing w:before="0"/>'),
      paragraph(run(`${p.count} ${TREND_ARROW[p.trend]}`, { bold: true, size: 64 }), '<w:spacing w:after="0"/>'),
      paragraph(run(p.change, { size: 18 })),
      paragraph(run(p.listHeading), '<w:pStyle w:val="Heading3"/><w:spacing w:before="60"/>'),
      ...items,
      paragraph(pictureOf(firstSvg + i, `${p.title} per strand`, p.chart.alt)),
    ];
    return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="pct"/><w:tcBorders><w:top w:val="single" w:sz="24" w:space="0" w:color="1D70B8"/></w:tcBorders></w:tcPr>${content.join('')}</w:tc>`;
  });
  return (
    '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="170" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/><w:tblDescription w:val="Dashboard: three panels side by side"/></w:tblPr>' +
    `<w:tblGrid>${'<w:gridCol w:w="5000"/>'.repeat(panels.length)}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.join('')}</w:tr></w:tbl>` +
    paragraph('')
  );
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export async function renderDocx(doc: Doc): Promise<Buffer> {
  // Every chart's bitmap at once, off the main thread.
  const svgs = doc.blocks.flatMap((b) => (b.type === 'chart' ? [b.svg] : b.type === 'dashboard' ? b.panels.map((p) => p.chart.svg) : []));
  const pngs = await Promise.all(svgs.map((svg) => svgToPng(svg)));
  let svgSeen = 0;

  const media: ZipPart[] = [];
  const rels = [
    `<Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rId2" Type="${REL}/numbering" Target="numbering.xml"/>`,
    `<Relationship Id="rId3" Type="${REL}/settings" Target="settings.xml"/>`,
    `<Relationship Id="rId4" Type="${REL}/footer" Target="footer1.xml"/>`,
  ];
  if (doc.runningHeader) rels.push(`<Relationship Id="rId5" Type="${REL}/header" Target="header1.xml"/>`);
  const pictureOf = (i: number, name: string, alt: string, maxWidthPx?: number) => {
    const n = media.length + 1;
    const rel = `rIdImage${n}`;
    media.push({ name: `word/media/chart${n}.png`, data: pngs[i], store: true });
    rels.push(`<Relationship Id="${rel}" Type="${REL}/image" Target="media/chart${n}.png"/>`);
    return picture(pngs[i], n, rel, name, alt, maxWidthPx);
  };
  let orientation: Orientation = doc.orientation ?? 'portrait';
  const withHeader = !!doc.runningHeader;
  let numberedLists = 0;
  const body: string[] = [];
  const sections = doc.cover ? contentsOf(doc) : [];
  let section = 0;
  if (doc.cover) {
    // The cover and contents: a portrait section of their own; the blocks start on the next page.
    const c = doc.cover;
    if (c.logo) {
      const n = media.length + 1;
      const ext = c.logo.mediaType === 'image/png' ? 'png' : 'jpeg';
      media.push({ name: `word/media/logo${n}.${ext}`, data: Buffer.from(c.logo.base64, 'base64'), store: true });
      rels.push(`<Relationship Id="rIdImage${n}" Type="${REL}/image" Target="media/logo${n}.${ext}"/>`);
      // At most 240 × 120 px on the page, the logo's shape kept; drawn at half its pixels, like the charts.
      const scale = Math.min(1, 480 / c.logo.width, 240 / c.logo.height);
      const size = { width: Math.max(2, Math.round(c.logo.width * scale)), height: Math.max(2, Math.round(c.logo.height * scale)) };
      body.push(
        paragraph(
          picture(new Uint8Array(0), n, `rIdImage${n}`, `${c.office} logo`, `${c.office} logo`, 240, size),
          '<w:spacing w:before="1800" w:after="240"/>',
        ),
      );
    }
    body.push(paragraph(run(c.office, { bold: true, size: 32 }), `<w:spacing w:before="${c.logo ? 0 : 2200}" w:after="480"/>`));
    body.push(paragraph(run(c.title), '<w:pStyle w:val="Title"/>'));
    body.push(paragraph(run(c.date, { size: 36 })));
    if (doc.subtitle) body.push(paragraph(run(doc.subtitle)));
    body.push(paragraph('<w:r><w:br w:type="page"/></w:r>'));
    body.push(paragraph(run('Contents'), '<w:pStyle w:val="TOCHeading"/>'));
    // A real contents field (Word fills in the page numbers when it updates fields, which settings.xml asks for on opening);
    // until then it shows the sections, each a link to its heading.
    const entries = sections.map((s, i) => {
      const begin =
        i === 0
          ? '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
          : '';
      const end = i === sections.length - 1 ? '<w:r><w:fldChar w:fldCharType="end"/></w:r>' : '';
      return paragraph(
        `${begin}<w:hyperlink w:anchor="${s.id}" w:history="1">${run(s.text).replace('<w:rPr>', '<w:rPr><w:rStyle w:val="Hyperlink"/>')}</w:hyperlink>${end}`,
        '<w:pStyle w:val="TOC1"/>',
      );
    });
    body.push(...entries);
    body.push(paragraph('', sectionProperties('portrait', withHeader)));
  } else {
    body.push(paragraph(run(doc.title), '<w:pStyle w:val="Title"/>'));
    if (doc.subtitle) body.push(paragraph(run(doc.subtitle, { size: 28 })));
  }
  for (const b of doc.blocks) {
    switch (b.type) {
      case 'heading': {
        const s = b.level === 1 && sections.length ? sections[section++] : undefined;
        // A section's heading carries the bookmark its contents entry links to.
        const text = s ? `<w:bookmarkStart w:id="${section}" w:name="${s.id}"/>${run(b.text)}<w:bookmarkEnd w:id="${section}"/>` : run(b.text);
        body.push(paragraph(text, `<w:pStyle w:val="${STYLE_OF_HEADING[b.level]}"/>`));
        break;
      }
      case 'paragraph':
        body.push(paragraph(run(b.text, b.style === 'lead' ? { size: 28 } : b.style === 'small' ? { size: 18 } : {})));
        break;
      case 'list': {
        const numId = b.ordered ? BULLETS + 1 + numberedLists++ : BULLETS;
        for (const item of b.items)
          body.push(paragraph(run(item), `<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr>`));
        break;
      }
      case 'table':
        body.push(table(b));
        break;
      case 'chart': {
        const widthPx = orientation === 'landscape' ? 960 : PAGE_WIDTH_PX;
        body.push(paragraph(pictureOf(svgSeen++, b.table.caption, b.alt, widthPx), '<w:keepNext/>'));
        body.push(table(b.table));
        break;
      }
      case 'dashboard': {
        body.push(dashboardTable(b.panels, (i, name, alt) => pictureOf(i, name, alt, PANEL_WIDTH_PX), svgSeen));
        svgSeen += b.panels.length;
        // The figures follow on the next page, as in the PDF.
        body.push(paragraph('<w:r><w:br w:type="page"/></w:r>'));
        for (const t of b.tables) body.push(table(t));
        break;
      }
      case 'pageBreak':
        if (b.orientation) {
          // A section ends here: its page setup is carried by its last paragraph; the next starts on a new page.
          body.push(paragraph('', sectionProperties(orientation, withHeader)));
          orientation = b.orientation;
        } else body.push(paragraph('<w:r><w:br w:type="page"/></w:r>'));
        break;
    }
  }
  const sectPr = sectionProperties(orientation, withHeader);
  const document = `${XML_HEAD}<w:document ${DOC_NS}><w:body>${body.join('')}${sectPr}</w:body></w:document>`;

  const title = xmlEscape(doc.title);
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
        (doc.cover?.logo?.mediaType === 'image/jpeg' ? '<Default Extension="jpeg" ContentType="image/jpeg"/>' : '') +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
        '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' +
        '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>' +
        '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
        (doc.runningHeader
          ? '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
          : '') +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    },
    {
      name: 'docProps/core.xml',
      data:
        `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
        `<dc:title>${title}</dc:title>${doc.subtitle ? `<dc:description>${xmlEscape(doc.subtitle)}</dc:description>` : ''}<dc:creator>PCP Tracker</dc:creator><dc:language>${doc.lang}</dc:language></cp:coreProperties>`,
    },
    {
      name: 'docProps/app.xml',
      data: `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>PCP Tracker</Application></Properties>`,
    },
    { name: 'word/document.xml', data: document },
    {
      name: 'word/_rels/document.xml.rels',
      data: `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    },
    { name: 'word/styles.xml', data: styles(!!doc.cover) },
    { name: 'word/footer1.xml', data: footer(doc.title) },
    ...(doc.runningHeader ? [{ name: 'word/header1.xml', data: header(doc.runningHeader) }] : []),
    { name: 'word/numbering.xml', data: numbering(numberedLists) },
    {
      name: 'word/settings.xml',
      data:
        `${XML_HEAD}<w:settings ${W_NS}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
        // Word fills in the contents' page numbers when it opens the file (it asks first).
        (doc.cover ? '<w:updateFields w:val="true"/>' : '') +
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-GB"/></w:settings>',
    },
    ...media,
  ];
  return zip(parts);
}
