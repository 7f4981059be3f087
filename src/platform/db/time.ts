// Dates in this domain are dates in England: a gate decision "took effect on 1 March 2018"
// means from the start of that day, London time.

const TZ = 'Europe/London';
const dtf = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function londonOffsetMs(at: Date): number {
  const parts = Object.fromEntries(dtf.formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a London calendar day (YYYY-MM-DD) begins. */
export function londonDayStart(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d));
  // Both instants are on the hour, so the hourly cache (londonOffsetAt) is exact for them: an import
  // of 50,000 dated changes asks Intl a few thousand times instead of 100,000.
  const offset = londonOffsetAt(guess);
  const candidate = new Date(guess.getTime() - offset);
  // Around a clock change the offset at the candidate may differ from the guess's.
  const offset2 = londonOffsetAt(candidate);
  return offset2 === offset ? candidate : new Date(guess.getTime() - offset2);
}

/**
 * The instant of a London wall-clock time ("2016-11-18", "17:00"). In the hour that does not exist
 * (1am-2am on the last Sunday of March) it is the instant an hour later; in the hour that happens
 * twice (last Sunday of October) it is the first (summer time) one.
 */
export function londonInstant(isoDate: string, hhmm: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  const [h, mi] = hhmm.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, mi);
  // The earlier offset first: summer time (+1h) before winter time.
  for (const off of [3_600_000, 0]) {
    const t = wall - off;
    if (londonOffsetMs(new Date(t)) === off) return new Date(t);
  }
  return new Date(wall - londonOffsetMs(new Date(wall)));
}

/** The London date (YYYY-MM-DD) and time (HH:MM) of an instant, to fill a form. */
export function londonParts(at: Date): { date: string; time: string } {
  const p = Object.fromEntries(dtf.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The last instant (millisecond) of a London calendar day. */
export function londonDayEnd(isoDate: string): Date {
  return new Date(londonDayStart(addDays(isoDate, 1)).getTime() - 1);
}

// Since 1972 London's clocks have changed only on the hour (UTC), so an instant has its hour's offset.
// Pages show dozens of dates each; asking Intl once an hour rather than once a date saves most of the cost.
const HOUR = 3_600_000;
const SINCE = Date.UTC(1972, 0, 1);
const offsetByHour = new Map<number, number>();

function londonOffsetAt(at: Date): number {
  const t = at.getTime();
  if (!(t >= SINCE)) return londonOffsetMs(at);
  const hour = Math.floor(t / HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offset = londonOffsetMs(new Date(hour * HOUR));
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The London calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(at: Date): string {
  return new Date(at.getTime() + londonOffsetAt(at)).toISOString().slice(0, 10);
}

/** londonDate by asking Intl for every instant: what londonDate must always agree with (tests). */
export function londonDateUncached(at: Date): string {
  const parts = Object.fromEntries(dtf.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
