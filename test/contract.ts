// The API contract net: every answer the suite's injected requests get from /api/v1 is checked
// against the OpenAPI document the app serves (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
// A mismatch is recorded on the test's app and fails the test (see testApp in helpers.ts).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildOpenApi } from '../src/api/openapi.js';

type Json = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Json }> }> }>> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ReturnType<Ajv2020['compile']>>();
const ptr = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validator(doc: Doc, path: string, method: string, status: string, mime: string) {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc as unknown as Json, 'openapi.json', undefined, false);
  }
  const key = `${method} ${path} ${status} ${mime}`;
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile({ $ref: `openapi.json#/${ptr('paths', path, method, 'responses', status, 'content', mime, 'schema')}` });
    compiled.set(key, v);
  }
  return v;
}

/** The problem with one answer, or null when the document describes it. */
export function contractProblem(a: {
  method: string;
  routeUrl: string | undefined;
  status: number;
  contentType: string | undefined;
  payload: unknown;
}): string | null {
  const doc = buildOpenApi() as Doc;
  const method = a.method.toLowerCase();
  if (method === 'head' || method === 'options') return null;
  const path = a.routeUrl ? a.routeUrl.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}') : undefined;
  const where = `${a.method} ${a.routeUrl ?? '(no route)'} -> ${a.status}`;
  if (!path) {
    // No route at all: still the API's error shape.
    return a.status === 404 ? null : `${where}: answered outside any documented route`;
  }
  if (path === '/openapi.json') return null;
  const op = doc.paths[path]?.[method];
  if (!op) return `${where}: operation not in the OpenAPI document`;
  const res = op.responses[String(a.status)];
  if (!res) return `${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`;
  if (a.status === 204) return a.payload ? `${where}: 204 with a body` : null;
  const mime = (a.contentType ?? '').split(';')[0].trim();
  if (!res.content?.[mime]) return `${where}: content type ${mime || '(none)'} not documented`;
  if (mime !== 'application/json') return null;
  let body: unknown;
  try {
    body = JSON.parse(String(a.payload));
  } catch {
    return `${where}: not JSON`;
  }
  const v = validator(doc, path, method, String(a.status), mime);
  if (v(body)) return null;
  return `${where}: ${JSON.stringify(v.errors?.slice(0, 5))} in ${String(a.payload).slice(0, 300)}`;
}
