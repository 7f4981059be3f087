// The RAG rule of the targets report, as a pure function so that it can be tested on its own and
// reused by the pages, the API and the Panel report without a database.
//
// A trajectory runs through the baseline, the milestones and the target, straight between each
// pair of points (TARGETS-2013-14: "the target has been broken down into three yearly targets"). The
// latest observation is compared with the trajectory at its own as-at date:
//   Green  on the trajectory or better;
//   Amber  worse, but by no more than the tolerance (a percentage of the trajectory value there);
//   Red    worse by more than that.
// A "level" target (84% of victims satisfied) has a flat trajectory at the target value. A
// "direction" target (TARGETS-2013-14's BME recruitment line) is reported as a direction of travel
// instead: the direction the Constabulary reported with the observation, else the change from the
// previous observation. An editor may override the rule's answer with a reason.

export type Direction = 'higher' | 'lower';
export type TargetKind = 'trajectory' | 'level' | 'direction';
export type RagColour = 'green' | 'amber' | 'red';
export type Travel = 'up' | 'down' | 'level';
export type Point = { date: string; value: number };

export type RagResult =
  | { kind: 'rag'; status: RagColour; source: 'rule' | 'override'; expected: number | null; ruleStatus: RagColour | null; reason?: string }
  | { kind: 'travel'; status: Travel; source: 'reported' | 'observations' }
  | { kind: 'none'; why: string };

export const RAG_LABELS: Record<RagColour | Travel, string> = { green: 'Green', amber: 'Amber', red: 'Red', up: '↑', down: '↓', level: '→' };
export const TRAVEL_WORDS: Record<Travel, string> = { up: 'up', down: 'down', level: 'level' };

const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;

/**
 * The trajectory's value on a date: straight lines between the points (sorted by date); before the
 * first point it is the first value, after the last the last value (a target, once due, stays due).
 */
export function trajectoryAt(points: Point[], date: string): number | null {
  if (!points.length) return null;
  const ps = [...points].sort((a, b) => a.date.localeCompare(b.date));
  if (date <= ps[0].date) return ps[0].value;
  for (let i = 1; i < ps.length; i++) {
    const a = ps[i - 1];
    const b = ps[i];
    if (date <= b.date) {
      const span = dayNumber(b.date) - dayNumber(a.date);
      if (span === 0) return b.value;
      return a.value + ((b.value - a.value) * (dayNumber(date) - dayNumber(a.date))) / span;
    }
  }
  return ps[ps.length - 1].value;
}

export type TargetShape = {
  kind: TargetKind;
  direction: Direction;
  baseline: Point | null;
  milestones: Point[];
  target: Point;
};

/** The points a trajectory runs through, in date order. */
export function trajectoryPoints(t: TargetShape): Point[] {
  if (t.kind === 'level') return [t.target];
  return [...(t.baseline ? [t.baseline] : []), ...t.milestones, t.target].sort((a, b) => a.date.localeCompare(b.date));
}

// Values are typed to two or three decimals; this keeps 6.38 * 1.1 from missing by 1e-15.
const EPS = 1e-9;

/** The colour of an observation against an expected value, higher or lower being better. */
export function ragAgainst(value: number, expected: number, direction: Direction, tolerancePct: number): RagColour {
  const shortfall = direction === 'higher' ? expected - value : value - expected;
  if (shortfall <= EPS) return 'green';
  const allowance = (Math.abs(expected) * tolerancePct) / 100;
  return shortfall <= allowance + EPS ? 'amber' : 'red';
}

export type ObservationShape = {
  date: string;
  value: number;
  reportedTravel?: Travel | null;
  override?: { status: RagColour; reason: string } | null;
};

/**
 * The status of a target from its latest observation (and the one before it, for a direction of
 * travel). `observations` may be in any date order; of two on the same date, the one later in the
 * array counts (a correction recorded after the first figure).
 */
export function ragStatus(t: TargetShape, observations: ObservationShape[], tolerancePct: number): RagResult {
  if (!observations.length) return { kind: 'none', why: 'No observation yet' };
  const sorted = [...observations].sort((a, b) => a.date.localeCompare(b.date));
  const latest = sorted[sorted.length - 1];
  if (t.kind === 'direction') {
    if (latest.reportedTravel) return { kind: 'travel', status: latest.reportedTravel, source: 'reported' };
    const prev = sorted[sorted.length - 2];
    if (!prev) return { kind: 'none', why: 'A direction of travel needs two observations, or a reported direction' };
    const d = latest.value - prev.value;
    return { kind: 'travel', status: Math.abs(d) <= EPS ? 'level' : d > 0 ? 'up' : 'down', source: 'observations' };
  }
  const expected = trajectoryAt(trajectoryPoints(t), latest.date);
  const ruleStatus = expected === null ? null : ragAgainst(latest.value, expected, t.direction, tolerancePct);
  if (latest.override) return { kind: 'rag', status: latest.override.status, source: 'override', expected, ruleStatus, reason: latest.override.reason };
  if (ruleStatus === null) return { kind: 'none', why: 'No trajectory' };
  return { kind: 'rag', status: ruleStatus, source: 'rule', expected, ruleStatus };
}

/** What the report's RAG column shows: Green, Amber, Red, or an arrow. */
export function ragLabel(r: RagResult): string {
  return r.kind === 'none' ? 'Not yet known' : RAG_LABELS[r.status];
}
