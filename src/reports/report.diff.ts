import { GROUP_LABELS, decisionsFromOf, type ReportModel } from './report.model.js';

/**
 * What differs between a paper as published and the same period regenerated now, in words an
 * editor can check: corrections entered after publication show up here rather than silently.
 */
export function diffModels(published: ReportModel, fresh: ReportModel): string[] {
  const out: string[] = [];
  for (const g of published.dashboard.groups) {
    const f = fresh.dashboard.groups.find((x) => x.group === g.group);
    if (!f) continue;
    if (f.count !== g.count) out.push(`${GROUP_LABELS[g.group]} at the end of the period: ${g.count} published, ${f.count} now.`);
    if (f.previous !== g.previous) out.push(`${GROUP_LABELS[g.group]} at the end of the previous period: ${g.previous} published, ${f.previous} now.`);
    for (const s of g.perStrand) {
      const fs = f.perStrand.find((x) => x.strandId === s.strandId);
      if ((fs?.count ?? 0) !== s.count) out.push(`${GROUP_LABELS[g.group]} in ${s.strand}: ${s.count} published, ${fs?.count ?? 0} now.`);
    }
  }
  const lists = [
    ['delivered', 'Delivered'],
    ['initiated', 'Initiated'],
    ['candidates', 'Candidate projects identified'],
  ] as const;
  for (const [k, label] of lists) {
    const a = new Map(published.dashboard[k].map((p) => [p.id, p.title]));
    const b = new Map(fresh.dashboard[k].map((p) => [p.id, p.title]));
    for (const [id, t] of a) if (!b.has(id)) out.push(`${label}: ‘${t}’ was listed but would not be now.`);
    for (const [id, t] of b) if (!a.has(id)) out.push(`${label}: ‘${t}’ would now be listed.`);
    for (const [id, t] of a) if (b.has(id) && b.get(id) !== t) out.push(`${label}: ‘${t}’ is now called ‘${b.get(id)}’.`);
  }
  for (const split of published.dashboard.priorities) {
    const f = fresh.dashboard.priorities.find((x) => x.group === split.group);
    for (const r of split.rows) {
      const fr = f?.rows.find((x) => x.priorityId === r.priorityId);
      if (fr?.count !== r.count)
        out.push(`${split.group === 'current' ? 'Current' : 'Completed'} projects under ‘${r.priority}’: ${r.count} published, ${fr?.count ?? 0} now.`);
    }
  }
  const ra = new Map(published.review.map((r) => [r.projectId, r]));
  const rb = new Map(fresh.review.map((r) => [r.projectId, r]));
  for (const [id, r] of ra) {
    const f = rb.get(id);
    if (!f) out.push(`Delivery Plan Review: the row for ‘${r.project}’ would not be there now.`);
    else if (f.text !== r.text) out.push(`Delivery Plan Review, ‘${r.project}’: published “${r.text}”, now “${f.text}”.`);
  }
  for (const [id, r] of rb) if (!ra.has(id)) out.push(`Delivery Plan Review: a row for ‘${r.project}’ would now be added: “${r.text}”.`);
  const sa = new Map(published.spotlights.map((s) => [s.id, s]));
  const sb = new Map(fresh.spotlights.map((s) => [s.id, s]));
  for (const [id, s] of sa) {
    const f = sb.get(id);
    if (!f) out.push(`Spotlight on ‘${s.title}’ would not be there now.`);
    else if (f.overview !== s.overview || f.outcome !== s.outcome) out.push(`Spotlight on ‘${s.title}’: its overview or outcome has changed.`);
  }
  for (const [id, s] of sb) if (!sa.has(id)) out.push(`Spotlight on ‘${s.title}’ would now be added.`);
  const ca = new Map(published.currentByStrand.flatMap((s) => s.projects.map((p) => [p.id, { ...p, strand: s.strand }])));
  const cb = new Map(fresh.currentByStrand.flatMap((s) => s.projects.map((p) => [p.id, { ...p, strand: s.strand }])));
  for (const [id, p] of ca) {
    const f = cb.get(id);
    if (!f) out.push(`Current projects: ‘${p.title}’ would not be listed now.`);
    else {
      if (f.title !== p.title) out.push(`Current projects: ‘${p.title}’ is now called ‘${f.title}’.`);
      if (f.strand !== p.strand) out.push(`Current projects: ‘${p.title}’ is now under ${f.strand}, not ${p.strand}.`);
      if (f.objective !== p.objective) out.push(`Current projects: the objective of ‘${p.title}’ has changed.`);
      if (f.forecastEnd !== p.forecastEnd) out.push(`Current projects: ‘${p.title}’ forecast end date ${p.forecastEnd} published, ${f.forecastEnd} now.`);
    }
  }
  for (const [id, p] of cb) if (!ca.has(id)) out.push(`Current projects: ‘${p.title}’ would now be listed.`);
  const da = new Map(published.decisions.map((d) => [d.reference, d]));
  const db = new Map(fresh.decisions.map((d) => [d.reference, d]));
  for (const [ref, d] of da) if (!db.has(ref)) out.push(`Decision notice ${ref} ‘${d.title}’ would not be listed now.`);
  for (const [ref, d] of db) if (!da.has(ref)) out.push(`Decision notice ${ref} ‘${d.title}’ would now be listed.`);
  if ((published.period.panelMeetingOn ?? '') !== (fresh.period.panelMeetingOn ?? ''))
    out.push(`Panel meeting date: ${published.period.panelMeetingOn ?? 'none'} published, ${fresh.period.panelMeetingOn ?? 'none'} now.`);
  if (decisionsFromOf(published) !== decisionsFromOf(fresh))
    out.push(`Decision notices approved from: ${decisionsFromOf(published)} published, ${decisionsFromOf(fresh)} now.`);
  return out;
}
