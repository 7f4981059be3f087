import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { presentHistory } from '../platform/history.js';
import { type Actor, notFound } from '../platform/errors.js';
import { govukDate } from '../platform/web/filters.js';
import { actor, handleForm, isUuid, officeOfPage, publicOffice, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import { type DecisionHistoryRow, type DecisionRow, hasExemptPart, type PublicDecision } from './decisions.repository.js';
import { decisionsAtom, decisionsCsv, formatApproved, formatPounds } from './decisions.present.js';
import { EXEMPT_FIELDS, redactHistory, type DecisionsService } from './decisions.service.js';
import type { AuthService } from '../platform/auth/auth.service.js';
import type { ProjectsService } from '../projects/projects.service.js';

/** A grant made by a notice, as its page lists it. */
export type GrantMade = { href: string; recipient: string; title: string; amount: string; fund: string; fundHref: string };

type Req = FastifyRequest<{ Params: { id: string; officeSlug: string }; Querystring: Record<string, string>; Body: Record<string, string | string[]> }>;
const V = 'decisions/views';
/** Feed readers poll often: the newest notices are enough, the CSV has them all. */
const FEED_ENTRIES = 100;

export const STATUS_LABELS: Record<string, string> = { draft: 'Draft', approved: 'Approved', published: 'Published', withdrawn: 'Withdrawn' };
const FIELD_LABELS: Record<string, string> = {
  reference: 'Reference',
  title: 'Title',
  decisionMaker: 'Decision maker',
  approvedOn: 'Date approved',
  summary: 'Summary',
  decisionText: 'Decision',
  amountPence: 'Amount',
  fundingSource: 'Funding source',
  tags: 'Tags',
  projectIds: 'Linked projects',
  backgroundDocuments: 'Background documents',
  exemptText: 'Exempt information',
  exemption: 'Exemption',
  exemptReason: 'Reason for exemption',
  status: 'Status',
  withdrawnReason: 'Reason withdrawn',
};

/** Paragraphs of a multi-line text, for templates (no inline styles under our CSP). */
export const paragraphs = (s: string) =>
  s
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);

function showValue(field: string, v: unknown, projectTitles: Map<string, string>): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '(none)';
  if (field === 'amountPence') return formatPounds(v as number);
  // Recorded as "2017-12" (a month) or "2017-12-07" (a day); rows before precision existed are days.
  if (field === 'approvedOn') return /^\d{4}-\d{2}$/.test(String(v)) ? formatApproved(`${v}-01`, 'month') : govukDate(v as string);
  if (field === 'status') return STATUS_LABELS[v as string] ?? String(v);
  if (field === 'projectIds') return (v as string[]).map((id) => projectTitles.get(id) ?? 'a project since removed').join(', ');
  if (field === 'backgroundDocuments') return (v as { title: string; url: string }[]).map((d) => `${d.title} (${d.url})`).join('; ');
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

const historyView = (rows: DecisionHistoryRow[], projectTitles: Map<string, string>) =>
  presentHistory(rows, {
    kindWord: (k) => k[0].toUpperCase() + k.slice(1),
    label: (f) => FIELD_LABELS[f] ?? f,
    show: (f, v) => showValue(f, v, projectTitles),
    hasBefore: (h) => h.kind !== 'created',
  });

/** What the form shows for a stored notice. */
function formValues(d: DecisionRow) {
  return {
    reference: d.reference,
    title: d.title,
    decisionMaker: d.decisionMaker,
    summary: d.summary,
    decisionText: d.decisionText,
    amount: formatPounds(d.amountPence),
    fundingSource: d.fundingSource,
    tags: d.tags.join(', '),
    projectIds: d.projectIds,
    backgroundDocuments: d.backgroundDocuments.map((b) => `${b.title} | ${b.url}`).join('\n'),
    exemptText: d.exemptText,
    exemption: d.exemption,
    exemptReason: d.exemptReason,
    version: String(d.version),
  };
}

const FORM_FIELDS = [
  'reference',
  'title',
  'decisionMaker',
  'summary',
  'decisionText',
  'amount',
  'fundingSource',
  'tags',
  'backgroundDocuments',
  'exemptText',
  'exemption',
  'exemptReason',
] as const;
function formInput(body: Record<string, string | string[]> | undefined) {
  const b = body ?? {};
  const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
  const out: Record<string, unknown> = {};
  for (const k of FORM_FIELDS) out[k] = str(k);
  // Unticking every box sends no field at all: that means "no projects".
  out.projectIds = b.projectIds === undefined ? [] : b.projectIds;
  return out;
}

