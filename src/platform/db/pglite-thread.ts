/**
 * A PGlite data folder served by PGlite on a worker thread (pglite-worker.js), behind the few
 * methods of PGlite's client that the app and Drizzle's PGlite driver call: query, exec,
 * transaction, dumpDataDir, close and waitReady (issue 19: the main thread builds the app while
 * PGlite starts, and renders pages while PGlite answers queries, on another core).
 *
 * One connection, as PGlite itself: a transaction holds the connection from BEGIN to COMMIT (or
 * ROLLBACK), and every statement from outside it waits its turn, as PGlite's own transaction mutex
 * makes it wait. Errors come back with PostgreSQL's fields (code, constraint, detail...), so
 * isUniqueViolation and the error map read them as they read PGlite's.
 */
import { Worker } from 'node:worker_threads';

type Fields = { name: string; dataTypeID: number }[];
export type ThreadResult = { rows: unknown[]; fields: Fields; affectedRows?: number };
type QueryOptions = { rowMode?: 'array' | 'object'; parsers?: Record<number, (v: string, typeId: number) => unknown> };
type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

export type ThreadTransaction = {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResult>;
  exec(sql: string): Promise<ThreadResult[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
};

/**
 * The worker's young generation (V8's new space: two semi-spaces and their large objects, 3 x 4 MB).
 * Left to V8, it grows to 3 x 16 MB under load although few of PGlite's objects live longer than a
 * query; held small, the server's peak memory under the load bench fell by about 24 MB with no loss
 * of throughput (the main thread's own is set by `npm start`'s --max-semi-space-size).
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/**
 * A FIFO lock: the connection, held by a statement or by a whole transaction. Taken at once when
 * free (the usual case, every statement takes it); otherwise handed straight to the next in line.
 * Ten lines rather than a package: PGlite bundles async-mutex but does not export it.
 */
class Turn {
  #busy = false;
  #waiting: (() => void)[] = [];
  take(): Promise<void> | undefined {
    if (!this.#busy) {
      this.#busy = true;
      return undefined;
    }
    return new Promise<void>((res) => this.#waiting.push(res));
  }
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }
}

/** PostgreSQL's error, rebuilt from the fields sent across the thread. */
function rebuildError(e: Record<string, unknown>): Error {
  const { message, ...fields } = e;
  return Object.assign(new Error(String(message)), fields);
}

/**
 * Drizzle's PGlite driver passes parsers that keep dates, intervals and numeric arrays as the text
 * PostgreSQL sent: the worker applies the same (functions cannot cross a thread), and anything else
 * is refused rather than silently parsed another way.
 */
const rawTypesOf = new WeakMap<object, number[]>();
function rawTypes(parsers: QueryOptions['parsers']): number[] | undefined {
  if (!parsers) return undefined;
  // Drizzle passes the same parsers object with every query: probed once.
  const known = rawTypesOf.get(parsers);
  if (known) return known;
  const oids = Object.keys(parsers).map(Number);
  for (const oid of oids) if (parsers[oid]('probe', oid) !== 'probe') throw new Error(`PGlite thread: type ${oid} has a parser other than the identity`);
  rawTypesOf.set(parsers, oids);
  return oids;
}

export class PgliteThread {
  readonly waitReady: Promise<void>;
  #worker: Worker;
  #next = 1;
  #pending = new Map<number, Pending>();
  #turn = new Turn();
  #failed: Error | null = null;
  #writes = 0;
  #readOnly = new Set<string>();
  /** waitReady resolved, open() called: the statements' fast path skips awaiting them. */
  #ready = false;
  #isOpen = false;
  #opened!: () => void;
  #notOpened!: (e: unknown) => void;
  /** Resolved by open() once the migrations have run: until then only `direct` reaches the database. */
  readonly #open = new Promise<void>((res, rej) => {
    this.#opened = res;
    this.#notOpened = rej;
  });

  constructor(dataDir: string, options: { startParams: string[]; loadDataDir?: ArrayBuffer }) {
    this.#open.catch(() => {});
    this.#worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
      workerData: { dataDir, startParams: options.startParams, loadDataDir: options.loadDataDir },
      transferList: options.loadDataDir ? [options.loadDataDir] : [],
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.waitReady = new Promise<void>((resolve, reject) => {
      const first = (m: { ready?: boolean; error?: Record<string, unknown> }) => {
        this.#worker.off('message', first);
        if (m.ready) resolve();
        else reject(rebuildError(m.error ?? { message: 'PGlite did not start' }));
      };
      this.#worker.on('message', first);
      this.#worker.once('error', (e) => reject(e));
    });
    this.waitReady.then(
      () => {
        this.#ready = true;
        this.#worker.on('message', (m: { id: number; answer?: unknown; error?: Record<string, unknown> }) => this.#answer(m));
      },
      () => {},
    );
    // A thread that dies (an uncaught error in PGlite, out of memory) fails every waiting statement
    // and every later one, rather than leaving requests waiting for ever.
    const fail = (e: Error) => {
      this.#failed ??= e;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`the PGlite thread ended (exit code ${code})`)));
  }

  /**
   * The app may be given this client before the database is ready (the server builds its routes
   * meanwhile): its statements wait until open() (the migrations done), or fail with the start's error.
   */
  open(): void {
    this.#isOpen = true;
    this.#opened();
  }
  notOpened(e: unknown): void {
    this.#notOpened(e);
  }

  /**
   * How many times a statement that may write was sent or answered: every statement, transaction and
   * exec but the plain reads declared by readsOnly(). This process is the folder's only writer (the
   * folder is locked), so a read made while this number had some value still holds while it has it
   * (db/client.ts prepared(): the session lookup, kept between writes).
   */
  get writes(): number {
    return this.#writes;
  }
  /** Declares `sql` a plain read (a SELECT of columns, no function that writes): it does not move `writes`. */
  readsOnly(sql: string): void {
    this.#readOnly.add(sql);
  }
  /** `writes` moves when a statement that may write is sent and again when it is answered, whether or not it failed. */
  #writing<T>(statement: () => Promise<T>): Promise<T> {
    this.#writes++;
    return statement().finally(() => {
      this.#writes++;
    });
  }

  /** The same connection without that wait, for the migrations that open() waits for. */
  readonly direct = {
    query: (sql: string, params?: unknown[], options?: QueryOptions) => this.#alone(() => this.#query(sql, params, options)),
    exec: (sql: string) => this.#writing(() => this.#alone(() => this.#send<ThreadResult[]>({ op: 'exec', sql }))),
    transaction: <T>(fn: (tx: ThreadTransaction) => Promise<T>) => this.#writing(() => this.#transaction(fn)),
  };

  #answer(m: { id: number; answer?: unknown; error?: Record<string, unknown> }) {
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if (m.error) p.reject(rebuildError(m.error));
    else p.resolve(m.answer);
  }

  async #send<T>(message: Record<string, unknown>): Promise<T> {
    if (!this.#ready) await this.waitReady;
    if (this.#failed) throw this.#failed;
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  #query(sql: string, params?: unknown[], options?: QueryOptions) {
    const send = () => this.#send<ThreadResult>({ op: 'query', sql, params: params ?? [], rowMode: options?.rowMode, rawTypes: rawTypes(options?.parsers) });
    return this.#readOnly.has(sql) ? send() : this.#writing(send);
  }

  async #alone<T>(fn: () => Promise<T>): Promise<T> {
    const waiting = this.#turn.take();
    if (waiting) await waiting;
    try {
      return await fn();
    } finally {
      this.#turn.release();
    }
  }

  async query(sql: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResult> {
    if (!this.#isOpen) await this.#open;
    return this.direct.query(sql, params, options);
  }

  async exec(sql: string): Promise<ThreadResult[]> {
    if (!this.#isOpen) await this.#open;
    return this.direct.exec(sql);
  }

  /** As PGlite's: BEGIN, the callback with the transaction, COMMIT; ROLLBACK if it throws. */
  async transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    if (!this.#isOpen) await this.#open;
    return this.#writing(() => this.#transaction(fn));
  }

  #transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    return this.#alone(async () => {
      let closed = false;
      const open = () => {
        if (closed) throw new Error('Transaction is closed');
      };
      const tx: ThreadTransaction = {
        query: async (sql, params, options) => {
          open();
          return this.#query(sql, params, options);
        },
        exec: async (sql) => {
          open();
          return this.#send<ThreadResult[]>({ op: 'exec', sql });
        },
        rollback: async () => {
          open();
          await this.#send({ op: 'exec', sql: 'ROLLBACK' });
          closed = true;
        },
        get closed() {
          return closed;
        },
      };
      await this.#send({ op: 'exec', sql: 'BEGIN' });
      try {
        const out = await fn(tx);
        if (!closed) {
          closed = true;
          await this.#send({ op: 'exec', sql: 'COMMIT' });
        }
        return out;
      } catch (e) {
        if (!closed) {
          closed = true;
          await this.#send({ op: 'exec', sql: 'ROLLBACK' }).catch(() => {});
        }
        throw e;
      }
    });
  }

  /** The data folder as a tar, after a checkpoint, with no statement running meanwhile. */
  async dumpDataDir(): Promise<Blob> {
    const bytes = await this.#alone(() => this.#send<ArrayBuffer>({ op: 'dump' }));
    return new Blob([bytes]);
  }

  /** Checkpoint, close PGlite (its folder is then consistent) and end the thread. */
  async close(): Promise<void> {
    try {
      const started = await this.waitReady.then(
        () => true,
        () => false,
      );
      if (started && !this.#failed) await this.#alone(() => this.#send({ op: 'close' }));
    } finally {
      await this.#worker.terminate();
    }
  }
}
