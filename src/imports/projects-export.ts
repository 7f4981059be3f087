// The projects as workbooks: the list as filtered (one row a project), and the portfolio with its
// dated history in the import's own layout (one row a change), which an empty office can import.
import type { Cell as OutCell, Row } from 'write-excel-file/node';
import { writeWorkbook } from '../documents/workbook.js';
import type { ExportHistoryRow } from './imports.repository.js';
import { STAGE_LABELS, type Stage } from '../projects/stages.js';
import { PROJECT_COLUMNS } from './projects-sheet.js';

import { safeText } from '../documents/xlsx.js';

export { safeText };

const text = (s: string | null | undefined): OutCell => ({ value: safeText(s ?? ''), type: String });
/** A London date (YYYY-MM-DD) as a date cell: midnight UTC of that day, shown as the UK writes it. */
const day = (iso: string | null | undefined): OutCell => (iso ? { value: new Date(`${iso}T00:00:00Z`), type: Date, format: 'dd/mm/yyyy' } : null);
const bold = (s: string): OutCell => ({ value: s, type: String, fontWeight: 'bold' });

export type ListItem = {
  title: string;
  objective: string;
  stage: Stage;
  strandName: string;
  priorityIds: string[];
  lead: string;
  statutory: boolean;
  forecastEnd: string | null;
  forecastPrecision: 'month' | 'quarter' | 'tbd';
  updatedAt: Date;
};

/** The projects list as filtered: one sheet, the header row frozen. */
export async function projectsListWorkbook(items: ListItem[], priorityNames: Map<string, string>, forecast: (p: ListItem) => string) {
  const header = ['Project', 'Stage', 'Strand', 'Priorities', 'Objective', 'Lead', 'Statutory', 'Forecast end', 'Last changed'].map(bold);
  const rows: Row[] = [
    header,
    ...items.map((p) => [
      text(p.title),
      text(STAGE_LABELS[p.stage]),
      text(p.strandName),
      text(p.priorityIds.map((id) => priorityNames.get(id) ?? '').join('; ')),
      text(p.objective),
      text(p.lead),
      text(p.statutory ? 'Yes' : 'No'),
      text(forecast(p)),
      { value: p.updatedAt, type: Date, format: 'dd/mm/yyyy hh:mm' } as OutCell,
    ]),
  ];
  return writeWorkbook([{ sheet: 'Projects', data: rows, stickyRowsCount: 1, columns: 'auto' }]);
}

const MOVE_WORDS: Record<string, string> = {
  scope: 'Scoping',
  deliver: 'Delivery',
  complete: 'Completed',
  complete_at_scoping: 'Completed',
  hold: 'On hold',
  resume: 'Resumed',
  close: 'Closed',
  merge: 'Merged into',
};
const CREATED_WORDS: Partial<Record<Stage, string>> = { candidate: 'Identified', scoping: 'Scoping', delivery: 'Delivery' };

type Changes = Record<string, { from?: unknown; to?: unknown }>;

/**
 * The office's projects with their history, oldest change first, in the import's layout. What the
 * import cannot enter again is left out and said in the notes sheet: edits other than the objective
 * and the forecast end, umbrella projects and decision notice links.
 */
export async function projectsHistoryWorkbook(
  history: ExportHistoryRow[],
  names: { strands: Map<string, string>; priorities: Map<string, string> },
  londonDate: (d: Date) => string,
) {
  const blank = () => PROJECT_COLUMNS.map(() => null) as OutCell[];
  const col = Object.fromEntries(PROJECT_COLUMNS.map((c, i) => [c.key, i])) as Record<(typeof PROJECT_COLUMNS)[number]['key'], number>;
  // Many changes share an instant (an import's rows are dated by the day): each is turned into a London day once.
  const days = new Map<number, OutCell>();
  const dayOf = (d: Date) => {
    const known = days.get(d.getTime());
    if (known !== undefined) return known;
    const v = day(londonDate(d));
    days.set(d.getTime(), v);
    return v;
  };
  // The rows are made as the sheet is written, one at a time, not held as cells all at once.
  function* rows(): Generator<Row> {
    yield PROJECT_COLUMNS.map((c) => bold(c.header));
    yield* changeRows();
  }
  function* changeRows(): Generator<Row> {
    for (const h of history) {
      const c = (h.changes ?? {}) as Changes;
      const base = () => {
        const r = blank();
        r[col.title] = text(h.currentTitle);
        r[col.date] = dayOf(h.effectiveAt);
        r[col.reason] = h.reason ? text(h.reason) : null;
        return r;
      };
      if (h.kind === 'created') {
        const r = base();
        const to = (k: string) => c[k]?.to;
        r[col.change] = text(CREATED_WORDS[h.stage] ?? STAGE_LABELS[h.stage]);
        r[col.strand] = text(names.strands.get(String(to('strandId') ?? h.strandId)) ?? '');
        // In the plan's order (the map's), not the ids' order, so that an export is the same each time.
        const ids = new Set((to('priorityIds') as string[]) ?? h.priorityIds);
        r[col.priorities] = text(
          [...names.priorities]
            .filter(([id]) => ids.has(id))
            .map(([, name]) => name)
            .join('; '),
        );
        r[col.objective] = text(String(to('objective') ?? h.objective));
        r[col.overview] = text(String(to('overview') ?? ''));
        r[col.outcome] = text(String(to('outcome') ?? ''));
        r[col.lead] = text(String(to('lead') ?? h.lead));
        r[col.statutory] = text((to('statutory') ?? h.statutory) ? 'Yes' : 'No');
        r[col.forecastEnd] = text(String(to('forecastEnd') ?? 'TBD'));
        yield r;
      } else if (h.kind === 'moved' && h.move && MOVE_WORDS[h.move]) {
        const r = base();
        r[col.change] = text(MOVE_WORDS[h.move]);
        if (h.move === 'merge') r[col.mergedInto] = text(String((c.mergedInto as { title?: string } | undefined)?.title ?? ''));
        yield r;
      } else if (h.kind === 'extended' || h.kind === 'edited') {
        if (c.forecastEnd) {
          const r = base();
          r[col.change] = text('Forecast changed');
          r[col.forecastEnd] = text(String(c.forecastEnd.to ?? 'TBD'));
          yield r;
        }
        if (c.objective) {
          const r = base();
          r[col.change] = text('Objective changed');
          r[col.objective] = text(String(c.objective.to ?? ''));
          yield r;
        }
      }
    }
  }
  const notes: Row[] = [
    [bold('Column'), bold('What it holds')],
    ...PROJECT_COLUMNS.map((c) => [text(c.header), text(c.note)]),
    [null, null],
    [text('Not included'), text('Edits to fields other than the objective and the forecast end, umbrella projects and decision notice links.')],
  ];
  return writeWorkbook([
    { sheet: 'Projects', data: rows(), stickyRowsCount: 1, columns: 'auto' },
    { sheet: 'Notes', data: notes, stickyRowsCount: 1, columns: [{ width: 16 }, { width: 100 }] },
  ]);
}
