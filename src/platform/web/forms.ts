import type { FastifyReply } from 'fastify';
import { DomainError, type FieldError } from '../errors.js';

/** GOV.UK error summary items: `{ text, href: '#field' }`, and a per-field lookup for errorMessage. */
export function errorView(fields: (FieldError & { parts?: string[] })[]) {
  // A date input's problem links to its first wrong box and names the boxes to highlight.
  const list = fields.map((f) => ({ text: f.message, href: `#${f.field.replace(/\./g, '-')}${f.parts?.length ? `-${f.parts[0]}` : ''}` }));
  const byField: Record<string, { text: string; parts?: string[] }> = {};
  for (const f of fields) byField[f.field] ??= f.parts ? { text: f.message, parts: f.parts } : { text: f.message };
  return { errors: list, fieldErrors: byField };
}

/**
 * Runs a form's action; on a DomainError with field problems re-renders the form with 400,
 * the error summary and the user's answers kept. Other errors go to the app's error handler.
 */
export async function handleForm<T>(
  reply: FastifyReply,
  action: () => Promise<T>,
  rerender: { template: string; model: Record<string, unknown> },
): Promise<T | undefined> {
  try {
    return await action();
  } catch (e) {
    if (e instanceof DomainError && e.fields.length) {
      reply.code(e.code.endsWith('.invalid') ? 400 : 422);
      await reply.page(rerender.template, { ...rerender.model, ...errorView(e.fields) });
      return undefined;
    }
    throw e;
  }
}

/** A confirmation banner carried across the 303 redirect in a short-lived cookie. */
export function setFlash(reply: FastifyReply, text: string) {
  reply.setCookie('__Host-pcp_flash', encodeURIComponent(text), { path: '/', secure: true, httpOnly: true, sameSite: 'lax', maxAge: 60 });
}
export function takeFlash(req: { cookies: Record<string, string | undefined> }, reply: FastifyReply): string | null {
  const v = req.cookies['__Host-pcp_flash'];
  if (!v) return null;
  reply.clearCookie('__Host-pcp_flash', { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
  try {
    return decodeURIComponent(v).slice(0, 300);
  } catch {
    return null;
  }
}
