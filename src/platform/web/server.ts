import type { Config } from '../../config.js';
import { createDb } from '../db/client.js';
import { buildApp } from './app.js';
import { createServices } from './services.js';

/** Opens the database, listens, and closes both cleanly on SIGINT/SIGTERM. */
export async function startServer(config: Config, opts: { onListening?: (url: string) => void | Promise<void>; beforeListen?: (services: ReturnType<typeof createServices>) => Promise<void> } = {}) {
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const services = createServices({ db: database.db, config });
  if (opts.beforeListen) await opts.beforeListen(services);
  const app = await buildApp({ config, services });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    const timer = setTimeout(() => process.exit(1), 10_000);
    try {
      await app.close();
      await database.close();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  // on, not once: Ctrl+C signals the whole process group, and npm and tsx pass the signal on as
  // well, so a second one arrives while closing; with no listener left it would kill the process
  // before PGlite has written its data folder.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    const url = await app.listen({ host: config.host, port: config.port });
    await opts.onListening?.(url);
    return { app, database, url };
  } catch (e) {
    await database.close();
    throw e;
  }
}
