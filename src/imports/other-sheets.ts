// The decision notices sheet and the targets sheet: read whole, in memory, before anything is
// written, every problem by row and column (as the projects sheet is). Each step names the file's row
// it came from, which marks the history rows the services write for it.
import { userDate } from '../platform/dates.js';
import { createDecisionSchema, parseAmount } from '../decisions/decisions.schemas.js';
import { observationInputSchema, targetInputSchema } from '../targets/targets.schemas.js';
import { dateOf, type RowProblem, text } from './projects-sheet.js';
import type { Cell } from './sheet-file.js';

export type Column = { key: string; header: string; note: string; example: string | number | Date | null; required?: boolean; choices?: string[] };

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Which column holds each field: by header (case and spacing ignored), or by the office's own header names (`mapping`: header -> key). */
export function locate(columns: readonly Column[], header: Cell[], mapping: Record<string, string> = {}) {
  const at = new Map<string, number>();
  const names = header.map((h) => norm(text(h)));
  for (const c of columns) {
    const wanted = [
      norm(c.header),
      ...Object.entries(mapping)
        .filter(([, k]) => k === c.key)
        .map(([h]) => norm(h)),
    ];
    const i = names.findIndex((n) => wanted.includes(n));
    if (i >= 0) at.set(c.key, i);
  }
  const missing = columns.filter((c) => c.required && !at.has(c.key)).map((c) => c.header);
  return { at, missing };
}

export type SheetPlan<S> = { steps: S[]; problems: RowProblem[]; counts: { create: number; leftAlone: number; rows: number; changes: number } };

/** Walks the data rows (the first row is the header): `get` reads a field, `problem` records one against a column. */
function walk(
  columns: readonly Column[],
  rows: Cell[][],
  mapping: Record<string, string>,
  each: (ctx: { row: number; get: (k: string) => Cell | undefined; problem: (k: string | null, m: string) => void }) => void,
) {
  const problems: RowProblem[] = [];
  const header = Object.fromEntries(columns.map((c) => [c.key, c.header]));
  const { at, missing } = locate(columns, rows[0] ?? [], mapping);
  if (missing.length) {
    problems.push({ row: 1, column: null, message: `Row 1 must name the columns: ${missing.map((m) => `‘${m}’`).join(', ')} not found` });
    return { problems, read: 0 };
  }
  let read = 0;
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    if (r.every((c) => c === null || text(c) === '')) continue;
    read++;
    const row = i + 1;
    const said = new Set<string | null>();
    each({
      row,
      get: (k) => (at.has(k) ? r[at.get(k) as number] : null),
      problem: (k, message) => {
        // One problem a cell: the first said is the one to correct.
        if (k && said.has(k)) return;
        said.add(k);
        problems.push({
          row,
          column: k ? header[k] : null,
          message: `Row ${row}${k ? `, column ‘${header[k]}’` : ''}: ${message.replace(/^./, (x) => x.toLowerCase())}`,
        });
      },
    });
  }
  return { problems, read };
}

// ---------------------------------------------------------------------------------------------
// Decision notices: one row a notice.

export const DECISION_STATUSES = ['Draft', 'Approved', 'Published'];
export const DECISION_COLUMNS: readonly Column[] = [
  {
    key: 'reference',
    header: 'Reference',
    required: true,
    example: 'ID: 507',
    note: 'The office’s reference of the notice, unique in the office. A notice whose reference is already in the tracker is left alone.',
  },
  { key: 'title', header: 'Title', required: true, example: 'Estates strategy: sale of the old station', note: 'The notice’s title.' },
  {
    key: 'status',
    header: 'Status',
    example: 'Published',
    choices: DECISION_STATUSES,
    note: 'Draft, Approved or Published (empty means Draft). An approved or published notice needs the date approved and the decision maker; a published one a summary.',
  },
  {
    key: 'approvedOn',
    header: 'Date approved',
    example: new Date(Date.UTC(2019, 2, 14)),
    note: 'The day it was approved, as a date (or written like 14/03/2019), or a month like 2019-03 when only the month is known.',
  },
  { key: 'decisionMaker', header: 'Decision maker', example: 'Police and Crime Commissioner', note: 'Who made the decision.' },
  { key: 'summary', header: 'Summary', example: 'Approves the sale of the former station.', note: 'The summary the public register shows.' },
  { key: 'amount', header: 'Amount', example: 1800000, note: 'In pounds, as a number (1800000 or £1,800,000.00); empty when there is none.' },
  { key: 'fundingSource', header: 'Funding source', example: 'Capital programme', note: 'Where the money comes from (optional).' },
  { key: 'tags', header: 'Tags', example: 'INVESTMENT in POLICING; Estates', note: 'Tags, separated by semicolons (optional).' },
  { key: 'exemptText', header: 'Exempt information', example: null, note: 'The confidential part, never published (optional).' },
  { key: 'exemption', header: 'Exemption', example: null, note: 'Which exemption applies, when there is exempt information.' },
  { key: 'exemptReason', header: 'Reason for exemption', example: null, note: 'Why it is exempt, when there is exempt information.' },
];

