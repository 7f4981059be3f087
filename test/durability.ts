// npm run test:durability [-- --rounds N --db pglite|postgres|both --pg-url URL --writers N --seed S]
//
// Kill -9 under load: `pcp start` in a child process on a fresh store (a PGlite folder, or a scratch
// database on the PostgreSQL server of --pg-url or PCP_TEST_PG_URL), concurrent API writers
// creating projects with an Idempotency-Key each, SIGKILL at a random moment, restart. Then every
// call whose connection died is sent again with its key, and the projects are counted:
//   lost       a 201 answer (then or on the retry) whose project is not there: must be 0
//   duplicates a call's project there twice (its retry wrote again): must be 0
//   answer lost a retry told its call was saved without its answer: must be 0 (the answer is
//              saved in the write's own transaction, so a kill leaves all or nothing)
// printing each round and the totals, with the time the server took to restart. Exits 1 when
// anything was lost, written twice or saved without its answer, 2 on a wrong argument.
import { rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { call, newStore, type ServerProcess, seedToken, startPcp, type WriteRequest, writers } from './server-process.js';

export type Kind = 'pglite' | 'postgres';
export type Round = {
  round: number;
  acknowledged: number;
  lost: number;
  duplicates: number;
  /** Calls whose connection died with the server, and what their retry with the same key answered. */
  unanswered: number;
  retried: { replayed: number; written: number; answerLost: number; refused: number };
  /** After the round's first acknowledged write. */
  killAfterMs: number;
  restartMs: number;
};
export type Result = {
  kind: Kind;
  rounds: Round[];
  acknowledged: number;
  lost: number;
  duplicates: number;
  /** Calls whose connection died with the server, and what their retries answered, over all rounds. */
  unanswered: number;
  replayed: number;
  writtenOnRetry: number;
  answerLost: number;
  startMs: number;
  restartMs: number[];
};

/** A small seeded generator (mulberry32), so a run's kill moments can be replayed with --seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

async function started(server: ServerProcess) {
  const t0 = Date.now();
  const base = await server.ready;
  return { base, ms: Date.now() - t0 };
}

/** The office's projects whose title contains `tag`, by title: each title is one call's. */
async function projectsTagged(base: string, agent: Agent, token: string, tag: string) {
  const byTitle = new Map<string, string[]>();
  for (let page = 1; ; page++) {
    const r = await call(base, agent, 'GET', `/api/v1/projects?q=${encodeURIComponent(tag)}&pageSize=500&page=${page}`, token);
    if (r.status !== 200) throw new Error(`listing projects answered ${r.status}: ${JSON.stringify(r.body)}`);
    for (const p of r.body.items as { id: string; title: string }[]) byTitle.set(p.title, [...(byTitle.get(p.title) ?? []), p.id]);
    if (page * 500 >= r.body.total) break;
  }
  return byTitle;
}

/** `rounds` kills and restarts on one fresh store. */
export async function durability(
  kind: Kind,
  opts: {
    rounds: number;
    writers?: number;
    pgUrl?: string;
    seed?: number /** The kill comes this many ms (uniformly random) after the round's first acknowledged write. */;
    killWithinMs?: [number, number];
    log?: (line: string) => void;
  },
): Promise<Result> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const next = random(opts.seed ?? Date.now());
  const [killMin, killMax] = opts.killWithinMs ?? [0, 1000];
  const store = await newStore(kind, opts.pgUrl);
  let server: ServerProcess | undefined;
  let agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const token = await seedToken(store);
    server = startPcp(store.env);
    const first = await started(server);
    // What a project needs: a plan in force, a priority, a strand (made with keys too).
    const setup = async (path: string, body: unknown) => {
      const r = await call(first.base, agent, 'POST', path, token, body, { 'idempotency-key': `setup-${path}` });
      if (r.status !== 201) throw new Error(`POST ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    };
    await setup('/api/v1/plans', { title: 'Police and Crime Plan', periodStart: '2016-04-01', periodEnd: '2030-03-31', status: 'published' });
    const priorityId = await setup('/api/v1/priorities', { name: 'Reduce offending', colour: '#1d70b8' });
    const strandId = await setup('/api/v1/strands', { name: 'Policing' });
    let base = first.base;
    const rounds: Round[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const tag = `dur${round}x${Math.floor(next() * 1e9).toString(36)}`;
      const make = (w: number, i: number): WriteRequest => {
        const name = `${tag}-w${w}-${i}`;
        return { path: '/api/v1/projects', body: { title: name, strandId, priorityIds: [priorityId] }, headers: { 'idempotency-key': name } };
      };
      const load = writers(base, token, opts.writers ?? 6, make);
      // The random moment counts from the first acknowledged write: a fresh process answers its
      // first calls slowly, and a kill before any is a round that tests nothing.
      const deadline = Date.now() + 60_000;
      while (!load.acked.length && !load.errors.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const killAfterMs = Math.round(killMin + next() * (killMax - killMin));
      await new Promise((r) => setTimeout(r, killAfterMs));
      server.child.kill('SIGKILL');
      await server.exited;
      await load.done();
      const refusedUnderLoad = load.refusals.length;
      server = startPcp(store.env);
      const again = await started(server);
      base = again.base;
      agent.destroy();
      agent = new Agent({ keepAlive: true, maxSockets: 4 });
      // Each call that got no answer, again with its key: replayed if it was saved (with its answer),
      // written now if it never was; "answer lost" (saved without its answer) must never happen.
      const retried = { replayed: 0, written: 0, answerLost: 0, refused: refusedUnderLoad };
      const answeredIds = [...load.acked];
      for (const req of load.unanswered) {
        const r = await call(base, agent, 'POST', req.path, token, req.body, req.headers);
        if (r.status === 201) {
          answeredIds.push(r.body.id);
          if (r.headers['idempotent-replayed'] === 'true') retried.replayed++;
          else retried.written++;
        } else if (r.status === 409 && /^request\.idempotency_(answer_lost|in_progress)$/.test(r.body?.error?.code)) retried.answerLost++;
        else {
          retried.refused++;
          log(`  ${kind} round ${round}: a retry answered ${r.status} ${JSON.stringify(r.body)}`);
        }
      }
      const present = await projectsTagged(base, agent, token, tag);
      const ids = new Set([...present.values()].flat());
      const lost = answeredIds.filter((id) => !ids.has(id)).length;
      const duplicates = [...present.values()].filter((v) => v.length > 1).length;
      const r: Round = {
        round,
        acknowledged: load.acked.length,
        lost,
        duplicates,
        unanswered: load.unanswered.length,
        retried,
        killAfterMs,
        restartMs: again.ms,
      };
      rounds.push(r);
      log(
        `${kind} round ${round}/${opts.rounds}: acknowledged ${r.acknowledged}, lost ${lost}, duplicates ${duplicates}; killed ${killAfterMs} ms after the first, restart ${r.restartMs} ms; ` +
          `${r.unanswered} unanswered, retried: ${retried.replayed} replayed, ${retried.written} written now, ${retried.answerLost} answer lost, ${retried.refused} refused`,
      );
    }
    const sum = (f: (r: Round) => number) => rounds.reduce((n, r) => n + f(r), 0);
    return {
      kind,
      rounds,
      acknowledged: sum((r) => r.acknowledged),
      lost: sum((r) => r.lost),
      duplicates: sum((r) => r.duplicates),
      unanswered: sum((r) => r.unanswered),
      replayed: sum((r) => r.retried.replayed),
      writtenOnRetry: sum((r) => r.retried.written),
      answerLost: sum((r) => r.retried.answerLost),
      startMs: first.ms,
      restartMs: rounds.map((r) => r.restartMs),
    };
  } finally {
    agent.destroy();
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await store.drop();
    if (store.env.PCP_DATA_DIR) rmSync(store.env.PCP_DATA_DIR, { recursive: true, force: true });
  }
}

export function summary(r: Result) {
  const t = r.restartMs;
  return (
    `${r.kind} total: ${r.rounds.length} rounds, acknowledged ${r.acknowledged}, lost ${r.lost}, duplicates ${r.duplicates}, answer lost ${r.answerLost}; ` +
    `${r.unanswered} unanswered at the kill, on retry ${r.replayed} replayed and ${r.writtenOnRetry} written now; ` +
    `restart ms median ${median(t)}, max ${Math.max(0, ...t)}, min ${t.length ? Math.min(...t) : 0} (first start ${r.startMs} ms)`
  );
}

const USAGE = 'usage: npm run test:durability -- [--rounds N] [--db pglite|postgres|both] [--pg-url postgres://user@host:port/db] [--writers N] [--seed S]';

class UsageError extends Error {}

function parse(argv: string[]) {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { rounds: { type: 'string' }, db: { type: 'string' }, 'pg-url': { type: 'string' }, writers: { type: 'string' }, seed: { type: 'string' } },
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const whole = (name: string, dflt: number, min: number) => {
    const v = values[name];
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be a whole number, ${min} or more (got "${v}")`);
    return Number(v);
  };
  const pgUrl = values['pg-url'] ?? process.env.PCP_TEST_PG_URL ?? undefined;
  const db = values.db ?? (pgUrl ? 'both' : 'pglite');
  if (!['pglite', 'postgres', 'both'].includes(db)) throw new UsageError(`--db must be pglite, postgres or both (got "${db}")`);
  if (db !== 'pglite' && !pgUrl) throw new UsageError(`--db ${db} needs a PostgreSQL server: --pg-url, or PCP_TEST_PG_URL`);
  const kinds: Kind[] = db === 'both' ? ['pglite', 'postgres'] : [db as Kind];
  return { rounds: whole('rounds', 3, 1), writers: whole('writers', 6, 1), seed: whole('seed', Math.floor(Math.random() * 2 ** 31), 0), kinds, pgUrl };
}

async function main() {
  let o: ReturnType<typeof parse>;
  try {
    o = parse(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  console.log(`durability: ${o.rounds} rounds on ${o.kinds.join(' and ')}, ${o.writers} writers, seed ${o.seed}`);
  const results: Result[] = [];
  for (const kind of o.kinds) results.push(await durability(kind, { rounds: o.rounds, writers: o.writers, pgUrl: o.pgUrl, seed: o.seed }));
  for (const r of results) console.log(summary(r));
  const bad = results.filter((r) => r.lost || r.duplicates || r.answerLost);
  console.log(
    bad.length
      ? `FAILED: ${bad.map((r) => `${r.kind} lost ${r.lost}, duplicates ${r.duplicates}, answer lost ${r.answerLost}`).join('; ')}`
      : 'no acknowledged write lost, none written twice, no answer lost',
  );
  process.exit(bad.length ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
