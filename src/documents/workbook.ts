// Every workbook of ours is written here, from sheets in write-excel-file's shape (rows of cells
// `{ value, type: String | Number | Date, format?, fontWeight? }`), so that the two writers below
// take the same input:
//
// - a sheet of data (the lists' and reports' downloads, an office's projects with their history) is
//   written by writeSheets below: the sheet XML built as one pass of strings, text inline
//   (`t="inlineStr"`), packed with Node's own zlib (src/documents/zip.ts). An office of 5,000
//   projects with 55,000 history rows takes about 0.2 s of CPU this way; write-excel-file took
//   about 1.1 s for the same rows (its per-cell style keys, shared-string table and its DEFLATE in
//   JavaScript), which, with the query, missed issue #17's 2 s goal for the export.
// - a sheet with features (the import templates' data validation lists) is written by
//   write-excel-file itself, which has the feature machinery (src/imports/templates.ts).
//
// The subset of SpreadsheetML written is ECMA-376 Part 1, §18: a workbook, its sheets, one styles
// part; each sheet's frozen header rows (§18.3.1.66 pane), column widths (§18.3.1.13) and cells.
// src/documents/workbook.test.ts reads every kind of cell back with read-excel-file.
import type { Cell, Options, Sheet } from 'write-excel-file/node';
import { zip } from './zip.js';

/** The node build's file content type (write-excel-file/node/FileContent.d.ts, not exported), which its Sheet and Options are generic over. */
export type FileContent = import('node:stream').Stream | Buffer | import('node:buffer').Blob;
/**
 * A sheet: its rows (any iterable, so a long export need not hold them all as cells at once), the
 * rows frozen at the top, and column widths in characters, or 'auto': from the longest value of
 * each column (a date as 10), within 8 to 60.
 */
export type WorkbookSheet = { sheet: string; data: Iterable<Cell[]>; stickyRowsCount?: number; columns?: { width?: number }[] | 'auto' };

