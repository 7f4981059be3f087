// Spreadsheets on the web: the GOV.UK file upload pattern, a check page before anything is written
// ("check your answers"), the import, its undoing, and the workbooks to download.
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { londonDate } from '../platform/db/time.js';
import { type Actor, DomainError, notFound } from '../platform/errors.js';
import { checkId } from '../platform/validation.js';
import { errorView, handleForm, setFlash, takeFlash } from '../platform/web/forms.js';
import type { PlanService } from '../plan/plan.service.js';
import { formatForecast } from '../projects/forecast.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { IMPORT_TYPES, type ImportsService, type ImportType, TYPE_LABELS } from './imports.service.js';

/** What each type's counts count, for the check page, the import's page and the flash. */
const WORDS: Record<ImportType, [string, string]> = {
  projects: ['project(s)', 'later change(s)'],
  decisions: ['decision notice(s)', 'later change(s)'],
  targets: ['target(s)', 'reading(s)'],
};
const HINTS: Record<ImportType, string> = {
  projects: 'One row per dated change of a project, its details on its first row',
  decisions: 'One row a decision notice',
  targets: 'A row per target and reading: the target’s details on its first row, a reading on every row with an As at date',
};
import { projectsListWorkbook } from './projects-export.js';
import type { DecisionsService } from '../decisions/decisions.service.js';
import type { TargetsService } from '../targets/targets.service.js';
import { decisionsWorkbook, type NoticeItem, targetsWorkbook } from './list-exports.js';
import { LIMITS } from './sheet-file.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const send = (reply: FastifyReply, name: string, body: Buffer) =>
  reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(body);

/** The uploaded file: its bytes kept out of the enumerable body, which the request guard walks for control characters. */
class Upload {
  declare readonly data: Buffer | null;
  constructor(
    readonly filename: string,
    data: Buffer | null,
    readonly tooLarge: boolean,
  ) {
    Object.defineProperty(this, 'data', { value: data, enumerable: false });
  }
}

const editor = { config: { access: 'editor' as const } };
const viewer = { config: { access: 'viewer' as const } };

