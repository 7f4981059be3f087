// Dates as people enter and read them: the GOV.UK date input (day, month and year boxes) in every
// form, "10 April 2018" in every page and message. The API and the database keep ISO dates.
import type { z } from 'zod';
import { DomainError, type FieldError, invalid } from './errors.js';
import { toFieldErrors } from './validation.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2018-04-10" -> "10 April 2018". */
export function userDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export type DatePart = 'day' | 'month' | 'year';
/** A field problem that names the boxes to highlight, as the Design System asks. */
export type DateError = FieldError & { parts: DatePart[] };

type Fields = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** A month box may hold a number or a name ("3", "03", "Mar", "March"), as the Design System recommends accepting. */
function monthNumber(s: string): number | null {
  if (/^\d{1,2}$/.test(s)) return Number(s);
  const i = MONTHS.findIndex((m) => m.toLowerCase().startsWith(s.toLowerCase()) && s.length >= 3);
  return i >= 0 ? i + 1 : null;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const joinParts = (ps: string[]) => (ps.length === 3 ? `${ps[0]}, ${ps[1]} and ${ps[2]}` : ps.join(' and '));

/**
 * The date a GOV.UK date input sent as `<name>-day`, `-month` and `-year`, as an ISO date, or the
 * Design System's message for what is wrong ("Date approved must include a month", "... must be a
 * real date") with the boxes to highlight. All boxes empty is no date (`value` undefined), or
 * `required`'s message. A whole date typed in the day box alone (31/03/2014, 31-3-2014, 2014-03-31)
 * is taken as it is meant.
 */
export function readDate(body: Fields, name: string, label: string, opts: { required?: string } = {}): { value?: string; error?: DateError } {
  let d = first(body[`${name}-day`]);
  let m = first(body[`${name}-month`]);
  let y = first(body[`${name}-year`]);
  if (d && !m && !y) {
    const dmy = /^(\d{1,2})[/.\- ](\d{1,2}|[a-z]+)[/.\- ](\d{4})$/i.exec(d);
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(d);
    if (dmy) [d, m, y] = [dmy[1], dmy[2], dmy[3]];
    else if (iso) [d, m, y] = [iso[3], iso[2], iso[1]];
  }
  const fail = (message: string, parts: DatePart[]) => ({ error: { field: name, message, parts } });
  if (!d && !m && !y) return opts.required ? fail(opts.required, ['day', 'month', 'year']) : {};
  const missing = (['day', 'month', 'year'] as const).filter((_, i) => ![d, m, y][i]);
  if (missing.length) return fail(`${label} must include a ${joinParts([...missing])}`, [...missing]);
  const month = monthNumber(m);
  const wrong: DatePart[] = [];
  if (!/^\d{1,2}$/.test(d)) wrong.push('day');
  if (month === null) wrong.push('month');
  if (!/^\d+$/.test(y)) wrong.push('year');
  if (wrong.length) return fail(`${label} must be a real date`, wrong);
  if (y.length !== 4) return fail(`${label}: the year must include 4 numbers`, ['year']);
  const year = Number(y);
  const day = Number(d);
  if (month === null || month < 1 || month > 12) return fail(`${label} must be a real date`, day < 1 || day > 31 ? ['day', 'month'] : ['month']);
  if (day < 1 || day > daysIn(year, month)) return fail(`${label} must be a real date`, ['day']);
  return { value: `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/**
 * Reads several date inputs at once: the ISO values by name, and every problem, so a form can
 * report them all in one error summary.
 */
export function readDates(body: Fields, fields: Record<string, { label: string; required?: string }>) {
  const values: Record<string, string | undefined> = {};
  const errors: DateError[] = [];
  for (const [name, f] of Object.entries(fields)) {
    const r = readDate(body, name, f.label, { required: f.required });
    if (r.error) errors.push(r.error);
    else values[name] = r.value;
  }
  return { values, errors };
}

/** Several date inputs read at once, every problem thrown together (see dateFromParts). */
export function datesFromParts(body: Fields, fields: Record<string, { label: string; required?: string }>) {
  const r = readDates(body, fields);
  if (r.errors.length) throw invalid('form', r.errors);
  return r.values;
}

/**
 * The input with its dates read from their boxes; when a date is wrong, its problem is thrown with
 * every other problem the schema finds in the input, so the error summary lists them all at once.
 */
export function withDatesChecked(
  body: Fields,
  fields: Record<string, { label: string; required?: string }>,
  schema: z.ZodType,
  input: Record<string, unknown>,
) {
  const r = readDates(body, fields);
  const merged = { ...input, ...Object.fromEntries(Object.keys(fields).map((n) => [n, r.values[n] ?? ''])) };
  if (!r.errors.length) return merged;
  const other = schema.safeParse(merged);
  throw invalid('form', [...(other.success ? [] : toFieldErrors(other.error).filter((f) => !(f.field in fields))), ...r.errors]);
}

/**
 * The body with each date input's boxes read into one ISO field, the shape the services and the API
 * take. A body that sends the ISO field itself and no boxes (a script) is taken as it is.
 */
export function withIsoDates<B extends Record<string, unknown>>(body: B, fields: Record<string, { label: string; required?: string }>): B {
  const out: Record<string, unknown> = { ...body };
  const boxes: typeof fields = {};
  for (const [name, f] of Object.entries(fields)) {
    const hasBoxes = [`${name}-day`, `${name}-month`, `${name}-year`].some((k) => k in body);
    if (hasBoxes || !(name in body)) boxes[name] = f;
  }
  const values = datesFromParts(body as Fields, boxes);
  for (const name of Object.keys(boxes)) out[name] = values[name] ?? '';
  return out as B;
}

/** The boxes' values for a stored ISO date, to fill a date input. */
export function dateParts(name: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const [y, m, d] = iso.slice(0, 10).split('-');
  return { [`${name}-day`]: String(+d), [`${name}-month`]: String(+m), [`${name}-year`]: y };
}

/**
 * A service's problems with a date field (out of range, in the future) name no box: link them to the
 * date input's day box and highlight all three, as the Design System does for a whole-date problem.
 */
export async function onDateBoxes<T>(names: string[], action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    if (!(e instanceof DomainError) || !e.fields.some((f) => names.includes(f.field))) throw e;
    const fields = e.fields.map((f) => (names.includes(f.field) && !('parts' in f) ? { ...f, parts: ['day', 'month', 'year'] } : f));
    throw new DomainError(e.code, e.message, fields, e.details);
  }
}
