import type nunjucks from 'nunjucks';
import { londonDate } from '../db/time.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2018-03-31" -> "31 March 2018" (GOV.UK date style). */
export function govukDate(v: string | Date | null | undefined): string {
  if (!v) return '';
  const iso = v instanceof Date ? londonDate(v) : String(v).slice(0, 10);
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

// Made once: building an Intl.DateTimeFormat costs far more than formatting with one. h12, not
// hour12: en-GB's hour12 clock is h11, which writes noon as "0:00 pm".
const londonTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });

export function govukDateTime(v: string | Date | null | undefined): string {
  if (!v) return '';
  const d = v instanceof Date ? v : new Date(v);
  const time = londonTime.format(d).replace(' ', '');
  return `${govukDate(d)} at ${time}`;
}

/** Filters a template can call: a Nunjucks filter takes whatever the template passes it. */
export type ViewFilters = Record<string, (...args: any[]) => unknown>;

/** The platform's filters (dates, json), then those the areas add. */
export function registerFilters(env: nunjucks.Environment, areaFilters: ViewFilters = {}) {
  env.addFilter('govukDate', govukDate);
  env.addFilter('govukDateTime', govukDateTime);
  env.addFilter('json', (v: unknown) => JSON.stringify(v));
  for (const [name, f] of Object.entries(areaFilters)) env.addFilter(name, f);
  env.addGlobal('serviceName', 'PCP Tracker');
}
