// Reporting periods. An office reports by calendar or financial quarters (offices.quarter_scheme).
// A period's id says which, so that an id never means two things:
//   calendar  "2018-Q1"     = 1 January to 31 March 2018       (Q1 Jan-Mar ... Q4 Oct-Dec)
//   financial "2017-18-Q4"  = 1 January to 31 March 2018       (Q1 Apr-Jun ... Q4 Jan-Mar of 2017/18)
// Both forms are accepted for any office (a period is only a span of London days); the office's
// scheme decides which form its lists, labels and "current quarter" use.
import { addDays, londonDate } from '../platform/db/time.js';
import { invalid } from '../platform/errors.js';

export type QuarterScheme = 'calendar' | 'financial';

export type Period = {
  id: string;
  scheme: QuarterScheme;
  /** First and last London day of the period, YYYY-MM-DD. */
  start: string;
  end: string;
  /** "Q4 2017/18" or "Q1 2018". */
  name: string;
  /** "January to March 2018". */
  months: string;
};

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based

function build(scheme: QuarterScheme, startYear: number, startMonth: number, id: string, name: string): Period {
  const endMonthIndex = startMonth + 2; // 1-based, may pass 12
  const endYear = startYear + Math.floor((endMonthIndex - 1) / 12);
  const endMonth = ((endMonthIndex - 1) % 12) + 1;
  return {
    id,
    scheme,
    start: `${startYear}-${pad(startMonth)}-01`,
    end: `${endYear}-${pad(endMonth)}-${pad(lastDay(endYear, endMonth))}`,
    name,
    months: `${MONTH_NAMES[startMonth - 1]} to ${MONTH_NAMES[endMonth - 1]} ${endYear}`,
  };
}

function calendar(year: number, q: number): Period {
  return build('calendar', year, (q - 1) * 3 + 1, `${year}-Q${q}`, `Q${q} ${year}`);
}

/** Financial year starting 1 April of `fyStart`; Q1 is April to June. */
function financial(fyStart: number, q: number): Period {
  const month = (((q - 1) * 3 + 4 - 1) % 12) + 1;
  const year = q === 4 ? fyStart + 1 : fyStart;
  const fy = `${fyStart}-${pad((fyStart + 1) % 100)}`;
  return build('financial', year, month, `${fy}-Q${q}`, `Q${q} ${fyStart}/${pad((fyStart + 1) % 100)}`);
}

const periodError = (message: string) => invalid('period', [{ field: 'period', message }]);

/** Parses "2018-Q1" (calendar) or "2017-18-Q4" (financial); throws `period.invalid` with a message saying the forms. */
export function parsePeriod(id: string): Period {
  const v = String(id ?? '')
    .trim()
    .toUpperCase();
  let m = /^(\d{4})-Q([1-4])$/.exec(v);
  if (m) {
    const y = +m[1];
    if (y < 2000 || y > 2100) throw periodError('Enter a year between 2000 and 2100');
    return calendar(y, +m[2]);
  }
  m = /^(\d{4})-(\d{2})-Q([1-4])$/.exec(v);
  if (m) {
    const y = +m[1];
    if (y < 2000 || y > 2100) throw periodError('Enter a year between 2000 and 2100');
    if ((y + 1) % 100 !== +m[2]) throw periodError(`A financial year runs over two years in a row: ${y}-${pad((y + 1) % 100)}, not ${m[1]}-${m[2]}`);
    return financial(y, +m[3]);
  }
  throw periodError(
    'Enter the period as a calendar quarter like 2018-Q1 (January to March 2018) or a financial quarter like 2017-18-Q4 (January to March 2018)',
  );
}

/** The quarter of the given scheme that contains a London date. */
export function periodContaining(scheme: QuarterScheme, isoDate: string): Period {
  const [y, m] = isoDate.split('-').map(Number);
  const cq = Math.floor((m - 1) / 3) + 1;
  if (scheme === 'calendar') return calendar(y, cq);
  const fyStart = m >= 4 ? y : y - 1;
  const fq = ((cq + 2) % 4) + 1; // Apr-Jun (cq 2) is Q1
  return financial(fyStart, fq);
}

export const previousPeriod = (p: Period) => periodContaining(p.scheme, addDays(p.start, -1));
export const nextPeriod = (p: Period) => periodContaining(p.scheme, addDays(p.end, 1));
export const currentPeriod = (scheme: QuarterScheme, now: Date) => periodContaining(scheme, londonDate(now));

/** The last `n` periods up to and including the current one, newest first. */
export function recentPeriods(scheme: QuarterScheme, now: Date, n: number): Period[] {
  const out = [currentPeriod(scheme, now)];
  while (out.length < n) out.push(previousPeriod(out[out.length - 1]));
  return out;
}

/** The quarters from the one holding `fromIso` to `to`, newest first (none when `fromIso` is after `to`'s end). */
export function periodsBetween(fromIso: string, to: Period): Period[] {
  const out: Period[] = [];
  for (let p = to; p.end >= fromIso; p = previousPeriod(p)) out.push(p);
  return out;
}

/** The year a quarter is listed under: "2018" for calendar quarters, "2017/18" for financial ones. */
export const periodYear = (p: Period) => (p.scheme === 'calendar' ? p.start.slice(0, 4) : p.name.slice(3));

/** A quarter is provisional until its last day is over (London): its figures may still change. */
export const isProvisional = (p: Pick<Period, 'end'>, now: Date) => londonDate(now) <= p.end;

/** Period name with its months, e.g. "Q4 2017/18 (January to March 2018)". */
export const periodLabel = (p: Period) => `${p.name} (${p.months})`;
