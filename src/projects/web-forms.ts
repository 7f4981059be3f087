// Small helpers the HTML forms of several areas share: GOV.UK date inputs, uuid paths, error links.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dateParts, readDate } from '../platform/dates.js';
export { datesFromParts, withIsoDates } from '../platform/dates.js';
import type { z } from 'zod';
import { DomainError, type FieldError, invalid, notFound } from '../platform/errors.js';
import { toFieldErrors } from '../platform/validation.js';
import { errorView } from '../platform/web/forms.js';

export type Body = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a value sent as an id can be one (anything else must not reach PostgreSQL as a uuid). */
export const isUuid = (v: string) => UUID.test(v);
/** A malformed id is simply a page that does not exist (and must not reach Postgres as a uuid). */
export function checkId(id: string, what = 'project') {
  if (!UUID.test(id)) throw notFound(what);
  return id;
}

export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
export const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * A GOV.UK date input's ISO date (undefined when all its boxes are empty). A wrong date throws the
 * field problem in the Design System's words, naming the boxes to highlight; call it inside the
 * action runForm runs, so the form comes back with the answers kept.
 */
export function dateFromParts(body: Body, name: string, label = 'Date it took effect'): string | undefined {
  const r = readDate(body, name, label);
  if (r.error) throw invalid('form', [r.error]);
  return r.value;
}

/**
 * The input with its date from the date input; when the date is wrong, its problem is thrown with
 * every other problem the schema finds, so the error summary lists them all at once. Nothing is written.
 */
export function withDate(body: Body, name: string, label: string, schema: z.ZodType, input: Record<string, unknown>) {
  const r = readDate(body, name, label);
  if (!r.error) return { ...input, [name]: r.value };
  const other = schema.safeParse(input);
  throw invalid('form', [...(other.success ? [] : toFieldErrors(other.error)), r.error]);
}

/** Date parts for a stored ISO date, to prefill a date input. */
export const partsOf = (name: string, iso: string | null | undefined): Body => dateParts(name, iso);

/** errorView, with date fields linked to their first (day) input as the Design System asks. */
export function formErrors(fields: FieldError[], dateFields: string[] = []) {
  const v = errorView(fields);
  for (const e of v.errors) if (dateFields.some((f) => e.href === `#${f}`)) e.href = `${e.href}-day`;
  return v;
}

/**
 * Runs a form's action. Field problems re-render the form (400 for invalid input, 422 for a refused
 * move) with the error summary and the answers kept; other domain errors go to the error handler.
 */
export async function runForm<T>(
  reply: FastifyReply,
  action: () => Promise<T>,
  rerender: { template: string; model: Record<string, unknown>; dateFields?: string[] },
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await action() };
  } catch (e) {
    if (e instanceof DomainError && e.fields.length) {
      reply.code(e.code.endsWith('.invalid') ? 400 : 422);
      await reply.page(rerender.template, { ...rerender.model, ...formErrors(e.fields, rerender.dateFields) });
      return { ok: false };
    }
    throw e;
  }
}

/** The form fields to carry through a conflict page so they can be sent again, minus CSRF and version. */
export function carried(body: Body) {
  const out: { name: string; value: string }[] = [];
  for (const [name, v] of Object.entries(body)) {
    if (name === '_csrf' || name === 'version') continue;
    for (const value of many(v)) out.push({ name, value });
  }
  return out;
}

export const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Body;
