import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readDate, userDate } from '../platform/dates.js';
import { type Actor, DomainError, type FieldError, invalid } from '../platform/errors.js';
import {
  actor,
  type Body,
  bodyOf,
  carried,
  checkId,
  dateFromParts,
  formErrors,
  isUuid,
  many,
  one,
  runForm,
  setFlash,
  takeFlash,
  withDate,
} from '../platform/web/forms.js';
import { forecastCode, formatForecast, isOverdue, parseForecast } from './forecast.js';
import { formatApproved } from '../decisions/decisions.present.js';
import { STATUS_LABELS } from '../decisions/decisions.routes.js';
import { decisionIdsNamedIn, describeHistory, fieldLabel, type Names, projectIdsNamedIn, showValue } from './history-view.js';
import type { HistoryRow, ProjectRow } from './projects.repository.js';
import {
  allowedMoves,
  canReceiveMerge,
  groupOf,
  INITIAL_STAGES,
  MOVE_NAMES,
  MOVES,
  type Move,
  STAGE_LABELS,
  STAGE_PHRASES,
  STAGES,
  type Stage,
} from './stages.js';
import { createProjectSchema, extendSchema, updateProjectSchema } from './projects.schemas.js';
import { projectsCsv } from './projects.present.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { PlanService } from '../plan/plan.service.js';
import { type ProjectsService, TRACKED } from './projects.service.js';
import type { StatusService } from './status.service.js';
import type { AreasService } from '../areas/areas.service.js';

const viewer = { config: { access: 'viewer' as const } };
const editor = { config: { access: 'editor' as const } };
type IdReq = FastifyRequest<{ Params: { id: string } }>;
type MoveReq = FastifyRequest<{ Params: { id: string; move: string } }>;

const PAGE_SIZE = 25;
const SORTS = [
  { value: 'title', text: 'Title' },
  { value: 'stage', text: 'Stage' },
  { value: 'strand', text: 'Strand' },
  { value: 'forecast', text: 'Forecast end' },
  { value: 'updated', text: 'Last changed' },
];

const forecastOf = (p: Pick<ProjectRow, 'forecastEnd' | 'forecastPrecision'>) => ({ date: p.forecastEnd, precision: p.forecastPrecision });
const canEdit = (req: FastifyRequest) => req.actor?.role === 'admin' || req.actor?.role === 'editor';

