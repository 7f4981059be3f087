// The projects sheet: one row per dated change of a project, the project's fields on its first row.
// Checked whole, in memory, before anything is written: every problem by row and column.
import { isValidIsoDate } from '../platform/db/time.js';
import { userDate } from '../platform/dates.js';
import { parseForecast } from '../projects/forecast.js';
import { createProjectSchema } from '../projects/projects.schemas.js';
import { MOVE_NAMES, type Move, STAGE_PHRASES, type Stage, target } from '../projects/stages.js';
import type { Cell } from './sheet-file.js';

/** The columns, in the template's order, with what each holds (the template's notes sheet says the same). */
export const PROJECT_COLUMNS = [
  { key: 'title', header: 'Project', note: 'The project’s title. Every row of one project has the same title; the first row enters it.' },
  {
    key: 'change',
    header: 'Change',
    note: 'What happened: Identified, Scoping, Delivery, Completed, On hold, Resumed, Closed, Merged into, Forecast changed or Objective changed. A project’s first row is Identified, Scoping or Delivery (the stage it was entered at).',
  },
  { key: 'date', header: 'Date', note: 'The day it took effect, as a date (or written like 31/03/2018). A project’s rows are in date order.' },
  { key: 'reason', header: 'Reason', note: 'Why: needed for On hold, Closed, Merged into, and a later forecast end.' },
  { key: 'strand', header: 'Strand', note: 'First row: one of the plan’s strands, as named in the tracker.' },
  { key: 'priorities', header: 'Priorities', note: 'First row: the plan’s priorities the project serves, separated by semicolons.' },
  { key: 'objective', header: 'Objective', note: 'First row, or an Objective changed row: the objective.' },
  { key: 'overview', header: 'Overview', note: 'First row: the overview (optional).' },
  { key: 'outcome', header: 'Outcome', note: 'First row: the outcome (optional).' },
  { key: 'lead', header: 'Lead', note: 'First row: who leads it (optional).' },
  { key: 'statutory', header: 'Statutory', note: 'First row: Yes for a statutory duty, otherwise No or empty.' },
  { key: 'forecastEnd', header: 'Forecast end', note: 'First row, or a Forecast changed row: a quarter like 2020-Q2, a month like 2020-04, or TBD.' },
  { key: 'mergedInto', header: 'Merged into', note: 'A Merged into row: the title of the project it was merged into.' },
] as const;
export type ColumnKey = (typeof PROJECT_COLUMNS)[number]['key'];
const HEADER: Record<ColumnKey, string> = Object.fromEntries(PROJECT_COLUMNS.map((c) => [c.key, c.header])) as Record<ColumnKey, string>;

/** The Change column's words, and what each does. */
export const CHANGES = {
  identified: { label: 'Identified', stage: 'candidate' },
  scoping: { label: 'Scoping', stage: 'scoping' },
  delivery: { label: 'Delivery', stage: 'delivery' },
  completed: { label: 'Completed', stage: 'completed' },
  'on hold': { label: 'On hold', stage: 'on_hold' },
  resumed: { label: 'Resumed', stage: null },
  closed: { label: 'Closed', stage: 'closed' },
  'merged into': { label: 'Merged into', stage: 'merged' },
  'forecast changed': { label: 'Forecast changed', stage: null },
  'objective changed': { label: 'Objective changed', stage: null },
} as const satisfies Record<string, { label: string; stage: Stage | null }>;
export type ChangeWord = keyof typeof CHANGES;

export type RowProblem = { row: number; column: string | null; message: string };

export type ProjectFields = {
  title: string;
  strandId: string;
  priorityIds: string[];
  objective: string;
  overview: string;
  outcome: string;
  lead: string;
  statutory: boolean;
  forecastEnd: string;
};

/** One change to enter, in the order it is entered. */
export type Step =
  | { row: number; on: string; title: string; kind: 'create'; stage: 'candidate' | 'scoping' | 'delivery'; fields: ProjectFields; reason: string }
  | { row: number; on: string; title: string; kind: 'move'; move: Move; reason: string }
  | { row: number; on: string; title: string; kind: 'merge'; into: string; reason: string }
  | { row: number; on: string; title: string; kind: 'update'; patch: { forecastEnd?: string; objective?: string }; reason: string };

