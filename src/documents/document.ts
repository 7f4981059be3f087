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
  | { type: 'pageBreak' };

export type Doc = {
  title: string;
  subtitle?: string;
  /** BCP 47; Panel papers are British English. */
  lang: 'en-GB';
  blocks: Block[];
};

export const cellText = (c: Cell) => (typeof c === 'string' ? c : c.text);
