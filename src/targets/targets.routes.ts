import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type HistoryRow, presentHistory } from '../platform/history.js';
import { DomainError } from '../platform/errors.js';
import { actor, errorView, handleForm, isUuid, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import { renderDocx } from '../documents/docx.js';
import { renderHtml, standaloneHtml, tableHtml } from '../documents/html.js';
import { renderPdf } from '../documents/pdf.js';
import { londonDate } from '../platform/db/time.js';
import { govukDate } from '../platform/web/filters.js';
import { dateParts, onDateBoxes, readDate, withIsoDates } from '../platform/dates.js';
import { targetChart } from './chart.js';
import { RAG_LABELS, ragLabel, type RagResult, TRAVEL_WORDS } from './rag.js';
import { actionTitle, buildTargetsReport, commentOf, currentPerformance, deliveryText, updateLabel } from './targets.report.js';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, KIND_LABELS, KINDS } from './targets.schemas.js';
import type { ActionView, TargetView, TargetsService } from './targets.service.js';
import type { PlanService } from '../plan/plan.service.js';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | undefined>; Body: Record<string, unknown> }>;
const V = (name: string) => `targets/views/${name}.njk`;

/** How a RAG result is shown: the words, a GOV.UK tag colour, and a spoken form for arrows. */
export function ragView(r: RagResult) {
  if (r.kind === 'rag') return { text: RAG_LABELS[r.status], tag: r.status, spoken: null, overridden: r.source === 'override' };
  if (r.kind === 'travel') return { text: RAG_LABELS[r.status], tag: 'grey', spoken: `Direction of travel: ${TRAVEL_WORDS[r.status]}`, overridden: false };
  return { text: ragLabel(r), tag: 'grey', spoken: null, overridden: false };
}

/** Milestones back into the form's "date value" lines. */
// As the hint asks for them (31/3/2014 8.33): day, month and year, as every other date in the forms.
const milestoneLines = (ms: { date: string; value: number }[]) =>
  ms.map((m) => `${+m.date.slice(8, 10)}/${+m.date.slice(5, 7)}/${m.date.slice(0, 4)} ${m.value}`).join('\n');
const TARGET_DATES = { baselineDate: { label: 'Baseline date' }, deadline: { label: 'Deadline', required: 'Enter the deadline' } };
const OBSERVATION_DATES = { asAt: { label: 'As at', required: 'Enter the date the value is as at' } };
const UPDATE_DATES = { asAt: { label: 'Date of the update', required: 'Enter the date of the update' } };
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/**
 * Milestone lines as people write dates ("31/3/2014 8.33", "31 March 2014 8.33") turned into the ISO
 * lines the schema reads; lines already in ISO, or not dates at all, pass unchanged for it to judge.
 */
export function milestonesIso(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return text
    .split(/\r?\n/)
    .map((line) => {
      const m = /^\s*(\d{1,2})[/.\- ](\d{1,2}|[A-Za-z]{3,9})[/.\- ](\d{4})\s+(.*)$/.exec(line);
      if (!m) return line;
      const month = /^\d+$/.test(m[2]) ? Number(m[2]) : MONTH_NAMES.findIndex((n) => n.startsWith(m[2].toLowerCase())) + 1;
      if (!month) return line;
      const r = readDate({ 'd-day': m[1], 'd-month': String(month), 'd-year': m[3] }, 'd', 'Milestone');
      return r.value ? `${r.value} ${m[4]}` : line;
    })
    .join('\n');
}
const targetInput = (body: Record<string, unknown>) => ({ ...withIsoDates(body, TARGET_DATES), milestones: milestonesIso(body.milestones) });

