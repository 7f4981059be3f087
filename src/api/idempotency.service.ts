// The store of the API's Idempotency-Keys and the work each key adds to a write's transaction;
// src/api/idempotency.ts says how the two fit together and wraps the routes.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type Db, type TransactionHooks, transactionHooks } from '../platform/db/client.js';
import { createIdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** How long a key is kept: a retry within this time replays, a later one is a new request. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A key recorded without an answer for longer than this lost its answer (the process stopped): the answer is stored milliseconds after the commit. */
export const ANSWER_PENDING_MS = 10_000;
export const KEY_RE = /^[\x21-\x7e]{1,255}$/;
export const KEY_MESSAGE = 'Idempotency-Key must be 1 to 255 visible ASCII characters (letters, digits and punctuation; no spaces), such as a UUID';

/** Thrown inside a transaction to roll it back: another request holds, or has recorded, the key. */
export class KeyTaken extends Error {}

export type Call = {
  tokenId: string;
  key: string;
  requestHash: string;
  seal: Sealer;
  /** The key's row is committed (with the write). */
  committed: boolean;
  /** The transaction running now inserted the row (committed once it commits). */
  claiming: boolean;
  answered: boolean;
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
    /** What each root transaction of the call does with its key (see the top of this file). */
    hooks(call: Call): TransactionHooks {
      return {
        async begin(tx) {
          call.claiming = false;
          if (call.committed) return;
          const r = createIdempotencyRepository({ db: tx });
          await r.lock(call.tokenId, call.key);
          if (await r.find(call.tokenId, call.key, since())) throw new KeyTaken();
        },
        async beforeCommit(tx, result) {
          if (call.committed) return;
          const r = createIdempotencyRepository({ db: tx });
          if (!(await r.wrote())) return;
          const id = (result as { id?: unknown } | null | undefined)?.id;
          const claimed = await r.claim(
            { tokenId: call.tokenId, key: call.key, requestHash: call.requestHash, resourceId: typeof id === 'string' ? id : null, createdAt: now() },
            since(),
          );
          if (!claimed) throw new KeyTaken();
          call.claiming = true;
        },
        committed() {
          if (call.claiming) call.committed = true;
        },
      };
    },
    /**
     * Stores the answer of a call whose key committed with its write: one UPDATE, no transaction
     * around it, as the time from the write's commit to here is the only moment a kill loses an
     * answer. A call that wrote outside any transaction (none does today) records its key here,
     * after the write. Old keys are purged after, at most once a minute.
     */
    async keepAnswer(call: Call, status: number, contentType: string, body: string) {
      const at = now();
      const answer = call.seal.seal(JSON.stringify({ contentType, body }), call.key);
      if (call.committed) await repo.answer(call.tokenId, call.key, { status, answer, answeredAt: at });
      // Outside the call's scope: this transaction is not one of the call's writes.
      else
        await transactionHooks.exit(() =>
          db.transaction(async (tx) => {
            const r = createIdempotencyRepository({ db: tx });
            const fields = { tokenId: call.tokenId, key: call.key, requestHash: call.requestHash, resourceId: null, createdAt: at };
            if (await r.claim(fields, since())) await r.answer(call.tokenId, call.key, { status, answer, answeredAt: at });
          }),
        );
      if (at.getTime() - purgedAt >= 60_000) {
        purgedAt = at.getTime();
        await repo.purge(since());
      }
    },
  };
}
export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