/**
 * The three boxes of a GOV.UK date input as an ISO date; blank stays blank so the schema can say
 * "Enter". The day may be left blank when the paper gives only the month: "2017-12".
 */
function dateFrom(body: Record<string, unknown>, name: string): string {
  const part = (k: string) => String(body[`${name}-${k}`] ?? '').trim();
  const [d, m, y] = [part('day'), part('month'), part('year')];
  if (!d && !m && !y) return '';
  if (!d && m && y) return `${y.padStart(4, '0')}-${m.padStart(2, '0')}`;
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export async function registerDecisionRoutes(
  app: FastifyInstance,
  deps: {
    services: { auth: AuthService; decisions: DecisionsService; projects: ProjectsService };
    publicUrl?: string;
    /** The grants a notice made (src/grants), for its page: handed in, so that this area need not know that one. */
    grantsOf?: (officeId: string, decisionId: string) => Promise<GrantMade[]>;
  },
) {
  const { services } = deps;
  const viewer = { config: { access: 'viewer' as const } };
  const editor = { config: { access: 'editor' as const } };
  const pub = { config: { access: 'public' as const } };
  // An id that is not a uuid cannot exist: 404, not a database error.
  const checkId = async (req: Req) => {
    if (!isUuid(req.params.id)) throw notFound('decision');
  };

  async function projectOptions(officeId: string, selected: unknown) {
    const chosen = new Set(Array.isArray(selected) ? selected : selected ? [selected] : []);
    return (await services.projects.choices(officeId)).map((p) => ({ value: p.id, text: p.title, checked: chosen.has(p.id) }));
  }

  // ---- Signed-in pages -------------------------------------------------------------------

  app.get('/decisions', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const flash = takeFlash(req, reply);
    // A wrong filter: the page with the error summary and no notices.
    const found = await runForm(reply, () => services.decisions.list(a.officeId, req.query), {
      template: `${V}/list.njk`,
      model: { title: 'Decision notices', query: req.query, statusLabels: STATUS_LABELS, items: [], total: 0 },
    });
    if (!found.ok) return reply;
    const r = found.value;
    return reply.page(`${V}/list.njk`, {
      title: 'Decision notices',
      flash,
      query: req.query,
      statusLabels: STATUS_LABELS,
      ...r,
      items: r.items.map((d) => ({ ...d, amount: formatPounds(d.amountPence), approved: formatApproved(d.approvedOn, d.approvedPrecision) })),
    });
  });

  app.get('/decisions/new', editor, async (req, reply) => {
    return reply.page(`${V}/form.njk`, {
      title: 'New decision notice',
      action: '/decisions/new',
      values: {},
      projects: await projectOptions(actor(req).officeId, []),
    });
  });
  app.post('/decisions/new', editor, async (req: Req, reply) => {
    const a = actor(req);
    const input = formInput(req.body);
    const d = await handleForm(reply, () => services.decisions.create({ by: a, input }), {
      template: `${V}/form.njk`,
      model: { title: 'New decision notice', action: '/decisions/new', values: input, projects: await projectOptions(a.officeId, input.projectIds) },
    });
    if (!d) return reply;
    setFlash(reply, `Decision notice ${d.reference} created as a draft.`);
    return reply.redirect(`/decisions/${d.id}`, 303);
  });

  app.get('/decisions/:id', { ...viewer, preHandler: checkId }, async (req: Req, reply) => {
    const a = actor(req);
    const d = await services.decisions.get(a.officeId, req.params.id);
    const [rawHistory, projects, seesExempt, grants] = await Promise.all([
      services.decisions.history(a.officeId, d.id),
      services.decisions.projectLinks(a.officeId, d),
      services.decisions.exemptVisibleTo(a),
      deps.grantsOf ? deps.grantsOf(a.officeId, d.id) : [],
    ]);
    // Projects since unlinked are still named in the history.
    const named = [
      ...new Set(
        rawHistory
          .flatMap((h) => [h.changes.projectIds?.from, h.changes.projectIds?.to])
          .flat()
          .filter((x): x is string => typeof x === 'string'),
      ),
    ];
    const titles = await services.projects.titles(a.officeId, named);
    // A reader the office does not let see the exempt part sees neither it nor its past values.
    const history = seesExempt ? rawHistory : (redactHistory(rawHistory) as DecisionHistoryRow[]);
    const shown = seesExempt ? d : { ...d, ...Object.fromEntries(EXEMPT_FIELDS.map((f) => [f, ''])) };
    return reply.page(`${V}/show.njk`, {
      title: d.title,
      flash: takeFlash(req, reply),
      d: { ...shown, amount: formatPounds(d.amountPence), statusLabel: STATUS_LABELS[d.status], approved: formatApproved(d.approvedOn, d.approvedPrecision) },
      hasExemptPart: hasExemptPart(d),
      seesExempt,
      decisionParagraphs: paragraphs(d.decisionText),
      projects,
      grants,
      history: historyView(history, titles),
      canEdit: a.role !== 'viewer',
    });
  });

  const editModel = async (a: Actor, d: DecisionRow, values: Record<string, unknown>) => ({
    title: `Change ${d.reference}`,
    action: `/decisions/${d.id}/edit`,
    editing: true,
    d,
    values,
    projects: await projectOptions(a.officeId, values.projectIds),
  });
  app.get('/decisions/:id/edit', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const a = actor(req);
    const d = await services.decisions.get(a.officeId, req.params.id);
    return reply.page(`${V}/form.njk`, await editModel(a, d, formValues(d)));
  });
  app.post('/decisions/:id/edit', { ...editor, preHandler: checkId }, async (req: Req, reply) => {
    const a = actor(req);
    const d = await services.decisions.get(a.officeId, req.params.id);
    const body = req.body ?? {};
    const input = { ...formInput(body), version: body.version, reason: typeof body.reason === 'string' ? body.reason : '' };
    const saved = await handleForm(reply, () => services.decisions.update({ by: a, id: d.id, input }), {
      template: `${V}/form.njk`,
      model: await editModel(a, d, input),
    });
    if (!saved) return reply;
    setFlash(reply, `Decision notice ${saved.reference} saved.`);
    return reply.redirect(`/decisions/${d.id}`, 303);
  });

  // Approve, publish and withdraw: one page each, a form that posts the version the editor saw.
  const actions = {
    approve: { heading: 'Approve', done: 'approved', call: services.decisions.approve },
    publish: { heading: 'Publish', done: 'published on the public register', call: services.decisions.publish },
    withdraw: { heading: 'Withdraw', done: 'withdrawn', call: services.decisions.withdraw },
  } as const;
  for (const [name, act] of Object.entries(actions)) {
    const model = (d: DecisionRow, values: Record<string, unknown>) => ({
      title: `${act.heading} ${d.reference}`,
      action: name,
      heading: act.heading,
      d: { ...d, amount: formatPounds(d.amountPence), statusLabel: STATUS_LABELS[d.status] },
      values,
    });
    app.get(`/decisions/:id/${name}`, { ...editor, preHandler: checkId }, async (req: Req, reply) => {
      const d = await services.decisions.get(actor(req).officeId, req.params.id);
      const [y, m, dd] = (d.approvedOn ?? '').split('-');
      const day = d.approvedPrecision === 'month' ? '' : dd;
      return reply.page(
        `${V}/action.njk`,
        model(d, { version: String(d.version), decisionMaker: d.decisionMaker, approvedOnDay: day, approvedOnMonth: m, approvedOnYear: y }),
      );
    });
    app.post(`/decisions/:id/${name}`, { ...editor, preHandler: checkId }, async (req: Req, reply) => {
      const a = actor(req);
      const d = await services.decisions.get(a.officeId, req.params.id);
      const b = (req.body ?? {}) as Record<string, string>;
      const input: Record<string, unknown> = { version: b.version, reason: b.reason || undefined };
      if (name === 'withdraw') input.reason = b.reason ?? '';
      if (name === 'approve') {
        input.approvedOn = dateFrom(b, 'approvedOn');
        input.decisionMaker = b.decisionMaker ?? '';
      }
      const values = { ...b, approvedOnDay: b['approvedOn-day'], approvedOnMonth: b['approvedOn-month'], approvedOnYear: b['approvedOn-year'] };
      const done = await handleForm(reply, () => act.call({ by: a, id: d.id, input }), { template: `${V}/action.njk`, model: model(d, values) });
      if (!done) return reply;
      setFlash(reply, `Decision notice ${done.reference} ${act.done}.`);
      return reply.redirect(`/decisions/${d.id}`, 303);
    });
  }

  // ---- The office's setting: may viewers read the exempt part? ---------------------------

  const admin = { config: { access: 'admin' as const } };
  const settingsModel = async (officeId: string, values: Record<string, unknown>) => ({
    title: 'Decision notices: who reads the exempt part',
    values: { viewersSeeExempt: String(await services.decisions.exemptVisibleToViewers(officeId)), ...values },
  });
  app.get('/admin/decision-notices', admin, async (req, reply) =>
    reply.page(`${V}/settings.njk`, { ...(await settingsModel(actor(req).officeId, {})), flash: takeFlash(req, reply) }),
  );
  app.post('/admin/decision-notices', admin, async (req: Req, reply) => {
    const a = actor(req);
    const b = (req.body ?? {}) as Record<string, string>;
    const input = { viewersSeeExempt: typeof b.viewersSeeExempt === 'string' ? b.viewersSeeExempt : '', reason: typeof b.reason === 'string' ? b.reason : '' };
    const done = await handleForm(reply, () => services.decisions.setExemptVisibleToViewers({ by: a, input }), {
      template: `${V}/settings.njk`,
      model: await settingsModel(a.officeId, input),
    });
    if (done === undefined) return reply;
    setFlash(
      reply,
      done ? 'Viewers can now read the exempt part of decision notices.' : 'Only editors and admins can now read the exempt part of decision notices.',
    );
    return reply.redirect('/admin/decision-notices', 303);
  });

  // ---- The public register: no sign-in, published notices only --------------------------

  const publicItem = (d: PublicDecision) => ({ ...d, amount: formatPounds(d.amountPence), approved: formatApproved(d.approvedOn, d.approvedPrecision) });

  app.get('/o/:officeSlug/decisions', { config: { ...pub.config, pageCache: 'public' } }, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    const facets = await services.decisions.publicFacets(office.id);
    const base = { title: 'Decision notices', publicOffice: office, facets, query: req.query };
    const found = await runForm(reply, () => services.decisions.publicList(office.id, req.query), {
      template: `${V}/public-list.njk`,
      model: { ...base, total: 0, items: [], csvHref: `/o/${office.slug}/decisions.csv` },
    });
    if (!found.ok) return reply;
    const r = found.value;
    const qs = (page: number) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query)) if (k !== 'page' && typeof v === 'string' && v) p.set(k, v);
      p.set('page', String(page));
      return `?${p}`;
    };
    const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
    const filterString = new URLSearchParams(
      Object.entries(req.query).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v) as [string, string][],
    ).toString();
    return reply.page(`${V}/public-list.njk`, {
      ...base,
      total: r.total,
      items: r.items.map(publicItem),
      pagination:
        pages > 1
          ? { previous: r.page > 1 ? { href: qs(r.page - 1) } : undefined, next: r.page < pages ? { href: qs(r.page + 1) } : undefined, page: r.page, pages }
          : null,
      csvHref: `/o/${office.slug}/decisions.csv${filterString ? `?${filterString}` : ''}`,
    });
  });

  app.get('/o/:officeSlug/decisions.csv', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    const rows = await services.decisions.publicAll(office.id, req.query);
    const base = deps.publicUrl ?? '';
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${office.slug}-decision-notices.csv"`)
      .header('cache-control', 'no-store')
      .send(decisionsCsv(rows, (id) => `${base}/o/${office.slug}/decisions/${id}`));
  });

  app.get('/o/:officeSlug/decisions.atom', pub, async (req: Req, reply) => {
    const office = await officeOfPage(req, services.auth);
    const rows = await services.decisions.publicLatest(office.id, FEED_ENTRIES);
    return reply
      .header('content-type', 'application/atom+xml; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(decisionsAtom(office, rows, deps.publicUrl ?? ''));
  });

  app.get('/o/:officeSlug/decisions/:id', { ...pub, preHandler: checkId }, async (req: Req, reply) => {
    const office = await publicOffice(req, services.auth);
    const d = await services.decisions.publicGet(office.id, req.params.id);
    return reply.page(`${V}/public-show.njk`, { title: d.title, publicOffice: office, d: publicItem(d), decisionParagraphs: paragraphs(d.decisionText) });
  });
}

export type { FastifyReply };
