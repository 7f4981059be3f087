import type { Db, Tx } from '../platform/db/client.js';
import { addDays, isValidIsoDate, londonDate, londonDayEnd, londonDayStart } from '../platform/db/time.js';
import { type Actor, DomainError, invalid, notFound } from '../platform/errors.js';
import { createAuthRepository } from '../platform/auth/auth.repository.js';
import type { PlanService } from '../plan/plan.service.js';
import { type Forecast, isOverdue, parseForecast } from '../projects/forecast.js';
import type { AsAtRow, ReportableChange } from '../projects/projects.repository.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { groupOf, type Stage } from '../projects/stages.js';
import type { Doc } from '../documents/document.js';
import { renderDocx } from '../documents/docx.js';
import { renderHtml, standaloneHtml } from '../documents/html.js';
import { createPdfRenderer, type PdfRenderer } from '../documents/pdf.js';
import {
  currentPeriod,
  isProvisional,
  parsePeriod,
  periodLabel,
  periodsBetween,
  periodYear,
  previousPeriod,
  type Period,
  type QuarterScheme,
} from './periods.js';
import { formatApproved } from '../decisions/decisions.present.js';
import { longDate, reportDoc } from './report.doc.js';
import {
  GROUPS,
  type GroupName,
  type DeliveryByCommitment,
  type GroupSummary,
  type ListedProject,
  type PrioritySplit,
  type ReportModel,
  type ReviewRow,
  type QuarterStatusCell,
  type AreaDashboard,
} from './report.model.js';
import { diffModels } from './report.diff.js';
import { NOT_REPORTED } from './report.status.js';
import { createReportsRepository } from './reports.repository.js';
import { createPaperSettingsRepository } from './paper-settings.repository.js';
import { forecastInStyle, paperLayoutOf } from './paper-settings.service.js';
import { createReportCache, deepFreeze } from './report.cache.js';
import { type ReviewLayout, shapeReview } from './review-edits.js';
import { largestRemainderPercentages } from './rounding.js';

export type DecisionSummary = { reference: string; title: string; approvedOn: string; approvedPrecision?: 'day' | 'month'; summary: string };
/** Decision notices approved in [from, to] (London dates, both inclusive). */
export type DecisionsInPeriod = (officeId: string, fromIsoDate: string, toIsoDate: string) => Promise<DecisionSummary[]>;

type PlanReader = Pick<PlanService, 'strandsAt' | 'prioritiesAt'>;
type ProjectsReader = Pick<ProjectsService, 'asAtInstant' | 'stageCountsAt' | 'reportableChangesBetween'>;

