import type { Block, Cell, Doc, TableBlock } from '../documents/document.js';
import { notFound } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import type { PlanService } from '../plan/plan.service.js';
import { ragLabel, type RagResult } from './rag.js';
import { reportQuerySchema } from './targets.schemas.js';
import type { ActionView, TargetsService, TargetView } from './targets.service.js';

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2014-01-20" -> "Jan 14", as the Panel papers date their delivery updates. */
export const updateLabel = (iso: string) => `${MON[+iso.slice(5, 7) - 1]} ${iso.slice(2, 4)}`;
const longDate = (iso: string) => `${+iso.slice(8, 10)} ${MONTHS[+iso.slice(5, 7) - 1]} ${iso.slice(0, 4)}`;
/** The financial year (April to March) a date falls in: "2013/14". */
export const financialYear = (iso: string) => {
  const y = +iso.slice(0, 4);
  const start = +iso.slice(5, 7) >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
};

export function ragCell(r: RagResult): Cell {
  if (r.kind === 'rag') return { text: ragLabel(r), tag: r.status };
  return { text: ragLabel(r), tag: 'grey' };
}

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

export function currentPerformance(t: TargetView): string {
  if (!t.latest) return 'No observation yet';
  return t.latest.narrative || `${fmt(t.latest.value)}${t.unit ? ` ${t.unit}` : ''} as at ${longDate(t.latest.asAt)}`;
}

export function commentOf(t: TargetView): string {
  const parts = [t.comment];
  // An override is shown with its reason, so the Panel sees it was a judgement and what the rule said.
  if (t.rag.kind === 'rag' && t.rag.source === 'override')
    parts.push(`RAG status set by the office (the trajectory gives ${t.rag.ruleStatus ? ragLabel({ ...t.rag, status: t.rag.ruleStatus }) : 'none'}): ${t.rag.reason}`);
  return parts.filter(Boolean).join(' ');
}

export function deliveryText(a: ActionView): string {
  return a.updates.map((u) => `Update ${updateLabel(u.asAt)}: ${u.text}`).join('\n');
}

export const actionTitle = (a: { number: string; newActivity: boolean; text: string }) => `${a.newActivity ? 'New activity: ' : ''}${a.number} ${a.text}`;

export function targetsTable(priorityLabel: string, targets: TargetView[]): TableBlock {
  return {
    type: 'table',
    caption: `${priorityLabel}: police targets`,
    head: ['Target', 'Owner', 'Current performance', 'RAG status', 'Comment'],
    rows: targets.map((t) => [t.statement, t.owner, currentPerformance(t), ragCell(t.rag), commentOf(t)]),
  };
}

export function actionsTable(priorityLabel: string, actions: ActionView[]): TableBlock {
  return {
    type: 'table',
    caption: `${priorityLabel}: OPCC actions (objectives)`,
    head: ['Action', 'Owner', 'Outcome sought', 'Delivery update'],
    rows: actions.map((a) => [actionTitle(a), a.owners, a.outcome, deliveryText(a)]),
  };
}

/**
 * "Update on targets and objectives" as at a date (seed 003): per priority of the plan in force on
 * that date, its targets with the RAG the rule gives from the observations up to the date, and its
 * actions with the delivery updates up to the date, newest first.
 */
export async function buildTargetsReport({
  services,
  officeId,
  input,
}: {
  services: { plan: PlanService; targets: TargetsService };
  officeId: string;
  input: unknown;
}): Promise<{ doc: Doc; date: string; planId: string }> {
  const q = parseInput('report', reportQuerySchema, input);
  const plans = await services.plan.listPlans(officeId);
  const plan = q.planId
    ? plans.find((p) => p.id === q.planId)
    : (plans.filter((p) => p.periodStart <= q.date && q.date <= p.periodEnd).at(-1) ?? (await services.plan.currentPlan(officeId)));
  if (!plan) throw notFound('plan');
  const priorities = (await services.plan.listPriorities(officeId)).filter((p) => p.planId === plan.id);
  const [targets, actions] = await Promise.all([services.targets.listTargets(officeId, { asAt: q.date }), services.targets.listActions(officeId, { asAt: q.date })]);
  const blocks: Block[] = [
    { type: 'paragraph', style: 'lead', text: `${plan.title}: performance targets and the Office’s actions, as at ${longDate(q.date)}.` },
    {
      type: 'paragraph',
      style: 'small',
      text: `RAG status: Green when the latest figure is on or better than the trajectory to the target at its date; Amber when worse by no more than ${fmt((await services.targets.settings(officeId)).tolerancePct)}% of the trajectory value; Red when worse than that. Arrows show a direction of travel where the measure is reported that way.`,
    },
  ];
  priorities.forEach((p, i) => {
    const label = `Priority ${i + 1}`;
    const ts = targets.filter((t) => t.priorityId === p.id);
    const as = actions.filter((a) => a.priorityId === p.id);
    if (!ts.length && !as.length) return;
    blocks.push({ type: 'heading', level: 1, text: `${label}: ${p.name}` });
    if (ts.length) blocks.push(targetsTable(label, ts));
    if (as.length) blocks.push(actionsTable(label, as));
  });
  if (blocks.length === 2) blocks.push({ type: 'paragraph', text: 'No targets or actions are recorded under this plan’s priorities.' });
  return {
    doc: { title: `Update on targets and objectives for ${financialYear(q.date)}`, subtitle: `As at ${longDate(q.date)}`, lang: 'en-GB', blocks },
    date: q.date,
    planId: plan.id,
  };
}
