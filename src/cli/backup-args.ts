// The command lines of `pcp backup` and `pcp restore`, checked before anything heavy is loaded
// (`pcp help` and a mistyped argument answer without the database code).
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const BACKUP_USAGE = `pcp backup --out FILE
  a copy of the whole database, checked (reopened, rows counted) before it replaces FILE
  PGlite: the data folder (PCP_DATA_DIR) as a .tar.gz, with the server stopped or running
  PostgreSQL (DATABASE_URL): pg_dump --format=custom

pcp restore --from FILE [--force]
  PGlite: into PCP_DATA_DIR, refused while a server runs on it; a folder holding data is
          replaced only with --force, and then kept beside it as FOLDER.before-restore-TIME
  PostgreSQL: into the empty database of DATABASE_URL, in one transaction (pg_restore)`;

/** A mistake in the command line of backup or restore: exit 2, the message and their usage. */
export class BackupUsageError extends Error {}

/** Where the commands write: the summary on stdout, steps and progress on stderr. */
export type Io = { out: (line: string) => void; err: (text: string) => void; tty: boolean };
export const consoleIo: Io = { out: (l) => console.log(l), err: (t) => void process.stderr.write(t), tty: !!process.stderr.isTTY };

function parse(cmd: string, argv: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    const { values, tokens } = parseArgs({ args: argv, options, strict: true, allowPositionals: false, tokens: true });
    const seen = new Set<string>();
    for (const t of tokens ?? []) {
      if (t.kind !== 'option') continue;
      if (seen.has(t.name)) throw new Error(`--${t.name} is given twice`);
      seen.add(t.name);
    }
    return values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new BackupUsageError(`pcp ${cmd}: ${(e as Error).message}`);
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function parseBackupArgs(argv: string[]): { out: string } {
  const v = parse('backup', argv, { out: { type: 'string' } });
  if (!str(v.out)) throw new BackupUsageError('pcp backup: missing --out FILE');
  const out = resolve(str(v.out));
  if (existsSync(out) && statSync(out).isDirectory()) throw new BackupUsageError(`pcp backup: --out must be a file, but ${out} is a folder`);
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory())
    throw new BackupUsageError(`pcp backup: --out: the folder ${dirname(out)} does not exist`);
  return { out };
}

export function parseRestoreArgs(argv: string[]): { from: string; force: boolean } {
  const v = parse('restore', argv, { from: { type: 'string' }, force: { type: 'boolean' } });
  if (!str(v.from)) throw new BackupUsageError('pcp restore: missing --from FILE');
  const from = resolve(str(v.from));
  if (!existsSync(from)) throw new BackupUsageError(`pcp restore: --from: there is no file ${from}`);
  if (!statSync(from).isFile()) throw new BackupUsageError(`pcp restore: --from must be a file, but ${from} is not`);
  return { from, force: v.force === true };
}
