import type { Block, Cell, Doc, TableBlock } from '../documents/document.js';
import { notFound } from '../platform/errors.js';
import { londonDate } from '../platform/db/time.js';
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
    parts.push(
      `RAG status set by the office (the trajectory gives ${t.rag.ruleStatus ? ragLabel({ ...t.rag, status: t.rag.ruleStatus }) : 'none'}): ${t.rag.reason}`,
    );
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
 * What the report opens on when no date is asked for: the plan that has targets or actions (the one
 * in force today, else the one most recently reported on), as at its latest figure or delivery update
 * (never after today). An office's current plan often has no targets yet while the last one does:
 * opening on an empty paper would hide the work that exists.
 */
async function defaultChoice({
  services,
  officeId,
  plans,
  allPriorities,
  planId,
  today,
}: {
  services: { targets: TargetsService };
  officeId: string;
  plans: { id: string; periodStart: string; periodEnd: string }[];
  allPriorities: { id: string; planId: string }[];
  planId?: string;
  today: string;
}): Promise<{ planId?: string; date: string }> {
  const [targets, actions] = await Promise.all([services.targets.listTargets(officeId), services.targets.listActions(officeId)]);
  const planOf = new Map(allPriorities.map((p) => [p.id, p.planId]));
  const latest = new Map<string, string>(); // plan id -> latest dated entry ('' when none)
  const note = (priorityId: string, dates: string[]) => {
    const id = planOf.get(priorityId);
    if (!id) return;
    const last = [latest.get(id) ?? '', ...dates.filter((d) => d <= today)].sort().at(-1) as string;
    latest.set(id, last);
  };
  for (const t of targets)
    note(
      t.priorityId,
      t.observations.map((o) => o.asAt),
    );
  for (const a of actions)
    note(
      a.priorityId,
      a.updates.map((u) => u.asAt),
    );
  const withWork = plans.filter((p) => latest.has(p.id));
  const plan =
    (planId ? plans.find((p) => p.id === planId) : undefined) ??
    withWork.filter((p) => p.periodStart <= today && today <= p.periodEnd).at(-1) ??
    [...withWork].sort((a, b) => (latest.get(a.id) as string).localeCompare(latest.get(b.id) as string) || a.periodStart.localeCompare(b.periodStart)).at(-1);
  if (!plan) return { date: today };
  return { planId: plan.id, date: latest.get(plan.id) || today };
}

/**
 * "Update on targets and objectives" as at a date (TARGETS-2013-14): per priority of the plan in force on
 * that date, its targets with the RAG the rule gives from the observations up to the date, and its
 * actions with the delivery updates up to the date, newest first.
 */
export async function buildTargetsReport({
  services,
  officeId,
  input,
  today = londonDate(new Date()),
  openDefault = false,
}: {
  services: { plan: PlanService; targets: TargetsService };
  officeId: string;
  input: { date?: string; planId?: string };
  /** Today as a London date: the default report date when nothing is recorded. */
  today?: string;
  /** With no date asked for, open on the plan and date that have targets (the page); the API requires a date. */
  openDefault?: boolean;
}): Promise<{ doc: Doc; date: string; planId: string }> {
  const plans = await services.plan.listPlans(officeId);
  const allPriorities = await services.plan.listPriorities(officeId);
  const chosen =
    input.date || !openDefault ? null : await defaultChoice({ services, officeId, plans, allPriorities, planId: input.planId || undefined, today });
  const q = parseInput('report', reportQuerySchema, { ...input, date: input.date ?? chosen?.date });
  const plan = q.planId
    ? plans.find((p) => p.id === q.planId)
    : (plans.find((p) => p.id === chosen?.planId) ??
      plans.filter((p) => p.periodStart <= q.date && q.date <= p.periodEnd).at(-1) ??
      (await services.plan.currentPlan(officeId)));
  if (!plan) throw notFound('plan');
  const priorities = allPriorities.filter((p) => p.planId === plan.id);
  const [targets, actions] = await Promise.all([
    services.targets.listTargets(officeId, { asAt: q.date }),
    services.targets.listActions(officeId, { asAt: q.date }),
  ]);
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