export type DecisionStep = {
  row: number;
  reference: string;
  input: Record<string, unknown>;
  approve: { approvedOn: string; decisionMaker: string } | null;
  publish: boolean;
};

const DECISION_FIELD_COLUMN: Record<string, string> = { amount: 'amount' };

export function planDecisions(rows: Cell[][], known: { existing: string[]; today: string }, mapping: Record<string, string> = {}): SheetPlan<DecisionStep> {
  const steps: DecisionStep[] = [];
  const counts = { create: 0, leftAlone: 0, rows: 0, changes: 0 };
  const existing = new Set(known.existing.map(norm));
  const seen = new Map<string, number>();
  const { problems, read } = walk(DECISION_COLUMNS, rows, mapping, ({ row, get, problem }) => {
    const reference = text(get('reference'));
    if (!reference) return problem('reference', 'enter the notice’s reference, like ID: 507');
    const key = norm(reference);
    if (existing.has(key)) {
      counts.leftAlone++;
      return;
    }
    const first = seen.get(key);
    if (first) return problem('reference', `“${reference}” is already on row ${first}: two notices cannot have the same reference`);
    seen.set(key, row);
    counts.create++;
    const statusWord = text(get('status')) || 'Draft';
    const status = DECISION_STATUSES.find((s) => norm(s) === norm(statusWord));
    if (!status) problem('status', `“${statusWord}” is not a status: use ${DECISION_STATUSES.join(', ')}`);
    const amountCell = get('amount');
    const amount = typeof amountCell === 'number' ? amountCell.toFixed(2) : text(amountCell);
    const a = parseAmount(amount);
    if ('error' in a) problem('amount', `${amount}: ${a.error.replace(/^Amount/, 'the amount')}`);
    const input = {
      reference,
      title: text(get('title')),
      decisionMaker: text(get('decisionMaker')),
      summary: text(get('summary')),
      amount: amount || undefined,
      fundingSource: text(get('fundingSource')),
      tags: text(get('tags'))
        .split(/[;\n]/)
        .map((t) => t.trim())
        .filter(Boolean),
      exemptText: text(get('exemptText')),
      exemption: text(get('exemption')),
      exemptReason: text(get('exemptReason')),
    };
    const parsed = createDecisionSchema.safeParse(input);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const k = String(issue.path[0]);
        if (k !== 'amount') problem(DECISION_FIELD_COLUMN[k] ?? (DECISION_COLUMNS.some((c) => c.key === k) ? k : null), issue.message);
      }
    let approve: DecisionStep['approve'] = null;
    if (status && status !== 'Draft') {
      const raw = get('approvedOn');
      const month = /^(\d{4})-(\d{2})$/.exec(text(raw));
      const approvedOn = month && Number(month[2]) >= 1 && Number(month[2]) <= 12 ? text(raw) : dateOf(raw);
      if (!approvedOn) problem('approvedOn', text(raw) ? `${text(raw)} is not a date` : `enter the date a ${status.toLowerCase()} notice was approved`);
      else if (approvedOn.length === 7 ? approvedOn.slice(0, 7) > known.today.slice(0, 7) : approvedOn > known.today)
        problem('approvedOn', `${approvedOn.length === 7 ? approvedOn : userDate(approvedOn)} is in the future`);
      if (!input.decisionMaker) problem('decisionMaker', `enter who made the decision: a ${status.toLowerCase()} notice needs it`);
      if (status === 'Published' && !input.summary) problem('summary', 'enter a summary: a published notice must have one');
      if (approvedOn) approve = { approvedOn, decisionMaker: input.decisionMaker };
    } else if (text(get('approvedOn')))
      problem('approvedOn', 'a draft notice has no date approved: set its status to Approved or Published, or leave the date empty');
    steps.push({ row, reference, input, approve, publish: status === 'Published' });
  });
  counts.rows = read;
  problems.sort((a, b) => a.row - b.row);
  return { steps, problems, counts };
}

