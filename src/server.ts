import { appJobs, buildApp, createServices } from './app.js';
import { type Config, databaseOptions } from './config.js';
import { serveBackups } from './platform/db/backup.js';
import { createDb, type Database, type Db } from './platform/db/client.js';
import { createJobRunner } from './platform/jobs/jobs.js';

/** Opens the database, listens, and closes both cleanly on SIGINT/SIGTERM. */
export async function startServer(
  config: Config,
  opts: {
    onListening?: (url: string) => void | Promise<void>;
    beforeListen?: (services: ReturnType<typeof createServices>) => Promise<void>;
    /** The database, already being opened (`pcp start` opens it while this module loads): else it is opened here. */
    database?: Promise<Database>;
    /**
     * The database's client before it is open (createDb's onClient: a PGlite folder, on its thread):
     * the app is built on it while PGlite starts, and its statements wait until the database is open.
     */
    client?: Promise<Db>;
  } = {},
) {
  const opening = opts.database ?? createDb(databaseOptions(config));
  const early = opts.client
    ? await Promise.race([
        opts.client,
        opening.then(
          () => null,
          () => null,
        ),
      ])
    : null;
  // The app is built on the early client while the database opens (a PGlite folder), else on the
  // open database's; either way its statements reach the database only once it is open.
  const services = createServices({ db: early ?? (await opening).db, config });
  const app = await buildApp({ config, services });
  const database = await opening;
  if (opts.beforeListen) await opts.beforeListen(services);
  // On a PGlite folder, the local socket through which `pcp backup` gets a consistent copy while
  // this process holds the folder (no other process can open it).
  const backups =
    database.kind === 'pglite' && database.dumpDataDir && config.dataDir !== ':memory:'
      ? await serveBackups(config.dataDir, database.dumpDataDir, app.log)
      : null;
  // Background jobs (the reminder emails): pg-boss on PostgreSQL, a timer on PGlite. None without a
  // mail relay. A queue that cannot start is logged, and the pages and the API run without it.
  const jobList = appJobs(services, config);
  const jobs = jobList.length ? createJobRunner(jobList, { databaseUrl: config.databaseUrl, log: app.log }) : null;
  let closing = false;
  /**
   * Stop accepting, refuse what arrives on open sockets (app.ts answers 503 and closes them), let
   * in-flight requests finish, then end the pool or close PGlite. Keep-alive sockets that fall idle
   * are closed as they do; after the grace period any still busy are cut.
   */
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    const safety = setTimeout(() => {
      app.log.error('shutdown did not finish: exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    const reap = setInterval(() => app.server.closeIdleConnections(), 25);
    const cut = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceMs);
    let code = 0;
    try {
      await app.close();
      await jobs?.stop();
      await backups?.close();
      await database.close();
    } catch (e) {
      app.log.error({ err: e }, 'shutdown failed');
      code = 1;
    } finally {
      clearInterval(reap);
      clearTimeout(cut);
      clearTimeout(safety);
      process.exit(code);
    }
  };
  // on, not once: Ctrl+C signals the whole process group, and npm and tsx pass the signal on as
  // well, so a second one arrives while closing; with no listener left it would kill the process
  // before PGlite has written its data folder.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    const url = await app.listen({ host: config.host, port: config.port });
    await jobs?.start().catch((err) => app.log.error({ err }, 'the job queue could not start: no reminder will be sent'));
    await opts.onListening?.(url);
    return { app, database, url };
  } catch (e) {
    await backups?.close();
    await database.close();
    throw e;
  }
}
