/**
 * The review rows an editor really reworded, by project: a row left as generated (or emptied) is not
 * kept, so later corrections to the history still flow into the rows nobody edited.
 */
export function rewordings(rows: { projectId: string; generated: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.value.trim() && r.value.trim() !== r.generated) out[r.projectId] = r.value;
  return out;
}

/**
 * How an editor shaped the Delivery Plan Review: related projects' entries grouped into one row
 * with a shared name and wording (DPU-2018-04: "All Youth Commission projects: Cyber Safety,
 * Substance Misuse, ..."), the rows in the editor's order, and rows left out with the reason why.
 * Kept with the report draft; the paper made from it is frozen when published.
 */
export type ReviewGroup = { id: string; name: string; objective: string; text: string; projectIds: string[] };
export type ReviewLayout = { groups?: ReviewGroup[]; order?: string[]; omitted?: Record<string, string> };
export type ReviewOmission = { key: string; project: string; reason: string; projectIds: string[] };

type Row = { projectId: string; project: string; objective: string; generated: string; text: string; edited: boolean };
export type ShapedRow = Row & { key?: string; projectIds?: string[]; grouped?: boolean };

/** The key a row is ordered and left out by: the project's id, or "g-" and the group's id. */
export const rowKey = (r: ShapedRow) => r.key ?? r.projectId;
const unique = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];

/**
 * The review rows as the editor shaped them. Grouping and leaving out change which rows the paper
 * shows and their wording, never which projects changed: every project of the input is in exactly
 * one output row or one recorded omission.
 */
export function shapeReview<R extends Row>(rows: R[], layout: ReviewLayout): { rows: ShapedRow[]; omitted: ReviewOmission[] } {
  const byProject = new Map(rows.map((r, i) => [r.projectId, { r, i }]));
  const taken = new Set<string>();
  const placed: { row: ShapedRow; at: number }[] = [];
  for (const g of layout.groups ?? []) {
    const members = [...new Set(g.projectIds)]
      .filter((id) => byProject.has(id) && !taken.has(id))
      .map((id) => byProject.get(id) as { r: R; i: number })
      .sort((a, b) => a.i - b.i);
    if (!members.length) continue;
    for (const m of members) taken.add(m.r.projectId);
    const generated = unique(members.map((m) => m.r.text)).join(' ');
    const objectives = unique(members.map((m) => m.r.objective));
    placed.push({
      at: members[0].i,
      row: {
        projectId: `g-${g.id}`,
        key: `g-${g.id}`,
        project: g.name,
        objective: g.objective.trim() || (objectives.length === 1 ? objectives[0] : ''),
        generated,
        text: g.text.trim() || generated,
        edited: !!g.text.trim(),
        projectIds: members.map((m) => m.r.projectId),
        grouped: true,
      },
    });
  }
  for (const [id, { r, i }] of byProject) if (!taken.has(id)) placed.push({ at: i, row: { ...r, projectIds: [id] } });
  placed.sort((a, b) => a.at - b.at);
  const order = new Map((layout.order ?? []).map((k, i) => [k, i]));
  const ranked = placed
    .map((p, i) => ({ row: p.row, rank: order.get(rowKey(p.row)) ?? order.size + i }))
    .sort((a, b) => a.rank - b.rank)
    .map((p) => p.row);
  const omitted: ReviewOmission[] = [];
  const kept: ShapedRow[] = [];
  for (const row of ranked) {
    const reason = layout.omitted?.[rowKey(row)]?.trim();
    if (reason) omitted.push({ key: rowKey(row), project: row.project, reason, projectIds: row.projectIds ?? [row.projectId] });
    else kept.push(row);
  }
  return { rows: kept, omitted };
}
