// The store of the API's Idempotency-Keys and the work each key adds to a write's transaction;
// src/api/idempotency.ts says how the two fit together and wraps the routes.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type Db, inRequestTransaction } from '../platform/db/client.js';
import { createIdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** How long a key is kept: a retry within this time replays, a later one is a new request. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/**
 * A key recorded without an answer for longer than this lost its answer. Only a key kept by an
 * earlier version (which stored the answer just after the commit) can lack one; today the answer
 * commits with the key.
 */
export const ANSWER_PENDING_MS = 10_000;
export const KEY_RE = /^[\x21-\x7e]{1,255}$/;
export const KEY_MESSAGE = 'Idempotency-Key must be 1 to 255 visible ASCII characters (letters, digits and punctuation; no spaces), such as a UUID';

/** Thrown inside a transaction to roll it back: another request holds, or has recorded, the key. */
export class KeyTaken extends Error {}
/** Rolls back a request that was refused (not 2xx): it keeps no key, and whatever it wrote is undone. */
class Refused extends Error {
  constructor(readonly answer: Answer) {
    super('refused');
  }
}

export type Call = {
  tokenId: string;
  key: string;
  requestHash: string;
  seal: Sealer;
};

/** An answer as sent: status, content type and the body's text. */
export type Answer = { status: number; contentType: string; body: string };

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

/** The id of what a creating call made, from its JSON answer: kept for an answer that was lost. */
function resourceIdOf(a: Answer): string | null {
  try {
    const id = (JSON.parse(a.body) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
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
     * Carries out a call with its key in one transaction (inRequestTransaction): it takes an
     * advisory lock on the token and key (requests sent together with one key run one after the
     * other), refuses if the key is recorded (KeyTaken), runs `work` (the route's handler, which
     * builds its answer inside the transaction, reads included), and records the key with the
     * sealed answer before the commit. So a write never commits without its key and its answer: a
     * process killed at any moment leaves either nothing or all three, and a retry always gets the
     * first answer. A refused call (not 2xx) is rolled back and keeps no key.
     */
    async perform(call: Call, work: () => Promise<Answer>): Promise<Answer> {
      let answer: Answer;
      try {
        answer = await inRequestTransaction(db, async (tx) => {
          const r = createIdempotencyRepository({ db: tx });
          await r.lock(call.tokenId, call.key);
          if (await r.find(call.tokenId, call.key, since())) throw new KeyTaken();
          const a = await work();
          if (a.status < 200 || a.status >= 300) throw new Refused(a);
          const at = now();
          const id = resourceIdOf(a);
          if (!(await r.claim({ tokenId: call.tokenId, key: call.key, requestHash: call.requestHash, resourceId: id, createdAt: at }, since())))
            throw new KeyTaken();
          const sealed = call.seal.seal(JSON.stringify({ contentType: a.contentType, body: a.body }), call.key);
          await r.answer(call.tokenId, call.key, { status: a.status, answer: sealed, answeredAt: at });
          return a;
        });
      } catch (e) {
        if (e instanceof Refused) return e.answer;
        throw e;
      }
      // Old keys go as new ones come, at most once a minute.
      const t = now().getTime();
      if (t - purgedAt >= 60_000) {
        purgedAt = t;
        await repo.purge(since());
      }
      return answer;
    },
  };
}
export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
