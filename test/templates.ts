// The migrated databases every test file starts from, made once per run by test/run.ts: a PGlite
// data folder (a tar each test loads) and, on the PostgreSQL pass, a database on the server that
// each test's database is copied from (CREATE DATABASE ... TEMPLATE) instead of migrated anew.
import { randomBytes } from 'node:crypto';
import { createDb, type Database, dumpMigratedTemplate } from '../src/platform/db/client.js';
import { adminQuery, databaseUrl } from '../src/platform/db/scratch.js';

/** Bumped when what tunedPgliteTemplate() does changes, so a cached tar from before is not used. */
export const PGLITE_TEMPLATE_VERSION = 'shared_buffers-16MB-checkpointed-1';

/**
 * The migrated PGlite folder, tuned for loading fast: PGlite's initdb gives it 128MB of shared
 * buffers, which every start sets up (~0.35 s of CPU of each ~1.2 s load); a test database holds
 * a few megabytes, so 16MB is plenty (the app's own folders keep PGlite's default). Dumped after a
 * checkpoint, so a load replays no WAL.
 */
export async function tunedPgliteTemplate(): Promise<Uint8Array> {
  const database = await createDb({ loadDataDir: await dumpMigratedTemplate() });
  try {
    await database.exec(`alter system set shared_buffers = '16MB'`);
    const dump = database.dumpDataDir;
    if (!dump) throw new Error('a PGlite database can be dumped');
    return await dump();
  } finally {
    await database.close();
  }
}

/**
 * A Blob of bytes already in memory. Node 20's Blob.arrayBuffer() reads a 40MB blob in small chunks
 * and joins them (~0.3 s of CPU a load); PGlite calls only arrayBuffer(), which here is one copy.
 */
export class BytesBlob extends Blob {
  readonly #data: Uint8Array;
  constructor(data: Uint8Array) {
    super([]);
    this.#data = data;
  }
  override get size() {
    return this.#data.byteLength;
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#data.slice().buffer as ArrayBuffer;
  }
}

/**
 * A migrated database on the server to copy test databases from; its name, and how to drop it.
 * Made by migrating an empty database exactly as the app does at start-up.
 */
export async function makePgTemplate(serverUrl: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `pcp_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const drop = () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  try {
    const d = await createDb({ databaseUrl: databaseUrl(serverUrl, name) });
    await d.close();
  } catch (e) {
    await drop();
    throw e;
  }
  return { name, drop };
}

/** A new database on the server (a copy of `template` when given): its address, and how to drop it. */
export async function newPgDatabase(serverUrl: string, prefix: string, template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, template ? `create database ${name} template ${template}` : `create database ${name}`);
  return { url: databaseUrl(serverUrl, name), drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`) };
}

/**
 * A test's own database, copied from the template (~0.5 s; migrating a new one takes ~5 s), opened
 * as the app opens one (its migrations checked, none left to apply), dropped when closed.
 */
export async function copyOfPgTemplate(serverUrl: string, template: string): Promise<Database> {
  const copy = await newPgDatabase(serverUrl, 'pcp_test', template);
  let d: Database;
  try {
    d = await createDb({ databaseUrl: copy.url });
  } catch (e) {
    await copy.drop();
    throw e;
  }
  return {
    ...d,
    close: async () => {
      await d.close();
      await copy.drop();
    },
  };
}