// ---------------------------------------------------------------------------------------------
// Targets: a row per target and reading. A target's fields on its first row; every row with an
// "As at" date adds a reading (an observation) to the target named in its first column.

export const TARGET_KINDS: Record<string, 'trajectory' | 'level' | 'direction'> = {
  trajectory: 'trajectory',
  level: 'level',
  'direction of travel': 'direction',
};
export const TARGET_COLUMNS: readonly Column[] = [
  {
    key: 'statement',
    header: 'Target',
    required: true,
    example: 'By April 2014 to reduce by 15% the reports of incivility compared to 2012/13',
    note: 'The target as the plan states it. Every row of one target has the same text; its first row enters it.',
  },
  { key: 'priority', header: 'Priority', example: null, note: 'First row: the priority of the plan in force the target serves, as named in the tracker.' },
  {
    key: 'kind',
    header: 'Measured as',
    example: 'Trajectory',
    choices: ['Trajectory', 'Level', 'Direction of travel'],
    note: 'First row: Trajectory (from a baseline to the target), Level (a level to keep) or Direction of travel.',
  },
  { key: 'direction', header: 'Better when', example: 'Lower', choices: ['Higher', 'Lower'], note: 'First row: Higher or Lower.' },
  { key: 'unit', header: 'Unit', example: 'reports', note: 'First row: the unit of the values (optional).' },
  { key: 'owner', header: 'Owner', example: 'Chief Constable', note: 'First row: who owns the target (optional).' },
  { key: 'baselineValue', header: 'Baseline', example: 41520, note: 'First row: the baseline value, as a number (needed for a trajectory).' },
  {
    key: 'baselineDate',
    header: 'Baseline date',
    example: new Date(Date.UTC(2013, 2, 31)),
    note: 'First row: the date of the baseline (needed for a trajectory).',
  },
  { key: 'targetValue', header: 'Target value', example: 35292, note: 'First row: the value to reach, as a number.' },
  { key: 'deadline', header: 'Deadline', example: new Date(Date.UTC(2014, 3, 1)), note: 'First row: the date by which it is to be reached.' },
  {
    key: 'milestones',
    header: 'Milestones',
    example: null,
    note: 'First row (optional): the steps of the trajectory, each a date and a value, separated by semicolons, like 31/03/2014 8.33; 31/03/2015 10.',
  },
  { key: 'comment', header: 'Comment', example: null, note: 'First row: a comment (optional).' },
  {
    key: 'asAt',
    header: 'As at',
    example: new Date(Date.UTC(2013, 11, 31)),
    note: 'A reading: the date the value is as at. Leave empty on a row that only enters the target.',
  },
  { key: 'value', header: 'Value', example: 38100, note: 'A reading: the value, as a number.' },
  { key: 'narrative', header: 'Current performance', example: 'Down 8% on the baseline', note: 'A reading: the narrative (optional).' },
  { key: 'source', header: 'Source', example: 'Force performance report', note: 'A reading: where the figure comes from (optional).' },
  {
    key: 'travel',
    header: 'Reported direction',
    example: null,
    choices: ['Up', 'Down', 'Level'],
    note: 'A reading of a Direction of travel target: Up, Down or Level as the source reported it.',
  },
];

export type TargetStep =
  | { row: number; kind: 'target'; statement: string; input: Record<string, unknown> }
  | { row: number; kind: 'observation'; statement: string; input: Record<string, unknown> };

const TARGET_FIELD_COLUMN: Record<string, string> = { priorityId: 'priority', reportedTravel: 'travel' };

const numberOf = (c: Cell | undefined) => (typeof c === 'number' ? c : text(c));
/** A number typed as text ("1,200", "8.5%") is taken, as the forms take it; anything else is the cell's problem. */
const notNumber = (c: Cell | undefined) => typeof c !== 'number' && text(c) !== '' && !Number.isFinite(Number(text(c).replace(/,/g, '').replace(/%$/, '')));

