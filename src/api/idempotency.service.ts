// The store of the API's Idempotency-Keys and the transaction each call with a key runs in;
// src/api/idempotency.ts says how the two fit together and wraps the routes.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { TransactionRollbackError } from 'drizzle-orm';
import { type Db, type Tx, withinTransaction } from '../platform/db/client.js';
import { createIdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** How long a key is kept: a retry within this time replays, a later one is a new request. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
export const KEY_RE = /^[\x21-\x7e]{1,255}$/;
export const KEY_MESSAGE = 'Idempotency-Key must be 1 to 255 visible ASCII characters (letters, digits and punctuation; no spaces), such as a UUID';

/** Another request with the key is being carried out now (it holds the key's lock). */
export class KeyBusy extends Error {}
/** The key is recorded: its request was carried out. */
export class KeyTaken extends Error {}

export type Call = {
  tokenId: string;
  key: string;
  requestHash: string;
  seal: Sealer;
};

/** The answer a call sent, to keep with its key. */
export type Answer = { status: number; contentType: string; body: string };

/**
 * One call's transaction, open while its handler runs: `run` runs the handler in it (every query of
 * the app's database goes through it), `finish` ends it: with an answer, the key and the sealed
 * answer are written in it and it commits (resolving true when it wrote and so kept the key); with
 * none, it rolls back and nothing of the call is saved.
 */
export type CallTransaction = {
  run<T>(fn: () => T): T;
  finish(answer: Answer | null): Promise<boolean>;
};

/**
 * The caller's bearer token keys both the request's fingerprint (HMAC) and the answer's seal
 * (AES-256-GCM); the database holds only the token's hash, so a copy of the table cannot be read
 * (an answer to POST /tokens holds a token's secret) nor its fingerprints tested against guesses.
 */
type Sealer = ReturnType<typeof sealer>;
export function sealer(bearer: string, tokenId: string) {
  const k = Buffer.from(hkdfSync('sha256', bearer, tokenId, 'pcp idempotency-key v1', 64));
  const enc = k.subarray(0, 32);
  const mac = k.subarray(32);
  return {
    fingerprint: (s: string) => createHmac('sha256', mac).update(s).digest('base64url'),
    seal(plain: string, aad: string) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', enc, iv);
      c.setAAD(Buffer.from(aad));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    open(sealed: string, aad: string) {
      const b = Buffer.from(sealed, 'base64');
      const d = createDecipheriv('aes-256-gcm', enc, b.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** The keys' store over one database and clock; built with the other services. */
export function createIdempotencyService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const repo = createIdempotencyRepository({ db });
  const since = () => new Date(now().getTime() - KEY_LIFETIME_MS);
  let purgedAt = 0;
  return {
    now,
    find: (tokenId: string, key: string) => repo.find(tokenId, key, since()),
    /**
     * Opens the call's transaction. It first takes the key's lock, without waiting (KeyBusy: another
     * request with the key is running), and refuses a key already recorded (KeyTaken). The lock is
     * held until the transaction ends, so two requests with one key never run side by side.
     */
    async begin(call: Call): Promise<CallTransaction> {
      let end!: (answer: Answer | null) => void;
      const ended = new Promise<Answer | null>((resolve) => {
        end = resolve;
      });
      let opened!: (tx: Tx) => void;
      const ready = new Promise<Tx>((resolve) => {
        opened = resolve;
      });
      const done = db.transaction(async (tx) => {
        const r = createIdempotencyRepository({ db: tx });
        if (!(await r.tryLock(call.tokenId, call.key))) throw new KeyBusy();
        if (await r.find(call.tokenId, call.key, since())) throw new KeyTaken();
        opened(tx);
        const answer = await ended;
        if (!answer) {
          tx.rollback();
          return false;
        }
        // A call that wrote nothing (a read, or nothing to change) keeps no key.
        if (!(await r.wrote())) return false;
        const at = now();
        const claimed = await r.claim(
          {
            tokenId: call.tokenId,
            key: call.key,
            requestHash: call.requestHash,
            resourceId: resourceIdOf(answer),
            createdAt: at,
            status: answer.status,
            answer: call.seal.seal(JSON.stringify({ contentType: answer.contentType, body: answer.body }), call.key),
            answeredAt: at,
          },
          since(),
        );
        // Cannot happen under the lock; if it did, the call's write must not be saved without its key.
        if (!claimed) throw new KeyTaken();
        if (at.getTime() - purgedAt >= 60_000) {
          purgedAt = at.getTime();
          await r.purge(since());
        }
        return true;
      });
      // Whichever comes first: the transaction open, or its end (it refused the key, or failed).
      const tx = await Promise.race([ready, done.then(() => Promise.reject(new Error('the call transaction ended before it opened')))]);
      let finished: Promise<boolean> | undefined;
      return {
        run: (fn) => withinTransaction(db, tx, fn),
        finish(answer) {
          if (!finished) {
            end(answer);
            finished = done.catch((e) => {
              if (!answer && e instanceof TransactionRollbackError) return false;
              throw e;
            });
          }
          return finished;
        },
      };
    },
  };
}

/** The id of what a creating call made, from its answer's body (for a key whose answer cannot be read). */
function resourceIdOf(answer: Answer): string | null {
  try {
    const id = (JSON.parse(answer.body) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
