import { newStrongPassword } from '../platform/auth/passwords.js';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, databaseOptions, loadConfig } from '../config.js';
import { DomainError } from '../platform/errors.js';
import type { Db } from '../platform/db/client.js';
import { STAGES } from '../projects/stages.js';
import { BACKUP_USAGE, BackupUsageError, consoleIo, type Io, parseBackupArgs, parseRestoreArgs } from './backup-args.js';
import { parseReportArgs, ReportUsageError } from './report.js';
import { ImportUsageError, parseImportArgs } from './import.js';
// The database, the web app, the demo data and the report renderers are imported by the commands
// that need them: `pcp help` and a mistyped argument answer without loading them.
type Services = import('../app.js').Services;

const USAGE = `pcp: PCP Tracker command line

  pcp start                      serve the app (PGlite in PCP_DATA_DIR, default ./data; or DATABASE_URL)
  pcp demo                       serve the app with the demonstration data, entered on first start
  pcp migrate                    apply database migrations and exit
  pcp offices create --slug S --name N --area A [--commissioner C] [--quarters financial|calendar]
  pcp offices list
  pcp users create --office S --email E --name N (--admin | --role admin|editor|viewer) [--password-stdin]
                                 without --password-stdin a strong password is made and printed once
  pcp users list --office S
  pcp projects list --office S [--stage STAGE] [--json]
  pcp report --office S --period P --format json|html|docx|pdf --out FILE
                                 the quarterly Delivery Progress Update (P: 2018-Q1 calendar, 2017-18-Q4 financial)
  pcp import --office S --type projects --file F [--dry-run]
                                 an office's tracker (.xlsx or .csv) with its dated history; exit 3 file refused, 4 rows with problems
  pcp backup --out FILE          a checked copy of the whole database (PGlite: with the server stopped or running)
  pcp restore --from FILE [--force]
                                 the copy into PCP_DATA_DIR (refused while a server runs on it; --force keeps
                                 the folder that was there aside) or into the empty database of DATABASE_URL

Environment: DATABASE_URL, PCP_DATA_DIR, HOST, PORT, PCP_SECRET (see README).`;

/** A mistake in the command line: exit status 2, the message and the usage on stderr. */
export class UsageError extends Error {}

function progressBar(step: string, done: number, total: number) {
  if (!process.stderr.isTTY) {
    // In a log, a line per tenth rather than a bar redrawn in place.
    if (done === total || done % Math.ceil(total / 10) === 0) process.stderr.write(`${done}/${total} ${step}\n`);
    return;
  }
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${step.padEnd(24)}`);
  if (done === total) process.stderr.write('\n');
}

function need(v: Record<string, unknown>, ...names: string[]) {
  const missing = names.filter((n) => typeof v[n] !== 'string' || !(v[n] as string).trim());
  if (missing.length) throw new UsageError(`Missing ${missing.map((m) => `--${m}`).join(', ')}`);
}

function oneOf(v: Record<string, unknown>, name: string, allowed: readonly string[]) {
  const x = v[name];
  if (x !== undefined && !allowed.includes(x as string)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${x}")`);
}

/** The options each command takes; anything else is refused rather than ignored. */
const OPTIONS = {
  'offices create': {
    slug: { type: 'string' },
    name: { type: 'string' },
    area: { type: 'string' },
    commissioner: { type: 'string' },
    quarters: { type: 'string' },
  },
  'offices list': {},
  'users create': {
    office: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    admin: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
  },
  'users list': { office: { type: 'string' } },
  'projects list': { office: { type: 'string' }, stage: { type: 'string' }, json: { type: 'boolean' } },
} as const;
type Command = keyof typeof OPTIONS;

function parse<C extends Command>(command: C, args: string[]) {
  try {
    // Each option at most once: a second --name would otherwise silently win.
    const { values, tokens } = parseArgs({ args, options: OPTIONS[command], strict: true, allowPositionals: false, tokens: true });
    const seen = new Set<string>();
    for (const t of tokens ?? []) {
      if (t.kind !== 'option') continue;
      if (seen.has(t.name)) throw new Error(`--${t.name} is given twice`);
      seen.add(t.name);
    }
    return values as { [K in keyof (typeof OPTIONS)[C]]?: (typeof OPTIONS)[C][K] extends { type: 'boolean' } ? boolean : string };
  } catch (e) {
    throw new UsageError(`pcp ${command}: ${(e as Error).message}`);
  }
}

/** How a service's field names are typed on the command line, for its error messages. */
const FLAG: Record<string, string> = { quarterScheme: 'quarters', commissionerName: 'commissioner' };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function withServicesIn<T>(fn: (s: Services) => Promise<T>, env: NodeJS.ProcessEnv, migrate?: boolean): Promise<T> {
  const config = loadConfig(env);
  const { createDb } = await import('../platform/db/client.js');
  const { createServices } = await import('../app.js');
  // `pcp migrate` always migrates; other commands as the server does (PCP_MIGRATE_AT_START).
  const database = await createDb(databaseOptions(config, migrate));
  try {
    return await fn(createServices({ db: database.db, config }));
  } finally {
    await database.close();
  }
}