export async function registerImportRoutes(
  app: FastifyInstance,
  { services }: { services: { imports: ImportsService; projects: ProjectsService; plan: PlanService; decisions: DecisionsService; targets: TargetsService } },
) {
  const { imports, projects, plan, decisions, targets } = services;
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: LIMITS.bytes, files: 1, fields: 4, fieldSize: 1000, parts: 6 },
    async onFile(part: MultipartFile) {
      try {
        const data = await part.toBuffer();
        (part as unknown as { value: Upload }).value = new Upload(part.filename, data, false);
      } catch {
        (part as unknown as { value: Upload }).value = new Upload(part.filename, null, true);
      }
    },
  });

  const listModel = async (a: Actor) => ({
    title: 'Import or export spreadsheets',
    imports: (await imports.list(a.officeId)).map((i) => ({ ...i, typeLabel: TYPE_LABELS[i.type as ImportType] ?? i.type })),
    limitMb: LIMITS.bytes / 1024 / 1024,
    types: IMPORT_TYPES.map((t) => ({ value: t, text: TYPE_LABELS[t], hint: HINTS[t] })),
  });

  app.get('/imports', editor, async (req, reply) => {
    const a = req.actor as Actor;
    return reply.page('imports/views/index.njk', { ...(await listModel(a)), flash: takeFlash(req, reply) });
  });

  app.post('/imports', editor, async (req, reply) => {
    const a = req.actor as Actor;
    const body = req.body as { file?: unknown; type?: unknown } | undefined;
    const file = body?.file;
    const type = typeof body?.type === 'string' ? body.type : undefined;
    const id = await handleForm(
      reply,
      async () => {
        const problem = (message: string) => new DomainError('import.file_refused', message, [{ field: 'file', message }]);
        if (!(file instanceof Upload) || !file.filename) throw problem('Select a spreadsheet file (.xlsx or .csv)');
        if (file.tooLarge || !file.data) throw problem(`The selected file must be smaller than ${LIMITS.bytes / 1024 / 1024} MB`);
        return imports.upload({ by: a, name: file.filename, data: file.data, type: type ?? 'projects' });
      },
      { template: 'imports/views/index.njk', model: { ...(await listModel(a)), values: { type } } },
    );
    if (id) return reply.redirect(`/imports/uploads/${id}`, 303);
  });

  app.get('/imports/uploads/:id', editor, async (req, reply) => {
    const a = req.actor as Actor;
    const id = checkId((req.params as { id: string }).id, 'import');
    const u = await imports.uploaded(a.officeId, id);
    // The problems in the error summary, each linking to its row in the table below.
    const errors = errorView(u.problems.slice(0, 200).map((p, i) => ({ field: `problem-${i}`, message: p.message }))).errors;
    return reply.page('imports/views/check.njk', {
      title: 'Check the file before importing it',
      upload: u,
      words: WORDS[u.type],
      errors: errors.length ? errors : undefined,
      flash: takeFlash(req, reply),
    });
  });

  // The office's own names for the columns, chosen on the check page and remembered for next time.
  app.post('/imports/uploads/:id/columns', editor, async (req, reply) => {
    const a = req.actor as Actor;
    const id = checkId((req.params as { id: string }).id, 'import');
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const r = await imports.saveColumnNames({ by: a, id, input: body });
      setFlash(reply, `Column names saved: ${r.saved} remembered for your office’s next imports.`);
      return reply.redirect(`/imports/uploads/${id}`, 303);
    } catch (e) {
      if (!(e instanceof DomainError && e.fields.length)) throw e;
      const u = await imports.uploaded(a.officeId, id);
      reply.code(400);
      return reply.page('imports/views/check.njk', {
        title: 'Check the file before importing it',
        upload: u,
        words: WORDS[u.type],
        chosen: body,
        ...errorView(e.fields),
      });
    }
  });

  app.post('/imports/uploads/:id', editor, async (req, reply) => {
    const a = req.actor as Actor;
    const id = checkId((req.params as { id: string }).id, 'import');
    const u = await imports.uploaded(a.officeId, id);
    const r = await handleForm(reply, () => imports.runUpload({ by: a, id }), {
      template: 'imports/views/check.njk',
      model: { title: 'Check the file before importing it', upload: u, words: WORDS[u.type] },
    });
    if (!r) return;
    const [things, changes] = WORDS[u.type];
    setFlash(reply, `${r.counts.create} ${things} imported with ${r.counts.changes} ${changes}`);
    return reply.redirect(`/imports/${r.id}`, 303);
  });

  app.get('/imports/:id', editor, async (req, reply) => {
    const a = req.actor as Actor;
    const imp = await imports.get(a.officeId, checkId((req.params as { id: string }).id, 'import'));
    return reply.page('imports/views/import.njk', {
      title: `Import of ${imp.fileName}`,
      imp,
      words: WORDS[imp.type as ImportType] ?? WORDS.projects,
      flash: takeFlash(req, reply),
    });
  });

  app.post('/imports/:id/undo', editor, async (req, reply) => {
    const a = req.actor as Actor;
    const id = checkId((req.params as { id: string }).id, 'import');
    const imp = await imports.get(a.officeId, id);
    const r = await handleForm(reply, () => imports.undo({ by: a, id, input: req.body }), {
      template: 'imports/views/import.njk',
      model: { title: `Import of ${imp.fileName}`, imp, words: WORDS[imp.type as ImportType] ?? WORDS.projects, values: req.body },
    });
    if (!r) return;
    setFlash(reply, `Import undone: ${r.removed} ${(WORDS[imp.type as ImportType] ?? WORDS.projects)[0]} removed`);
    return reply.redirect(`/imports/${id}`, 303);
  });

  // The template of a type: header row, example row, drop-down lists, notes.
  app.get('/imports/templates/:type', editor, async (req, reply) => {
    const a = req.actor as Actor;
    const m = /^(projects|decisions|targets)\.xlsx$/.exec((req.params as { type: string }).type);
    if (!m) throw notFound('import');
    return send(reply, `${m[1]}-template.xlsx`, await imports.template(a.officeId, m[1]));
  });

  // The projects list as filtered (the same query as the page and its CSV), as a workbook.
  app.get('/projects.xlsx', viewer, async (req, reply) => {
    const a = req.actor as Actor;
    const [items, priorities] = await Promise.all([projects.listAll(a.officeId, req.query), plan.listPriorities(a.officeId)]);
    const names = new Map(priorities.map((p) => [p.id, p.name]));
    return send(
      reply,
      'projects.xlsx',
      await projectsListWorkbook(items, names, (p) => formatForecast({ date: p.forecastEnd, precision: p.forecastPrecision })),
    );
  });

  // The decision notices as filtered on their list (every page), without the exempt part.
  app.get('/decisions.xlsx', viewer, async (req, reply) => {
    const a = req.actor as Actor;
    const items: NoticeItem[] = [];
    for (let page = 1; ; page++) {
      const r = await decisions.list(a.officeId, { ...(req.query as object), page: String(page), pageSize: '500' });
      items.push(...r.items);
      if (items.length >= r.total || !r.items.length) break;
    }
    return send(reply, `decision-notices-${londonDate(new Date())}.xlsx`, await decisionsWorkbook(items));
  });

  // The targets with their readings.
  app.get('/targets.xlsx', viewer, async (req, reply) => {
    const a = req.actor as Actor;
    const [items, priorities] = await Promise.all([targets.listTargets(a.officeId), plan.listPriorities(a.officeId)]);
    return send(reply, `targets-${londonDate(new Date())}.xlsx`, await targetsWorkbook(items, new Map(priorities.map((p) => [p.id, p.name]))));
  });

  // Every project with its dated history, in the import's layout.
  app.get('/projects/history.xlsx', viewer, async (req, reply) => {
    const a = req.actor as Actor;
    return send(reply, `projects-history-${londonDate(new Date())}.xlsx`, await imports.exportHistory(a.officeId));
  });
}
