// A Doc as a Word document: real heading styles (so the navigation pane and screen readers see the
// structure), tables whose header row repeats on every page, British English as the proofing
// language, charts as PNG pictures with alternative text and their data tables after them.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { svgToPng } from './charts.js';
import { type Block, cellText, type Doc, type TableBlock } from './document.js';

const LANG = { value: 'en-GB' } as const;
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
/** Usable width of an A4 page with Word's default margins, in pixels at 96 to the inch. */
const PAGE_WIDTH_PX = 600;

const run = (text: string, opts: { bold?: boolean; size?: number } = {}) => new TextRun({ text, language: LANG, ...opts });

function pngSize(png: Uint8Array): { width: number; height: number } {
  // IHDR: width and height are the big-endian words at bytes 16 and 20.
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

function table(t: TableBlock): (Paragraph | Table)[] {
  const num = new Set(t.numeric ?? []);
  const align = (i: number) => (num.has(i) ? AlignmentType.RIGHT : AlignmentType.LEFT);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.head.map((h, i) => new TableCell({ children: [new Paragraph({ alignment: align(i), children: [run(h, { bold: true })] })] })),
  });
  const rows = t.rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: r.map(
          (c, i) => new TableCell({ children: [new Paragraph({ alignment: align(i), children: [run(cellText(c), { bold: i === 0 && !!t.rowHeaders })] })] }),
        ),
      }),
  );
  return [
    new Paragraph({ keepNext: true, children: [run(t.caption, { bold: true })] }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
    new Paragraph({ children: [] }),
  ];
}

function block(b: Block, pngs: Map<Block, Uint8Array>): (Paragraph | Table)[] {
  switch (b.type) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[b.level], keepNext: true, children: [run(b.text)] })];
    case 'paragraph':
      return [new Paragraph({ children: [run(b.text, b.style === 'lead' ? { size: 28 } : b.style === 'small' ? { size: 18 } : {})] })];
    case 'list':
      return b.items.map((i, n) =>
        b.ordered ? new Paragraph({ children: [run(`${n + 1}. ${i}`)] }) : new Paragraph({ bullet: { level: 0 }, children: [run(i)] }),
      );
    case 'table':
      return table(b);
    case 'chart': {
      const png = b.png ?? (pngs.get(b) as Uint8Array);
      const { width, height } = pngSize(png);
      // The PNG is drawn at twice its size for sharpness; show it at its natural size, within the page.
      const w = Math.min(PAGE_WIDTH_PX, width / 2);
      const h = Math.round((height / width) * w);
      return [
        new Paragraph({
          keepNext: true,
          children: [
            new ImageRun({
              type: 'png',
              data: png,
              transformation: { width: Math.round(w), height: h },
              altText: { name: b.table.caption, title: b.table.caption, description: b.alt },
            }),
          ],
        }),
        ...table(b.table),
      ];
    }
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

export async function renderDocx(doc: Doc): Promise<Buffer> {
  // Every chart's bitmap at once, off the main thread.
  const charts = doc.blocks.filter((b) => b.type === 'chart' && !b.png) as Extract<Block, { type: 'chart' }>[];
  const pngs = new Map<Block, Uint8Array>(await Promise.all(charts.map(async (b) => [b, await svgToPng(b.svg)] as const)));
  const d = new Document({
    title: doc.title,
    description: doc.subtitle,
    creator: 'PCP Tracker',
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 22, language: LANG } },
      },
    },
    features: { updateFields: false },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [run(doc.title)] }),
          ...(doc.subtitle ? [new Paragraph({ children: [run(doc.subtitle, { size: 28 })] })] : []),
          ...doc.blocks.flatMap((b) => block(b, pngs)),
        ],
      },
    ],
  });
  return Packer.toBuffer(d);
}