export function planTargets(
  rows: Cell[][],
  known: { priorities: { id: string; name: string }[]; existing: string[]; today: string },
  mapping: Record<string, string> = {},
): SheetPlan<TargetStep> {
  const targets: TargetStep[] = [];
  const observations: TargetStep[] = [];
  const counts = { create: 0, leftAlone: 0, rows: 0, changes: 0 };
  const priorityByName = new Map(known.priorities.map((p) => [norm(p.name), p.id]));
  const existing = new Set(known.existing.map(norm));
  const leftAlone = new Set<string>();
  const entered = new Map<string, { row: number; kind: string }>();
  const { problems, read } = walk(TARGET_COLUMNS, rows, mapping, ({ row, get, problem }) => {
    const statement = text(get('statement')).replace(/\s+/g, ' ');
    if (!statement) return problem('statement', 'enter the target, as the plan states it');
    const key = norm(statement);
    if (existing.has(key)) {
      leftAlone.add(key);
      return;
    }
    const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
      for (const issue of r.error?.issues ?? []) {
        const k = String(issue.path[0]);
        problem(TARGET_FIELD_COLUMN[k] ?? (TARGET_COLUMNS.some((c) => c.key === k) ? k : null), issue.message);
      }
    };
    let t = entered.get(key);
    if (!t) {
      counts.create++;
      const priorityName = text(get('priority'));
      const priorityId = priorityByName.get(norm(priorityName));
      if (!priorityId) problem('priority', priorityName ? `“${priorityName}” is not a priority of the plan in force` : 'enter the priority the target serves');
      const kindWord = text(get('kind'));
      const kind = TARGET_KINDS[norm(kindWord)];
      if (!kind)
        problem(
          'kind',
          kindWord ? `“${kindWord}” is not a way of measuring: use Trajectory, Level or Direction of travel` : 'enter how the target is measured',
        );
      const directionWord = norm(text(get('direction')));
      const direction = directionWord === 'higher' || directionWord === 'lower' ? directionWord : null;
      if (!direction)
        problem('direction', text(get('direction')) ? `“${text(get('direction'))}” is not Higher or Lower` : 'enter whether higher or lower is better');
      const dateField = (k: string) => {
        const c = get(k);
        if (!text(c)) return '';
        const d = dateOf(c);
        if (!d) problem(k, `${text(c)} is not a date`);
        return d ?? '';
      };
      for (const k of ['baselineValue', 'targetValue']) if (notNumber(get(k))) problem(k, `${text(get(k))} is not a number`);
      const baselineDate = dateField('baselineDate');
      const deadline = dateField('deadline');
      const milestones = text(get('milestones'))
        .split(/[;\n]/)
        .map((m) => m.trim())
        .filter(Boolean)
        .map((m) => {
          const [d, v] = m.split(/\s+/);
          return `${dateOf(d ?? '') ?? d} ${v ?? ''}`;
        })
        .join('\n');
      const input = {
        priorityId: priorityId ?? '00000000-0000-4000-8000-000000000000',
        statement,
        owner: text(get('owner')),
        unit: text(get('unit')),
        kind: kind ?? 'level',
        direction: direction ?? 'lower',
        baselineValue: numberOf(get('baselineValue')),
        baselineDate: baselineDate || null,
        targetValue: numberOf(get('targetValue')),
        deadline,
        milestones,
        comment: text(get('comment')),
      };
      const parsed = targetInputSchema.safeParse(input);
      // A problem already said about a cell (a priority, a date) is not said twice.
      if (!parsed.success && priorityId && kind && direction) issues(parsed);
      else if (!parsed.success)
        issues({ success: false, error: { issues: parsed.error.issues.filter((i) => !['priorityId', 'kind', 'direction'].includes(String(i.path[0]))) } });
      t = { row, kind: input.kind };
      entered.set(key, t);
      targets.push({ row, kind: 'target', statement, input });
    }
    const asAtCell = get('asAt');
    if (!text(asAtCell)) {
      if (t.row !== row) problem('asAt', 'enter the date the reading is as at');
      return;
    }
    const asAt = dateOf(asAtCell);
    if (!asAt) return problem('asAt', `${text(asAtCell)} is not a date`);
    if (asAt > known.today) return problem('asAt', `${userDate(asAt)} is in the future`);
    const travelWord = norm(text(get('travel')));
    if (travelWord && !['up', 'down', 'level'].includes(travelWord)) return problem('travel', `“${text(get('travel'))}” is not Up, Down or Level`);
    if (travelWord && t.kind !== 'direction') return problem('travel', 'only a target measured as a Direction of travel takes a reported direction');
    if (notNumber(get('value'))) return problem('value', `${text(get('value'))} is not a number`);
    const input = { asAt, value: numberOf(get('value')), narrative: text(get('narrative')), source: text(get('source')), reportedTravel: travelWord || null };
    const parsed = observationInputSchema.safeParse(input);
    if (!parsed.success) return issues(parsed);
    counts.changes++;
    observations.push({ row, kind: 'observation', statement, input });
  });
  counts.rows = read;
  counts.leftAlone = leftAlone.size;
  problems.sort((a, b) => a.row - b.row);
  return { steps: [...targets, ...observations], problems, counts };
}
