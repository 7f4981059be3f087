// Idempotency-Key on the API's creating calls (POST operations answering 201; the OpenAPI document
// lists them, src/api/openapi.ts). A client that sends a key may retry the call as often as it likes:
// the first request that writes does the work; every retry with the same key and the same request
// gets that request's answer again (with `Idempotent-Replayed: true`) and writes nothing.
//
// How a key, its write and its answer stay together: a call with a key runs its whole handler in
// one transaction of its own (every query of the app's database goes through it, and each service's
// transaction is a savepoint in it; platform/db/client.ts withinTransaction). The transaction first
// takes an advisory lock on (token, key) without waiting, so a second request with the key while
// the first runs is told it is in progress (409), and refuses a key already recorded. When the
// answer is ready to be sent (onSend), a call that answered 2xx and wrote something writes its key
// and its sealed answer in the same transaction and commits; the answer goes out only after the
// commit. So the write, the key and the answer are saved together or not at all: a server killed
// at any moment leaves either nothing (a retry carries the call out) or all three (a retry gets the
// first answer). A call that failed or was refused (4xx, 5xx) rolls back: nothing of it is saved
// and no key is kept, so sending it again, corrected or not, with the same key is a new attempt.
// If the commit itself fails, the client gets a 503 instead of the answer, and nothing was saved.
//
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { databaseUnavailable, UNAVAILABLE_MESSAGE } from '../platform/db/unavailable.js';
import type { IdempotencyRow } from './idempotency.repository.js';
import {
  type Call,
  type CallTransaction,
  IDEMPOTENCY_HEADER,
  type IdempotencyService,
  KEY_MESSAGE,
  KEY_RE,
  KeyBusy,
  KeyTaken,
  REPLAYED_HEADER,
  sealer,
} from './idempotency.service.js';
import { buildOpenApi } from './openapi.js';

const apiPath = (url: string) => url.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}');

/** The operations that take the header: those the OpenAPI document gives an Idempotency-Key parameter. */
export function idempotentOperations(): Set<string> {
  const paths = (buildOpenApi() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }).paths;
  const out = new Set<string>();
  for (const [path, ops] of Object.entries(paths))
    for (const [method, op] of Object.entries(ops))
      if (op.parameters?.some((p) => p.in === 'header' && p.name === IDEMPOTENCY_HEADER)) out.add(`${method.toUpperCase()} ${path}`);
  return out;
}

const apiError = (reply: FastifyReply, status: number, error: { code: string; message: string; fields?: unknown; details?: unknown }) =>
  reply.code(status).send({ error });

/**
 * Wraps the handler of every operation that takes an Idempotency-Key (registered before the
 * routes), and stores answers as they are sent. The header is optional: without it nothing changes.
 */