async function officeId(services: Services, slug: string) {
  const o = await services.auth.officeBySlug(slug);
  if (!o) throw new UsageError(`No office with slug "${slug}". List them with: pcp offices list`);
  return o.id;
}

const noArguments = (cmd: string, rest: string[]) => {
  if (rest.length) throw new UsageError(`pcp ${cmd} takes no arguments (got ${rest.join(' ')})`);
};

/** Where a run reads its environment and writes (tests run commands in-process with their own). */
export type RunOptions = { env?: NodeJS.ProcessEnv; io?: Io };

export async function main(argv: string[], { env = process.env, io = consoleIo }: RunOptions = {}): Promise<number | undefined> {
  const [cmd, sub, ...rest] = argv;
  const withServices = <T>(fn: (s: Services) => Promise<T>) => withServicesIn(fn, env);

  switch (cmd) {
    case 'backup':
    case 'restore': {
      // Arguments checked before the database is looked at.
      const args = argv.slice(1);
      if (cmd === 'backup') parseBackupArgs(args);
      else parseRestoreArgs(args);
      const config = loadConfig(env);
      const { backupCommand, restoreCommand } = await import('./backup.js');
      await (cmd === 'backup' ? backupCommand : restoreCommand)(args, { config, io });
      return;
    }
    case 'report': {
      // Its own arguments, validated before the database is opened.
      const args = argv.slice(1);
      parseReportArgs(args);
      const { reportCommand } = await import('./report.js');
      await withServices((services) => reportCommand(args, { services }));
      return;
    }
    case 'import': {
      const args = argv.slice(1);
      parseImportArgs(args);
      const { importCommand } = await import('./import.js');
      return withServices((services) => importCommand(args, { services, io }));
    }
    case 'start':
    case 'demo': {
      noArguments(cmd, argv.slice(1));
      const config = loadConfig(env);
      // The database is opened first, and goes on opening while the server's modules load: the
      // connection, PostgreSQL's start of a session and the migrations check (or PGlite's start)
      // overlap with compiling the app (issue 19: cold start).
      const { createDb } = await import('../platform/db/client.js');
      let opening = () => {};
      const begun = new Promise<void>((res) => {
        opening = res;
      });
      let early: (db: Db) => void = () => {};
      const client = new Promise<Db>((res) => {
        early = res;
      });
      const database = createDb({ ...databaseOptions(config), onOpening: opening, onClient: early });
      // Awaited by startServer; a failure is reported there, not as an unhandled rejection meanwhile.
      const settled = database.then(
        () => {},
        () => {},
      );
      // The server's modules take the main thread while they are evaluated: its own work first begun.
      await Promise.race([begun, settled]);
      const { startServer } = await import('../server.js');
      let accounts: Awaited<ReturnType<typeof import('../demo/demo.js')['resetDemoPasswords']>> = null;
      await startServer(config, {
        database,
        client,
        beforeListen: async (services) => {
          if (cmd !== 'demo') return;
          // The demonstration data's modules are loaded by `pcp demo` only: `pcp start` starts without them.
          const { seedDemo, resetDemoPasswords } = await import('../demo/demo.js');
          accounts = await resetDemoPasswords(services);
          if (!accounts) {
            process.stderr.write('Entering the demonstration data (first start)...\n');
            accounts = (await seedDemo({ services, progress: progressBar })).accounts;
          }
        },
        onListening: (url) => {
          const shown = url.replace('127.0.0.1', 'localhost');
          console.log(`\nPCP Tracker is running at ${shown}`);
          console.log(`Database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`);
          if (accounts) {
            console.log('\nSign in with one of the demo accounts (passwords are new at every start):');
            for (const a of accounts) console.log(`  ${a.role.padEnd(7)} ${a.email.padEnd(28)} ${a.password}`);
            if (config.mfaForAdmins && accounts.some((a) => a.role === 'admin'))
              console.log('An admin sets up two-factor authentication at first sign-in (an authenticator app on a phone).');
          } else if (cmd === 'start') {
            console.log('Create the first admin with: pcp users create --office SLUG --email E --name N --admin');
          }
          console.log('\nStop with Ctrl+C.');
        },
      });
      return;
    }
    case 'migrate':
      noArguments(cmd, argv.slice(1));
      await withServicesIn(async () => {}, env, true);
      console.log('Migrations applied.');
      return;
    case 'offices': {
      if (sub === 'create') {
        const v = parse('offices create', rest);
        need(v, 'slug', 'name', 'area');
        oneOf(v, 'quarters', ['financial', 'calendar']);
        const o = await withServices((s) =>
          s.auth.createOffice({ slug: v.slug, name: v.name, area: v.area, commissionerName: v.commissioner ?? '', quarterScheme: v.quarters ?? 'financial' }),
        );
        console.log(`Office created: ${o.slug} (${o.name})`);
        return;
      }
      if (sub === 'list') {
        parse('offices list', rest);
        const list = await withServices((s) => s.auth.listOffices());
        for (const o of list) console.log(`${o.slug}\t${o.name}\t${o.quarterScheme} quarters`);
        if (!list.length) console.log('No offices yet. Create one with: pcp offices create --slug S --name N --area A');
        return;
      }
      break;
    }
    case 'users': {
      if (sub === 'create') {
        const v = parse('users create', rest);
        need(v, 'office', 'email', 'name');
        oneOf(v, 'role', ['admin', 'editor', 'viewer']);
        if (v.admin && v.role && v.role !== 'admin') throw new UsageError('--admin and --role disagree');
        const role = v.admin ? 'admin' : v.role;
        if (!role) throw new UsageError('Give --admin or --role admin|editor|viewer');
        const generated = !v['password-stdin'];
        const password = generated ? newStrongPassword() : await readStdin();
        const u = await withServices(async (s) =>
          s.auth.createUser({ officeId: await officeId(s, v.office as string), input: { email: v.email, name: v.name, role, password }, by: null }),
        );
        console.log(`User created: ${u.email} (${u.role})`);
        if (generated) console.log(`Password (shown once): ${password}`);
        return;
      }
      if (sub === 'list') {
        const v = parse('users list', rest);
        need(v, 'office');
        const list = await withServices(async (s) => s.auth.listUsers(await officeId(s, v.office as string)));
        for (const u of list) console.log(`${u.email}\t${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
        return;
      }
      break;
    }
    case 'projects': {
      if (sub === 'list') {
        const v = parse('projects list', rest);
        need(v, 'office');
        const stages = v.stage?.split(',').map((x) => x.trim());
        const unknown = stages?.filter((x) => !(STAGES as readonly string[]).includes(x));
        if (unknown?.length) throw new UsageError(`--stage must be one or more of ${STAGES.join(', ')}, separated by commas (got "${v.stage}")`);
        const { formatForecast } = await import('../projects/forecast.js');
        const { STAGE_LABELS } = await import('../projects/stages.js');
        const r = await withServices(async (s) => s.projects.list(await officeId(s, v.office as string), { stage: stages, pageSize: 500 }));
        if (v.json) console.log(JSON.stringify(r.items, null, 2));
        else {
          for (const p of r.items)
            console.log(
              `${STAGE_LABELS[p.stage].padEnd(10)} ${formatForecast({ date: p.forecastEnd, precision: p.forecastPrecision }).padEnd(9)} ${p.strandName.padEnd(28)} ${p.title}`,
            );
          console.log(`${r.total} project(s)`);
        }
        return;
      }
      break;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    case undefined:
      throw new UsageError('Give a command.');
  }
  const subs: Record<string, string> = { offices: 'create|list', users: 'create|list', projects: 'list' };
  if (subs[cmd] && sub === undefined) throw new UsageError(`pcp ${cmd} needs a subcommand: ${subs[cmd]}`);
  throw new UsageError(`Unknown command: ${[cmd, sub].filter((x) => x !== undefined).join(' ')}`);
}

/**
 * Runs the command line and says how it ended: 0 done, 2 a mistake in the command or the
 * environment (message and usage on stderr), 1 anything else. bin/pcp.js calls this directly,
 * so it works however the bin is reached (npx's symlinks, a global install, node bin/pcp.js).
 */
export async function run(argv: string[], opts: RunOptions = {}): Promise<number> {
  const io = opts.io ?? consoleIo;
  const error = (line: string) => io.err(`${line}\n`);
  try {
    return (await main(argv, { ...opts, io })) ?? 0;
  } catch (e) {
    // A start-up failure names its cause and has its own exit code (see the README); so does a
    // backup or restore that cannot go on.
    const { StartupError } = await import('../platform/db/client.js');
    const { BackupError } = await import('../platform/db/backup.js');
    if (e instanceof StartupError || e instanceof BackupError) {
      error(`pcp: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof ReportUsageError || e instanceof ImportUsageError || e instanceof ConfigError) {
      error(`pcp: ${e.message}`);
      return 2;
    }
    if (e instanceof BackupUsageError) {
      error(`${e.message}\n\n${BACKUP_USAGE}`);
      return 2;
    }
    if (e instanceof UsageError) {
      error(`pcp: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof DomainError) {
      error(`pcp: ${e.message}`);
      for (const f of e.fields) error(`  --${FLAG[f.field] ?? f.field}: ${f.message}`);
      return 2;
    }
    error(`pcp: ${(e as Error).message}`);
    return 1;
  }
}

/** Whether this module is the program itself (`tsx src/cli/pcp.ts`, as the npm scripts run it). */
function isEntry() {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntry()) process.exitCode = await run(process.argv.slice(2));