const FIELD_LABELS: Record<string, string> = {
  priorityId: 'Priority',
  statement: 'Target',
  owner: 'Owner',
  unit: 'Unit',
  kind: 'Measured as',
  direction: 'Better when',
  baselineValue: 'Baseline value',
  baselineDate: 'Baseline date',
  targetValue: 'Target value',
  deadline: 'Deadline',
  milestones: 'Milestones',
  comment: 'Comment',
  observation: 'Observation',
  rag: 'RAG status',
  number: 'Number',
  newActivity: 'New activity',
  text: 'Action',
  owners: 'Owners',
  outcome: 'Outcome sought',
  status: 'Status',
  deliveryUpdate: 'Delivery update',
};
const KIND_WORDS: Record<string, string> = {
  created: 'Created',
  edited: 'Changed',
  observation_added: 'Observation added',
  rag_overridden: 'RAG status overridden',
  rag_override_removed: 'Override removed',
  update_added: 'Delivery update added',
};
// The parts of an observation, an override and a delivery update, as the forms name them.
const PART_LABELS: Record<string, string> = {
  asAt: 'As at',
  value: 'Value',
  narrative: 'Current performance',
  source: 'Source',
  reportedTravel: 'Direction of travel',
  text: 'Update',
};
// Coded values in words, by the field (or part) that holds them.
const VALUE_WORDS: Record<string, Record<string, string>> = {
  kind: KIND_LABELS,
  direction: { higher: 'Higher is better', lower: 'Lower is better' },
  rag: { green: 'Green', amber: 'Amber', red: 'Red', rule: 'Worked out from the trajectory' },
  status: ACTION_STATUS_LABELS,
  reportedTravel: { up: 'Up', down: 'Down', level: 'Level' },
};
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
function show(v: unknown, field = ''): string {
  if (v === null || v === undefined || v === '') return '(none)';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string' && isoDay.test(v)) return govukDate(v);
  if (Array.isArray(v))
    return v.length
      ? v
          .map((m) => (typeof m === 'object' && m && 'date' in m ? `${govukDate((m as { date: string }).date)}: ${(m as { value: number }).value}` : show(m)))
          .join('; ')
      : '(none)';
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .filter(([k, x]) => k !== 'id' && x !== null && x !== '')
      .map(([k, x]) => `${PART_LABELS[k] ?? k}: ${show(x, k)}`)
      .join('; ');
  return VALUE_WORDS[field]?.[String(v)] ?? String(v);
}
/** History rows as the page shows them: when, who, what changed from what to what, and why. */
export const historyView = (rows: HistoryRow[], names: Map<string, string> = new Map()) =>
  presentHistory(rows, {
    kindWord: (k) => KIND_WORDS[k] ?? k,
    label: (f) => FIELD_LABELS[f] ?? f,
    // Priorities are kept by id; show their names.
    show: (f, x) => show(f === 'priorityId' && typeof x === 'string' ? (names.get(x) ?? x) : x, f),
    hasBefore: (h, c) => !(c.from === null && h.kind !== 'edited'),
  });

