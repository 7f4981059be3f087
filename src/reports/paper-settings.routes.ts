// The office's paper settings (issue 18): the admin page at /admin/paper (a form with the logo
// upload; multipart, CSRF in the form) and the API at /api/v1/paper-settings.
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actor, type Body, one, runForm, setFlash, takeFlash } from '../platform/web/forms.js';
import { LOGO_MAX_BYTES } from './logo.js';
import { paperSettingsAnswerSchema, paperSettingsSchema } from './paper-settings.schemas.js';
import type { PaperSettingsAnswer, PaperSettingsInput } from './paper-settings.schemas.js';
import type { PaperSettingsService } from './paper-settings.service.js';

const admin = { config: { access: 'admin' as const } };
const TEMPLATE = 'reports/views/paper-settings.njk';

/** An uploaded file: its bytes kept out of the enumerable body, which the request guard walks for control characters. */
class Upload {
  declare readonly data: Buffer | null;
  constructor(
    readonly filename: string,
    data: Buffer | null,
  ) {
    Object.defineProperty(this, 'data', { value: data, enumerable: false });
  }
}

const LABELS = {
  coverDate: { meeting: 'The Panel meeting’s month, for example April 2018', quarter: 'The quarter, for example Q4 2017/18' },
  bodyOrientation: { portrait: 'Portrait', landscape: 'Landscape' },
  forecastStyle: { quarter: 'Q2 2020 and Apr 2020', short: 'Q2 ’20 and Apr ’20' },
} as const;

type AuditRow = { recordedAt: Date; actorName: string; action: string; changes: string; reason: string | null };
/** Each change in words: the settings that changed, before and after. */
function historyView(rows: AuditRow[]) {
  const said = (k: string, v: unknown) =>
    v === null || v === undefined || v === ''
      ? 'none'
      : k === 'cover'
        ? v
          ? 'Yes'
          : 'No'
        : k === 'logo'
          ? `a picture (SHA-256 ${String(v).slice(0, 12)}…)`
          : ((LABELS as Record<string, Record<string, string>>)[k]?.[String(v)] ?? String(v));
  const names: Record<string, string> = {
    cover: 'Cover and contents',
    title: 'Title on the cover',
    coverDate: 'Date on the cover',
    bodyOrientation: 'Pages after the dashboard',
    forecastStyle: 'Forecast end dates',
    logo: 'Logo',
  };
  return rows.map((r) => {
    const c = JSON.parse(r.changes) as { before: Record<string, unknown> | null; after: Record<string, unknown> };
    const changes = Object.keys(names)
      .filter((k) => !c.before || JSON.stringify(c.before[k]) !== JSON.stringify(c.after[k]))
      .map((k) => ({ label: names[k], from: c.before ? said(k, c.before[k]) : null, to: said(k, c.after[k]) }));
    return { when: r.recordedAt, who: r.actorName, kind: r.action === 'created' ? 'Settings made' : 'Settings changed', changes, reason: r.reason ?? '' };
  });
}

const valuesOf = (s: PaperSettingsAnswer): Body => ({
  cover: s.cover ? 'yes' : 'no',
  title: s.title,
  coverDate: s.coverDate,
  bodyOrientation: s.bodyOrientation,
  forecastStyle: s.forecastStyle,
  version: String(s.version),
  reason: '',
});

