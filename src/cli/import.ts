// `pcp import --office SLUG --type projects --file FILE [--dry-run]`: an office's spreadsheet tracker
// brought in through the same service as the web page, with a progress bar on stderr.
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Services } from '../app.js';
import { IMPORT_TYPES, type ImportType, RowsInvalid } from '../imports/imports.service.js';
import { DomainError } from '../platform/errors.js';
import type { Io } from './backup-args.js';

export const IMPORT_USAGE = `pcp import --office SLUG --type projects|decisions|targets --file FILE [--dry-run]

  --office   the office's slug (see: pcp offices list)
  --type     what the file holds: projects (one row per dated change), decisions (one row a
             decision notice) or targets (a row per target and reading); the templates' layouts
  --file     an Excel Workbook (.xlsx) or a CSV file (.csv, UTF-8)
  --dry-run  check the file and say what it would do; nothing is written

Exit status: 0 imported (or, with --dry-run, the file has no problem); 2 a mistake in the command;
3 the file was refused (unsafe, unreadable, too large); 4 the file's rows have problems, listed by
row and column (nothing was imported); 1 anything else.`;

export const IMPORT_EXIT = { refused: 3, rowsInvalid: 4 } as const;

/** A mistake in the command line: the message says what to type instead. */
export class ImportUsageError extends Error {}

export type ImportArgs = { office: string; type: ImportType; file: string; dryRun: boolean };

export function parseImportArgs(argv: string[]): ImportArgs {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({
      args: argv,
      options: { office: { type: 'string' }, type: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new ImportUsageError(`${(e as Error).message}\n\n${IMPORT_USAGE}`);
  }
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : '');
  const problems: string[] = [];
  for (const k of ['office', 'type', 'file']) if (!str(k)) problems.push(`Missing --${k}.`);
  if (str('type') && !(IMPORT_TYPES as readonly string[]).includes(str('type')))
    problems.push(`--type must be one of ${IMPORT_TYPES.join(', ')} (got "${str('type')}").`);
  const file = str('file') ? resolve(str('file')) : '';
  if (file) {
    try {
      if (!statSync(file).isFile()) problems.push(`--file ${file} is not a file.`);
    } catch {
      problems.push(`--file ${file} does not exist.`);
    }
  }
  if (problems.length) throw new ImportUsageError(`${problems.join('\n')}\n\n${IMPORT_USAGE}`);
  return { office: str('office'), type: str('type') as ImportType, file, dryRun: !!v['dry-run'] };
}

function bar(io: Io) {
  let last = -1;
  return (done: number, total: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    if (io.tty) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} changes`);
      if (done === total) io.err('\n');
    } else if (pct % 10 === 0) io.err(`${done}/${total} changes\n`);
  };
}

/** Runs the import; returns the exit status (problems and refusals on stderr, the outcome on stdout). */
export async function importCommand(argv: string[], { services, io }: { services: Services; io: Io }): Promise<number> {
  const args = parseImportArgs(argv);
  const office = await services.auth.officeBySlug(args.office);
  if (!office) throw new ImportUsageError(`No office with slug "${args.office}". List them with: pcp offices list`);
  const data = readFileSync(args.file);
  const name = basename(args.file);
  const what = { projects: ['project(s)', 'later change(s)'], decisions: ['decision notice(s)', 'later change(s)'], targets: ['target(s)', 'reading(s)'] }[
    args.type
  ];
  const say = (c: { create: number; update?: number; leftAlone: number; rows: number; changes: number }, verb: string) =>
    io.out(
      `${c.rows} rows read: ${c.create} ${what[0]} ${verb} with ${c.changes} ${what[1]}; ${c.update ? `${c.update} already in the tracker continued; ` : ''}${c.leftAlone} already in the tracker left alone.`,
    );
  try {
    if (args.dryRun) {
      const r = await services.imports.check({ officeId: office.id, name, data, type: args.type });
      if (r.problems.length) throw new RowsInvalid(r.problems);
      say(r.counts, 'would be entered');
      io.out('Dry run: nothing was written.');
      return 0;
    }
    // The command line's changes are the office's, entered by no signed-in user: the history says so.
    const by = { userId: null, name: 'pcp import (command line)', officeId: office.id, role: 'admin' as const };
    const r = await services.imports.run({ by, type: args.type, name, data, progress: bar(io) });
    say(r.counts, 'entered');
    io.out(`Import ${r.id}`);
    return 0;
  } catch (e) {
    if (e instanceof RowsInvalid) {
      io.err(`pcp import: ${e.message}\n`);
      for (const p of e.problems) io.err(`  ${p.message}\n`);
      return IMPORT_EXIT.rowsInvalid;
    }
    if (e instanceof DomainError && e.code === 'import.file_refused') {
      io.err(`pcp import: ${e.message}\n`);
      return IMPORT_EXIT.refused;
    }
    throw e;
  }
}