export type ProjectsPlan = {
  steps: Step[];
  problems: RowProblem[];
  /**
   * Projects the file enters, projects already in the tracker it continues (rows dated after their
   * last recorded change) and those it leaves alone (by title), rows read, later changes to enter.
   */
  counts: { create: number; update?: number; leftAlone: number; rows: number; changes: number };
};

export type Known = {
  strands: { id: string; name: string }[];
  priorities: { id: string; name: string }[];
  /**
   * The office's projects by title (what the file's "Merged into" may name, and what it continues or
   * leaves alone): the stage, where a hold returns to, and the London day of the last recorded change.
   */
  existing: { id: string; title: string; stage: Stage; heldFrom?: Stage | null; lastOn?: string | null }[];
  /** Today in London: no change may take effect later. */
  today: string;
};

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function text(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  // A leading quote is how an export escapes text a spreadsheet would take as a formula.
  return String(c)
    .trim()
    .replace(/^'(?=[=+\-@])/, '');
}

/** A date cell (a workbook's date, at midnight UTC as read) or a date typed as text, as YYYY-MM-DD. */
export function dateOf(c: Cell | undefined): string | null {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  const s = text(c);
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return isValidIsoDate(s) ? s : null;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    return isValidIsoDate(iso) ? iso : null;
  }
  return null;
}

/** Which column holds each field: by header (case and spacing ignored), after the office's own names (`mapping`). */
export function locateColumns(header: Cell[], mapping: Record<string, string> = {}) {
  const at = new Map<ColumnKey, number>();
  const names = header.map((h) => norm(text(h)));
  for (const c of PROJECT_COLUMNS) {
    const wanted = [
      norm(c.header),
      ...Object.entries(mapping)
        .filter(([, k]) => k === c.key)
        .map(([h]) => norm(h)),
    ];
    const i = names.findIndex((n) => wanted.includes(n));
    if (i >= 0) at.set(c.key, i);
  }
  const missing = (['title', 'change', 'date'] as const).filter((k) => !at.has(k)).map((k) => HEADER[k]);
  return { at, missing };
}

const FIELD_COLUMN: Record<string, ColumnKey> = {
  title: 'title',
  objective: 'objective',
  overview: 'overview',
  outcome: 'outcome',
  strandId: 'strand',
  priorityIds: 'priorities',
  lead: 'lead',
  statutory: 'statutory',
  forecastEnd: 'forecastEnd',
  effectiveOn: 'date',
  reason: 'reason',
  stage: 'change',
};

/**
 * Reads the rows (the first is the header) into the steps that enter them, or the problems that stop
 * them. A project already in the tracker (same title) is left alone, its rows unread beyond their title.
 */
