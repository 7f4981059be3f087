// The home page's portfolio counts: each current stage count (as the database counted it per strand
// and stage, and per priority and stage) added into its group, overall, per strand and per priority.
import { type Group, groupOf, type Stage } from './stages.js';

type Counts = Record<Group, number>;
const zero = (): Counts => ({ future: 0, current: 0, completed: 0 });

export function dashboardCounts(
  strands: { id: string; name: string }[],
  priorities: { id: string; name: string; colour: string }[],
  byStrand: { strandId: string; stage: Stage; n: number }[],
  byPriority: { priorityId: string; stage: Stage; n: number }[],
) {
  const groups = zero();
  const perStrand = new Map(strands.map((s) => [s.id, { id: s.id, name: s.name, ...zero() }]));
  const perPriority = new Map(priorities.map((p) => [p.id, { id: p.id, name: p.name, colour: p.colour, ...zero() }]));
  for (const c of byStrand) {
    const g = groupOf(c.stage);
    if (!g) continue;
    groups[g] += c.n;
    const s = perStrand.get(c.strandId);
    if (s) s[g] += c.n;
  }
  for (const c of byPriority) {
    const g = groupOf(c.stage);
    const pr = perPriority.get(c.priorityId);
    if (g && pr) pr[g] += c.n;
  }
  return { groups, perStrand: [...perStrand.values()], perPriority: [...perPriority.values()] };
}