export function registerIdempotency(app: FastifyInstance, { idempotency: store }: { idempotency: IdempotencyService }) {
  // Read from the OpenAPI document at the first creating call, not at start (issue 19: a fast start).
  let operations: Set<string> | undefined;
  const takesKey = (url: string) => {
    operations ??= idempotentOperations();
    return operations.has(`POST ${apiPath(url)}`);
  };
  const open = new WeakMap<FastifyRequest, CallTransaction>();

  const inProgress = (reply: FastifyReply) =>
    reply
      .header('retry-after', '1')
      .code(409)
      .send({
        error: {
          code: 'request.idempotency_in_progress',
          message: `A request with this ${IDEMPOTENCY_HEADER} is being carried out. Try again in a moment to get its answer; nothing more will be written.`,
        },
      });

  /** The answer to a request whose key is recorded. */
  const answerFrom = (reply: FastifyReply, call: Call, row: IdempotencyRow | undefined) => {
    // Recorded, then gone within the same request: only a purge of a day-old key can do that.
    if (!row) return inProgress(reply);
    if (row.requestHash !== call.requestHash)
      return apiError(reply, 422, {
        code: 'request.idempotency_key_reused',
        message: `This ${IDEMPOTENCY_HEADER} was used in the last 24 hours for a different request (another method, path or body). Send a new key with a new request.`,
        fields: [{ field: IDEMPOTENCY_HEADER, message: 'This key was used for a different request: send a new key' }],
      });
    if (row.status !== null && row.answer !== null) {
      const first = JSON.parse(call.seal.open(row.answer, call.key)) as { contentType: string; body: string };
      return reply.code(row.status).header('content-type', first.contentType).header(REPLAYED_HEADER, 'true').send(first.body);
    }
    // A key kept without its answer: an answer that was not text, or a key kept by an older version
    // of PCP Tracker, which stored the answer after the commit.
    return apiError(reply, 409, {
      code: 'request.idempotency_answer_lost',
      message: `The request with this ${IDEMPOTENCY_HEADER} was carried out and its change is saved, but its answer was not kept. Nothing more was written; read what it made${row.resourceId ? ` (id ${row.resourceId})` : ''} to see it.`,
      details: { resourceId: row.resourceId },
    });
  };

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.config?.api || !methods.includes('POST')) return;
    const handler = route.handler as RouteHandlerMethod;
    const url = route.url;
    route.handler = async function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
      const sent = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
      const tokenId = req.actor?.tokenId;
      if (sent === undefined || !tokenId || !takesKey(url)) return handler.call(this, req, reply);
      // A repeated header arrives joined with ", ": not one key.
      const key = Array.isArray(sent) ? sent.join(', ') : sent;
      if (!KEY_RE.test(key))
        return apiError(reply, 400, { code: 'request.invalid', message: KEY_MESSAGE, fields: [{ field: IDEMPOTENCY_HEADER, message: KEY_MESSAGE }] });
      const seal = sealer((req.headers.authorization ?? '').slice(7).trim(), tokenId);
      const call: Call = { tokenId, key, requestHash: seal.fingerprint(`${req.method}\n${req.url}\n${JSON.stringify(req.body ?? null)}`), seal };
      // A retry of a call carried out: its answer, with no transaction held.
      const recorded = await store.find(tokenId, key);
      if (recorded) return answerFrom(reply, call, recorded);
      let unit: CallTransaction;
      try {
        unit = await store.begin(call);
      } catch (e) {
        if (e instanceof KeyBusy) return inProgress(reply);
        if (e instanceof KeyTaken) return answerFrom(reply, call, await store.find(tokenId, key));
        throw e;
      }
      open.set(req, unit);
      // The handler's answer (or its error, through the error handler) is sent through onSend below,
      // which ends the transaction.
      return unit.run(() => handler.call(this, req, reply));
    };
  });

  // Ends the call's transaction as its answer is about to be sent: kept with it (2xx) or rolled back.
  app.addHook('onSend', async (req, reply, payload) => {
    const unit = open.get(req);
    if (!unit) return payload;
    open.delete(req);
    const ok = reply.statusCode >= 200 && reply.statusCode < 300 && (typeof payload === 'string' || Buffer.isBuffer(payload));
    try {
      await unit.finish(ok ? { status: reply.statusCode, contentType: String(reply.getHeader('content-type') ?? ''), body: String(payload) } : null);
      return payload;
    } catch (e) {
      if (!ok) {
        // Rolling back failed (the connection is gone): nothing was saved either way.
        req.log.error({ err: e }, 'could not roll back the transaction of an Idempotency-Key call');
        return payload;
      }
      // The commit failed: the write is not saved, so this answer must not go out.
      const unavailable = databaseUnavailable(e);
      req.log.error(unavailable ? { db: unavailable } : { err: e }, 'the transaction of an Idempotency-Key call did not commit');
      reply.code(unavailable ? 503 : 500).header('content-type', 'application/json; charset=utf-8');
      if (unavailable) reply.header('retry-after', '5');
      reply.removeHeader(REPLAYED_HEADER);
      return JSON.stringify({
        error: unavailable
          ? { code: 'server.unavailable', message: UNAVAILABLE_MESSAGE }
          : { code: 'server.error', message: 'Something went wrong on our side. The change was not saved.' },
      });
    }
  });
  // A request that ended without an answer sent (its connection closed first): nothing is kept.
  app.addHook('onResponse', async (req) => {
    const unit = open.get(req);
    if (!unit) return;
    open.delete(req);
    await unit.finish(null).catch(() => {});
  });
}
