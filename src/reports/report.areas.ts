// Issue 18: the dashboard summary per local area (DPU-2020-02's "Southampton" page). Each area counts
// the projects that serve it, and those serving the whole force area (no area named): a project in
// several areas counts once in each, so the areas' counts need not add up to the office's.
import type { Block } from '../documents/document.js';
import { groupOf, type Stage } from '../projects/stages.js';
import { type AreaDashboard, GROUP_LABELS, GROUPS, type ReportModel, type Trend } from './report.model.js';

type Portfolio = { id: string; stage: Stage; areaIds: string[] }[];
const TREND: Record<Trend, string> = { up: '↑ Up', down: '↓ Down', unchanged: '→ Unchanged' };

/** Whether a project (as it stood) serves an area: it names the area, or names none (all areas). */
export const serves = (p: { areaIds: string[] }, areaId: string) => !p.areaIds.length || p.areaIds.includes(areaId);

/** Each area's completed, current and future projects at the quarter's end and at the previous one's. */
export function areaDashboards(areas: { id: string; name: string }[], atEnd: Portfolio, atPrevious: Portfolio): AreaDashboard[] {
  return areas.map((a) => ({
    areaId: a.id,
    area: a.name,
    groups: GROUPS.map((g) => {
      const count = atEnd.filter((p) => groupOf(p.stage) === g && serves(p, a.id)).length;
      const previous = atPrevious.filter((p) => groupOf(p.stage) === g && serves(p, a.id)).length;
      return { group: g, count, previous, trend: count > previous ? 'up' : count < previous ? 'down' : 'unchanged' };
    }),
  }));
}

/** The paper's section: one table per area, with the change in words beside the arrow. */
export function areaDashboardBlocks(m: Pick<ReportModel, 'areaDashboards'>, endDate: string, prevDate: string): Block[] {
  if (!m.areaDashboards?.length) return [];
  const blocks: Block[] = [{ type: 'pageBreak' }, { type: 'heading', level: 1, text: 'Dashboard summary per area' }];
  blocks.push({
    type: 'paragraph',
    text: 'Each area counts its own projects and those serving the whole force area, so a project serving several areas is counted in each of them.',
  });
  for (const a of m.areaDashboards)
    blocks.push({
      type: 'table',
      caption: `${a.area}: projects at ${endDate}, against ${prevDate}`,
      head: ['Projects', `At ${prevDate}`, `At ${endDate}`, 'Change'],
      rows: a.groups.map((g) => [
        GROUP_LABELS[g.group],
        String(g.previous),
        String(g.count),
        `${TREND[g.trend]}${g.trend === 'unchanged' ? '' : ` by ${Math.abs(g.count - g.previous)}`}`,
      ]),
      numeric: [1, 2],
      rowHeaders: true,
    });
  return blocks;
}