const sentence = (s: string | null | undefined) => {
  const t = (s ?? '').trim();
  if (!t) return '';
  const cap = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(cap) ? cap : `${cap}.`;
};
const quoteList = (titles: string[]) => {
  const q = titles.map((t) => `‘${t}’`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
};
/**
 * A move's wording with its reason, the phrase said once: a reason that starts by saying what
 * happened ("Completed at the end of scoping; the Commissioner asked...") continues the move's own
 * sentence instead of repeating it ("Project completed at the end of scoping. Completed at the end
 * of scoping; ...").
 */
export function withReason(move: string, reason: string | null | undefined): string {
  const r = sentence(reason);
  const core = move.replace(/^Project /, '').replace(/\.$/, '');
  if (r?.toLowerCase().startsWith(core.toLowerCase())) {
    const rest = r.slice(core.length);
    return /^[\s.]*$/.test(rest) ? move : `${move.replace(/\.$/, '')}${rest}`;
  }
  return `${move} ${r}`.trim();
}
const displayTitle = (p: { title: string; statutory: boolean }) => (p.statutory ? `${p.title} (statutory)` : p.title);
const stageChange = (h: ReportableChange) => (h.changes as { stage?: { from: Stage | null; to: Stage } }).stage;
/** The earliest day a paper's decision notices may start: a year before its period does (periods start on the 1st). */
const earliestDecisionsFrom = (p: Period) => `${Number(p.start.slice(0, 4)) - 1}${p.start.slice(4)}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROW_KEY = /^(g-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The editor's review layout, checked: groups of two or more projects named and each project in one group at most; reasons for rows left out. */
function checkLayout(input: ReviewLayout, errors: { field: string; message: string }[]): ReviewLayout {
  const seen = new Set<string>();
  const groups = [];
  for (const g of input.groups ?? []) {
    const field = `group-${g.id}`;
    if (!UUID.test(String(g.id))) {
      errors.push({ field: 'groups', message: 'Choose a group from the list' });
      continue;
    }
    const name = String(g.name ?? '').trim();
    const ids = [...new Set((g.projectIds ?? []).map(String))];
    if (!name) errors.push({ field: `${field}-name`, message: 'Enter a name for the grouped row' });
    else if (name.length > 300) errors.push({ field: `${field}-name`, message: 'Name of the grouped row must be 300 characters or fewer' });
    if (String(g.objective ?? '').length > 2000) errors.push({ field: `${field}-objective`, message: 'Objective must be 2,000 characters or fewer' });
    if (String(g.text ?? '').length > 5000) errors.push({ field: `${field}-text`, message: 'Summary of changes must be 5,000 characters or fewer' });
    if (ids.length < 2 || ids.some((id) => !UUID.test(id))) errors.push({ field: `${field}-projects`, message: 'Choose two or more projects to group' });
    else if (ids.some((id) => seen.has(id))) errors.push({ field: `${field}-projects`, message: 'A project can be in only one grouped row' });
    for (const id of ids) seen.add(id);
    groups.push({ id: g.id, name, objective: String(g.objective ?? '').trim(), text: String(g.text ?? '').trim(), projectIds: ids });
  }
  const order = [...new Set((input.order ?? []).map(String))].filter((k) => ROW_KEY.test(k));
  const omitted: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.omitted ?? {})) {
    const reason = String(v ?? '').trim();
    if (!ROW_KEY.test(k) || !reason) continue;
    if (reason.length > 1000) errors.push({ field: `omit-${k}`, message: 'Reason for leaving the row out must be 1,000 characters or fewer' });
    omitted[k] = reason;
  }
  return { groups, order, omitted };
}

/**
 * The "Delivery by commitment" section of a period (issue 16), made by the composition root from the
 * plan, targets and the projects as at the period's end (`projectsAtEnd`); null when no plan was in force.
 */
export type DeliveryByCommitmentOf = (
  officeId: string,
  day: string,
  at: Date,
  projectsAtEnd: Pick<AsAtRow, 'id' | 'title' | 'stage' | 'statutory'>[],
) => Promise<DeliveryByCommitment | null>;

/** Issue 18: each project's status for a quarter as recorded (by `knownAt` when given), from the projects area (status.service.ts). */
export type StatusesOf = (officeId: string, periodId: string, opts: { knownAt?: Date; projectIds?: string[] }) => Promise<Map<string, QuarterStatusCell>>;
/** Issue 18: the dashboard summary per local area (report.areas.ts), from the portfolio at the quarter's end and the previous one's. */
export type AreaDashboardsOf = (officeId: string, at: Date, prevAt: Date, knownAt?: Date) => Promise<AreaDashboard[]>;

export function createReportsService({
  db,
  projects,
  plan,
  decisionsInPeriod = async () => [],
  deliveryByCommitment = async () => null,
  statusesOf = async () => new Map(),
  areaDashboardsOf = async () => [],
  chromiumPath = '/usr/bin/chromium',
  now = () => new Date(),
}: {
  db: Db;
  projects: ProjectsReader;
  plan: PlanReader;
  decisionsInPeriod?: DecisionsInPeriod;
  chromiumPath?: string;
  now?: () => Date;
  deliveryByCommitment?: DeliveryByCommitmentOf;
  statusesOf?: StatusesOf;
  areaDashboardsOf?: AreaDashboardsOf;
}) {
  const repo = createReportsRepository({ db });
  let pdfRenderer: PdfRenderer | null = null;
  const pdf = () => (pdfRenderer ??= createPdfRenderer({ chromiumPath }));
  const pdfOf = (doc: Doc) => pdf().render(standaloneHtml(doc), doc.runningHeader ? { runningHeader: doc.runningHeader, title: doc.title } : undefined);

  async function officeOf(officeId: string) {
    const office = await repo.office(officeId);
    if (!office) throw notFound('office');
    return office;
  }

  /**
   * Decision notices approved before this paper's list starts that no paper published for the
   * previous period (by `knownAt`) lists, from where the earliest of those papers' lists started.
   * None when the previous period has no published paper: nothing to compare with.
   */
  async function missedDecisions(officeId: string, period: Period, decisionsFrom: string, knownAt?: Date) {
    const prev = previousPeriod(period);
    const papers = await repo.publishedDecisionLists(officeId, prev.id, knownAt);
    if (!papers.length) return [];
    const listed = new Set(papers.flatMap((p) => p.references));
    const firstListed = papers.map((p) => p.decisionsFrom ?? prev.start).sort()[0];
    const earliest = earliestDecisionsFrom(period);
    const from = firstListed > earliest ? firstListed : earliest;
    const to = addDays(decisionsFrom, -1);
    if (from > to) return [];
    return (await decisionsInPeriod(officeId, from, to)).filter((d) => !listed.has(d.reference));
  }

  /**
   * The report of one period, computed only from the project history as it stood at the period's
   * end (London days). With `knownAt`, only history recorded by then is used: the paper exactly as
   * it could have been made at that instant.
   */
  async function model(officeId: string, periodId: string, opts: { knownAt?: Date } = {}): Promise<ReportModel> {
    if (opts.knownAt) return (await compute(officeId, periodId, opts)).model;
    return (await kept(officeId, periodId)).model;
  }

  /**
   * The period's model as the records stand, kept under the office's change counter (report.cache.ts),
   * with the key and a memo for what is made from it (the page's paper, Word, PDF), kept with it.
   * `counter`: the office's change counter as the request already has it (with its session, read
   * before anything of this request was made); read here when absent (the API, the CLI).
   */
  const cache = createReportCache({ now });
  async function kept(officeId: string, periodId: string, counter?: number) {
    const period = parsePeriod(periodId);
    // The key first, then the model: never a model older than its key.
    const { key, memo } = cache.at(officeId, period, counter ?? (await repo.changeCounter(officeId)));
    const m = await memo('model', async () => deepFreeze((await compute(officeId, period.id)).model));
    return { key, model: m, memo };
  }

  /** The model, with the portfolio at the period's end and the draft it was made from (for the edit page, which offers them). */
  async function compute(officeId: string, periodId: string, opts: { knownAt?: Date } = {}) {
    const office = await officeOf(officeId);
    const period = parsePeriod(periodId);
    const prev = previousPeriod(period);
    const from = londonDayStart(period.start);
    const at = londonDayEnd(period.end);
    const until = londonDayStart(addDays(period.end, 1));
    const prevAt = londonDayEnd(prev.end);
    const knownAt = opts.knownAt;

    const drafted = repo.draft(officeId, period.id);
    // The office's paper settings (issue 18): its cover, orientation and style of forecast ends.
    const settings = createPaperSettingsRepository({ db }).get(officeId);
    // The decision notices listed: approved from the editor's day (the period's start by default) to its end.
    const listFrom = drafted.then((d) => d?.decisionsFrom ?? period.start);
    const [end, before, history, allStrands, planPriorities, draft, decisions, missed] = await Promise.all([
      projects.asAtInstant(officeId, at, knownAt),
      projects.stageCountsAt(officeId, prevAt, knownAt),
      projects.reportableChangesBetween(officeId, from, until, knownAt),
      plan.strandsAt(officeId, at),
      plan.prioritiesAt(officeId, period.end, at),
      drafted,
      listFrom.then((f) => decisionsInPeriod(officeId, f, period.end)),
      listFrom.then((f) => missedDecisions(officeId, period, f, knownAt)),
    ]);
    const decisionsFrom = await listFrom;
    const paper = paperLayoutOf(await settings, { name: period.name, panelMeetingOn: draft?.panelMeetingOn ?? null });
    const forecastText = (f: Forecast) => forecastInStyle(f, paper?.forecastStyle);
    // Strands and priorities are named, coloured and ordered as they were at the period's end. One
    // added since is left out unless a project had it then: adding one later must not add a row to
    // an old paper, while a portfolio entered with back-dated history still shows those it used.
    const strands = allStrands.filter((s) => s.existed || end.some((p) => p.strandId === s.id));
    const priorities = planPriorities.filter((q) => q.existed || end.some((p) => p.priorityIds.includes(q.id)));
    const strandName = new Map(strands.map((s) => [s.id, s.name]));
    const nameOfStrand = (id: string) => strandName.get(id) ?? 'Strand no longer in use';
    const atEnd = new Map(end.map((p) => [p.id, p]));
    const listed = (id: string, fallback: ReportableChange): ListedProject => {
      const p: Pick<AsAtRow, 'title' | 'statutory' | 'strandId'> = atEnd.get(id) ?? fallback;
      return { id, title: displayTitle(p), strand: nameOfStrand(p.strandId) };
    };
    const flags: string[] = [];

    // Groups at both ends, and the moves between groups that the period's history records.
    const countIn = (rows: AsAtRow[], g: GroupName) => rows.filter((p) => groupOf(p.stage) === g).length;
    const countBefore = (g: GroupName) => [...before].reduce((n, [stage, k]) => (groupOf(stage) === g ? n + k : n), 0);
    const moves: Record<GroupName, { in: number; out: number }> = { future: { in: 0, out: 0 }, current: { in: 0, out: 0 }, completed: { in: 0, out: 0 } };
    for (const h of history) {
      const s = stageChange(h);
      if (!s) continue;
      const gFrom = s.from ? groupOf(s.from) : null;
      const gTo = groupOf(s.to);
      if (gFrom === gTo) continue;
      if (gFrom) moves[gFrom].out++;
      if (gTo) moves[gTo].in++;
    }
    const groups: GroupSummary[] = GROUPS.map((g) => {
      const count = countIn(end, g);
      const previous = countBefore(g);
      const perStrand = strands.map((s) => ({
        strandId: s.id,
        strand: s.name,
        count: end.filter((p) => groupOf(p.stage) === g && p.strandId === s.id).length,
      }));
      const unknown = end.filter((p) => groupOf(p.stage) === g && !strandName.has(p.strandId)).length;
      if (unknown) perStrand.push({ strandId: '', strand: nameOfStrand(''), count: unknown });
      const reconciles = previous + moves[g].in - moves[g].out === count;
      if (!reconciles)
        flags.push(
          `${g[0].toUpperCase()}${g.slice(1)} projects do not reconcile: ${previous} + ${moves[g].in} in − ${moves[g].out} out ≠ ${count}. The history may have been corrected after the period.`,
        );
      return {
        group: g,
        count,
        previous,
        trend: count > previous ? 'up' : count < previous ? 'down' : 'unchanged',
        in: moves[g].in,
        out: moves[g].out,
        reconciles,
        perStrand,
      };
    });

    // Delivered, initiated and newly identified in the period.
    const delivered = new Map<string, ReportableChange>();
    const initiated = new Map<string, ReportableChange>();
    const candidates = new Map<string, ReportableChange>();
    for (const h of history) {
      const s = stageChange(h);
      if (!s) continue;
      if (s.to === 'completed') delivered.set(h.projectId, delivered.get(h.projectId) ?? h);
      if ((h.kind === 'moved' && s.from === 'candidate' && s.to === 'scoping') || (h.kind === 'created' && (s.to === 'scoping' || s.to === 'delivery')))
        initiated.set(h.projectId, initiated.get(h.projectId) ?? h);
      if (h.kind === 'created' && s.to === 'candidate') candidates.set(h.projectId, candidates.get(h.projectId) ?? h);
    }
    const deliveredBefore = [...delivered].filter(([, h]) => h.completedBefore).map(([id]) => id);
    for (const id of deliveredBefore) {
      const h = delivered.get(id) as ReportableChange;
      flags.push(
        `‘${listed(id, h).title}’ was completed again in this period, but it had already been delivered in an earlier period, so it is not listed as delivered again.`,
      );
      delivered.delete(id);
    }
    for (const d of missed)
      flags.push(
        `Decision notice ${d.reference} ‘${d.title}’, approved ${d.approvedPrecision === 'month' ? `in ${formatApproved(d.approvedOn, 'month')}` : `on ${longDate(d.approvedOn)}`}, is in no paper published for ${prev.name}, and this paper’s decision notices start on ${longDate(decisionsFrom)}. To list it, set “Decision notices approved from” to ${d.approvedOn}.`,
      );
    const byTitle = (a: ListedProject, b: ListedProject) => a.title.localeCompare(b.title, 'en-GB');
    const list = (m: Map<string, ReportableChange>) => [...m].map(([id, h]) => listed(id, h)).sort(byTitle);

    // Current and completed projects across priorities, each counted once under its first priority.
    const order = new Map(priorities.map((p, i) => [p.id, i]));
    const priorityShares: PrioritySplit[] = (['current', 'completed'] as const).map((g) => {
      const inGroup = end.filter((p) => groupOf(p.stage) === g);
      const counts = new Map<string | null, number>(priorities.map((p) => [p.id, 0]));
      for (const p of inGroup) {
        const known = p.priorityIds.filter((id) => order.has(id)).sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
        const key = known[0] ?? null;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const rows = priorities.map((p) => ({ priorityId: p.id as string | null, priority: p.name, colour: p.colour, count: counts.get(p.id) ?? 0 }));
      if (counts.get(null)) rows.push({ priorityId: null, priority: 'No priority recorded', colour: '#505a5f', count: counts.get(null) as number });
      const pct = largestRemainderPercentages(rows.map((r) => r.count));
      return { group: g, total: inGroup.length, rows: rows.map((r, i) => ({ ...r, percent: pct[i] })) };
    });

    // Delivery Plan Review: one row per project, its changes in the order they happened.
    const review = new Map<string, { first: number; parts: string[]; ext?: { from: string; to: string; reasons: string[] } }>();
    const entry = (h: ReportableChange) => {
      let e = review.get(h.projectId);
      if (!e) {
        e = { first: review.size, parts: [] };
        review.set(h.projectId, e);
      }
      return e;
    };
    for (const h of history) {
      const c = h.changes as Record<string, { from?: unknown; to?: unknown }>;
      if (h.kind === 'merged_in') {
        const merged = ((c.mergedFrom?.to as { title: string }[]) ?? []).map((m) => m.title);
        entry(h).parts.push(`Merged into this project: ${quoteList(merged)}. ${sentence(h.reason)}`.trim());
      } else if (h.kind === 'extended' && c.forecastEnd) {
        const e = entry(h);
        const fromF = forecastText(parseForecast(String(c.forecastEnd.from ?? 'TBD')) ?? { precision: 'tbd', date: null });
        const toF = forecastText(parseForecast(String(c.forecastEnd.to ?? 'TBD')) ?? { precision: 'tbd', date: null });
        if (e.ext) {
          e.ext.to = toF;
          if (h.reason) e.ext.reasons.push(sentence(h.reason));
        } else {
          e.ext = { from: fromF, to: toF, reasons: h.reason ? [sentence(h.reason)] : [] };
          e.parts.push('\u0000ext');
        }
      } else if (h.kind === 'moved') {
        const text = {
          hold: 'Project placed on hold.',
          resume: 'Project resumed after being on hold.',
          close: 'Project closed.',
          complete_at_scoping: 'Project completed at the end of scoping.',
        }[h.move ?? ''];
        if (text) entry(h).parts.push(withReason(text, h.reason));
      } else if (h.kind === 'edited' && c.objective) {
        entry(h).parts.push(`Project re-scoped: objective now ‘${String(c.objective.to ?? '')}’. ${sentence(h.reason)}`.trim());
      }
    }
    const edits = draft?.reviewEdits ?? {};
    const reviewRows: ReviewRow[] = [...review]
      .sort((a, b) => a[1].first - b[1].first)
      .map(([projectId, e]) => {
        const generated = e.parts
          .map((p) => (p === '\u0000ext' && e.ext ? `Project end date extended from ${e.ext.from} to ${e.ext.to}. ${e.ext.reasons.join(' ')}`.trim() : p))
          .join(' ');
        const p = atEnd.get(projectId);
        const edited = (edits[projectId] ?? '').trim();
        return {
          projectId,
          project: p ? displayTitle(p) : '(project no longer recorded)',
          objective: p?.objective ?? '',
          generated,
          text: edited || generated,
          edited: !!edited && edited !== generated,
        };
      });

    const shaped = shapeReview(reviewRows, draft?.reviewLayout ?? {});

    // Spotlights: the editor's choice, or the projects initiated in the period.
    const spotIds = (draft?.spotlightIds ?? [...initiated.keys()]).filter((id) => atEnd.has(id));
    const texts = await repo.spotlightTexts(officeId, spotIds, at, knownAt);
    const spotlights = spotIds.map((id) => {
      const p = atEnd.get(id) as AsAtRow;
      return { id, title: displayTitle(p), overview: texts.get(id)?.overview ?? '', outcome: texts.get(id)?.outcome ?? '' };
    });

    const current = end.filter((p) => groupOf(p.stage) === 'current');
    // Issue 18: the status columns and the per-area dashboards, when the editor asked for them.
    const [statuses, areaDashboards] = await Promise.all([
      draft?.statusColumns ? statusesOf(officeId, period.id, { knownAt, projectIds: current.map((p) => p.id) }) : null,
      draft?.areaDashboards ? areaDashboardsOf(officeId, at, prevAt, knownAt) : null,
    ]);
    const strandOrder = [...strands.map((s) => s.id), ''];
    const currentByStrand = strandOrder
      .map((sid) => {
        const ps = current.filter((p) => (sid ? p.strandId === sid : !strandName.has(p.strandId)));
        return {
          strandId: sid,
          strand: nameOfStrand(sid),
          projects: ps
            .map((p) => ({
              id: p.id,
              title: displayTitle(p),
              objective: p.objective,
              forecastEnd: forecastText({ precision: p.forecastPrecision, date: p.forecastEnd }),
              // Issue 18: past its forecast end before the quarter ended, and still current.
              ...(isOverdue(p, period.end) ? { overdue: true } : {}),
              ...(statuses ? { status: statuses.get(p.id) ?? { status: null, label: NOT_REPORTED, note: '' } } : {}),
            }))
            .sort((a, b) => a.title.localeCompare(b.title, 'en-GB')),
        };
      })
      .filter((s) => s.projects.length);

    const byCommitment = draft?.deliveryByCommitment ? await deliveryByCommitment(officeId, period.end, at, end) : null;
    const model: ReportModel = {
      office: { id: office.id, name: office.name, slug: office.slug },
      period: {
        id: period.id,
        name: period.name,
        months: period.months,
        start: period.start,
        end: period.end,
        scheme: period.scheme,
        panelMeetingOn: draft?.panelMeetingOn ?? null,
        decisionsFrom,
      },
      previousPeriod: { id: prev.id, end: prev.end },
      asAt: at.toISOString(),
      knownAt: knownAt ? knownAt.toISOString() : null,
      provisional: isProvisional(period, knownAt ?? now()),
      dashboard: { groups, delivered: list(delivered), initiated: list(initiated), candidates: list(candidates), priorities: priorityShares, flags },
      review: shaped.rows,
      ...(shaped.omitted.length ? { reviewOmitted: shaped.omitted } : {}),
      spotlights,
      currentByStrand,
      decisions: [...decisions].sort((a, b) => a.approvedOn.localeCompare(b.approvedOn) || a.reference.localeCompare(b.reference)),
      ...(byCommitment ? { deliveryByCommitment: byCommitment } : {}),
      ...(paper ? { paper } : {}),
      ...(statuses ? { statusColumns: true } : {}),
      ...(areaDashboards ? { areaDashboards } : {}),
    };
    return { model, projectsAtEnd: end, draft: draft ?? null };
  }

  async function audit(tx: Tx, by: Actor, entityId: string, action: string, changes: unknown, reason?: string) {
    await createAuthRepository({ db: tx }).audit({
      officeId: by.officeId,
      entity: 'report',
      entityId,
      action,
      changes: JSON.stringify(changes),
      reason: reason ?? null,
      actorId: by.userId,
      actorName: by.name,
    });
  }

  const service = {
    model,
    kept,
    /** The model of a period with what its edit page offers: every project as it stood at the period's end, and the saved draft. */
    forEditing: (officeId: string, periodId: string) => compute(officeId, periodId),
    schemeOf: async (officeId: string): Promise<QuarterScheme> => (await officeOf(officeId)).quarterScheme,
    /**
     * Every quarter of the office from the one holding its earliest recorded change to the last
     * finished one, grouped by year, newest first; and the quarter under way, whose paper is provisional.
     */
    async quarters(officeId: string) {
      const [office, first, papers] = await Promise.all([officeOf(officeId), repo.firstEffectiveAt(officeId), repo.listPublications(officeId)]);
      const current = currentPeriod(office.quarterScheme, now());
      // A paper published for a quarter before the first recorded change still belongs in the list.
      const earliest = [first ? londonDate(first) : null, ...papers.map((p) => parsePeriod(p.periodId).start)].filter((d): d is string => !!d).sort()[0];
      const published = new Set(papers.map((p) => parsePeriod(p.periodId).id));
      const years: { year: string; periods: { id: string; label: string; published: boolean }[] }[] = [];
      for (const p of earliest ? periodsBetween(earliest, previousPeriod(current)) : []) {
        const y = periodYear(p);
        if (years.at(-1)?.year !== y) years.push({ year: y, periods: [] });
        years[years.length - 1].periods.push({ id: p.id, label: periodLabel(p), published: published.has(p.id) });
      }
      return { scheme: office.quarterScheme, current: { id: current.id, label: periodLabel(current), end: current.end }, years };
    },
    officeBySlug: (slug: string) => repo.officeBySlug(slug),
    async draft(officeId: string, periodId: string) {
      const period = parsePeriod(periodId);
      return (await repo.draft(officeId, period.id)) ?? null;
    },

    /**
     * Saves the editor's choices for a period: Panel meeting date, the day decision notices are
     * listed from, spotlight projects, reworded review entries. Versioned; recorded in the audit log
     * in the same transaction.
     */
    async saveDraft({
      by,
      periodId,
      input,
    }: {
      by: Actor;
      periodId: string;
      input: {
        version?: number;
        panelMeetingOn?: string;
        decisionsFrom?: string;
        spotlightIds?: string[] | null;
        reviewEdits?: Record<string, string>;
        /** Absent: the saved layout is kept. */
        reviewLayout?: ReviewLayout;
        /** Absent: the saved choice is kept. */
        deliveryByCommitment?: boolean;
        /** Issue 18; absent: the saved choice is kept. */
        statusColumns?: boolean;
        areaDashboards?: boolean;
      };
    }) {
      const period = parsePeriod(periodId);
      const errors = [];
      const meeting = (input.panelMeetingOn ?? '').trim();
      if (meeting && !isValidIsoDate(meeting)) errors.push({ field: 'panelMeetingOn', message: 'Enter the Panel meeting date as a real date' });
      // Blank, or the period's start, is the default and is stored as none.
      const decisionsFrom = (input.decisionsFrom ?? '').trim();
      if (decisionsFrom && !isValidIsoDate(decisionsFrom))
        errors.push({ field: 'decisionsFrom', message: 'Enter the date decision notices are approved from as a real date' });
      else if (decisionsFrom > period.end)
        errors.push({
          field: 'decisionsFrom',
          message: `The date decision notices are approved from must be on or before ${longDate(period.end)}, the end of the quarter`,
        });
      else if (decisionsFrom && decisionsFrom < earliestDecisionsFrom(period))
        errors.push({
          field: 'decisionsFrom',
          message: `The date decision notices are approved from must be ${longDate(earliestDecisionsFrom(period))} or later, no more than a year before the quarter starts`,
        });
      const spot = input.spotlightIds === null || input.spotlightIds === undefined ? null : [...new Set(input.spotlightIds)];
      if (spot?.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) errors.push({ field: 'spotlightIds', message: 'Choose spotlight projects from the list' });
      const edits: Record<string, string> = {};
      for (const [k, v] of Object.entries(input.reviewEdits ?? {})) {
        if (!/^[0-9a-f-]{36}$/i.test(k)) continue;
        const t = String(v ?? '').trim();
        if (t.length > 5000) errors.push({ field: `review-${k}`, message: 'Summary of changes must be 5,000 characters or fewer' });
        else if (t) edits[k] = t;
      }
      const layout = input.reviewLayout === undefined ? undefined : checkLayout(input.reviewLayout, errors);
      if (errors.length) throw invalid('report', errors);
      if (spot?.length) {
        const known = new Set((await projects.asAtInstant(by.officeId, londonDayEnd(period.end))).map((p) => p.id));
        if (spot.some((id) => !known.has(id))) throw invalid('report', [{ field: 'spotlightIds', message: 'Choose spotlight projects from the list' }]);
      }
      return db.transaction(async (tx) => {
        const r = createReportsRepository({ db: tx });
        const values = {
          panelMeetingOn: meeting || null,
          decisionsFrom: decisionsFrom && decisionsFrom !== period.start ? decisionsFrom : null,
          spotlightIds: spot,
          reviewEdits: edits,
          ...(layout ? { reviewLayout: layout } : {}),
          ...(input.deliveryByCommitment === undefined ? {} : { deliveryByCommitment: input.deliveryByCommitment }),
          ...(input.statusColumns === undefined ? {} : { statusColumns: input.statusColumns }),
          ...(input.areaDashboards === undefined ? {} : { areaDashboards: input.areaDashboards }),
          updatedAt: now(),
          updatedByName: by.name,
        };
        let row = await r.draft(by.officeId, period.id);
        if (!row) {
          row = await r.insertDraft({ officeId: by.officeId, periodId: period.id, ...values });
          if (!row) throw new DomainError('report.conflict', 'Someone else saved this report’s settings at the same moment. Reload and try again.');
        } else {
          if (input.version !== undefined && input.version !== row.version)
            throw new DomainError(
              'report.conflict',
              'Someone else changed this report’s settings since you opened them. Reload the page to see their changes.',
            );
          const before = row;
          row = await r.updateDraft(by.officeId, period.id, row.version, values);
          if (!row)
            throw new DomainError(
              'report.conflict',
              'Someone else changed this report’s settings since you opened them. Reload the page to see their changes.',
            );
          await audit(tx as Tx, by, `${period.id}`, 'draft_updated', {
            before: {
              panelMeetingOn: before.panelMeetingOn,
              decisionsFrom: before.decisionsFrom,
              spotlightIds: before.spotlightIds,
              reviewEdits: before.reviewEdits,
              reviewLayout: before.reviewLayout,
              deliveryByCommitment: before.deliveryByCommitment,
              statusColumns: before.statusColumns,
              areaDashboards: before.areaDashboards,
            },
            after: values,
          });
          return row;
        }
        await audit(tx as Tx, by, `${period.id}`, 'draft_created', values);
        return row;
      });
    },

    doc: reportDoc,
    /** Issue 18: every local area's dashboard summary for a period (the report page's `?area=`), as the history stands. */
    async areaDashboards(officeId: string, periodId: string) {
      const period = parsePeriod(periodId);
      return areaDashboardsOf(officeId, londonDayEnd(period.end), londonDayEnd(previousPeriod(period).end));
    },
    async html(officeId: string, periodId: string) {
      const m = await model(officeId, periodId);
      return { model: m, html: renderHtml(await reportDoc(m)) };
    },
    /** The paper of a period as the history stood at `knownAt`, as a document: what "send to a meeting" freezes (src/panel). */
    async paper(officeId: string, periodId: string, knownAt: Date) {
      const m = await model(officeId, parsePeriod(periodId).id, { knownAt });
      return { model: m, doc: await reportDoc(m) };
    },
    async docx(m: ReportModel) {
      return renderDocx(await reportDoc(m));
    },
    async pdf(m: ReportModel) {
      return pdfOf(await reportDoc(m));
    },

    /**
     * Publish to Panel: freezes the paper as sent, the model and its files, with who and when.
     * Word and HTML always; PDF when Chromium is there (a missing PDF is said, not hidden).
     */
    async publish({ by, periodId }: { by: Actor; periodId: string }) {
      const period = parsePeriod(periodId);
      const knownAt = now();
      const m = await model(by.officeId, period.id, { knownAt });
      const doc = await reportDoc(m);
      const docx = await renderDocx(doc);
      let pdfBytes: Buffer | null = null;
      try {
        pdfBytes = await pdfOf(doc);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'report.pdf_unavailable')) throw e;
      }
      return db.transaction(async (tx) => {
        const row = await createReportsRepository({ db: tx }).insertPublication({
          officeId: by.officeId,
          periodId: period.id,
          model: m,
          html: standaloneHtml(doc),
          docx,
          pdf: pdfBytes,
          knownAt,
          publishedAt: knownAt,
          publishedById: by.userId,
          publishedByName: by.name,
        });
        await audit(tx as Tx, by, row.id, 'published', { periodId: period.id, pdf: !!pdfBytes });
        return { id: row.id, publishedAt: row.publishedAt, pdf: !!pdfBytes };
      });
    },
    publications: (officeId: string, periodId?: string) => repo.listPublications(officeId, periodId ? parsePeriod(periodId).id : undefined),
    async publication(officeId: string, id: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('publication');
      const row = await repo.publication(officeId, id);
      if (!row) throw notFound('publication');
      return row;
    },
    /** A published paper against a fresh regeneration of the same period: what would now differ. */
    async compare(officeId: string, id: string) {
      const pub = await service.publication(officeId, id);
      const fresh = await model(officeId, pub.periodId);
      return { publication: pub, fresh, differences: diffModels(pub.model as ReportModel, fresh) };
    },
    async close() {
      await pdfRenderer?.close();
      pdfRenderer = null;
    },
  };
  return service;
}
export type ReportsService = ReturnType<typeof createReportsService>;