export async function registerProjectRoutes(
  app: FastifyInstance,
  { services }: { services: { decisions: DecisionsService; plan: PlanService; projects: ProjectsService; statuses: StatusService; areas: AreasService } },
) {
  /** Strands and priorities of the office, and its projects unless `projects` is false (for choices and for naming ids in history). */
  async function lookups(officeId: string, { projects: withProjects = true } = {}) {
    const [strands, priorities, projects, areas] = await Promise.all([
      services.plan.listStrands(officeId),
      services.plan.prioritiesInForce(officeId),
      withProjects ? services.projects.choices(officeId) : [],
      services.areas.list(officeId),
    ]);
    const names: Names = {
      strands: new Map(strands.map((s) => [s.id, s.name])),
      priorities: new Map(priorities.map((p) => [p.id, p.name])),
      projects: new Map(projects.map((p) => [p.id, p.title])),
      areas: new Map(areas.map((x) => [x.id, x.name])),
    };
    return { strands, priorities, projects, areas, names };
  }

  /**
   * The office's decision notices as choices (newest first), with any already chosen kept even if
   * since withdrawn, so that saving a form never drops a link by accident.
   */
  async function decisionChoices(officeId: string, chosen: string[]) {
    const all = await services.decisions.choices(officeId);
    // A sent value that is no id (a form re-shown after a hostile answer) names no notice.
    const missing = chosen.filter((id) => isUuid(id) && !all.some((d) => d.id === id));
    const extra = missing.length ? await services.decisions.refsByIds(officeId, missing) : [];
    return [...all, ...extra].map((d) => ({ id: d.id, text: `${d.reference}: ${d.title}` }));
  }
  const decisionItems = async (officeId: string, values: Body) => {
    const chosen = one(values.decisionId);
    const choices = await decisionChoices(officeId, chosen ? [chosen] : []);
    return [{ value: '', text: 'None' }, ...choices.map((d) => ({ value: d.id, text: d.text, selected: d.id === chosen }))];
  };

  // ---- the list, its filters and its CSV ----

  /** The GET form's answers as the service's query; bad forecast bounds become field errors. */
  function listQuery(raw: Body) {
    const errors: { field: string; message: string }[] = [];
    const asked = many(raw.stage)
      .flatMap((s) => s.split(','))
      .filter(Boolean);
    let stages = asked.filter((s) => (STAGES as readonly string[]).includes(s));
    // A filter that cannot apply is said, not silently dropped: the list would look filtered when it is not.
    if (stages.length < asked.length) errors.push({ field: 'stage', message: 'Choose stages from the list' });
    const group = one(raw.group);
    if (group && !['future', 'current', 'completed'].includes(group)) errors.push({ field: 'group', message: 'Choose a group: future, current or completed' });
    if (['future', 'current', 'completed'].includes(group)) stages = [...new Set([...stages, ...STAGES.filter((s) => groupOf(s) === group)])];
    const bound = (name: 'endBefore' | 'endAfter', label: string) => {
      const v = one(raw[name]).trim();
      if (!v) return undefined;
      const f = parseForecast(v);
      if (!f || f.precision === 'tbd') {
        errors.push({ field: name, message: `${label} must be a quarter like 2020-Q2 or a month like 2020-04` });
        return undefined;
      }
      return v;
    };
    const q = {
      stage: stages,
      strandId: one(raw.strandId),
      priorityId: one(raw.priorityId),
      areaId: one(raw.areaId),
      lead: one(raw.lead),
      statutory: one(raw.statutory),
      endBefore: bound('endBefore', 'Forecast end before'),
      endAfter: bound('endAfter', 'Forecast end after'),
      overdue: one(raw.overdue),
      status: one(raw.status),
      q: one(raw.q),
      sort: one(raw.sort) || 'title',
      order: one(raw.order) || 'asc',
    };
    return { q, errors };
  }

  async function listPage(officeId: string, q: ReturnType<typeof listQuery>['q'], page: number, pageSize: number) {
    try {
      // Issue 18: the status filter reads the quarter under way.
      const quarter = await services.statuses.quarter(officeId);
      return { result: await services.projects.list(officeId, { ...q, page, pageSize }, { statusPeriodId: quarter.id }), errors: [] };
    } catch (e) {
      if (e instanceof DomainError && e.code.endsWith('.invalid')) {
        return { result: await services.projects.list(officeId, { page: 1, pageSize }), errors: e.fields };
      }
      throw e;
    }
  }

  const queryString = (q: Record<string, unknown>, extra: Record<string, string> = {}) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...q, ...extra })) {
      for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== '' && x !== null) p.append(k, String(x));
    }
    return p.toString();
  };

  app.get('/projects', { config: { ...viewer.config, pageCache: 'session' } }, async (req, reply) => {
    const a = actor(req);
    const raw = req.query as Body;
    const { q, errors: boundErrors } = listQuery(raw);
    let page = Math.max(1, Number.parseInt(one(raw.page), 10) || 1);
    let { result, errors } = await listPage(a.officeId, q, page, PAGE_SIZE);
    // A page past the end (an old link after projects moved out of the filter) shows the last page.
    if (!result.items.length && result.total && page > 1) {
      page = Math.ceil(result.total / PAGE_SIZE);
      ({ result, errors } = await listPage(a.officeId, q, page, PAGE_SIZE));
    }
    const { strands, priorities, areas, names } = await lookups(a.officeId, { projects: false });
    const today = services.projects.today();
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const base = { ...q, stage: q.stage };
    const pagination = {
      previous: page > 1 ? { href: `/projects?${queryString(base, { page: String(page - 1) })}` } : undefined,
      next: page < pages ? { href: `/projects?${queryString(base, { page: String(page + 1) })}` } : undefined,
      items: Array.from({ length: pages }, (_, i) => ({
        number: i + 1,
        href: `/projects?${queryString(base, { page: String(i + 1) })}`,
        current: i + 1 === page,
      })),
    };
    const allErrors = [...boundErrors, ...errors];
    if (allErrors.length) reply.code(400);
    // Issue 18: each listed current project's status for the quarter under way.
    const quarter = await services.statuses.quarter(a.officeId);
    const statuses = await services.statuses.ofQuarter(a.officeId, quarter.id, { projectIds: result.items.map((p) => p.id) });
    return reply.page('projects/views/list.njk', {
      title: 'Projects',
      flash: takeFlash(req, reply),
      values: { ...q, endBefore: one(raw.endBefore), endAfter: one(raw.endAfter) },
      items: result.items.map((p) => ({
        ...p,
        overdue: isOverdue(p, today),
        priorities: p.priorityIds.map((id) => names.priorities.get(id)).filter(Boolean),
        current: groupOf(p.stage) === 'current',
        quarterStatus: statuses.get(p.id) ?? null,
      })),
      quarter: { id: quarter.id, name: quarter.name },
      statusItems: [
        { value: '', text: 'Any status' },
        ...['on_track', 'at_risk', 'off_track', 'not_reported'].map((v) => ({
          value: v,
          text: { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', not_reported: 'Not reported' }[v],
          selected: q.status === v,
        })),
      ],
      total: result.total,
      page,
      pages,
      from: result.total ? (page - 1) * PAGE_SIZE + 1 : 0,
      to: Math.min(page * PAGE_SIZE, result.total),
      pagination: pages > 1 ? pagination : null,
      csvHref: `/projects.csv?${queryString(base)}`,
      strands,
      priorities,
      // Issue 18: the local areas, to filter by.
      areaItems: [{ value: '', text: 'Any area' }, ...areas.map((x) => ({ value: x.id, text: x.name, selected: x.id === q.areaId }))],
      stages: STAGES.map((s) => ({ value: s, text: STAGE_LABELS[s], checked: q.stage.includes(s) })),
      sorts: SORTS,
      canEdit: canEdit(req),
      ...formErrors(allErrors),
    });
  });

  app.get('/projects.csv', viewer, async (req, reply) => {
    const a = actor(req);
    const { q, errors } = listQuery(req.query as Body);
    if (errors.length) throw invalid('project_list', errors);
    // The whole filtered list, not just the page on screen.
    const [priorities, items] = await Promise.all([
      services.plan.prioritiesInForce(a.officeId),
      services.projects.listAll(a.officeId, q, { statusPeriodId: (await services.statuses.quarter(a.officeId)).id }),
    ]);
    const csv = projectsCsv(items, priorities, services.projects.today());
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="projects.csv"')
      .header('cache-control', 'no-store')
      .send(csv);
  });

  // ---- one project ----

  app.get('/projects/:id', viewer, async (req: IdReq, reply) => {
    const a = actor(req);
    const id = checkId(req.params.id);
    const [{ project: p, links, history }, l, decisions, quarterStatus] = await Promise.all([
      services.projects.details(a.officeId, id),
      lookups(a.officeId, { projects: false }),
      services.projects.decisionsOf(a.officeId, id),
      services.statuses.ofProject(a.officeId, id),
    ]);
    // History names other projects only as umbrella projects: look up those titles, not the whole office's.
    l.names.projects = await services.projects.titles(a.officeId, projectIdsNamedIn(history));
    l.names.decisions = new Map((await services.decisions.refsByIds(a.officeId, decisionIdsNamedIn(history))).map((d) => [d.id, d.reference]));
    return reply.page('projects/views/project.njk', {
      title: p.title,
      flash: takeFlash(req, reply),
      project: p,
      stageLabel: STAGE_LABELS[p.stage],
      strandName: l.names.strands.get(p.strandId) ?? '',
      priorityNames: p.priorityIds.map((pid) => l.names.priorities.get(pid) ?? '').filter(Boolean),
      // Issue 18: none named is all of them, the whole force area.
      areaNames: p.areaIds.length ? p.areaIds.map((x) => l.names.areas?.get(x) ?? 'an area since removed').join(', ') : 'All areas',
      hasAreas: l.areas.length > 0 || p.areaIds.length > 0,
      forecast: formatForecast(forecastOf(p)),
      overdue: isOverdue(p, services.projects.today()),
      links,
      decisions: decisions.map((d) => ({ ...d, approved: formatApproved(d.approvedOn, d.approvedPrecision), statusLabel: STATUS_LABELS[d.status] })),
      moves: canEdit(req) ? allowedMoves(p.stage).map((m) => ({ move: m, label: MOVES[m].label })) : [],
      canEdit: canEdit(req),
      canReceiveMerge: canReceiveMerge(p.stage),
      history: describeHistory(history, l.names),
      // Issue 18: the status for the quarter under way (current projects), and every status entry.
      quarterStatus,
      isCurrent: groupOf(p.stage) === 'current',
    });
  });

  // ---- create and edit ----

  async function projectForm(l: Awaited<ReturnType<typeof lookups>>, values: Body, opts: { selfId?: string; officeId: string }) {
    const selected = new Set(many(values.priorityIds));
    const chosenAreas = new Set(many(values.areaIds));
    const chosenDecisions = many(values.decisionIds);
    return {
      values,
      decisionItems: (await decisionChoices(opts.officeId, chosenDecisions)).map((d) => ({
        value: d.id,
        text: d.text,
        checked: chosenDecisions.includes(d.id),
      })),
      strandItems: [{ value: '', text: 'Choose a strand' }, ...l.strands.map((s) => ({ value: s.id, text: s.name, selected: s.id === one(values.strandId) }))],
      priorityItems: l.priorities.map((p) => ({ value: p.id, text: p.name, checked: selected.has(p.id) })),
      areaItems: l.areas.map((x) => ({ value: x.id, text: x.name, checked: chosenAreas.has(x.id) })),
      umbrellaItems: [
        { value: '', text: 'None' },
        ...l.projects.filter((p) => p.id !== opts.selfId).map((p) => ({ value: p.id, text: p.title, selected: p.id === one(values.umbrellaId) })),
      ],
      stageItems: INITIAL_STAGES.map((s) => ({ value: s, text: STAGE_LABELS[s], checked: (one(values.stage) || 'candidate') === s })),
    };
  }

  const projectInput = (b: Body) => ({
    title: one(b.title),
    objective: one(b.objective),
    overview: one(b.overview),
    outcome: one(b.outcome),
    strandId: one(b.strandId),
    priorityIds: many(b.priorityIds),
    lead: one(b.lead),
    // An unticked box sends nothing; on an edit that must mean "no", not "unchanged".
    statutory: one(b.statutory) ? 'true' : 'false',
    forecastEnd: one(b.forecastEnd),
    umbrellaId: one(b.umbrellaId),
    // No box ticked sends nothing: that means "no notices".
    decisionIds: many(b.decisionIds),
    // Issue 18: no area ticked means all areas (the whole force area).
    areaIds: many(b.areaIds),
    reason: one(b.reason),
  });

  const projectValues = (p: ProjectRow, decisionIds: string[]): Body => ({
    title: p.title,
    objective: p.objective,
    overview: p.overview,
    outcome: p.outcome,
    strandId: p.strandId,
    priorityIds: p.priorityIds,
    lead: p.lead,
    statutory: p.statutory ? 'true' : '',
    forecastEnd: forecastCode(forecastOf(p)),
    umbrellaId: p.umbrellaId ?? '',
    decisionIds,
    areaIds: p.areaIds,
  });

  app.get('/projects/new', editor, async (req, reply) => {
    const a = actor(req);
    const l = await lookups(a.officeId);
    const values: Body = { stage: 'candidate', forecastEnd: 'TBD' };
    return reply.page('projects/views/project-form.njk', {
      title: 'Create a project',
      mode: 'create',
      action: '/projects/new',
      ...(await projectForm(l, values, { officeId: a.officeId })),
    });
  });

  app.post('/projects/new', editor, async (req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const l = await lookups(a.officeId);
    const model = { title: 'Create a project', mode: 'create', action: '/projects/new', ...(await projectForm(l, b, { officeId: a.officeId })) };
    const r = await runForm(
      reply,
      () =>
        services.projects.create({
          by: a,
          input: withDate(b, 'effectiveOn', 'Date it took effect', createProjectSchema, { ...projectInput(b), stage: one(b.stage) || 'candidate' }),
        }),
      {
        template: 'projects/views/project-form.njk',
        model,
        dateFields: ['effectiveOn'],
      },
    );
    if (!r.ok) return reply;
    setFlash(reply, `Project “${r.value.title}” created.`);
    return reply.redirect(`/projects/${r.value.id}`, 303);
  });

  /**
   * A save that may meet someone else's change: the conflict page (409) shows what changed meanwhile
   * and offers to send the same answers again on the current version.
   */
  async function saveWithConflict(
    req: FastifyRequest,
    reply: FastifyReply,
    projectId: string,
    action: () => Promise<unknown>,
    rerender: { template: string; model: Record<string, unknown> },
  ) {
    try {
      return await runForm(reply, action, { ...rerender, dateFields: ['effectiveOn'] });
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'project.conflict')) throw e;
      const a = actor(req);
      const details = e.details as { current: ProjectRow; changesSince: HistoryRow[]; yourVersion: number };
      const l = await lookups(a.officeId);
      const current = details.current.id === projectId ? details.current : await services.projects.get(a.officeId, projectId);
      const b = bodyOf(req);
      reply.code(409);
      await reply.page('projects/views/conflict.njk', {
        title: 'Someone else changed this project',
        project: current,
        conflicted: details.current,
        changes: describeHistory(details.changesSince, l.names),
        yourVersion: details.yourVersion,
        action: req.url,
        carried: carried(b),
        version: current.version,
        answers: describeAnswers(b, l.names, new Set(details.changesSince.flatMap((h) => Object.keys((h.changes ?? {}) as object)))),
      });
      return { ok: false as const };
    }
  }

  /** The user's answers, each marked when someone else changed the same field meanwhile. */
  function describeAnswers(b: Body, n: Names, changedMeanwhile: Set<string>) {
    const label: Record<string, string> = {
      ...Object.fromEntries(TRACKED.map((f) => [f, fieldLabel(f)])),
      reason: 'Reason',
      decisionId: 'Decision notice',
      intoId: 'Merge into',
      sourceIds: 'Projects to merge in',
    };
    const out: { key: string; value: string; clash?: boolean }[] = [];
    for (const [k, text] of Object.entries(label)) {
      const v = many(b[k]);
      if (!(k in b) && k !== 'statutory') continue;
      if (k === 'statutory' && !('title' in b)) continue;
      let value = v.join(', ');
      if (k === 'strandId') value = n.strands.get(value) ?? value;
      if (k === 'priorityIds') value = v.map((id) => n.priorities.get(id) ?? id).join(', ');
      if (k === 'areaIds') value = v.map((id) => n.areas?.get(id) ?? id).join(', ') || 'All areas';
      if (k === 'umbrellaId' || k === 'intoId' || k === 'sourceIds') value = v.map((id) => n.projects.get(id) ?? (id || 'None')).join(', ');
      if (k === 'statutory') value = v.length ? 'Yes' : 'No';
      out.push({ key: text, value: value || 'none', clash: changedMeanwhile.has(k) });
    }
    const eff = readDate(b, 'effectiveOn', 'Date it took effect').value;
    if (eff) out.push({ key: 'Date it took effect', value: userDate(eff) });
    return out;
  }

  app.get('/projects/:id/edit', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await services.projects.get(a.officeId, checkId(req.params.id));
    const l = await lookups(a.officeId);
    const values = projectValues(
      p,
      (await services.projects.decisionsOf(a.officeId, p.id)).map((d) => d.id),
    );
    return reply.page('projects/views/project-form.njk', {
      title: `Edit ${p.title}`,
      mode: 'edit',
      action: `/projects/${p.id}/edit`,
      project: p,
      version: p.version,
      ...(await projectForm(l, values, { selfId: p.id, officeId: a.officeId })),
    });
  });

  /** The edit form's tracked fields: what a conflict page may carry back. */
  const EDIT_FIELDS = new Set<string>(TRACKED);
  const pick = (input: Record<string, unknown>, fields: Set<string>) =>
    Object.fromEntries(Object.entries(input).filter(([k]) => !EDIT_FIELDS.has(k) || fields.has(k)));

  /**
   * The edit form met someone else's change: show what they changed, and of this user's answers only
   * those that differ from the version the user opened (`base`). Where both changed a field the user
   * chooses; the page sends back only the user's changes, so nobody's other work is overwritten.
   */
  async function editConflictPage(
    req: FastifyRequest,
    reply: FastifyReply,
    projectId: string,
    base: number,
    b: Body,
    fields: Set<string> | null,
    errors: FieldError[],
    code: number,
  ) {
    const a = actor(req);
    const all = projectInput(b);
    const x = await services.projects.editConflict(a.officeId, projectId, base, fields ? pick(all, fields) : all);
    const l = await lookups(a.officeId);
    const show = (f: string, v: unknown) => showValue(f, v, l.names);
    const carriedFields: { name: string; value: string }[] = [];
    for (const c of x.changed) {
      carriedFields.push({ name: 'fields', value: c.field });
      if (c.field === 'statutory') carriedFields.push({ name: 'statutory', value: one(b.statutory) ? 'true' : '' });
      else for (const value of many(b[c.field])) carriedFields.push({ name: c.field, value });
    }
    for (const name of ['reason', 'effectiveOn-day', 'effectiveOn-month', 'effectiveOn-year'])
      if (one(b[name])) carriedFields.push({ name, value: one(b[name]) });
    const clashes = x.clashes.map((c) => ({
      field: c.field,
      label: fieldLabel(c.field),
      opened: show(c.field, c.opened),
      theirs: show(c.field, c.theirs),
      mine: show(c.field, c.mine),
      choice: one(b[`keep-${c.field}`]),
    }));
    const clashed = new Set(x.clashes.map((c) => c.field as string));
    reply.code(code);
    return reply.page('projects/views/conflict.njk', {
      title: 'Someone else changed this project',
      project: x.current,
      conflicted: x.current,
      changes: describeHistory(x.changesSince, l.names),
      yourVersion: base,
      action: `/projects/${projectId}/edit`,
      carried: carriedFields,
      version: x.current.version,
      base,
      resolve: true,
      answers: x.changed.filter((c) => !clashed.has(c.field)).map((c) => ({ key: fieldLabel(c.field), value: show(c.field, c.mine) })),
      clashes,
      ...formErrors(errors),
    });
  }

  app.post('/projects/:id/edit', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await services.projects.get(a.officeId, checkId(req.params.id));
    const b = bodyOf(req);
    const l = await lookups(a.officeId);
    // From the conflict page: only the fields this user changed, and a choice for each clash.
    const resolving = one(b.resolve) === 'yes';
    const fields = resolving ? new Set(many(b.fields).filter((f) => EDIT_FIELDS.has(f))) : null;
    const asked = Number(one(resolving ? b.base : b.version));
    const base = Number.isInteger(asked) && asked > 0 && asked <= p.version ? asked : p.version;
    let input: Record<string, unknown> = projectInput(b);
    if (fields) {
      input = pick(input, fields);
      const { clashes } = await services.projects.editConflict(a.officeId, p.id, base, input);
      const unchosen = clashes.filter((c) => !['mine', 'theirs'].includes(one(b[`keep-${c.field}`])));
      if (unchosen.length)
        return editConflictPage(
          req,
          reply,
          p.id,
          base,
          b,
          fields,
          unchosen.map((c) => ({ field: `keep-${c.field}`, message: `Choose which ${fieldLabel(c.field).toLowerCase()} to keep` })),
          400,
        );
      for (const c of clashes) if (one(b[`keep-${c.field}`]) === 'theirs') delete input[c.field];
    }
    // A problem found while applying from the conflict page shows the form as it would be saved.
    const values = fields
      ? {
          ...projectValues(
            p,
            (await services.projects.decisionsOf(a.officeId, p.id)).map((d) => d.id),
          ),
          ...Object.fromEntries(Object.entries(b).filter(([k]) => !EDIT_FIELDS.has(k) || fields.has(k))),
        }
      : b;
    const model = {
      title: `Edit ${p.title}`,
      mode: 'edit',
      action: `/projects/${p.id}/edit`,
      project: p,
      version: one(b.version),
      ...(await projectForm(l, values, { selfId: p.id, officeId: a.officeId })),
    };
    try {
      const r = await runForm(
        reply,
        () =>
          services.projects.update({
            by: a,
            id: p.id,
            input: withDate(b, 'effectiveOn', 'Date it took effect', updateProjectSchema, { ...input, version: one(b.version) }),
          }),
        {
          template: 'projects/views/project-form.njk',
          model,
          dateFields: ['effectiveOn'],
        },
      );
      if (!r.ok) return reply;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'project.conflict')) throw e;
      return editConflictPage(req, reply, p.id, base, b, fields, [], 409);
    }
    setFlash(reply, 'Project updated.');
    return reply.redirect(`/projects/${p.id}`, 303);
  });

  // ---- extend the forecast end ----

  const extendModel = async (p: ProjectRow, values: Body, version: unknown) => ({
    title: `Extend the forecast end of ${p.title}`,
    project: p,
    current: formatForecast(forecastOf(p)),
    values,
    version,
    decisionItems: await decisionItems(p.officeId, values),
  });

  app.get('/projects/:id/extend', editor, async (req: IdReq, reply) => {
    const p = await services.projects.get(actor(req).officeId, checkId(req.params.id));
    return reply.page('projects/views/extend-form.njk', await extendModel(p, {}, p.version));
  });

  app.post('/projects/:id/extend', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await services.projects.get(a.officeId, checkId(req.params.id));
    const b = bodyOf(req);
    const r = await saveWithConflict(
      req,
      reply,
      p.id,
      () =>
        services.projects.extend({
          by: a,
          id: p.id,
          input: withDate(b, 'effectiveOn', 'Date it took effect', extendSchema, {
            version: one(b.version),
            forecastEnd: one(b.forecastEnd),
            reason: one(b.reason),
            // The notice it was decided by: recorded on the entry and linked to the project.
            decisionId: one(b.decisionId),
          }),
        }),
      { template: 'projects/views/extend-form.njk', model: await extendModel(p, b, one(b.version)) },
    );
    if (!r.ok) return reply;
    setFlash(reply, `Forecast end extended to ${formatForecast(parseForecast(one(b.forecastEnd)) ?? forecastOf(p))}.`);
    return reply.redirect(`/projects/${p.id}`, 303);
  });

  // ---- moves between stages ----

  async function moveModel(a: Actor, p: ProjectRow, move: Move, values: Body, version: unknown) {
    const choices = move === 'merge' ? await services.projects.choices(a.officeId) : null;
    return {
      title: `${MOVES[move].label}: ${p.title}`,
      project: p,
      move,
      moveLabel: MOVES[move].label,
      reasonRequired: MOVES[move].reasonRequired,
      stagePhrase: STAGE_PHRASES[p.stage],
      values,
      version,
      decisionItems: await decisionItems(a.officeId, values),
      intoItems: choices
        ? [
            { value: '', text: 'Choose a project' },
            ...choices
              .filter((x) => x.id !== p.id && canReceiveMerge(x.stage))
              .map((x) => ({ value: x.id, text: `${x.title} (${STAGE_LABELS[x.stage]})`, selected: x.id === one(values.intoId) })),
          ]
        : null,
    };
  }

  const parseMove = (m: string): Move => {
    if (!(MOVE_NAMES as string[]).includes(m)) throw new DomainError('page.not_found', 'No such move.');
    return m as Move;
  };

  app.get('/projects/:id/move/:move', editor, async (req: MoveReq, reply) => {
    const a = actor(req);
    const move = parseMove(req.params.move);
    const p = await services.projects.get(a.officeId, checkId(req.params.id));
    if (!allowedMoves(p.stage).includes(move)) {
      return reply.code(422).page('error.njk', {
        title: 'This move is not allowed',
        message: `“${MOVES[move].label}” is not allowed for a project that is ${STAGE_PHRASES[p.stage]}.`,
      });
    }
    return reply.page('projects/views/move-form.njk', await moveModel(a, p, move, {}, p.version));
  });

  app.post('/projects/:id/move/:move', editor, async (req: MoveReq, reply) => {
    const a = actor(req);
    const move = parseMove(req.params.move);
    const p = await services.projects.get(a.officeId, checkId(req.params.id));
    const b = bodyOf(req);
    const model = await moveModel(a, p, move, b, one(b.version));
    const r = await saveWithConflict(
      req,
      reply,
      p.id,
      () =>
        services.projects.move({
          by: a,
          id: p.id,
          input: {
            move,
            version: one(b.version),
            effectiveOn: dateFromParts(b, 'effectiveOn'),
            reason: one(b.reason),
            decisionId: one(b.decisionId),
            // An empty choice is "not chosen", which the service words for the user.
            ...(move === 'merge' && one(b.intoId) ? { intoId: one(b.intoId) } : {}),
          },
        }),
      { template: 'projects/views/move-form.njk', model: { ...model } },
    );
    if (!r.ok) return reply;
    const after = r.value as ProjectRow;
    setFlash(reply, `“${MOVES[move].label}” recorded: the project is now ${STAGE_PHRASES[after.stage as Stage]}.`);
    return reply.redirect(`/projects/${p.id}`, 303);
  });

  // ---- merge other projects into this one ----

  async function mergeModel(a: Actor, p: ProjectRow, values: Body, version: unknown) {
    const choices = await services.projects.choices(a.officeId);
    const chosen = new Set(many(values.sourceIds));
    return {
      title: `Merge projects into ${p.title}`,
      project: p,
      values,
      version,
      decisionItems: await decisionItems(a.officeId, values),
      sourceItems: choices
        .filter((x) => x.id !== p.id && canReceiveMerge(x.stage))
        .map((x) => ({ value: x.id, text: x.title, hint: { text: STAGE_LABELS[x.stage] }, checked: chosen.has(x.id) })),
    };
  }

  app.get('/projects/:id/merge', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await services.projects.get(a.officeId, checkId(req.params.id));
    return reply.page('projects/views/merge-form.njk', await mergeModel(a, p, {}, p.version));
  });

  app.post('/projects/:id/merge', editor, async (req: IdReq, reply) => {
    const a = actor(req);
    const p = await services.projects.get(a.officeId, checkId(req.params.id));
    const b = bodyOf(req);
    const model = await mergeModel(a, p, b, one(b.version));
    const r = await saveWithConflict(
      req,
      reply,
      p.id,
      () =>
        services.projects.merge({
          by: a,
          targetId: p.id,
          input: {
            sourceIds: many(b.sourceIds),
            version: one(b.version),
            effectiveOn: dateFromParts(b, 'effectiveOn'),
            reason: one(b.reason),
            decisionId: one(b.decisionId),
          },
        }),
      { template: 'projects/views/merge-form.njk', model: { ...model } },
    );
    if (!r.ok) return reply;
    const n = (r.value as { sources: unknown[] }).sources.length;
    setFlash(reply, `${n} project${n === 1 ? '' : 's'} merged in.`);
    return reply.redirect(`/projects/${p.id}`, 303);
  });
}
