// Idempotency-Key on the API's creating calls (POST operations answering 201; the OpenAPI document
// lists them, src/api/openapi.ts). A client that sends a key may retry the call as often as it likes:
// the first request that writes does the work; every retry with the same key and the same request
// gets that request's answer again (with `Idempotent-Replayed: true`) and writes nothing.
//
// How a key and its write stay together: the handler runs in a scope that adds work to each root
// transaction a service opens (transactionHooks in platform/db/client.ts). At its start the
// transaction takes an advisory lock on (token, key), so requests sent together with one key run
// one after the other, and refuses if the key is already recorded. At its end, if it wrote
// anything, it inserts the key row: the key commits with the write or not at all, so a process
// killed at any moment cannot leave a saved write whose key is missing (a retry would write again).
// The answer is stored just before it is sent, in a small transaction of its own; a kill in the
// few milliseconds between the two leaves a key without an answer, which a retry reports
// (409 `request.idempotency_answer_lost`, with the id of what was made) instead of writing again.
//
// A request that wrote nothing (refused with a 4xx, or failed) records no key: nothing happened,
// so sending it again, corrected or not, with the same key is a new attempt.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { transactionHooks } from '../platform/db/client.js';
import type { IdempotencyRow } from './idempotency.repository.js';
import {
  type IdempotencyService,
  ANSWER_PENDING_MS,
  type Call,
  IDEMPOTENCY_HEADER,
  KEY_MESSAGE,
  KEY_RE,
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
  const operations = idempotentOperations();
  const calls = new WeakMap<FastifyRequest, Call>();

  /** The answer to a request whose key is recorded. */
  const answerFrom = (reply: FastifyReply, call: Call, row: IdempotencyRow | undefined) => {
    if (!row)
      // Recorded, then gone within the same request: only a purge of a day-old key can do that.
      return apiError(reply, 409, { code: 'request.idempotency_in_progress', message: 'A request with this Idempotency-Key is being carried out. Try again.' });
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
    if (store.now().getTime() - row.createdAt.getTime() < ANSWER_PENDING_MS)
      return reply
        .header('retry-after', '1')
        .code(409)
        .send({
          error: {
            code: 'request.idempotency_in_progress',
            message: `A request with this ${IDEMPOTENCY_HEADER} is being carried out. Try again in a moment to get its answer; nothing more will be written.`,
          },
        });
    return apiError(reply, 409, {
      code: 'request.idempotency_answer_lost',
      message: `The request with this ${IDEMPOTENCY_HEADER} was carried out and its change is saved, but the server stopped before it kept the answer. Nothing more was written; read what it made${row.resourceId ? ` (id ${row.resourceId})` : ''} to see it.`,
      details: { resourceId: row.resourceId },
    });
  };

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.config?.api || !methods.includes('POST') || !operations.has(`POST ${apiPath(route.url)}`)) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = async function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
      const sent = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
      const tokenId = req.actor?.tokenId;
      if (sent === undefined || !tokenId) return handler.call(this, req, reply);
      // A repeated header arrives joined with ", ": not one key.
      const key = Array.isArray(sent) ? sent.join(', ') : sent;
      if (!KEY_RE.test(key))
        return apiError(reply, 400, { code: 'request.invalid', message: KEY_MESSAGE, fields: [{ field: IDEMPOTENCY_HEADER, message: KEY_MESSAGE }] });
      const seal = sealer((req.headers.authorization ?? '').slice(7).trim(), tokenId);
      const call: Call = {
        tokenId,
        key,
        requestHash: seal.fingerprint(`${req.method}\n${req.url}\n${JSON.stringify(req.body ?? null)}`),
        seal,
        committed: false,
        claiming: false,
        answered: false,
      };
      const recorded = await store.find(tokenId, key);
      if (recorded) return answerFrom(reply, call, recorded);
      calls.set(req, call);
      try {
        return await transactionHooks.run(store.hooks(call), () => handler.call(this, req, reply));
      } catch (e) {
        calls.delete(req);
        if (e instanceof KeyTaken) return answerFrom(reply, call, await store.find(tokenId, key));
        // Refused after another request with the key saved its write (a name now taken, say):
        // that request's answer is this one's too.
        const taken = call.committed ? undefined : await store.find(tokenId, key).catch(() => undefined);
        if (taken) return answerFrom(reply, call, taken);
        throw e;
      }
    };
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const call = calls.get(req);
    if (!call || call.answered) return payload;
    call.answered = true;
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    if (!ok || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    try {
      await store.keepAnswer(call, reply.statusCode, String(reply.getHeader('content-type') ?? ''), String(payload));
    } catch (e) {
      // The write is saved and this answer goes out; a retry is told the answer was lost.
      req.log.error({ err: e }, 'could not keep the answer of an Idempotency-Key');
    }
    return payload;
  });
}
