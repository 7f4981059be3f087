// History rows as people read them: names instead of ids, "Q2 2020" instead of codes.
import { formatForecast, parseForecast } from './forecast.js';
import type { HistoryRow } from './projects.repository.js';
import { MOVES, type Move, STAGE_LABELS, type Stage } from './stages.js';

/** decisions: notice id -> reference, for the entries that name notices by id. */
export type Names = {
  strands: Map<string, string>;
  priorities: Map<string, string>;
  projects: Map<string, string>;
  decisions?: Map<string, string>;
  /** Issue 18: local areas by id. */
  areas?: Map<string, string>;
};

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  objective: 'Objective',
  overview: 'Overview',
  outcome: 'Outcome',
  strandId: 'Strand',
  priorityIds: 'Priorities',
  lead: 'Lead',
  statutory: 'Statutory',
  forecastEnd: 'Forecast end',
  umbrellaId: 'Umbrella project',
  decisionRefs: 'Decision notices',
  decisionIds: 'Decision notices',
  areaIds: 'Areas served',
  stage: 'Stage',
  mergedInto: 'Merged into',
  mergedFrom: 'Merged in',
};

export const fieldLabel = (f: string) => FIELD_LABELS[f] ?? f;

export function showValue(field: string, v: unknown, n: Names): string {
  if (v === null || v === undefined || v === '') return 'none';
  switch (field) {
    case 'strandId':
      return n.strands.get(String(v)) ?? 'a strand since removed';
    case 'priorityIds':
      return (v as string[]).map((id) => n.priorities.get(id) ?? 'a priority since removed').join(', ') || 'none';
    case 'areaIds':
      return (v as string[]).map((id) => n.areas?.get(id) ?? 'an area since removed').join(', ') || 'All areas';
    case 'umbrellaId':
      return n.projects.get(String(v)) ?? 'another project';
    case 'statutory':
      return v ? 'Yes' : 'No';
    case 'forecastEnd': {
      const f = parseForecast(String(v));
      return f ? formatForecast(f) : String(v);
    }
    case 'stage':
      return STAGE_LABELS[v as Stage] ?? String(v);
    case 'decisionRefs':
      return (v as string[]).join(', ') || 'none';
    case 'decisionIds':
      return (v as string[]).map((id) => n.decisions?.get(id) ?? 'a notice since removed').join(', ') || 'none';
    case 'mergedInto':
      return (v as { title: string }).title;
    case 'mergedFrom':
      return (v as { title: string }[]).map((x) => x.title).join(', ');
    default:
      return String(v);
  }
}

export function summaryOf(h: Pick<HistoryRow, 'kind' | 'move'>): string {
  if (h.kind === 'created') return 'Project created';
  if (h.kind === 'edited') return 'Details changed';
  if (h.kind === 'extended') return 'Forecast end extended';
  if (h.kind === 'merged_in') return 'Projects merged in';
  if (h.kind === 'carried_over') return 'Carried over to the new plan';
  if (h.kind === 'moved' && h.move && h.move in MOVES) return MOVES[h.move as Move].label;
  return h.kind;
}

/** The projects history rows name (as umbrella projects): whose titles describeHistory needs. */
export function projectIdsNamedIn(rows: Pick<HistoryRow, 'changes'>[]): string[] {
  const ids = new Set<string>();
  for (const h of rows) {
    const c = (h.changes as Record<string, { from?: unknown; to?: unknown }> | null)?.umbrellaId;
    for (const v of [c?.from, c?.to]) if (typeof v === 'string' && v) ids.add(v);
  }
  return [...ids];
}

/** The decision notices history rows name (in links changed, and as the notice a change was decided by). */
export function decisionIdsNamedIn(rows: Pick<HistoryRow, 'changes' | 'decisionId'>[]): string[] {
  const ids = new Set<string>();
  for (const h of rows) {
    if (h.decisionId) ids.add(h.decisionId);
    const c = (h.changes as Record<string, { from?: unknown; to?: unknown }> | null)?.decisionIds;
    for (const v of [c?.from, c?.to]) if (Array.isArray(v)) for (const id of v) if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

type Linked = { id: string; title: string };
/** The project a merged project's history links to: the one it was merged into. */
const linksOf = (field: string, to: unknown): Linked[] => (field === 'mergedInto' && to && typeof to === 'object' ? [to as Linked] : []);

export function describeHistory(rows: HistoryRow[], n: Names) {
  return rows.map((h) => {
    const changes = Object.entries((h.changes ?? {}) as Record<string, { from: unknown; to: unknown }>).map(([field, raw]) => {
      // A merge records the project merged into as { id, title } itself, not as { from, to }.
      const c = field === 'mergedInto' && raw && !('to' in raw) ? { from: null, to: raw } : raw;
      return {
        field,
        label: fieldLabel(field),
        from: c.from === null || c.from === undefined ? null : showValue(field, c.from, n),
        to: showValue(field, c.to, n),
        links: linksOf(field, c.to),
      };
    });
    return {
      id: h.id,
      projectId: h.projectId,
      title: h.title,
      summary: summaryOf(h),
      actorName: h.actorName,
      recordedAt: h.recordedAt,
      effectiveAt: h.effectiveAt,
      reason: h.reason,
      // The notice by id where one is known; else the text typed before notices could be chosen.
      decision: h.decisionId ? { id: h.decisionId, reference: n.decisions?.get(h.decisionId) ?? 'a notice since removed' } : null,
      decisionRef: h.decisionRef,
      version: h.version,
      changes,
    };
  });
}
