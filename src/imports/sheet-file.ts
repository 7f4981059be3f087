// Reading an uploaded spreadsheet (XLSX or CSV) into a table of cells, refusing what is unsafe before
// any part of it is inflated or parsed. docs/spreadsheets.md says why these libraries.
//
// An XLSX file is a ZIP archive. Its central directory is read first (fflate's unzipSync with a filter
// sees each entry's compressed and declared uncompressed size before inflating it): too many entries,
// too much declared data, a ratio no spreadsheet has, a macro part (vbaProject.bin) or an entry that
// is not one of the parts a workbook's values need are refused or dropped there. The parts kept are
// inflated into buffers of their declared size (fflate cannot write past them, so a lying header
// cannot inflate more), checked for a DOCTYPE (no entity of any kind is accepted), zipped again and
// only then handed to read-excel-file, which reads formulas' cached values and never evaluates them.
import { unzipSync, zipSync } from 'fflate';
import { DomainError } from '../platform/errors.js';

export const LIMITS = {
  /** The file as uploaded. */
  bytes: 20 * 1024 * 1024,
  /** Rows of data (the header row not counted): 5,000 projects with 50,000 dated changes fit. */
  rows: 100_000,
  columns: 60,
  /** Characters in one cell. */
  cell: 10_000,
  /** Entries in the XLSX archive. */
  entries: 500,
  /** All kept parts, inflated, as their headers declare them. */
  inflated: 200 * 1024 * 1024,
  /** Inflated size over compressed size of any entry larger than 1 MB inflated. */
  ratio: 200,
} as const;

export type Cell = string | number | boolean | Date | null;
export type Table = { sheet: string; rows: Cell[][] };
export type SheetFile = { kind: 'xlsx' | 'csv'; sheets: Table[] };

const refused = (message: string) => new DomainError('import.file_refused', message, [{ field: 'file', message }]);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

/** The parts of a workbook its values are read from; anything else (images, macros, external links) is never inflated. */
const KEPT =
  /^(\[Content_Types\]\.xml|_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/styles\.xml|xl\/sharedStrings\.xml|xl\/worksheets\/sheet\d+\.xml|docProps\/[a-z]+\.xml)$/i;

/** Reads an uploaded file by its name's extension, after checking its content is what the extension says. */
export async function readSheetFile(name: string, data: Uint8Array, limits = LIMITS): Promise<SheetFile> {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (data.byteLength === 0) throw refused('The selected file is empty');
  if (data.byteLength > limits.bytes) throw refused(`The selected file must be smaller than ${Math.round(limits.bytes / 1024 / 1024)} MB`);
  if (ext === 'xlsm' || ext === 'xltm' || ext === 'xlsb')
    throw refused('The selected file is a macro-enabled workbook: save it as an Excel Workbook (.xlsx) or as CSV, without macros');
  if (ext === 'xls') throw refused('The selected file is an old Excel 97-2003 workbook (.xls): save it as an Excel Workbook (.xlsx) or as CSV');
  if (ext !== 'xlsx' && ext !== 'csv') throw refused('The selected file must be an Excel Workbook (.xlsx) or a CSV file (.csv)');
  if (startsWith(data, CFB))
    throw refused(
      'The selected file is password-protected or encrypted (or an old .xls workbook saved under another name): remove the password and save it as .xlsx or CSV',
    );
  if (ext === 'xlsx') {
    if (!startsWith(data, ZIP)) throw refused('The selected file is not an Excel Workbook, although its name ends in .xlsx: check you chose the right file');
    return { kind: 'xlsx', sheets: await readXlsx(data, limits) };
  }
  if (startsWith(data, ZIP))
    throw refused('The selected file is a workbook or an archive, although its name ends in .csv: choose a CSV file, or the .xlsx workbook');
  return { kind: 'csv', sheets: [{ sheet: name, rows: await readCsv(data, limits) }] };
}

