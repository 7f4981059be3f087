// What the app's log may carry. Logs are read by more people, kept longer and copied further than
// the database: they get no query parameters, bodies, tokens, cookies, passwords or hashes. The
// serializers below are allow-lists: a field not named here is not logged.

type Loggable = Error & {
  code?: unknown;
  query?: unknown;
  params?: unknown;
  cause?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
  statusCode?: unknown;
};

/** A PostgreSQL error (node-postgres or PGlite): a five-character SQLSTATE. */
const isDbError = (e: Loggable) => typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);

/**
 * The part of a database message before its first colon: PostgreSQL puts the offending value after
 * it ("invalid input syntax for type uuid: \"...\""), and the row's values in `detail` (never read here).
 */
const dbMessage = (m: string) => m.split(':')[0].slice(0, 200);

/** One error of a cause chain, as logged. */
type Logged = { type: string; message: string; stack: string; [k: string]: unknown };

function one(e: Loggable): Logged {
  const out: Logged = { type: e.name || e.constructor?.name || 'Error', message: '', stack: '' };
  if (isDbError(e)) {
    out.message = dbMessage(String(e.message ?? ''));
    out.code = e.code;
    for (const k of ['constraint', 'table', 'column', 'routine'] as const) if (typeof e[k] === 'string') out[k] = e[k];
  } else if (typeof e.query === 'string') {
    // Drizzle's "Failed query: <sql>\nparams: <values>": the SQL text (placeholders only), no values.
    out.message = 'Failed query';
  } else {
    out.message = String(e.message ?? '').slice(0, 500);
    if (typeof e.code === 'string') out.code = e.code;
  }
  if (typeof e.query === 'string') out.query = e.query.slice(0, 2000);
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  // The stack's first line repeats the message (which, for Drizzle, holds the parameters): dropped.
  out.stack = String(e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .join('\n');
  return out;
}

/** pino's `err` serializer: the error and its causes, without parameters, values or bodies. */
export function safeError(err: unknown): Logged {
  if (!err || typeof err !== 'object') return { type: typeof err, message: '', stack: '' };
  const first = one(err as Loggable);
  const causes = [];
  for (let c = (err as Loggable).cause, depth = 0; c && typeof c === 'object' && depth < 5; c = (c as Loggable).cause, depth++) causes.push(one(c as Loggable));
  if (causes.length) first.causes = causes;
  return first;
}

/** pino's `req` serializer: the method and path, no query string (search terms, `next`), no headers. */
export function safeRequest(req: { method?: string; url?: string; id?: unknown; routeOptions?: { url?: string } }) {
  return { id: req.id, method: req.method, path: String(req.url ?? '').split('?')[0], route: req.routeOptions?.url };
}

export const safeSerializers = { err: safeError, error: safeError, req: safeRequest };

/**
 * pino's logMethod hook: an Error logged on its own (`log.error(err)`) would have its message copied
 * into `msg` whole (Drizzle's holds the parameters); it goes through the `err` serializer instead.
 */
export function safeLogMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
  if (args[0] instanceof Error) {
    const [err, ...rest] = args;
    const msg = typeof rest[0] === 'string' ? rest.shift() : 'error';
    return method.apply(this, [{ err }, msg, ...rest]);
  }
  return method.apply(this, args);
}