export function planProjects(rows: Cell[][], known: Known, mapping: Record<string, string> = {}): ProjectsPlan {
  const problems: RowProblem[] = [];
  const counts = { create: 0, update: 0, leftAlone: 0, rows: 0, changes: 0 };
  const steps: Step[] = [];
  const { at, missing } = locateColumns(rows[0] ?? [], mapping);
  if (missing.length) {
    problems.push({ row: 1, column: null, message: `Row 1 must name the columns: ${missing.map((m) => `‘${m}’`).join(', ')} not found` });
    return { steps, problems, counts };
  }
  const strandByName = new Map(known.strands.map((s) => [norm(s.name), s.id]));
  const priorityByName = new Map(known.priorities.map((p) => [norm(p.name), p.id]));
  const existing = new Map(known.existing.map((p) => [norm(p.title), p]));
  type State = { stage: Stage; heldFrom: Stage | null; lastOn: string; lastRow: number; firstRow: number; title: string; inTracker?: string };
  const state = new Map<string, State>();
  const leftAlone = new Set<string>();
  const updated = new Set<string>();
  const merges: { row: number; into: string }[] = [];

  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    const rowNo = i + 1;
    const get = (k: ColumnKey) => (at.has(k) ? r[at.get(k) as number] : null);
    if (r.every((c) => c === null || text(c) === '')) continue;
    counts.rows++;
    const problem = (k: ColumnKey | null, message: string) =>
      problems.push({ row: rowNo, column: k ? HEADER[k] : null, message: `Row ${rowNo}${k ? `, column ‘${HEADER[k]}’` : ''}: ${message}` });
    const title = text(get('title')).replace(/\s+/g, ' ');
    if (!title) {
      problem('title', 'enter the project’s title');
      continue;
    }
    const key = norm(title);
    const tracked = existing.get(key);
    if (tracked) {
      // A project already in the tracker: its rows up to its last recorded change are what it has
      // (left alone); a later row continues it, checked against the stage it is in now.
      const lastOn = tracked.lastOn ?? '0000-00-00';
      const on = dateOf(get('date'));
      if (!on || on <= lastOn) {
        if (!updated.has(key)) leftAlone.add(key);
        continue;
      }
      if (!state.has(key))
        state.set(key, { stage: tracked.stage, heldFrom: tracked.heldFrom ?? null, lastOn, lastRow: 0, firstRow: 0, title: tracked.title, inTracker: lastOn });
      leftAlone.delete(key);
      updated.add(key);
    }
    const word = norm(text(get('change'))) as ChangeWord;
    const change = CHANGES[word];
    if (!change) {
      problem(
        'change',
        `${text(get('change')) ? `“${text(get('change'))}” is not a change this service knows` : 'enter the change'}: use one of ${Object.values(CHANGES)
          .map((c) => c.label)
          .join(', ')}`,
      );
      continue;
    }
    const rawDate = get('date');
    const on = dateOf(rawDate);
    if (!on) {
      problem('date', text(rawDate) ? `${text(rawDate)} is not a date` : 'enter the date it took effect');
      continue;
    }
    if (on > known.today) problem('date', `${userDate(on)} is in the future`);
    const reason = text(get('reason'));
    const s = state.get(key);
    if (!s) {
      if (change.stage !== 'candidate' && change.stage !== 'scoping' && change.stage !== 'delivery') {
        problem('change', `the first row of “${title}” must be Identified, Scoping or Delivery (the stage it was entered at), not ${change.label}`);
        continue;
      }
      const fields = readFields(get, title, strandByName, priorityByName, problem);
      state.set(key, { stage: change.stage, heldFrom: null, lastOn: on, lastRow: rowNo, firstRow: rowNo, title });
      counts.create++;
      if (!fields) continue;
      const parsed = createProjectSchema.safeParse({ ...fields, stage: change.stage, effectiveOn: on, reason: reason || undefined });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problem(
            FIELD_COLUMN[String(issue.path[0])] ?? null,
            issue.message.replace(/^./, (x) => x.toLowerCase()),
          );
        continue;
      }
      steps.push({ row: rowNo, on, title, kind: 'create', stage: change.stage, fields, reason });
      continue;
    }
    if (on < s.lastOn) {
      problem('date', `${userDate(on)} is before this project’s row ${s.lastRow} (${userDate(s.lastOn)}): list each project’s changes in date order`);
      continue;
    }
    if (word === 'identified' || (s.inTracker && (word === 'scoping' || word === 'delivery') && !s.lastRow && change.stage === s.stage)) {
      problem(
        'title',
        s.inTracker
          ? `“${title}” is already in the tracker (its last change on ${userDate(s.inTracker)}): a later row can only change it`
          : `“${title}” is already entered on row ${s.firstRow}: two projects cannot have the same title`,
      );
      continue;
    }
    s.lastOn = on;
    s.lastRow = rowNo;
    counts.changes++;
    if (word === 'forecast changed') {
      const fe = text(get('forecastEnd'));
      if (!fe || !parseForecast(fe)) {
        problem('forecastEnd', fe ? `${fe} is not a forecast end: write a quarter like 2020-Q2, a month like 2020-04, or TBD` : 'enter the new forecast end');
        continue;
      }
      steps.push({ row: rowNo, on, title, kind: 'update', patch: { forecastEnd: fe }, reason });
      continue;
    }
    if (word === 'objective changed') {
      const objective = text(get('objective'));
      if (!objective) problem('objective', 'enter the new objective');
      else if (objective.length > 1000) problem('objective', 'objective must be 1000 characters or fewer');
      else steps.push({ row: rowNo, on, title, kind: 'update', patch: { objective }, reason });
      continue;
    }
    const move = MOVE_NAMES.find(
      (m) =>
        m !== 'merge' &&
        target(m, s.stage, s.heldFrom) !== null &&
        (word === 'resumed' ? m === 'resume' : m !== 'resume' && target(m, s.stage, s.heldFrom) === change.stage),
    );
    const wanted = word === 'merged into' ? (target('merge', s.stage, s.heldFrom) ? 'merge' : undefined) : move;
    if (!wanted) {
      problem('change', `a project that is ${STAGE_PHRASES[s.stage]} cannot be ${change.label === 'Resumed' ? 'resumed' : `moved to ${change.label}`}`);
      continue;
    }
    if ((wanted === 'hold' || wanted === 'close' || wanted === 'merge') && !reason) {
      problem('reason', `enter the reason for ${change.label}`);
      continue;
    }
    if (wanted === 'hold') s.heldFrom = s.stage;
    s.stage = wanted === 'resume' ? (s.heldFrom as Stage) : (change.stage as Stage);
    if (wanted === 'merge') {
      const into = text(get('mergedInto'));
      if (!into) {
        problem('mergedInto', 'enter the title of the project it was merged into');
        continue;
      }
      if (norm(into) === key) {
        problem('mergedInto', 'a project cannot be merged into itself');
        continue;
      }
      merges.push({ row: rowNo, into });
      steps.push({ row: rowNo, on, title, kind: 'merge', into, reason });
      continue;
    }
    steps.push({ row: rowNo, on, title, kind: 'move', move: wanted, reason });
  }
  for (const m of merges)
    if (!state.has(norm(m.into)) && !existing.has(norm(m.into)))
      problems.push({
        row: m.row,
        column: HEADER.mergedInto,
        message: `Row ${m.row}, column ‘${HEADER.mergedInto}’: “${m.into}” is not a project of the file or of the tracker`,
      });
  counts.leftAlone = leftAlone.size;
  counts.update = updated.size;
  problems.sort((a, b) => a.row - b.row);
  // Entered in date order across projects; within a day, in the file's order.
  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.row - b.row));
  return { steps, problems, counts };
}