/** The workbook's bytes: the sheets in order; `options.features` (data validation) go through write-excel-file. */
export async function writeWorkbook(sheets: WorkbookSheet[], options?: Options<FileContent>): Promise<Buffer> {
  if (options?.features?.length) {
    // Loaded when a template is made, not at start (issue 19).
    const { default: writeXlsxFile } = await import('write-excel-file/node');
    return writeXlsxFile(
      sheets.map((s) => ({ ...s, data: [...s.data], columns: s.columns === 'auto' ? undefined : s.columns }) as Sheet<FileContent>),
      options,
    ).toBuffer();
  }
  return writeSheets(sheets);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Characters XML 1.0 does not allow (C0 controls but tab, LF and CR; lone surrogates are left to the encoder), dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to find
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to find
const SPECIAL = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export function xmlText(s: string): string {
  return SPECIAL.test(s) ? s.replace(INVALID, '').replace(/[&<>"]/g, (c) => ESCAPES[c]) : s;
}

/** A cell's column letters: 0 is A, 25 Z, 26 AA. */
function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Days since 30 December 1899 (the 1900 date system, as Excel counts them) of an instant. */
const serial = (d: Date) => d.getTime() / 86_400_000 + 25_569;

/** Styles: the default (0), then one per distinct bold and number format met, in order of meeting. */
function styleTable() {
  const formats = new Map<string, number>();
  const xfs = new Map<string, number>([['0|', 0]]);
  const list: { bold: boolean; numFmt: number }[] = [{ bold: false, numFmt: 0 }];
  return {
    of(bold: boolean, format: string | undefined): number {
      const key = `${bold ? 1 : 0}|${format ?? ''}`;
      let id = xfs.get(key);
      if (id === undefined) {
        let numFmt = 0;
        if (format) {
          numFmt = formats.get(format) ?? 164 + formats.size;
          formats.set(format, numFmt);
        }
        id = list.length;
        list.push({ bold, numFmt });
        xfs.set(key, id);
      }
      return id;
    },
    xml(): string {
      const numFmts = [...formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`).join('');
      const cellXfs = list
        .map(
          (x) =>
            `<xf numFmtId="${x.numFmt}" fontId="${x.bold ? 1 : 0}" fillId="0" borderId="0" xfId="0"${x.numFmt ? ' applyNumberFormat="1"' : ''}${x.bold ? ' applyFont="1"' : ''}/>`,
        )
        .join('');
      return (
        `${XML}<styleSheet xmlns="${MAIN}">` +
        (formats.size ? `<numFmts count="${formats.size}">${numFmts}</numFmts>` : '') +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        `<cellXfs count="${list.length}">${cellXfs}</cellXfs>` +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>'
      );
    },
  };
}

/** A cell's XML, and the width its value needs (a date 10 characters). */
function cellXml(c: Cell, ref: string, styles: ReturnType<typeof styleTable>, width: number[], col: number): string {
  if (c === null || c === undefined) return '';
  const o = (typeof c === 'object' && !(c instanceof Date) ? c : { value: c }) as { value?: unknown };
  const v = o.value;
  if (v === null || v === undefined || v === '') return '';
  const len = v instanceof Date ? 10 : String(v).length;
  if (len > (width[col] ?? 0)) width[col] = len;
  const bold = (o as { fontWeight?: string }).fontWeight === 'bold';
  const format = (o as { format?: string }).format;
  if (v instanceof Date) {
    const s = styles.of(bold, format ?? 'dd/mm/yyyy');
    return `<c r="${ref}" s="${s}"><v>${serial(v)}</v></c>`;
  }
  const s = bold || format ? styles.of(bold, format) : 0;
  const sAttr = s ? ` s="${s}"` : '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${sAttr}><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}"${sAttr} t="b"><v>${v ? 1 : 0}</v></c>`;
  return `<c r="${ref}"${sAttr} t="inlineStr"><is><t xml:space="preserve">${xmlText(String(v))}</t></is></c>`;
}

function sheetXml(sheet: WorkbookSheet, styles: ReturnType<typeof styleTable>, selected: boolean): string {
  const frozen = sheet.stickyRowsCount ?? 0;
  const names: string[] = [];
  const width: number[] = [];
  const pane = frozen ? `<pane ySplit="${frozen}" topLeftCell="A${frozen + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>` : '';
  const view = `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>`;
  const parts: string[] = [`${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">`, view, '<sheetFormatPr defaultRowHeight="15"/>', '', '<sheetData>'];
  let r = 0;
  for (const row of sheet.data) {
    r++;
    let cells = '';
    for (let i = 0; i < row.length; i++) {
      if (names[i] === undefined) names[i] = columnName(i);
      cells += cellXml(row[i], `${names[i]}${r}`, styles, width, i);
    }
    parts.push(`<row r="${r}">${cells}</row>`);
  }
  const columns = sheet.columns === 'auto' ? Array.from(width, (w) => ({ width: Math.max(8, Math.min(60, (w ?? 0) + 2)) })) : (sheet.columns ?? []);
  const cols = columns.map((c, i) => (c?.width ? `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>` : '')).join('');
  if (cols) parts[3] = `<cols>${cols}</cols>`;
  parts.push('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
  return parts.join('');
}

function writeSheets(sheets: WorkbookSheet[]): Buffer {
  const styles = styleTable();
  const sheetParts = sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(s, styles, i === 0) }));
  const names = sheets.map((s, i) => xmlText(s.sheet ?? `Sheet${i + 1}`));
  return zip([
    {
      name: '[Content_Types].xml',
      data:
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheetParts
          .map((p) => `<Override PartName="/${p.name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
          .join('') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data: `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews><sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${XML}<Relationships xmlns="${PKG_REL}">` +
        sheetParts.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    },
    ...sheetParts,
    { name: 'xl/styles.xml', data: styles.xml() },
  ]);
}
