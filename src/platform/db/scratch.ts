import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DbTuning } from '../../config.js';
import { createDb, type Database } from './client.js';

/** Runs one statement on its own connection to the server (create or drop a database: not in a pool's transaction). */
export async function adminQuery(serverUrl: string, sql: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The address of another database on the same server. */
export function databaseUrl(serverUrl: string, name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, empty database on a PostgreSQL server: its address, and how to drop it. */
export async function scratchDatabase(serverUrl: string, prefix = 'pcp_scratch'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  return { url: databaseUrl(serverUrl, name), drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`) };
}

/** A new, migrated database on a PostgreSQL server, dropped when closed: test and benchmark runs never share state. */
export async function scratchPostgres(serverUrl: string, prefix = 'pcp_scratch', tuning?: DbTuning): Promise<Database> {
  const scratch = await scratchDatabase(serverUrl, prefix);
  const d = await createDb({ databaseUrl: scratch.url, tuning });
  return {
    ...d,
    close: async () => {
      await d.close();
      await scratch.drop();
    },
  };
}