function readFields(
  get: (k: ColumnKey) => Cell | undefined,
  title: string,
  strandByName: Map<string, string>,
  priorityByName: Map<string, string>,
  problem: (k: ColumnKey | null, message: string) => void,
): ProjectFields | null {
  let ok = true;
  const strandName = text(get('strand'));
  const strandId = strandByName.get(norm(strandName));
  if (!strandId) {
    problem('strand', strandName ? `“${strandName}” is not a strand of the plan` : 'enter the project’s strand');
    ok = false;
  }
  const names = text(get('priorities'))
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const priorityIds: string[] = [];
  for (const n of names) {
    const id = priorityByName.get(norm(n));
    if (!id) {
      problem('priorities', `“${n}” is not a priority of the plan in force`);
      ok = false;
    } else if (!priorityIds.includes(id)) priorityIds.push(id);
  }
  if (!names.length) {
    problem('priorities', 'enter at least one priority');
    ok = false;
  }
  const st = norm(text(get('statutory')));
  if (st && !['yes', 'no', 'true', 'false', 'y', 'n'].includes(st)) {
    problem('statutory', `“${text(get('statutory'))}” is not Yes or No`);
    ok = false;
  }
  const forecastEnd = text(get('forecastEnd')) || 'TBD';
  if (!parseForecast(forecastEnd)) {
    problem('forecastEnd', `${forecastEnd} is not a forecast end: write a quarter like 2020-Q2, a month like 2020-04, or TBD`);
    ok = false;
  }
  if (!ok || !strandId) return null;
  return {
    title,
    strandId,
    priorityIds,
    objective: text(get('objective')),
    overview: text(get('overview')),
    outcome: text(get('outcome')),
    lead: text(get('lead')),
    statutory: st === 'yes' || st === 'true' || st === 'y',
    forecastEnd,
  };
}