export async function registerTargetsRoutes(
  app: FastifyInstance,
  { services, chromiumPath, now = () => new Date() }: { services: { plan: PlanService; targets: TargetsService }; chromiumPath: string; now?: () => Date },
) {
  const viewer = { config: { access: 'viewer' as const } };
  const editor = { config: { access: 'editor' as const } };
  const admin = { config: { access: 'admin' as const } };
  const checkId = async (req: Req) => {
    if (!isUuid(req.params.id)) throw new DomainError('resource.not_found', 'No such page.');
  };

  /** Priorities of every plan, newest plan first, numbered within their plan, for the pickers and lists. */
  async function priorityGroups(officeId: string) {
    const [plans, priorities] = await Promise.all([services.plan.listPlans(officeId), services.plan.listPriorities(officeId)]);
    return [...plans].reverse().map((plan) => ({
      plan,
      priorities: priorities.filter((p) => p.planId === plan.id).map((p, i) => ({ ...p, label: `Priority ${i + 1}: ${p.name}` })),
    }));
  }
  async function priorityOptions(officeId: string, selected?: unknown) {
    const groups = await priorityGroups(officeId);
    return [
      { value: '', text: 'Choose a priority' },
      ...groups.flatMap((g) => g.priorities.map((p) => ({ value: p.id, text: `${p.label} (${g.plan.title})`, selected: p.id === selected }))),
    ];
  }
  const priorityNames = async (officeId: string) =>
    new Map((await priorityGroups(officeId)).flatMap((g) => g.priorities.map((p) => [p.id, `${p.label} (${g.plan.title})`] as [string, string])));
  const priorityLabel = async (officeId: string, id: string) =>
    (await priorityGroups(officeId)).flatMap((g) => g.priorities.map((p) => ({ ...p, planTitle: g.plan.title }))).find((p) => p.id === id);

  /** The plans, newest first, for the report's choice of plan. */
  const planItems = async (officeId: string, selected: string) =>
    [...(await services.plan.listPlans(officeId))].reverse().map((p) => ({ value: p.id, text: p.title, selected: p.id === selected }));

  // ---- list
  app.get('/targets', viewer, async (req, reply) => {
    const a = actor(req);
    const [groups, targets, actions, settings] = await Promise.all([
      priorityGroups(a.officeId),
      services.targets.listTargets(a.officeId),
      services.targets.listActions(a.officeId),
      services.targets.settings(a.officeId),
    ]);
    const sections = groups
      .map((g) => ({
        plan: g.plan,
        priorities: g.priorities.map((p) => ({
          ...p,
          targets: targets.filter((t) => t.priorityId === p.id).map((t) => ({ ...t, ragView: ragView(t.rag), performance: currentPerformance(t) })),
          actions: actions
            .filter((x) => x.priorityId === p.id)
            .map((x) => ({
              ...x,
              title: actionTitle(x),
              statusLabel: ACTION_STATUS_LABELS[x.status],
              lastUpdate: x.updates[0] ? `Update ${updateLabel(x.updates[0].asAt)}` : 'None yet',
            })),
        })),
      }))
      .filter((g) => g.priorities.length);
    return reply.page(V('list'), { title: 'Targets and actions', sections, settings, flash: takeFlash(req, reply), today: londonDate(now()) });
  });

  // ---- settings (admin)
  app.get('/targets/settings', admin, async (req, reply) => {
    const s = await services.targets.settings(actor(req).officeId);
    return reply.page(V('settings'), { title: 'RAG tolerance', values: { tolerancePct: String(s.tolerancePct), version: String(s.version) } });
  });
  app.post('/targets/settings', admin, async (req: Req, reply) => {
    const body = req.body ?? {};
    const version = Number(body.version);
    const done = await handleForm(
      reply,
      () => services.targets.updateSettings({ by: actor(req), input: { ...body, version: version > 0 ? version : undefined } }),
      {
        template: V('settings'),
        model: { title: 'RAG tolerance', values: body },
      },
    );
    if (!done) return reply;
    setFlash(reply, `The RAG tolerance is now ${done.tolerancePct}% of the trajectory value.`);
    return reply.redirect('/targets', 303);
  });

  // ---- report
  // The report as a page, and as the Word, PDF and printable versions the shared renderers make.
  app.get('/targets/report', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const q0 = req.query as Record<string, string | undefined>;
    const boxes = ['date-day', 'date-month', 'date-year'].some((k) => k in q0);
    const typed = boxes ? readDate(q0, 'date', 'Report as at') : null;
    // No date asked: the report opens on the plan that has targets, at its latest figure.
    const date = typed ? (typed.value ?? undefined) : req.query.date;
    const shown = typed ? q0 : dateParts('date', date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null);
    if (typed?.error)
      return reply.code(400).page(V('report'), { title: 'Update on targets and objectives', documentHtml: null, values: shown, ...errorView([typed.error]) });
    const format = req.query.format ?? 'html';
    const r = await runForm(
      reply,
      () =>
        onDateBoxes(['date'], async () => {
          if (!['html', 'docx', 'pdf', 'print'].includes(format))
            throw new DomainError('report.invalid', 'Choose a format.', [{ field: 'format', message: 'Choose a format: html, docx, pdf or print' }]);
          return buildTargetsReport({ services, officeId: a.officeId, input: { date, planId: req.query.planId }, today: londonDate(now()), openDefault: true });
        }),
      { template: V('report'), model: { title: 'Update on targets and objectives', documentHtml: null, values: shown } },
    );
    if (!r.ok) return reply;
    const built = r.value;
    const { doc } = built;
    const name = `targets-and-objectives-${built.date}`;
    const download = (type: string, ext: string, body: Buffer) =>
      reply.header('content-type', type).header('content-disposition', `attachment; filename="${name}.${ext}"`).header('cache-control', 'no-store').send(body);
    if (format === 'docx') return download('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', await renderDocx(doc));
    if (format === 'pdf') return download('application/pdf', 'pdf', await renderPdf(standaloneHtml(doc), { chromiumPath }));
    if (format === 'print') return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(standaloneHtml(doc));
    // The plan goes into the download links when it was asked for or chosen by default (no date asked).
    const planId = req.query.planId || (date ? undefined : built.planId);
    const q = `date=${encodeURIComponent(built.date)}${planId ? `&planId=${encodeURIComponent(planId)}` : ''}`;
    return reply.page(V('report'), {
      title: doc.title,
      documentHtml: renderHtml(doc),
      values: { ...dateParts('date', built.date), planId: built.planId },
      q,
      plans: await planItems(a.officeId, built.planId),
    });
  });

  // ---- targets
  const targetForm = async (req: FastifyRequest, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    title: extra.target ? 'Change a target' : 'Add a target',
    values,
    priorities: await priorityOptions(actor(req).officeId, values.priorityId),
    kinds: KINDS.map((k) => ({ value: k, text: KIND_LABELS[k], checked: values.kind === k })),
    ...extra,
  });
  app.get('/targets/new', editor, async (req: Req, reply) =>
    reply.page(V('target-form'), await targetForm(req, { priorityId: req.query.priorityId, kind: 'trajectory', direction: 'higher' })),
  );
  app.post('/targets', editor, async (req: Req, reply) => {
    const body = req.body ?? {};
    const t = await handleForm(
      reply,
      () => onDateBoxes(['baselineDate', 'deadline'], () => services.targets.createTarget({ by: actor(req), input: targetInput(body) })),
      { template: V('target-form'), model: await targetForm(req, body) },
    );
    if (!t) return reply;
    setFlash(reply, 'Target added. Add its first observation when the figures come in.');
    return reply.redirect(`/targets/${t.id}`, 303);
  });

  app.get('/targets/:id', { ...viewer, preHandler: checkId }, async (req: Req, reply) => {
    const a = actor(req);
    const t = await services.targets.getTarget(a.officeId, req.params.id);
    const [chart, history, priority] = await Promise.all([
      targetChart(t),
      services.targets.targetHistory(a.officeId, t.id),
      priorityLabel(a.officeId, t.priorityId),
    ]);
    return reply.page(V('target'), {
      title: t.statement.length > 80 ? `${t.statement.slice(0, 77)}…` : t.statement,
      t,
      priority,
      rag: ragView(t.rag),
      expected: t.rag.kind === 'rag' ? t.rag.expected : null,
      ruleLabel: t.rag.kind === 'rag' && t.rag.ruleStatus ? RAG_LABELS[t.rag.ruleStatus] : null,
      comment: commentOf(t),
      chart: { ...chart, src: `data:image/svg+xml;base64,${Buffer.from(chart.svg).toString('base64')}`, tableHtml: tableHtml(chart.table) },
      history: historyView(history, await priorityNames(a.officeId)),
      flash: takeFlash(req, reply),
    });
  });

  const targetValues = (t: TargetView) => ({
    priorityId: t.priorityId,
    statement: t.statement,
    owner: t.owner,
    unit: t.unit,
    kind: t.kind,
    direction: t.direction,
    baselineValue: t.baselineValue ?? '',
    ...dateParts('baselineDate', t.baselineDate),
    targetValue: t.targetValue,
    ...dateParts('deadline', t.deadline),
    milestones: milestoneLines(t.milestones),
    comment: t.comment,
    version: t.version,
  });
  app.get('/targets/:id/edit', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const t = await services.targets.getTarget(actor(req).officeId, req.params.id);
    return reply.page(V('target-form'), await targetForm(req, targetValues(t), { target: t }));
  });
  app.post('/targets/:id/edit', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const t = await services.targets.getTarget(actor(req).officeId, req.params.id);
    const body = req.body ?? {};
    const done = await handleForm(
      reply,
      () => onDateBoxes(['baselineDate', 'deadline'], () => services.targets.updateTarget({ by: actor(req), id: t.id, input: targetInput(body) })),
      {
        template: V('target-form'),
        model: await targetForm(req, body, { target: t }),
      },
    );
    if (!done) return reply;
    setFlash(reply, 'Target changed.');
    return reply.redirect(`/targets/${t.id}`, 303);
  });

  app.get('/targets/:id/observations/new', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const t = await services.targets.getTarget(actor(req).officeId, req.params.id);
    return reply.page(V('observation-form'), { title: 'Add an observation', t, values: {} });
  });
  app.post('/targets/:id/observations', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const t = await services.targets.getTarget(actor(req).officeId, req.params.id);
    const body = req.body ?? {};
    const o = await handleForm(
      reply,
      () =>
        onDateBoxes(['asAt'], async () => services.targets.addObservation({ by: actor(req), targetId: t.id, input: withIsoDates(body, OBSERVATION_DATES) })),
      {
        template: V('observation-form'),
        model: { title: 'Add an observation', t, values: body },
      },
    );
    if (!o) return reply;
    const after = await services.targets.getTarget(actor(req).officeId, t.id);
    setFlash(reply, `Observation added. RAG status: ${ragView(after.rag).spoken ?? ragLabel(after.rag)}.`);
    return reply.redirect(`/targets/${t.id}`, 303);
  });

  const overrideModel = (t: TargetView, values: Record<string, unknown>) => ({
    title: 'Override the RAG status',
    t,
    rag: ragView(t.rag),
    ruleLabel: t.rag.kind === 'rag' && t.rag.ruleStatus ? RAG_LABELS[t.rag.ruleStatus] : null,
    values,
    options: [
      { value: 'green', text: 'Green' },
      { value: 'amber', text: 'Amber' },
      { value: 'red', text: 'Red' },
      ...(t.rag.kind === 'rag' && t.rag.source === 'override' ? [{ value: 'rule', text: 'Remove the override: use the rule again' }] : []),
    ].map((o) => ({ ...o, checked: o.value === values.status })),
  });
  app.get('/targets/:id/override', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const t = await services.targets.getTarget(actor(req).officeId, req.params.id);
    return reply.page(V('override-form'), overrideModel(t, {}));
  });
  app.post('/targets/:id/override', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const t = await services.targets.getTarget(actor(req).officeId, req.params.id);
    const body = req.body ?? {};
    const done = await handleForm(reply, () => services.targets.overrideRag({ by: actor(req), targetId: t.id, input: body }), {
      template: V('override-form'),
      model: overrideModel(t, body),
    });
    if (!done) return reply;
    setFlash(reply, body.status === 'rule' ? 'Override removed: the RAG status comes from the rule again.' : 'RAG status overridden.');
    return reply.redirect(`/targets/${t.id}`, 303);
  });

  // ---- actions
  const actionForm = async (req: FastifyRequest, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    title: extra.action ? 'Change an action' : 'Add an action',
    values,
    priorities: await priorityOptions(actor(req).officeId, values.priorityId),
    statuses: ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s], checked: values.status === s })),
    ...extra,
  });
  app.get('/actions/new', editor, async (req: Req, reply) =>
    reply.page(V('action-form'), await actionForm(req, { priorityId: req.query.priorityId, status: 'in_progress' })),
  );
  app.post('/actions', editor, async (req: Req, reply) => {
    const body = req.body ?? {};
    const a = await handleForm(reply, () => services.targets.createAction({ by: actor(req), input: body }), {
      template: V('action-form'),
      model: await actionForm(req, body),
    });
    if (!a) return reply;
    setFlash(reply, `Action ${a.number} added.`);
    return reply.redirect(`/actions/${a.id}`, 303);
  });
  app.get('/actions/:id', { ...viewer, preHandler: checkId }, async (req: Req, reply) => {
    const a = actor(req);
    const x: ActionView = await services.targets.getAction(a.officeId, req.params.id);
    const [history, priority] = await Promise.all([services.targets.actionHistory(a.officeId, x.id), priorityLabel(a.officeId, x.priorityId)]);
    return reply.page(V('action'), {
      title: `Action ${x.number}`,
      x,
      heading: actionTitle(x),
      statusLabel: ACTION_STATUS_LABELS[x.status],
      updates: x.updates.map((u) => ({ ...u, label: `Update ${updateLabel(u.asAt)}` })),
      delivery: deliveryText(x),
      priority,
      history: historyView(history, await priorityNames(a.officeId)),
      flash: takeFlash(req, reply),
    });
  });
  app.get('/actions/:id/edit', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const x = await services.targets.getAction(actor(req).officeId, req.params.id);
    const values = {
      priorityId: x.priorityId,
      number: x.number,
      newActivity: x.newActivity ? 'yes' : '',
      text: x.text,
      owners: x.owners,
      outcome: x.outcome,
      status: x.status,
      version: x.version,
    };
    return reply.page(V('action-form'), await actionForm(req, values, { action: x }));
  });
  app.post('/actions/:id/edit', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const x = await services.targets.getAction(actor(req).officeId, req.params.id);
    const body = { newActivity: '', ...(req.body ?? {}) };
    const done = await handleForm(reply, () => services.targets.updateAction({ by: actor(req), id: x.id, input: body }), {
      template: V('action-form'),
      model: await actionForm(req, body, { action: x }),
    });
    if (!done) return reply;
    setFlash(reply, `Action ${done.number} changed.`);
    return reply.redirect(`/actions/${x.id}`, 303);
  });
  app.get('/actions/:id/updates/new', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const x = await services.targets.getAction(actor(req).officeId, req.params.id);
    return reply.page(V('update-form'), { title: 'Add a delivery update', x, heading: actionTitle(x), values: dateParts('asAt', londonDate(now())) });
  });
  app.post('/actions/:id/updates', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const x = await services.targets.getAction(actor(req).officeId, req.params.id);
    const body = req.body ?? {};
    const u = await handleForm(
      reply,
      () => onDateBoxes(['asAt'], async () => services.targets.addDeliveryUpdate({ by: actor(req), actionId: x.id, input: withIsoDates(body, UPDATE_DATES) })),
      {
        template: V('update-form'),
        model: { title: 'Add a delivery update', x, heading: actionTitle(x), values: body },
      },
    );
    if (!u) return reply;
    setFlash(reply, `Delivery update for ${updateLabel(u.asAt)} added.`);
    return reply.redirect(`/actions/${x.id}`, 303);
  });
}
