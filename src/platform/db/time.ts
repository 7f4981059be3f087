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
  const offset = londonOffsetMs(guess);
  const candidate = new Date(guess.getTime() - offset);
  // Around a clock change the offset at the candidate may differ from the guess's.
  const offset2 = londonOffsetMs(candidate);
  return offset2 === offset ? candidate : new Date(guess.getTime() - offset2);
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