export async function registerPaperSettingsRoutes(app: FastifyInstance, { paperSettings }: { paperSettings: PaperSettingsService }) {
  // One logo file and a few fields; a file over the limit arrives cut off, and is said to be too large.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 12, fieldSize: 4000, parts: 14 },
    throwFileSizeLimit: false,
    async onFile(part: MultipartFile) {
      let data: Buffer | null = null;
      try {
        data = await part.toBuffer();
      } catch {
        // Unreadable: said to the admin as too large, like a cut-off file.
      }
      (part as unknown as { value: Upload }).value = new Upload(part.filename, part.file.truncated ? null : data);
    },
  });

  const pageModel = async (officeId: string, values?: Body) => {
    const [s, history] = await Promise.all([paperSettings.get(officeId), paperSettings.history(officeId)]);
    return { title: 'Paper layout', settings: s, values: values ?? valuesOf(s), history: historyView(history), limitKb: LOGO_MAX_BYTES / 1024 };
  };
  app.get('/admin/paper', admin, async (req, reply) => reply.page(TEMPLATE, { ...(await pageModel(actor(req).officeId)), flash: takeFlash(req, reply) }));
  app.get('/admin/paper/logo', admin, async (req, reply) => {
    const logo = await paperSettings.logo(actor(req).officeId);
    if (!logo) return reply.code(404).type('text/plain; charset=utf-8').send('No logo');
    // Only PNG or JPEG are ever stored (checked by content); nosniff keeps the browser to the stated type.
    return reply.type(logo.mediaType).header('x-content-type-options', 'nosniff').header('cache-control', 'no-store').send(logo.data);
  });
  app.post('/admin/paper', { ...admin, bodyLimit: LOGO_MAX_BYTES + 200_000 }, async (req, reply) => {
    const a = actor(req);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const b = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string' || Array.isArray(v))) as Body;
    const f = raw.logo;
    const file = f instanceof Upload && f.filename ? { filename: f.filename, data: f.data } : null;
    const coverAnswer = one(b.cover);
    const version = Number(one(b.version));
    const input: Record<string, unknown> = {
      // A missing answer is said as the schema's own message.
      cover: coverAnswer === 'yes' ? true : coverAnswer === 'no' ? false : undefined,
      title: one(b.title),
      coverDate: one(b.coverDate) || undefined,
      bodyOrientation: one(b.bodyOrientation) || undefined,
      forecastStyle: one(b.forecastStyle) || undefined,
      ...(Number.isInteger(version) ? { version } : {}),
      reason: one(b.reason),
      ...(one(b.removeLogo) === 'yes' && !file ? { logo: null } : {}),
    };
    const r = await runForm(reply, () => paperSettings.save({ by: a, input, file }), { template: TEMPLATE, model: await pageModel(a.officeId, b) });
    if (!r.ok) return reply;
    setFlash(reply, 'Paper layout saved. Papers made from now on use it; papers already published keep theirs.');
    return reply.redirect('/admin/paper', 303);
  });
}

export async function registerPaperSettingsApi(api: FastifyInstance, { paperSettings }: { paperSettings: PaperSettingsService }) {
  api.get('/paper-settings', { config: { access: 'viewer', api: true } }, async (req) => paperSettings.get(actor(req as FastifyRequest).officeId));
  api.put('/paper-settings', { config: { access: 'admin', api: true } }, async (req) =>
    paperSettings.save({ by: actor(req as FastifyRequest), input: req.body as PaperSettingsInput }),
  );
}

const json = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

/** The OpenAPI paths of the paper settings, merged into /api/v1/openapi.json. */
export function paperSettingsOpenApiPaths() {
  return {
    '/paper-settings': {
      get: { summary: 'How the office lays out its quarterly paper: cover and contents, title, cover date, orientation, forecast style, logo' },
      put: {
        summary:
          'Change the paper layout (admin). `logo`: a PNG or JPEG as base64 (checked by its content; at most 512 KB; never SVG), null to remove it, absent to keep it. Send the `version` you read; `reason` goes to the audit log',
        requestBody: { required: true, content: { 'application/json': { schema: json(paperSettingsSchema, 'input') } } },
      },
    },
  };
}

export const paperSettingsOpenApiSuccess = (): Record<string, [string, Record<string, unknown>]> => ({
  'get /paper-settings': ['200', json(paperSettingsAnswerSchema, 'output')],
  'put /paper-settings': ['200', json(paperSettingsAnswerSchema, 'output')],
});
