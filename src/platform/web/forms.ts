// What every area's HTML forms share: reading the body, GOV.UK date inputs, the error summary, the
// one form runner, and the confirmation banner carried across a redirect.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { dateParts, readDate } from '../dates.js';
import { type Actor, DomainError, type FieldError, invalid, notFound } from '../errors.js';
import { toFieldErrors } from '../validation.js';

export { datesFromParts, withIsoDates } from '../dates.js';
export { checkId, isUuid } from '../validation.js';

export type Body = Record<string, string | string[] | undefined>;

export const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Body;
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
export const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Who is asking, on a route whose access rule is not public (the access hook has made sure there is someone). */
export const actor = (req: FastifyRequest) => req.actor as Actor;

/**
 * The office's change counter as read with this request's session (the key of what is kept of its
 * records, platform/kept.ts), on a GET only: nothing of the request has written yet. Undefined:
 * the service reads it.
 */
export const sessionCounter = (req: FastifyRequest) =>
  (req.method === 'GET' || req.method === 'HEAD') && req.session && !req.session.pending ? req.session.changeCounter : undefined;

/** An office's address, as /o/:officeSlug takes it. */
export const OFFICE_SLUG = /^[a-z0-9-]{1,80}$/;
/** An office as its public pages show it. */
export type PublicOffice = { id: string; slug: string; name: string };
export type OfficeFinder<O = PublicOffice> = { officeBySlug(slug: string): Promise<O | undefined> };
/** The office of a public page (/o/:officeSlug/...), read by its address; none: not found. */
export async function officeOfPage<O>(req: FastifyRequest, finder: OfficeFinder<O>): Promise<O> {
  const slug = (req.params as { officeSlug?: unknown }).officeSlug;
  const office = typeof slug === 'string' && OFFICE_SLUG.test(slug) ? await finder.officeBySlug(slug) : undefined;
  if (!office) throw notFound('office');
  return office;
}
/** The same, or the one the kept-page lookup has just read with its change counter (a kept page's route, app.ts). */
export const publicOffice = async (req: FastifyRequest, finder: OfficeFinder): Promise<PublicOffice> => req.publicOffice ?? officeOfPage(req, finder);

/** GOV.UK error summary items: `{ text, href: '#field' }`, and a per-field lookup for errorMessage. */
export function errorView(fields: (FieldError & { parts?: string[] })[]) {
  // A date input's problem links to its first wrong box and names the boxes to highlight.
  const list = fields.map((f) => ({ text: f.message, href: `#${f.field.replace(/\./g, '-')}${f.parts?.length ? `-${f.parts[0]}` : ''}` }));
  const byField: Record<string, { text: string; parts?: string[] }> = {};
  for (const f of fields) byField[f.field] ??= f.parts ? { text: f.message, parts: f.parts } : { text: f.message };
  return { errors: list, fieldErrors: byField };
}

/** errorView, with date fields linked to their first (day) input as the Design System asks. */
export function formErrors(fields: FieldError[], dateFields: string[] = []) {
  const v = errorView(fields);
  for (const e of v.errors) if (dateFields.some((f) => e.href === `#${f}`)) e.href = `${e.href}-day`;
  return v;
}

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

/**
 * The one form runner. Runs a form's action; a domain error with field problems re-renders the form
 * with the error summary and the user's answers kept, at the status the app's error map gives its
 * code (400 for invalid input, 422 for a refused move, ...). Other errors go to the error handler.
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
      reply.code(reply.server.errorMap.status(e.code));
      await reply.page(rerender.template, { ...rerender.model, ...formErrors(e.fields, rerender.dateFields) });
      return { ok: false };
    }
    throw e;
  }
}

/** runForm for actions that never answer undefined: the answer, or undefined once the form has been shown again. */
export async function handleForm<T>(reply: FastifyReply, action: () => Promise<T>, rerender: { template: string; model: Record<string, unknown> }) {
  const r = await runForm(reply, action, rerender);
  return r.ok ? r.value : undefined;
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

/** The cookie of the confirmation banner (below). */
export const FLASH_COOKIE = '__Host-pcp_flash';

/** A confirmation banner carried across the 303 redirect in a short-lived cookie. */
export function setFlash(reply: FastifyReply, text: string) {
  reply.setCookie(FLASH_COOKIE, encodeURIComponent(text), { path: '/', secure: true, httpOnly: true, sameSite: 'lax', maxAge: 60 });
}
export function takeFlash(req: { cookies: Record<string, string | undefined> }, reply: FastifyReply): string | null {
  const v = req.cookies[FLASH_COOKIE];
  if (!v) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
  try {
    return decodeURIComponent(v).slice(0, 300);
  } catch {
    return null;
  }
}
