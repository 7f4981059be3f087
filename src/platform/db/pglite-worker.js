// PGlite on a thread of its own (issue 19), for a PGlite data folder opened by the server or the CLI.
// PGlite runs PostgreSQL's code (WASM) on the thread that calls it: on the main thread, its start
// (about 0.7 s) and every query would wait for, and hold up, the pages' JavaScript. Here the main
// thread builds the app while PGlite starts, and renders pages while it answers queries.
// Plain JavaScript, so that the same file runs under tsx (sources) and from dist/bundle (copied there
// by bin/build.ts). The other side, and the messages, are in pglite-thread.ts.
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

// While the server starts, PostgreSQL's WASM runs as compiled by V8's baseline compiler (Liftoff),
// not re-compiled by its optimising one (TurboFan) as functions grow hot: that re-compiling kept
// both cores busy for the first seconds. Without it, on an existing 1.5 GB folder, cold start to the
// first page fell from 1.96 s to 1.44 s (median of five) and the process's CPU to start from 3.3 s
// to 2.0 s. Left off for good, though, a page's queries cost a third more CPU under load (home:
// 2.6 ms a request against 1.95), so it is turned back on a few seconds after the start (below).
// V8's flags are the process's: PGlite is its only WASM.
setFlagsFromString('--liftoff-only');
const OPTIMISE_AFTER_MS = 3000;

const { PGlite } = await import('@electric-sql/pglite');
const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');

/** The fields of a PostgreSQL error (pg-protocol's DatabaseError) kept across the thread. */
const ERROR_FIELDS = [
  'name',
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
];
const plainError = (e) => {
  const out = { message: e instanceof Error ? e.message : String(e) };
  if (e && typeof e === 'object') for (const k of ERROR_FIELDS) if (typeof e[k] === 'string' || typeof e[k] === 'number') out[k] = e[k];
  return out;
};
const identity = (v) => v;
// The same few lists of types come with every query: each list's parsers are made once.
const parsersByTypes = new Map();
const parsersFor = (oids) => {
  if (!oids) return undefined;
  const key = oids.join(',');
  let parsers = parsersByTypes.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(oids.map((oid) => [oid, identity]));
    parsersByTypes.set(key, parsers);
  }
  return parsers;
};
const result = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });

const { dataDir, startParams, loadDataDir } = workerData;
let client;
try {
  client = new PGlite(dataDir, {
    extensions: { btree_gist },
    startParams,
    loadDataDir: loadDataDir ? new Blob([loadDataDir]) : undefined,
  });
  await client.waitReady;
  // Once the first pages have been answered, V8 may again optimise the functions that queries keep
  // hot (under load that halves PGlite's CPU per query): the start is over, the cores are free.
  setTimeout(() => setFlagsFromString('--no-liftoff-only'), OPTIMISE_AFTER_MS).unref();
  parentPort.postMessage({ ready: true });
} catch (e) {
  parentPort.postMessage({ ready: false, error: plainError(e) });
}

parentPort.on('message', async (m) => {
  try {
    let answer;
    let transfer = [];
    if (m.op === 'query') {
      const options = m.rowMode || m.rawTypes ? { rowMode: m.rowMode, parsers: parsersFor(m.rawTypes) } : undefined;
      answer = result(await client.query(m.sql, m.params, options));
    } else if (m.op === 'exec') {
      answer = (await client.exec(m.sql)).map(result);
    } else if (m.op === 'dump') {
      // Inside PGlite's transaction: no other statement runs between the checkpoint and the copy.
      const bytes = await client.transaction(async (tx) => {
        await tx.exec('CHECKPOINT');
        return await (await client.dumpDataDir('none')).arrayBuffer();
      });
      answer = bytes;
      transfer = [bytes];
    } else if (m.op === 'close') {
      // A checkpoint first: the next start replays no WAL (PGlite runs with fsync off).
      await client.exec('CHECKPOINT').catch(() => {});
      await client.close();
      answer = true;
    } else {
      throw new Error(`unknown operation ${m.op}`);
    }
    parentPort.postMessage({ id: m.id, answer }, transfer);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: plainError(e) });
  }
});
