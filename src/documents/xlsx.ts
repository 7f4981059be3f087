// Lists and tables as workbooks (the lists' downloads, and a document's data tables): a sheet a table, the header row bold and frozen, widths from the
// values, dates as dates, numbers as numbers, money as money (pounds), and text that a spreadsheet
// would take for a formula escaped (safeText).
import type { Cell as OutCell, Row } from 'write-excel-file/node';
import { writeWorkbook } from './workbook.js';
import type { Doc, TableBlock } from './document.js';
import { cellText } from './document.js';

/** Text a spreadsheet would take as a formula (=, +, -, @, and tab/CR leads) is written with a leading quote, so it stays text. */
export function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export type ColumnType = 'text' | 'date' | 'month' | 'datetime' | 'number' | 'percent' | 'money';
export type Value = string | number | Date | null | undefined;
export type TableSheet = { name: string; columns: { header: string; type: ColumnType }[]; rows: Value[][] };

const FORMATS: Partial<Record<ColumnType, string>> = {
  date: 'dd/mm/yyyy',
  month: 'mmm yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
  money: '£#,##0.00',
  percent: '0%',
};

/** A London calendar day (YYYY-MM-DD) as a date cell: midnight UTC of that day, which a spreadsheet shows as that day. */
export const dayValue = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

function cellOf(v: Value, type: ColumnType): OutCell {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return { value: v, type: Date, format: FORMATS[type === 'text' ? 'datetime' : type] ?? 'dd/mm/yyyy' };
  if (typeof v === 'number') return { value: v, type: Number, ...(FORMATS[type] ? { format: FORMATS[type] } : {}) };
  return { value: safeText(v), type: String };
}

/** Sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook (Excel refuses the file otherwise). */
function sheetNames(names: string[]) {
  const used = new Set<string>();
  return names.map((n) => {
    const base =
      n
        .replace(/[[\]:*?/\\]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 31) || 'Sheet';
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
    used.add(name.toLowerCase());
    return name;
  });
}

export async function tablesWorkbook(sheets: TableSheet[]): Promise<Buffer> {
  const names = sheetNames(sheets.map((s) => s.name));
  const out = sheets.map((s, k) => {
    const data: Row[] = [
      s.columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' }) as OutCell),
      ...s.rows.map((r) => s.columns.map((c, i) => cellOf(r[i], c.type))),
    ];
    const widths = s.columns.map((c, i) => {
      let w = c.header.length;
      for (const r of s.rows) {
        const v = r[i];
        const len = v instanceof Date ? 12 : typeof v === 'number' ? (c.type === 'money' ? 14 : 10) : String(v ?? '').length;
        if (len > w) w = len;
      }
      return { width: Math.max(8, Math.min(60, w + 2)) };
    });
    return { sheet: names[k], data, stickyRowsCount: 1, columns: widths };
  });
  if (!out.length) out.push({ sheet: 'Empty', data: [[{ value: 'Nothing to show', type: String } as OutCell]], stickyRowsCount: 0, columns: [{ width: 20 }] });
  return writeWorkbook(out);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * A report table's cell text as the value it shows: "12" and "1,200" numbers, "45%" a percentage,
 * "£1,800,000" money, "31 March 2018" a date; anything else stays text. The report tables are built
 * for people (src/documents): this reads them back into what a spreadsheet can sum and sort.
 */
export function typedValue(s: string): { value: Value; type: ColumnType } {
  const t = s.trim();
  if (/^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/.test(t)) return { value: Number(t.replace(/,/g, '')), type: 'number' };
  let m = /^(-?\d+(?:\.\d+)?)%$/.exec(t);
  if (m) return { value: Number(m[1]) / 100, type: 'percent' };
  m = /^£(\d{1,3}(?:,\d{3})*|\d+)(\.\d{2})?$/.exec(t);
  if (m) return { value: Number(m[1].replace(/,/g, '')) + Number(m[2] ?? 0), type: 'money' };
  m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(t);
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  if (m && month >= 0) {
    const d = new Date(Date.UTC(Number(m[3]), month, Number(m[1])));
    if (d.getUTCDate() === Number(m[1])) return { value: d, type: 'date' };
  }
  return { value: t, type: 'text' };
}

/** Tables of text (a report's) as sheets: each column typed as its values are when all of them agree, else text. */
export function typedSheet(name: string, head: string[], rows: string[][]): TableSheet {
  const typed = rows.map((r) => r.map(typedValue));
  const columns = head.map((header, i) => {
    const kinds = new Set(
      typed
        .map((r) => r[i])
        .filter((c) => c && c.value !== '')
        .map((c) => c.type),
    );
    const type: ColumnType = kinds.size === 1 ? ([...kinds][0] as ColumnType) : 'text';
    return { header, type };
  });
  return {
    name,
    columns,
    rows: typed.map((r, k) => r.map((c, i) => (columns[i].type === 'text' ? rows[k][i] : c.value))),
  };
}

/** Every table of a document (its tables, its charts' data tables, its dashboards' tables), a sheet each, named by caption. */
export function docTablesWorkbook(doc: Doc) {
  const tables: TableBlock[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'table') tables.push(b);
    else if (b.type === 'chart') tables.push(b.table);
    else if (b.type === 'dashboard') tables.push(...b.tables);
  }
  return tablesWorkbook(
    tables.map((t) =>
      typedSheet(
        t.caption,
        t.head,
        t.rows.map((r) => r.map(cellText)),
      ),
    ),
  );
}
