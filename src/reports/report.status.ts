// Issue 18: the current projects table of the paper with each project's status for the quarter and
// its overdue forecast end. Kept apart from report.doc.ts so the paper's layout can change beside it.
import type { Cell, TableBlock } from '../documents/document.js';
import type { CurrentProject, QuarterStatusCell, ReportModel } from './report.model.js';

export const NOT_REPORTED = 'Not reported';
const TAG = { on_track: 'green', at_risk: 'amber', off_track: 'red' } as const;

/** A status as a GOV.UK tag with its words: never colour alone. "Not reported" is grey. */
export const statusCell = (s: QuarterStatusCell | undefined): Cell => ({ text: s?.label ?? NOT_REPORTED, tag: s?.status ? TAG[s.status] : 'grey' });

/** A forecast end past before the quarter's end says so in words, as a tag. */
export const forecastCell = (p: Pick<CurrentProject, 'forecastEnd' | 'overdue'>): Cell =>
  p.overdue ? { text: `${p.forecastEnd} (overdue)`, tag: 'red' } : p.forecastEnd;

/** One strand's table of current projects: Project, Objective, Forecast end date, and Status and Progress when the editor asked for them. */
export function currentProjectsTable(m: Pick<ReportModel, 'statusColumns'>, s: ReportModel['currentByStrand'][number]): TableBlock {
  return {
    type: 'table',
    caption: `${s.strand}: current projects (${s.projects.length})`,
    head: ['Project', 'Objective', 'Forecast end date', ...(m.statusColumns ? ['Status', 'Progress'] : [])],
    rows: s.projects.map((p) => [p.title, p.objective, forecastCell(p), ...(m.statusColumns ? [statusCell(p.status), p.status?.note ?? ''] : [])]),
  };
}
