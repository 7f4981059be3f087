import { z } from 'zod';
import { isValidIsoDate } from './db/time.js';
import { type FieldError, invalid, notFound } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a value sent as an id can be one (anything else must not reach PostgreSQL as a uuid). */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
/** A malformed id is simply a thing that does not exist: `<what>.not_found`, never a database error. */
export function checkId(id: string, what = 'project') {
  if (!isUuid(id)) throw notFound(what);
  return id;
}

// Control characters never belong in what a person types. PostgreSQL refuses a NUL byte in text
// (a 500 where it reached the database), and the others are invisible in pages and papers. Long
// text keeps its lines and tabs; one-line text (search boxes, ids, filters, path parts) has none.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F]/;

/**
 * Each string in `value` (walked through arrays and objects) that holds a control character, as a
 * field problem named by its path. The one place every input passes: parseInput for the services'
 * inputs, and the app's request guard for query strings, path parts and bodies.
 */
export function controlCharacterErrors(value: unknown, opts: { oneLine?: boolean; path?: string } = {}): FieldError[] {
  const out: FieldError[] = [];
  const re = opts.oneLine ? CONTROL_IN_LINE : CONTROL_IN_TEXT;
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 20) return;
    if (typeof v === 'string') {
      if (re.test(v))
        out.push({
          field: path || 'body',
          message: `${path || 'The answer'} must not contain control characters (such as a NUL byte or, in a one-line answer, a line break)`,
        });
    } else if (Array.isArray(v)) {
      // A repeated field is one field: its items share its name.
      for (const x of v) walk(x, path, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (CONTROL_IN_LINE.test(k)) out.push({ field: 'body', message: 'A field name must not contain control characters' });
        else walk(x, path ? `${path}.${k}` : k, depth + 1);
      }
    }
  };
  walk(value, opts.path ?? '', 0);
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.field) && seen.add(f.field));
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    // An unknown key is the key's own problem: name it, so a client knows what to drop.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const p of keys) {
      // An item of a list is its list's problem: the form has one field (and one error link) per list.
      const upToList = p.findIndex((x) => typeof x === 'number');
      const named = upToList === -1 ? p : p.slice(0, upToList);
      const field = named.length ? named.join('.') : 'body';
      if (seen.has(field)) continue;
      seen.add(field);
      out.push({ field, message: issue.code === 'unrecognized_keys' ? `${field} is not a field you can set here` : issue.message });
    }
  }
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL_IN_TEXT_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Long text with the control characters a person cannot have meant removed (lines and tabs kept),
 * walked through arrays and objects: pasted text often carries them, and refusing a whole
 * paragraph for an invisible character helps nobody. One-line fields refuse them instead.
 */
export function stripControlCharacters<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(CONTROL_IN_TEXT_ALL, '') as T;
  if (depth > 20 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((x) => stripControlCharacters(x, depth + 1)) as T;
  // Plain objects only: a file's Buffer, a Date or a stream is passed on as it is.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k.replace(CONTROL_IN_TEXT_ALL, ''), stripControlCharacters(x, depth + 1)])) as T;
}

/** The longest a one-line answer is (a GOV.UK text input): longer text fields are textareas. */
const ONE_LINE_MAX = 400;

type ZodInternals = { _zod?: { def: { type: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown> } }; maxLength?: number | null };
function unwrap(s: unknown): ZodInternals | undefined {
  let x = s as ZodInternals | undefined;
  for (let i = 0; i < 10 && x?._zod; i++) {
    const def = x._zod.def;
    if (['optional', 'default', 'nullable', 'prefault', 'catch', 'readonly'].includes(def.type)) x = def.innerType as ZodInternals;
    else if (def.type === 'pipe') x = def.in as ZodInternals;
    else break;
  }
  return x;
}

/** The fields of an object schema that are one line of text: strings of at most ONE_LINE_MAX characters. */
function oneLineFields(schema: unknown): Set<string> {
  const o = unwrap(schema);
  const shape = o?._zod?.def.type === 'object' ? o._zod.def.shape : undefined;
  const out = new Set<string>();
  for (const [k, f] of Object.entries(shape ?? {})) {
    const str = unwrap(f);
    if (str?._zod?.def.type === 'string' && typeof str.maxLength === 'number' && str.maxLength <= ONE_LINE_MAX) out.add(k);
  }
  return out;
}

/**
 * Parse or throw a DomainError `<area>.invalid` carrying each field's problem. Control characters:
 * refused in one-line fields (a line break in a title, a NUL anywhere in one), removed from long text.
 */
export function parseInput<S extends z.ZodType>(area: string, schema: S, input: unknown): z.infer<S> {
  const lines = oneLineFields(schema);
  const control =
    input && typeof input === 'object' && !Array.isArray(input)
      ? Object.entries(input).flatMap(([k, v]) => (lines.has(k) ? controlCharacterErrors(v, { oneLine: true, path: k }) : []))
      : [];
  if (control.length) throw invalid(area, control);
  input = stripControlCharacters(input);
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(area, toFieldErrors(r.error));
  return r.data;
}

/** One line or paragraph of text a form or API body gives, trimmed, with its length limit named. */
export const textField = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text` })
    .trim()
    .max(max, { message: `${label} must be ${max} characters or fewer` });

/**
 * A date, YYYY-MM-DD. No example format in the message: the forms ask for day, month and year (the
 * GOV.UK date input), the API for YYYY-MM-DD (its hints and OpenAPI say so).
 */
export const isoDateField = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, { message: `Enter the ${label}` })
    .refine(isValidIsoDate, { message: `${label[0].toUpperCase()}${label.slice(1)} must be a real date` });
