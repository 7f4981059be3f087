import type { z } from 'zod';
import { type FieldError, invalid } from './errors.js';

export function toFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join('.') : 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: issue.message });
  }
  return out;
}

/** Parse or throw a DomainError `<area>.invalid` carrying each field's problem. */
export function parseInput<S extends z.ZodType>(area: string, schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(area, toFieldErrors(r.error));
  return r.data;
}
