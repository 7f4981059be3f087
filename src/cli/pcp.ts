import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { parseReportArgs, ReportUsageError, reportCommand } from './report.js';
import { seedDemo, resetDemoPasswords } from '../demo/demo.js';
import { createDb, StartupError } from '../platform/db/client.js';
import { DomainError } from '../platform/errors.js';
import { startServer } from '../platform/web/server.js';
import { createServices } from '../platform/web/services.js';
import { formatForecast } from '../projects/forecast.js';
import { STAGE_LABELS } from '../projects/stages.js';
import { randomBytes } from 'node:crypto';

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

Environment: DATABASE_URL, PCP_DATA_DIR, HOST, PORT, PCP_SECRET (see README).`;

class UsageError extends Error {}

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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function withServices<T>(fn: (s: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, tuning: config.db });
  try {
    return await fn(createServices({ db: database.db, config }));
  } finally {
    await database.close();
  }
}

async function officeId(services: ReturnType<typeof createServices>, slug: string) {
  const o = await services.auth.officeBySlug(slug);
  if (!o) throw new UsageError(`No office with slug "${slug}". List them with: pcp offices list`);
  return o.id;
}

export async function main(argv: string[]) {
  const [cmd, sub, ...rest] = argv;
  const opts = {
    slug: { type: 'string' },
    name: { type: 'string' },
    area: { type: 'string' },
    commissioner: { type: 'string' },
    quarters: { type: 'string' },
    office: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    admin: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
    stage: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const parse = (args: string[]) => {
    try {
      return parseArgs({ args, options: opts, strict: true, allowPositionals: false }).values;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  };

  switch (cmd) {
    case 'report':
      // Its own arguments, validated before the database is opened.
      parseReportArgs([sub, ...rest].filter((x) => x !== undefined));
      await withServices((services) => reportCommand([sub, ...rest].filter((x) => x !== undefined), { services }));
      return;
    case 'start':
    case 'demo': {
      const config = loadConfig();
      let accounts: Awaited<ReturnType<typeof resetDemoPasswords>> = null;
      await startServer(config, {
        beforeListen: async (services) => {
          if (cmd !== 'demo') return;
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
            for (const a of accounts) console.log(`  ${a.role.padEnd(7)} ${a.email.padEnd(24)} ${a.password}`);
          } else if (cmd === 'start') {
            console.log('Create the first admin with: pcp users create --office SLUG --email E --name N --admin');
          }
          console.log('\nStop with Ctrl+C.');
        },
      });
      return;
    }
    case 'migrate':
      await withServices(async () => {});
      console.log('Migrations applied.');
      return;
    case 'offices': {
      const v = parse(rest);
      if (sub === 'create') {
        need(v, 'slug', 'name', 'area');
        const o = await withServices((s) =>
          s.auth.createOffice({ slug: v.slug, name: v.name, area: v.area, commissionerName: v.commissioner ?? '', quarterScheme: v.quarters ?? 'financial' }),
        );
        console.log(`Office created: ${o.slug} (${o.name})`);
        return;
      }
      if (sub === 'list') {
        const list = await withServices((s) => s.auth.listOffices());
        for (const o of list) console.log(`${o.slug}\t${o.name}\t${o.quarterScheme} quarters`);
        if (!list.length) console.log('No offices yet. Create one with: pcp offices create --slug S --name N --area A');
        return;
      }
      break;
    }
    case 'users': {
      const v = parse(rest);
      if (sub === 'create') {
        need(v, 'office', 'email', 'name');
        if (v.admin && v.role && v.role !== 'admin') throw new UsageError('--admin and --role disagree');
        const role = v.admin ? 'admin' : v.role;
        if (!role) throw new UsageError('Give --admin or --role admin|editor|viewer');
        const generated = !v['password-stdin'];
        const password = generated ? randomBytes(15).toString('base64url') : await readStdin();
        const u = await withServices(async (s) => s.auth.createUser({ officeId: await officeId(s, v.office as string), input: { email: v.email, name: v.name, role, password }, by: null }));
        console.log(`User created: ${u.email} (${u.role})`);
        if (generated) console.log(`Password (shown once): ${password}`);
        return;
      }
      if (sub === 'list') {
        need(v, 'office');
        const list = await withServices(async (s) => s.auth.listUsers(await officeId(s, v.office as string)));
        for (const u of list) console.log(`${u.email}\t${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
        return;
      }
      break;
    }
    case 'projects': {
      const v = parse(rest);
      if (sub === 'list') {
        need(v, 'office');
        const r = await withServices(async (s) => s.projects.list(await officeId(s, v.office as string), { stage: v.stage, pageSize: 500 }));
        if (v.json) console.log(JSON.stringify(r.items, null, 2));
        else {
          for (const p of r.items)
            console.log(`${STAGE_LABELS[p.stage].padEnd(10)} ${formatForecast({ date: p.forecastEnd, precision: p.forecastPrecision }).padEnd(9)} ${p.strandName.padEnd(28)} ${p.title}`);
          console.log(`${r.total} project(s)`);
        }
        return;
      }
      break;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
  }
  throw new UsageError(`Unknown command: ${[cmd, sub].filter(Boolean).join(' ')}`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('pcp.js') || process.argv[1]?.endsWith('pcp.ts')) {
  main(process.argv.slice(2)).catch((e) => {
    if (e instanceof StartupError) {
      console.error(`pcp: ${e.message}`);
      process.exit(e.exitCode);
    }
    if (e instanceof ReportUsageError) {
      console.error(`pcp: ${e.message}`);
      process.exit(2);
    }
    if (e instanceof UsageError) {
      console.error(`pcp: ${e.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (e instanceof DomainError) {
      console.error(`pcp: ${e.message}`);
      for (const f of e.fields) console.error(`  --${f.field}: ${f.message}`);
      process.exit(2);
    }
    console.error(`pcp: ${(e as Error).message}`);
    process.exit(1);
  });
}