async function readCsv(data: Uint8Array, limits: typeof LIMITS): Promise<Cell[][]> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw refused('The selected file is not a CSV file saved as UTF-8 text: save it as “CSV UTF-8 (Comma delimited)”');
  }
  if (text.includes('\u0000')) throw refused('The selected file is not a text file, although its name ends in .csv');
  let rows: string[][];
  try {
    // The parsers are loaded when a file is read, not at start (issue 19).
    const { parse: parseCsv } = await import('csv-parse/sync');
    rows = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: limits.cell * limits.columns, to: limits.rows + 2 });
  } catch (e) {
    throw refused(`The selected file could not be read as CSV (${(e as Error).message.replace(/^[A-Z_]+: /, '')})`);
  }
  checkShape(rows, limits);
  return rows.map((r) => r.map((c) => (c === '' ? null : c)));
}

function checkShape(rows: unknown[][], limits: typeof LIMITS) {
  if (rows.length - 1 > limits.rows) throw refused(`The selected file must have ${limits.rows.toLocaleString('en-GB')} rows or fewer`);
  for (const r of rows) {
    if (r.length > limits.columns) throw refused(`The selected file must have ${limits.columns} columns or fewer`);
    for (const c of r)
      if (typeof c === 'string' && c.length > limits.cell) throw refused(`A cell of the selected file has more than ${limits.cell} characters`);
  }
}

async function readXlsx(data: Uint8Array, limits: typeof LIMITS): Promise<Table[]> {
  let entries = 0;
  let declared = 0;
  let kept: Record<string, Uint8Array>;
  try {
    kept = unzipSync(data, {
      filter(f) {
        if (++entries > limits.entries)
          throw refused(`The selected workbook has more than ${limits.entries} parts: it is not a spreadsheet this service can read`);
        if (/vbaProject\.bin$|\.bin$/i.test(f.name) || /macrosheets\//i.test(f.name))
          throw refused('The selected file is a macro-enabled workbook: save it as an Excel Workbook (.xlsx) without macros');
        if (/EncryptedPackage|EncryptionInfo/i.test(f.name)) throw refused('The selected file is encrypted: remove the password and save it again');
        if (!KEPT.test(f.name)) return false;
        declared += f.originalSize;
        if (declared > limits.inflated || (f.originalSize > 1024 * 1024 && f.originalSize > f.size * limits.ratio))
          throw refused('The selected workbook unpacks to far more data than a spreadsheet holds: it looks like a “zip bomb” and was not opened');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw refused('The selected file is damaged or is not an Excel Workbook (.xlsx)');
  }
  const types = kept['[Content_Types].xml'];
  if (!types || !kept['xl/workbook.xml']) throw refused('The selected file is not an Excel Workbook (.xlsx): it has no workbook part');
  const decoder = new TextDecoder();
  if (/macroEnabled/i.test(decoder.decode(types)))
    throw refused('The selected file is a macro-enabled workbook: save it as an Excel Workbook (.xlsx) without macros');
  for (const [name, part] of Object.entries(kept))
    if (/<!DOCTYPE|<!ENTITY/i.test(decoder.decode(part.subarray(0, 4096))) || /<!ENTITY/i.test(decoder.decode(part)))
      throw refused(`The selected workbook’s part ${name} declares XML entities, which are never read: save the file again from Excel`);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    const { default: readXlsxFile } = await import('read-excel-file/node');
    sheets = (await readXlsxFile(Buffer.from(zipSync(kept, { level: 0 })), { trim: false })) as { sheet: string; data: unknown[][] }[];
  } catch {
    throw refused('The selected file is damaged or is not an Excel Workbook (.xlsx)');
  }
  const out: Table[] = [];
  for (const s of sheets) {
    checkShape(s.data, limits);
    out.push({ sheet: s.sheet, rows: s.data.map((r) => r.map(cellOf)) });
  }
  return out;
}

function cellOf(v: unknown): Cell {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  return String(v);
}
