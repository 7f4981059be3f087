// Forecast end dates at month or quarter precision, or "TBD" (DPU-2018-04: "Q2 2020"; DPU-2020-02: "Apr '20").

export type Forecast = { precision: 'month' | 'quarter' | 'tbd'; date: string | null };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2020-Q2" | "2020-04" | "TBD" -> Forecast, or null if malformed. Quarters are calendar quarters. */
export function parseForecast(s: string): Forecast | null {
  const v = s.trim().toUpperCase();
  if (v === 'TBD' || v === '') return { precision: 'tbd', date: null };
  let m = /^(\d{4})-Q([1-4])$/.exec(v);
  if (m) return { precision: 'quarter', date: `${m[1]}-${String((+m[2] - 1) * 3 + 1).padStart(2, '0')}-01` };
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m && +m[2] >= 1 && +m[2] <= 12) return { precision: 'month', date: `${m[1]}-${m[2]}-01` };
  return null;
}

/** The API form: "2020-Q2", "2020-04" or "TBD". */
export function forecastCode(f: Forecast): string {
  if (f.precision === 'tbd' || !f.date) return 'TBD';
  const [y, mo] = f.date.split('-');
  if (f.precision === 'quarter') return `${y}-Q${Math.floor((+mo - 1) / 3) + 1}`;
  return `${y}-${mo}`;
}

/** The paper's form: "Q2 2020", "Apr 2020" or "TBD". */
export function formatForecast(f: Forecast): string {
  if (f.precision === 'tbd' || !f.date) return 'TBD';
  const [y, mo] = f.date.split('-');
  if (f.precision === 'quarter') return `Q${Math.floor((+mo - 1) / 3) + 1} ${y}`;
  return `${MONTHS[+mo - 1]} ${y}`;
}

/** The first day after the forecast period; TBD is later than any date. */
export function forecastEndExclusive(f: Forecast): string {
  if (f.precision === 'tbd' || !f.date) return '9999-12-31';
  const [y, mo] = f.date.split('-').map(Number);
  const add = f.precision === 'quarter' ? 3 : 1;
  const d = new Date(Date.UTC(y, mo - 1 + add, 1));
  return d.toISOString().slice(0, 10);
}

/** A later forecast is an extension, and needs a reason. */
export const isExtension = (from: Forecast, to: Forecast) => forecastEndExclusive(to) > forecastEndExclusive(from);

/**
 * A current project (scoping, delivery, on hold) is overdue once the whole of its forecast month or
 * quarter has passed on `today`, a London date: a project due "Q2 2020" is overdue from 1 July 2020,
 * not during June. A candidate has not started, and TBD has no end to pass.
 */
export function isOverdue(p: { stage: string; forecastEnd: string | null; forecastPrecision: Forecast['precision'] }, today: string): boolean {
  if (p.stage !== 'scoping' && p.stage !== 'delivery' && p.stage !== 'on_hold') return false;
  if (p.forecastPrecision === 'tbd' || !p.forecastEnd) return false;
  return today >= forecastEndExclusive({ precision: p.forecastPrecision, date: p.forecastEnd });
}
