import type { FastifyInstance, FastifyReply } from 'fastify';
import { dateParts, onDateBoxes, withIsoDates } from '../platform/dates.js';
import { type Actor, DomainError } from '../platform/errors.js';
import { FLASH_COOKIE, handleForm, runForm, sessionCounter, setFlash, takeFlash } from '../platform/web/forms.js';
import { groupOf } from '../projects/stages.js';
import { renderDocx } from '../documents/docx.js';
import { renderHtml, standaloneHtml } from '../documents/html.js';
import { parsePeriod, periodLabel } from './periods.js';
import { longDate, reportDoc } from './report.doc.js';
import { GROUP_LABELS, provisionalNote, type ReportModel } from './report.model.js';
import { randomUUID } from 'node:crypto';
import { type ReviewGroup, type ReviewLayout, rewordings, rowKey } from './review-edits.js';
import type { ReportsService } from './reports.service.js';
import { docTablesWorkbook } from '../documents/xlsx.js';
import { entityTag } from './report.cache.js';
import { ifNoneMatch } from '../platform/web/page-cache.js';

const FORMATS = ['html', 'json', 'docx', 'pdf', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];
const MIME: Record<Exclude<Format, 'html'>, string> = {
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** "/reports/2018-Q1.docx" and "/reports/2018-Q1?format=docx" are the same download. */
function splitFormat(param: string, query: unknown): { periodId: string; format: Format } {
  const m = /^(.*)\.(json|docx|pdf|html|xlsx)$/.exec(param);
  const q = (query as { format?: unknown })?.format;
  const format = (m?.[2] ?? (typeof q === 'string' ? q : 'html')) as Format;
  if (!FORMATS.includes(format))
    throw new DomainError('report.invalid', 'Choose a format: html, json, docx, pdf or xlsx.', [
      { field: 'format', message: 'Choose a format: html, json, docx, pdf or xlsx' },
    ]);
  return { periodId: m?.[1] ?? param, format };
}

function download(reply: FastifyReply, format: Exclude<Format, 'html'>, name: string, body: Buffer | string, cacheControl = 'no-store') {
  return reply
    .header('content-type', MIME[format])
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .header('cache-control', cacheControl)
    .send(body);
}

/** Whether an If-None-Match header names this tag (a list, weak tags and * included). */
const fileName = (m: Pick<ReportModel, 'office' | 'period'>) => `delivery-progress-update-${m.office.slug}-${m.period.id}`;

export async function registerReportRoutes(app: FastifyInstance, { services }: { services: { reports: ReportsService } }) {
  const reports = services.reports;
  // The one Chromium the PDFs share goes with the app.
  app.addHook('onClose', async () => reports.close());

  app.get('/reports', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = req.actor as Actor;
    const [{ scheme, current, years }, papers] = await Promise.all([reports.quarters(a.officeId), reports.publications(a.officeId)]);
    const publications = papers.map((p) => ({ ...p, periodLabel: periodLabel(parsePeriod(p.periodId)) }));
    const model = {
      title: 'Delivery Progress Updates',
      current: { ...current, note: provisionalNote(longDate(current.end)) },
      years,
      publications,
      scheme,
      flash: takeFlash(req, reply),
    };
    // "Go to a quarter": any quarter, including those older than the list, by its id.
    const asked = (req.query as { period?: unknown }).period;
    if (typeof asked === 'string') {
      const r = await runForm(reply, async () => parsePeriod(asked), { template: 'reports/views/index.njk', model: { ...model, values: { period: asked } } });
      if (r.ok) return reply.redirect(`/reports/${r.value.id}`, 303);
      return reply;
    }
    return reply.page('reports/views/index.njk', model);
  });

  app.get('/reports/published/:id', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = req.actor as Actor;
    const { id } = req.params as { id: string };
    const cmp = await reports.compare(a.officeId, id);
    const m = cmp.publication.model as ReportModel;
    return reply.page('reports/views/published.njk', {
      title: `${m.period.name} as published to the Panel`,
      pub: {
        id: cmp.publication.id,
        periodId: cmp.publication.periodId,
        publishedAt: cmp.publication.publishedAt,
        publishedByName: cmp.publication.publishedByName,
        hasPdf: !!cmp.publication.pdf,
      },
      model: m,
      differences: cmp.differences,
    });
  });

  app.get('/reports/published/:id/:file', { config: { access: 'viewer' } }, async (req, reply) => {
    const a = req.actor as Actor;
    const { id, file } = req.params as { id: string; file: string };
    const pub = await reports.publication(a.officeId, id);
    const name = fileName(pub.model as ReportModel);
    if (file === 'paper.json') return download(reply, 'json', name, JSON.stringify(pub.model, null, 2));
    if (file === 'paper.docx') return download(reply, 'docx', name, pub.docx);
    if (file === 'paper.pdf' && pub.pdf) return download(reply, 'pdf', name, pub.pdf);
    if (file === 'paper.html') return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(pub.html);
    return reply.code(404).page('error.njk', { title: 'Page not found', message: 'This published paper has no such file.' });
  });

  app.get('/reports/:period', { config: { access: 'viewer', pageCache: 'session' } }, async (req, reply) => {
    const a = req.actor as Actor;
    const { periodId, format } = splitFormat((req.params as { period: string }).period, req.query);
    const print = (req.query as { print?: string }).print === '1';
    // Kept while the office's records have not changed (report.cache.ts). The downloads are
    // revalidated by the browser with If-None-Match, their tag naming the records' state and the
    // format; the pages (the web page and the printable one) are kept pages (the route's pageCache),
    // whose tag names the reader too.
    const { key, model, memo } = await reports.kept(a.officeId, periodId, sessionCounter(req));
    const flash = !!req.cookies[FLASH_COOKIE];
    if (key && !flash && format !== 'html') {
      const tag = entityTag(key, format);
      reply.header('etag', tag).header('cache-control', 'private, no-cache');
      if (ifNoneMatch(req.headers['if-none-match'], tag)) return reply.code(304).send();
    }
    const cacheControl = String(reply.getHeader('cache-control') ?? 'no-store');
    if (format === 'json') return reply.header('content-type', MIME.json).header('cache-control', cacheControl).send(model);
    const doc = await memo('doc', () => reportDoc(model));
    if (format === 'docx') return download(reply, 'docx', fileName(model), await memo('docx', () => renderDocx(doc)), cacheControl);
    if (format === 'pdf') return download(reply, 'pdf', fileName(model), await memo('pdf', () => reports.pdf(model)), cacheControl);
    // The paper's data tables, a sheet each (src/documents/xlsx.ts).
    if (format === 'xlsx') return download(reply, 'xlsx', fileName(model), await memo('xlsx', () => docTablesWorkbook(doc)), cacheControl);
    if (print)
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', cacheControl)
        .send(await memo('standalone', async () => standaloneHtml(doc)));
    const [publications, documentHtml, areas] = await Promise.all([
      reports.publications(a.officeId, model.period.id),
      memo('html', async () => renderHtml(doc)),
      // Issue 18: one local area's dashboard summary (?area=), whether or not the paper has the section.
      memo('areas', () => reports.areaDashboards(a.officeId, model.period.id)),
    ]);
    const askedArea = (req.query as { area?: unknown }).area;
    const areaId = typeof askedArea === 'string' ? askedArea : '';
    const area = areas.find((x) => x.areaId === areaId) ?? null;
    const areaError = areaId && !area ? 'Choose an area from the list' : null;
    if (areaError) reply.code(400);
    reply.page('reports/views/report.njk', {
      areaItems: [{ value: '', text: 'Choose an area' }, ...areas.map((x) => ({ value: x.areaId, text: x.area, selected: x.areaId === areaId }))],
      area: area && {
        ...area,
        rows: area.groups.map((g) => ({
          label: GROUP_LABELS[g.group],
          previous: g.previous,
          count: g.count,
          change: `${{ up: '↑ Up', down: '↓ Down', unchanged: '→ Unchanged' }[g.trend]}${g.trend === 'unchanged' ? '' : ` by ${Math.abs(g.count - g.previous)}`}`,
        })),
      },
      endDate: longDate(model.period.end),
      prevDate: longDate(model.previousPeriod.end),
      ...(areaError ? { errors: [{ text: areaError, href: '#area' }], fieldErrors: { area: { text: areaError } } } : {}),
      title: doc.title,
      model,
      documentHtml,
      publications,
      label: `${model.period.name} (${model.period.months})`,
      provisional: model.provisional ? provisionalNote(longDate(model.period.end)) : null,
      flash: takeFlash(req, reply),
    });
    return reply;
  });

  async function editModel(a: Actor, periodId: string) {
    const { model, draft, projectsAtEnd: projects } = await reports.forEditing(a.officeId, periodId);
    const spotIds = new Set(model.spotlights.map((s) => s.id));
    const choices = projects.filter((p) => groupOf(p.stage)).map((p) => ({ value: p.id, text: p.title, checked: spotIds.has(p.id) }));
    const layout: ReviewLayout = draft?.reviewLayout ?? {};
    // Every review row, shown or left out, in the paper's order (left-out rows after), for ordering and leaving out.
    const omittedKeys = new Set((model.reviewOmitted ?? []).map((o) => o.key));
    const rows = [
      ...model.review.map((r) => ({ key: rowKey(r), project: r.project, grouped: !!r.grouped, omitReason: '' })),
      ...(model.reviewOmitted ?? []).map((o) => ({ key: o.key, project: o.project, grouped: o.key.startsWith('g-'), omitReason: o.reason })),
    ].map((r, i) => ({ ...r, position: String(i + 1), omitted: omittedKeys.has(r.key) }));
    const singles = rows.filter((r) => !r.grouped).map((r) => ({ value: r.key, text: r.project }));
    return { model, draft, choices, layout, rows, singles };
  }

  /** The review layout from the form: groups kept (reworded) or ungrouped, a new group, the rows' positions, rows left out with reasons. */
  function layoutFrom(body: Record<string, unknown>, saved: ReviewLayout, rows: { key: string }[]): ReviewLayout {
    const one = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : String(v ?? ''));
    const groups: ReviewGroup[] = (saved.groups ?? [])
      .filter((g) => !one(body[`group-${g.id}-remove`]))
      .map((g) => ({
        ...g,
        name: one(body[`group-${g.id}-name`] ?? g.name),
        objective: one(body[`group-${g.id}-objective`] ?? g.objective),
        text: one(body[`group-${g.id}-text`] ?? g.text),
      }));
    const picked = ([] as unknown[]).concat(body['newGroup-projects'] ?? []).map(String);
    const newName = one(body['newGroup-name']).trim();
    if (picked.length || newName)
      groups.push({ id: randomUUID(), name: newName, objective: one(body['newGroup-objective']), text: one(body['newGroup-text']), projectIds: picked });
    const position = (k: string, i: number) => {
      const n = Number(one(body[`order-${k}`]).trim());
      return Number.isFinite(n) && one(body[`order-${k}`]).trim() !== '' ? n : i + 1;
    };
    const order = rows
      .map((r, i) => ({ k: r.key, p: position(r.key, i), i }))
      .sort((a, b) => a.p - b.p || a.i - b.i)
      .map((r) => r.k);
    const omitted: Record<string, string> = {};
    for (const r of rows) {
      const reason = one(body[`omit-${r.key}`]).trim();
      if (reason) omitted[r.key] = reason;
    }
    return { groups, order, omitted };
  }

  app.get('/reports/:period/edit', { config: { access: 'editor' } }, async (req, reply) => {
    const a = req.actor as Actor;
    const { model, draft, choices, layout, rows, singles } = await editModel(a, (req.params as { period: string }).period);
    return reply.page('reports/views/edit.njk', {
      rows,
      singles,
      groups: layout.groups ?? [],
      title: `Edit the ${model.period.name} report`,
      model,
      choices,
      values: {
        ...dateParts('panelMeetingOn', draft?.panelMeetingOn),
        ...dateParts('decisionsFrom', model.period.decisionsFrom),
        version: draft?.version ?? '',
        deliveryByCommitment: draft?.deliveryByCommitment ? 'yes' : '',
        paperOptions: [draft?.statusColumns ? 'statusColumns' : '', draft?.areaDashboards ? 'areaDashboards' : ''].filter(Boolean),
      },
      review: model.review.filter((r) => !r.grouped).map((r) => ({ ...r, value: r.text })),
    });
  });

  const DATE_FIELDS = ['panelMeetingOn', 'decisionsFrom'];
  app.post('/reports/:period/edit', { config: { access: 'editor' } }, async (req, reply) => {
    const a = req.actor as Actor;
    const body = (req.body ?? {}) as Record<string, string | string[] | undefined>;
    const { model, draft, choices, rows, singles } = await editModel(a, (req.params as { period: string }).period);
    const one = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : String(v ?? ''));
    const spotlightIds = ([] as string[]).concat(body.spotlightIds ?? []).map(String);
    const review = model.review.filter((r) => !r.grouped).map((r) => ({ ...r, value: one(body[`review-${r.projectId}`]) }));
    const reviewLayout = layoutFrom(body, draft?.reviewLayout ?? {}, rows);
    const reviewEdits = rewordings(review);
    const version = one(body.version);
    const saved = await handleForm(
      reply,
      () =>
        onDateBoxes(DATE_FIELDS, () => {
          const dates = withIsoDates(body, {
            panelMeetingOn: { label: 'Police and Crime Panel meeting date' },
            decisionsFrom: { label: 'Decision notices approved from' },
          });
          const newGroup = reviewLayout.groups?.find((g) => !(draft?.reviewLayout?.groups ?? []).some((x) => x.id === g.id));
          // A new group's errors point at the new group's fields on the form.
          const renamed = (e: unknown) => {
            if (!(e instanceof DomainError) || !newGroup) throw e;
            const prefix = `group-${newGroup.id}-`;
            throw new DomainError(
              e.code,
              e.message,
              e.fields.map((f) => (f.field.startsWith(prefix) ? { ...f, field: `newGroup-${f.field.slice(prefix.length)}` } : f)),
              e.details,
            );
          };
          return reports
            .saveDraft({
              by: a,
              periodId: model.period.id,
              input: {
                version: version ? Number(version) : undefined,
                panelMeetingOn: one(dates.panelMeetingOn),
                decisionsFrom: one(dates.decisionsFrom),
                spotlightIds,
                reviewEdits,
                reviewLayout,
                deliveryByCommitment: one(body.deliveryByCommitment) === 'yes',
                // Issue 18: the status columns and the per-area dashboards.
                statusColumns: ([] as unknown[]).concat(body.paperOptions ?? []).includes('statusColumns'),
                areaDashboards: ([] as unknown[]).concat(body.paperOptions ?? []).includes('areaDashboards'),
              },
            })
            .catch(renamed);
        }),
      {
        template: 'reports/views/edit.njk',
        model: {
          title: `Edit the ${model.period.name} report`,
          model,
          choices: choices.map((c) => ({ ...c, checked: spotlightIds.includes(c.value) })),
          values: { ...body, version, paperOptions: ([] as unknown[]).concat(body.paperOptions ?? []) },
          review,
          // The answers kept: positions, reasons and groups as typed.
          rows: rows.map((r) => ({ ...r, position: one(body[`order-${r.key}`]), omitReason: one(body[`omit-${r.key}`]) })),
          singles: singles.map((c) => ({ ...c, checked: ([] as unknown[]).concat(body['newGroup-projects'] ?? []).includes(c.value) })),
          groups: (reviewLayout.groups ?? []).filter((g) => (draft?.reviewLayout?.groups ?? []).some((x) => x.id === g.id)),
        },
      },
    );
    if (!saved) return reply;
    setFlash(reply, `The ${model.period.name} report’s settings were saved.`);
    return reply.redirect(`/reports/${model.period.id}`, 303);
  });

  app.post('/reports/:period/publish', { config: { access: 'admin' } }, async (req, reply) => {
    const a = req.actor as Actor;
    const period = parsePeriod((req.params as { period: string }).period);
    const pub = await reports.publish({ by: a, periodId: period.id });
    setFlash(
      reply,
      pub.pdf
        ? `The ${period.name} paper was published to the Panel.`
        : `The ${period.name} paper was published to the Panel without a PDF: Chromium is not installed on the server.`,
    );
    return reply.redirect(`/reports/published/${pub.id}`, 303);
  });
}

/** The report model on the JSON API (bearer tokens): GET /api/v1/reports/{period}. */
export async function registerReportApi(api: FastifyInstance, { services }: { services: { reports: ReportsService } }) {
  api.get('/reports/:period', { config: { access: 'viewer', api: true } }, async (req) => {
    const a = req.actor as Actor;
    return services.reports.model(a.officeId, (req.params as { period: string }).period);
  });
}

/** OpenAPI paths of this area, for the lead to merge into buildOpenApi(). */
export const reportsOpenApiPaths = {
  '/reports/{period}': {
    get: {
      summary: 'The quarterly Delivery Progress Update as data, computed from the history as at the end of the period',
      parameters: [
        {
          name: 'period',
          in: 'path',
          required: true,
          description: 'A calendar quarter like 2018-Q1 (January to March 2018) or a financial quarter like 2017-18-Q4 (January to March 2018)',
          schema: { type: 'string', pattern: '^\\d{4}(-\\d{2})?-[Qq][1-4]$' },
        },
      ],
      responses: {
        '200': { description: 'The report model (dashboard, review, spotlights, current projects by strand, decisions)' },
        '400': { description: 'The period is not a quarter in either form' },
        '401': { description: 'No valid API token' },
      },
    },
  },
} as const;
