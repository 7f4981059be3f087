// `pcp report --office SLUG --period P --format json|html|docx|pdf --out FILE`: the quarterly
// Delivery Progress Update written to a file, through the same service as the web page.
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderDocx } from '../documents/docx.js';
import { standaloneHtml } from '../documents/html.js';
import type { DomainError } from '../platform/errors.js';
import type { Services } from '../app.js';
import { parsePeriod } from '../reports/periods.js';
import { longDate, reportDoc } from '../reports/report.doc.js';
import { provisionalNote } from '../reports/report.model.js';

export const REPORT_USAGE = `pcp report --office SLUG --period PERIOD --format json|html|docx|pdf --out FILE

  --office   the office's slug (see: pcp offices list)
  --period   a calendar quarter like 2018-Q1 (January to March 2018)
             or a financial quarter like 2017-18-Q4 (January to March 2018)
  --format   json (the report model), html (a standalone printable page), docx (Word) or pdf (tagged PDF, needs Chromium)
  --out      the file to write; its folder must exist; an existing file is replaced`;

/** A mistake in the command line: the message says what to type instead. */
export class ReportUsageError extends Error {}

const FORMATS = ['json', 'html', 'docx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

export type ReportArgs = { office: string; period: string; format: Format; out: string };

/** Validates the arguments, each with its own message; nothing is read from the database. */
export function parseReportArgs(argv: string[]): ReportArgs {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({
      args: argv,
      options: { office: { type: 'string' }, period: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new ReportUsageError(`${(e as Error).message}\n\n${REPORT_USAGE}`);
  }
  const problems: string[] = [];
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : '');
  for (const k of ['office', 'period', 'format', 'out']) if (!str(k)) problems.push(`Missing --${k}.`);
  const format = str('format').toLowerCase();
  if (format && !(FORMATS as readonly string[]).includes(format)) problems.push(`--format must be one of json, html, docx, pdf (got "${str('format')}").`);
  if (str('office') && !/^[a-z0-9][a-z0-9-]{1,40}$/.test(str('office')))
    problems.push(`--office must be an office slug such as "hampshire" (got "${str('office')}").`);
  let period = str('period');
  if (period) {
    try {
      period = parsePeriod(period).id;
    } catch (e) {
      problems.push(`--period: ${(e as DomainError).message}.`);
    }
  }
  const out = str('out');
  if (out) {
    const full = resolve(out);
    if (existsSync(full) && statSync(full).isDirectory()) problems.push(`--out must be a file, but ${full} is a folder.`);
    else if (!existsSync(dirname(full)) || !statSync(dirname(full)).isDirectory()) problems.push(`--out: the folder ${dirname(full)} does not exist.`);
  }
  if (problems.length) throw new ReportUsageError(`${problems.join('\n')}\n\n${REPORT_USAGE}`);
  return { office: str('office'), period, format: format as Format, out: resolve(out) };
}

/**
 * Runs the command with the app's services (the lead's `pcp` wires the database and config).
 * Returns the bytes written; writes to a temporary file first so a failed run leaves no half file.
 */
export async function reportCommand(
  argv: string[],
  { services, log = (s: string) => process.stderr.write(`${s}\n`) }: { services: Services; log?: (s: string) => void },
) {
  const a = parseReportArgs(argv);
  const office = await services.reports.officeBySlug(a.office);
  if (!office) throw new ReportUsageError(`No office with slug "${a.office}". List them with: pcp offices list`);
  const model = await services.reports.model(office.id, a.period);
  let body: Buffer;
  if (a.format === 'json') body = Buffer.from(`${JSON.stringify(model, null, 2)}\n`);
  else {
    const doc = await reportDoc(model);
    if (a.format === 'html') body = Buffer.from(standaloneHtml(doc));
    else if (a.format === 'docx') body = await renderDocx(doc);
    else {
      try {
        body = await services.reports.pdf(model);
      } finally {
        await services.reports.close();
      }
    }
  }
  const tmp = `${a.out}.${process.pid}.tmp`;
  writeFileSync(tmp, body);
  renameSync(tmp, a.out);
  log(`Wrote ${a.out} (${a.format}, ${body.length.toLocaleString('en-GB')} bytes): ${model.office.name}, ${model.period.name} (${model.period.months}).`);
  if (model.provisional) log(provisionalNote(longDate(model.period.end)));
  return { bytes: body.length, model };
}
