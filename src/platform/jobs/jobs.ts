// Background jobs: one definition of each job, and two runners behind one interface.
//
// - On PostgreSQL, pg-boss (a maintained queue kept in the database itself, schema `pgboss`): each
//   job is a queue with a cron schedule; every instance runs a worker, and pg-boss hands each
//   scheduled run to one of them (its cron tick is taken under a lock, jobs are fetched with
//   SKIP LOCKED), so several instances do not each run it.
// - On PGlite (one process, one connection), the same jobs on a timer in this process: there is no
//   other instance to share them with, and pg-boss's second connection does not exist there.
//
// Either way a job may run twice (a retry after a crash, two triggers): what a job does must be
// safe to repeat. The reminders make their sends exactly-once themselves (platform/reminders).
import type PgBoss from 'pg-boss';

export type Job = {
  /** The queue's name: letters, digits, dots, dashes, underscores. */
  name: string;
  everyMinutes: number;
  /** Does the job's work as at `now`. */
  run(now: Date): Promise<unknown>;
};

export type JobRunner = {
  kind: 'timer' | 'pg-boss';
  start(): Promise<void>;
  /** Asks for a run now (the runner decides where: on PostgreSQL, any instance's worker may take it). */
  trigger(name: string): Promise<void>;
  stop(): Promise<void>;
};

type Log = { error(obj: unknown, msg: string): void; info?(obj: unknown, msg: string): void };

const cronOf = (everyMinutes: number) =>
  everyMinutes >= 60 && everyMinutes % 60 === 0 ? `0 */${everyMinutes / 60} * * *` : everyMinutes === 1 ? '* * * * *' : `*/${everyMinutes} * * * *`;

/** The jobs in this process on timers; a run never overlaps the same job's previous one. */
export function createTimerRunner(jobs: Job[], { now = () => new Date(), log }: { now?: () => Date; log: Log }): JobRunner {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  const run = (job: Job) => {
    const current = running.get(job.name);
    if (current) return current;
    const p = job
      .run(now())
      .then(
        (result) => log.info?.({ job: job.name, result }, 'job done'),
        (err) => log.error({ err, job: job.name }, 'job failed'),
      )
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };
  return {
    kind: 'timer',
    async start() {
      for (const job of jobs) {
        const t = setInterval(() => {
          if (!stopped) void run(job);
        }, job.everyMinutes * 60_000);
        t.unref();
        timers.push(t);
      }
    },
    async trigger(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`No job named ${name}`);
      await run(job);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
  };
}

/**
 * The jobs on pg-boss over its own small pool on the PostgreSQL database (pg-boss 10: Node 20,
 * PostgreSQL 13 or later, like the app). Its tables are made and migrated by pg-boss at start.
 */
export function createPgBossRunner(
  jobs: Job[],
  {
    databaseUrl,
    now = () => new Date(),
    log,
    pollingIntervalSeconds = 2,
  }: { databaseUrl: string; now?: () => Date; log: Log; pollingIntervalSeconds?: number },
): JobRunner {
  // pg-boss hands its whole configuration to its pg.Pool, so pg's pool options apply, though its
  // types do not list them.
  const options: PgBoss.ConstructorOptions & { connectionTimeoutMillis: number } = {
    connectionString: databaseUrl,
    max: 2,
    // A database that does not answer fails the queue's query (pg-boss logs it and polls again)
    // instead of waiting for good.
    connectionTimeoutMillis: 10_000,
    // The app's name in pg_stat_activity: pcp restore refuses a database the app is connected to.
    application_name: 'pcp-tracker',
    // A run that hangs is given up after this, and retried.
    expireInSeconds: 15 * 60,
    retryLimit: 2,
    retryDelay: 60,
  };
  // pg-boss (and the cron and date libraries under it) is loaded when the queue starts: a server
  // with no job (no mail relay) never loads it, and one with jobs loads it after it listens.
  let made: Promise<PgBoss> | undefined;
  const queue = () => {
    if (!made) {
      made = import('pg-boss').then(({ default: PgBossClass }) => {
        const boss = new PgBossClass(options);
        boss.on('error', (err) => log.error({ err }, 'job queue error'));
        return boss;
      });
      // A load that failed is not kept: the next start tries again.
      made.catch(() => {
        made = undefined;
      });
    }
    return made;
  };
  return {
    kind: 'pg-boss',
    async start() {
      const boss = await queue();
      await boss.start();
      for (const job of jobs) {
        await boss.createQueue(job.name);
        await boss.schedule(job.name, cronOf(job.everyMinutes), {}, { tz: 'Europe/London' });
        // A run that throws is failed and retried by pg-boss (retryLimit), and logged here.
        await boss.work(job.name, { pollingIntervalSeconds }, async () => {
          try {
            // The run first, then the log: as an argument of `log.info?.(...)` it would not run at
            // all with a logger that has no `info` (an optional call skips its arguments).
            const result = await job.run(now());
            log.info?.({ job: job.name, result }, 'job done');
          } catch (err) {
            log.error({ err, job: job.name }, 'job failed');
            throw err;
          }
        });
      }
    },
    async trigger(name) {
      if (!jobs.some((j) => j.name === name)) throw new Error(`No job named ${name}`);
      // pg-boss inserts nothing (and answers null) for a queue that does not exist: never silently.
      if (!(await (await queue()).send(name, {}))) throw new Error(`The job queue ${name} does not exist: the job was not queued`);
    },
    async stop() {
      if (made) await (await made).stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/** The runner for the database the app is on. */
export function createJobRunner(jobs: Job[], opts: { databaseUrl?: string; now?: () => Date; log: Log }): JobRunner {
  return opts.databaseUrl ? createPgBossRunner(jobs, { ...opts, databaseUrl: opts.databaseUrl }) : createTimerRunner(jobs, opts);
}
