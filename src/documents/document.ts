// One document model, rendered to HTML, Word and PDF by the renderers beside this file.
// Reports (the quarterly Delivery Progress Update, the targets update) build a Doc; they never
// format HTML or DOCX themselves.
//
// Heading levels are relative to the document: the Doc's title is the one top heading (h1 in HTML,
// the Title style in Word); a heading block of level 1 is a section (h2 / Heading 1), level 2 a
// subsection (h3 / Heading 2), level 3 below that (h4 / Heading 3).

export type Cell = string | { text: string /** e.g. a RAG status, shown as a GOV.UK tag and as text */; tag?: 'green' | 'amber' | 'red' | 'grey' };

export type TableBlock = {
  type: 'table';
  caption: string;
  head: string[];
  rows: Cell[][];
  /** Columns to right-align (numbers). */
  numeric?: number[];
  /** Render the first cell of each row as a row header. */
  rowHeaders?: boolean;
};

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string; style?: 'lead' | 'small' }
  | { type: 'list'; items: string[]; ordered?: boolean }
  | TableBlock
  /** A chart: SVG for HTML/PDF (Word draws its PNG from it), always with a text alternative and its data table. */
  | { type: 'chart'; svg: string; alt: string; table: TableBlock }
  /** A new page; with an orientation, that page and those after it turn (a new section in Word, a named page in the PDF). */
  | { type: 'pageBreak'; orientation?: Orientation }
  /**
   * A dashboard: panels side by side on one page (DPU-2018-04's three: completed, current and
   * future projects), each a big count with its change, a list and a small chart. Its data tables
   * follow it in the documents and sit behind "Show the data" on the web page.
   */
  | { type: 'dashboard'; panels: Panel[]; tables: TableBlock[] };

export type Orientation = 'portrait' | 'landscape';

export type Panel = {
  title: string;
  count: number;
  trend: 'up' | 'down' | 'unchanged';
  /** The change in words, e.g. "Up by 4 from 0 at 31 December 2017". */
  change: string;
  listHeading: string;
  items: string[];
  /** What the panel says when its list is empty. */
  empty: string;
  chart: { svg: string; alt: string };
};

export const TREND_ARROW: Record<Panel['trend'], string> = { up: '↑', down: '↓', unchanged: '→' };

export type Doc = {
  title: string;
  subtitle?: string;
  /** BCP 47; Panel papers are British English. */
  lang: 'en-GB';
  blocks: Block[];
  /** The first page's orientation (portrait unless said). */
  orientation?: Orientation;
  /** Printed at the head of every page of the PDF and the Word file. */
  runningHeader?: string;
  /**
   * A cover page (the office's name and logo, the cover's title and date) and a contents page listing
   * the sections (the level-1 headings), before the first block: on a portrait page of their own in
   * the PDF and Word, a header and contents on the web page. Absent: the document opens on its blocks.
   */
  cover?: Cover;
};

export type Cover = {
  office: string;
  title: string;
  /** "April 2018" or "Q4 2017/18". */
  date: string;
  /** PNG or JPEG (never SVG: it can carry script), base64. */
  logo?: { mediaType: 'image/png' | 'image/jpeg'; base64: string; width: number; height: number };
};

/** The sections a contents page lists: the level-1 headings, in order, with the anchor each gets. */
export const contentsOf = (doc: Pick<Doc, 'blocks'>) =>
  doc.blocks.flatMap((b) => (b.type === 'heading' && b.level === 1 ? [b.text] : [])).map((text, i) => ({ text, id: `section-${i + 1}` }));

export const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);
