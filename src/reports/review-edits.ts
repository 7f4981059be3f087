/**
 * The review rows an editor really reworded, by project: a row left as generated (or emptied) is not
 * kept, so later corrections to the history still flow into the rows nobody edited.
 */
export function rewordings(rows: { projectId: string; generated: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.value.trim() && r.value.trim() !== r.generated) out[r.projectId] = r.value;
  return out;
}
