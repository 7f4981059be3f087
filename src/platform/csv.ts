/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; a value a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with ' (OWASP, CSV injection).
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows of cells as CSV text with CRLF line ends, every cell quoted. */
export const csvRows = (rows: unknown[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
