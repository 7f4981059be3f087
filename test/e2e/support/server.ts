// The real app listening on a loopback port, over a fresh database, for browser tests.
import type { TestContext } from 'node:test';
import { type Config, testConfig } from '../../../src/config.js';
import { buildApp } from '../../../src/app.js';
import { createServices } from '../../../src/app.js';
import { freshDb } from '../../helpers.js';

export async function serve(t: TestContext, seed?: (services: ReturnType<typeof createServices>) => Promise<void>, opts: { config?: Partial<Config> } = {}) {
  const database = await freshDb(t);
  const config = testConfig(opts.config);
  const services = createServices({ db: database.db, config });
  if (seed) await seed(services);
  const app = await buildApp({ config, services });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => app.close());
  return { url: url.replace('127.0.0.1', 'localhost'), services, database };
}
