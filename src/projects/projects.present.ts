// Presentation of projects outside HTML templates: the portfolio's CSV download.
import { csvRows } from '../platform/csv.js';
import { formatForecast, isOverdue } from './forecast.js';
import type { ProjectsService } from './projects.service.js';
import { STAGE_LABELS } from './stages.js';

const HEADER = ['Title', 'Objective', 'Stage', 'Strand', 'Priorities', 'Lead', 'Statutory', 'Forecast end', 'Last changed', 'Overdue'];

/** The filtered portfolio as CSV, priorities by name, with a byte order mark so that Excel reads it as UTF-8. */
export function projectsCsv(items: Awaited<ReturnType<ProjectsService['listAll']>>, priorities: { id: string; name: string }[], today: string): string {
  const priorityNames = new Map(priorities.map((p) => [p.id, p.name]));
  const rows = items.map((p) => [
    p.title,
    p.objective,
    STAGE_LABELS[p.stage],
    p.strandName,
    p.priorityIds.map((id) => priorityNames.get(id) ?? '').join('; '),
    p.lead,
    p.statutory ? 'Yes' : 'No',
    formatForecast({ date: p.forecastEnd, precision: p.forecastPrecision }),
    p.updatedAt.toISOString(),
    isOverdue(p, today) ? 'Yes' : 'No',
  ]);
  return `\uFEFF${csvRows([HEADER, ...rows])}`;
}
