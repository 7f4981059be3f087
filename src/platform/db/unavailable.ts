/**
 * Database failures that are the database's state, not the request's fault: the answer is 503
 * ("try again shortly"), and the log names the cause. Walks the error's `cause` chain because
 * Drizzle wraps the driver's error in "Failed query: ..." and pg-pool wraps a connect time-out.
 */
export type Unavailable = {
  reason: 'connect_timeout' | 'acquire_timeout' | 'statement_timeout' | 'idle_in_transaction_timeout' | 'unreachable' | 'connection_lost';
  /** The driver's own message (never the query's parameters). */
  cause: string;
  pgCode?: string;
};

export function databaseUnavailable(err: unknown): Unavailable | null {
  for (let e = err as (Error & { code?: string; cause?: unknown }) | undefined, depth = 0; e && depth < 6; e = e.cause as typeof e, depth++) {
    if (typeof e !== 'object') break;
    const code = e.code;
    const msg = String(e.message ?? '');
    const out = (reason: Unavailable['reason']): Unavailable => ({ reason, cause: msg, pgCode: code && /^[0-9A-Z]{5}$/.test(code) ? code : undefined });
    if (msg === 'timeout exceeded when trying to connect') return out('acquire_timeout');
    if (msg.startsWith('Connection terminated due to connection timeout')) return out('connect_timeout');
    if (code === '57014' && /statement timeout/.test(msg)) return out('statement_timeout');
    if (code === '25P03') return out('idle_in_transaction_timeout');
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN') return out('unreachable');
    // Administrator shutdown, crash recovery, a server starting up or refusing connections.
    if (code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return out('connection_lost');
    if (code === 'ECONNRESET' || /^Connection terminated/.test(msg) || /not queryable/.test(msg)) return out('connection_lost');
  }
  return null;
}

export const UNAVAILABLE_MESSAGE = 'The database is not answering just now. Nothing was saved. Try again in a minute.';
