import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userDate } from '../platform/dates.js';
import { londonDate } from '../platform/db/time.js';
import { presentHistory } from '../platform/history.js';
import { actor, type Body, bodyOf, handleForm, one, partsOf, runForm, setFlash, takeFlash, withDate } from '../platform/web/forms.js';
import { readDates } from '../platform/dates.js';
import { invalid } from '../platform/errors.js';
import { shortApproved, summaryWithAmount, updateOrder } from './decisions-update.js';
import type { ItemRow, MeetingRow, PanelHistoryRow } from './panel.repository.js';
import { createMeetingSchema, updateMeetingSchema } from './panel.schemas.js';
import { BODY_NAMES, type PanelService } from './panel.service.js';
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES } from './uploads.js';
import { STATUS_LABELS as RESPONSE_LABELS, STATUTORY } from './deadlines.js';
import type { QuestionRow, RecommendationRow } from './panel.repository.js';
import { referenceLabel } from '../decisions/decisions.present.js';

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

type Req = FastifyRequest<{ Params: { id: string; itemId: string; file: string }; Querystring: Record<string, string> }>;
const V = 'panel/views';

/** A file name safe in a Content-Disposition header: what is not plain ASCII becomes an underscore. */
export const asciiName = (name: string) => name.replace(/[^A-Za-z0-9._ -]/g, '_');
/** "1.2 MB", "340 KB": a file's size as GOV.UK pages give it. */
export const sizeLabel = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
export const DOCUMENT_LABELS = Object.fromEntries(Object.entries(DOCUMENT_TYPES).map(([k, v]) => [k, v.label]));

export const MEETING_STATUS_LABELS: Record<string, string> = { scheduled: 'Scheduled', held: 'Held', postponed: 'Postponed', cancelled: 'Cancelled' };
export const PAPER_KINDS: Record<string, string> = {
  decisions_update: 'Police and Crime Plan Decisions Update',
  delivery_progress: 'Delivery Progress Update',
};
const FIELD_LABELS: Record<string, string> = {
  body: 'Meeting of',
  meetsOn: 'Date',
  startsAt: 'Time',
  place: 'Place',
  status: 'Status',
  attendance: 'Present',
  apologies: 'Apologies',
  declarations: 'Declarations of interest',
  position: 'Agenda position',
  title: 'Title',
  purpose: 'Purpose',
  exempt: 'Exempt',
  itemId: 'Agenda item',
  filename: 'File name',
  fileType: 'File type',
  size: 'Size (bytes)',
  sha256: 'SHA-256',
  targetIds: 'Targets mentioned',
  projectIds: 'Projects mentioned',
  decisionIds: 'Decision notices mentioned',
};

function showValue(field: string, v: unknown, items: Map<string, string>): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '(none)';
  if (field === 'meetsOn') return userDate(String(v));
  if (field === 'body') return BODY_NAMES[v as 'panel'] ?? String(v);
  if (field === 'status') return MEETING_STATUS_LABELS[v as string] ?? String(v);
  if (field === 'exempt') return v ? 'Yes' : 'No';
  if (field === 'itemId') return items.get(String(v)) ?? 'an item';
  if (field === 'declarations') return (v as { member: string; interest: string }[]).map((d) => `${d.member}: ${d.interest}`).join('; ');
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
const historyView = (rows: PanelHistoryRow[], items: Map<string, string>) =>
  presentHistory(rows, {
    kindWord: (k) => k[0].toUpperCase() + k.slice(1),
    label: (f) => FIELD_LABELS[f] ?? f,
    show: (f, v) => showValue(f, v, items),
    hasBefore: (h) => !['scheduled', 'item added', 'paper sent', 'document uploaded'].includes(h.kind),
  });

/** "Police and Crime Panel, 7 February 2020, 10:00": how a meeting is named in titles and links. */
export const meetingName = (m: Pick<MeetingRow, 'body' | 'meetsOn' | 'startsAt'>) =>
  `${BODY_NAMES[m.body]}, ${userDate(m.meetsOn)}${m.startsAt ? `, ${m.startsAt}` : ''}`;

const meetingValues = (m: MeetingRow): Body => ({
  body: m.body,
  ...partsOf('meetsOn', m.meetsOn),
  startsAt: m.startsAt,
  place: m.place,
  status: m.status,
  attendance: m.attendance.join('\n'),
  apologies: m.apologies.join('\n'),
  declarations: m.declarations.map((d) => `${d.member} | ${d.interest}`).join('\n'),
  version: String(m.version),
});
const meetingInput = (b: Body) => ({
  body: one(b.body) || undefined,
  startsAt: one(b.startsAt),
  place: one(b.place),
  attendance: one(b.attendance),
  apologies: one(b.apologies),
  declarations: one(b.declarations),
  reason: one(b.reason) || undefined,
});

export async function registerPanelRoutes(app: FastifyInstance, deps: { services: { panel: PanelService }; now?: () => Date }) {
  const { panel } = deps.services;
  const now = deps.now ?? (() => new Date());
  const viewer = { config: { access: 'viewer' as const } };
  const editor = { config: { access: 'editor' as const } };
  app.addHook('onClose', async () => panel.close());
  // Documents uploaded to an item: one file, a few fields; a file over the limit arrives as no bytes and is refused by name.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 6, fieldSize: 4000, parts: 8 },
    // Over the limit, the file is cut off rather than the request refused, so the form can say why.
    throwFileSizeLimit: false,
    async onFile(part: MultipartFile) {
      let data: Buffer | null = null;
      try {
        data = await part.toBuffer();
      } catch {
        // Unreadable: said to the user as too large below, like a cut-off file.
      }
      (part as unknown as { value: Upload }).value = new Upload(part.filename, part.file.truncated ? null : data);
    },
  });

  app.get('/panel', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const all = await panel.meetings(a.officeId);
    const today = londonDate(now());
    const view = (m: MeetingRow) => ({ ...m, name: meetingName(m), statusLabel: MEETING_STATUS_LABELS[m.status] });
    return reply.page(`${V}/index.njk`, {
      title: 'Police and Crime Panel',
      flash: takeFlash(req, reply),
      upcoming: all
        .filter((m) => m.meetsOn >= today)
        .reverse()
        .map(view),
      past: all.filter((m) => m.meetsOn < today).map(view),
      canEdit: a.role !== 'viewer',
    });
  });

  // ---- Meetings -----------------------------------------------------------------------
  const newModel = (values: Body) => ({ title: 'Schedule a meeting', action: '/panel/meetings/new', values, bodies: BODY_NAMES });
  app.get('/panel/meetings/new', editor, async (_req, reply) => reply.page(`${V}/meeting-form.njk`, newModel({ body: 'panel' })));
  app.post('/panel/meetings/new', editor, async (req, reply) => {
    const b = bodyOf(req);
    // The date's own problem is said once: the other fields are checked without it.
    const others = createMeetingSchema.omit({ meetsOn: true });
    const r = await runForm(
      reply,
      () => panel.createMeeting({ by: actor(req), input: withDate(b, 'meetsOn', 'Date of the meeting', others, meetingInput(b)) }),
      { template: `${V}/meeting-form.njk`, model: newModel(b), dateFields: ['meetsOn'] },
    );
    if (!r.ok) return reply;
    const m = r.value;
    setFlash(reply, `${meetingName(m)} scheduled.`);
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });

  app.get('/panel/meetings/:id', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const { meeting, items } = await panel.agenda(a.officeId, req.params.id);
    const rows = await panel.history(a.officeId, meeting.id);
    const titles = new Map(items.map((i) => [i.id, `${i.position}. ${i.title}`]));
    const [questions, recs] = await Promise.all([panel.questions(a.officeId, meeting.id), panel.recommendations(a.officeId, {}, meeting.id)]);
    const links = new Map(await Promise.all(items.map(async (i) => [i.id, await panel.minuteLinks(a.officeId, i)] as const)));
    return reply.page(`${V}/meeting.njk`, {
      title: meetingName(meeting),
      flash: takeFlash(req, reply),
      m: { ...meeting, bodyName: BODY_NAMES[meeting.body], statusLabel: MEETING_STATUS_LABELS[meeting.status], date: userDate(meeting.meetsOn) },
      items: items.map((i) => ({
        ...i,
        papers: i.papers.map((p) => ({ ...p, kindLabel: PAPER_KINDS[p.kind] })),
        documents: i.documents.map((d) => ({ ...d, typeLabel: DOCUMENT_LABELS[d.fileType] ?? d.fileType, sizeLabel: sizeLabel(d.size) })),
        links: links.get(i.id),
        questions: questions
          .filter((q) => q.itemId === i.id)
          .map((q) => ({ ...q, due: q.answerDue ? userDate(q.answerDue) : '', answered: q.answeredOn ? userDate(q.answeredOn) : '' })),
      })),
      recommendations: recs.map((r) => ({ ...r, statusLabel: RESPONSE_LABELS[r.shown], due: r.responseDue ? userDate(r.responseDue) : 'None set' })),
      history: historyView(rows, titles),
      canEdit: a.role !== 'viewer',
    });
  });

  // The agenda pack as the public gets it (agenda-pack.ts): exempt items are not in it.
  app.get('/panel/meetings/:id/pack.pdf', viewer, async (req: Req, reply) => {
    const pack = await panel.agendaPack(actor(req).officeId, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${pack.filename}"`).send(pack.pdf);
  });

  const editModel = (m: MeetingRow, values: Body) => ({
    title: `Change ${meetingName(m)}`,
    action: `/panel/meetings/${m.id}/edit`,
    editing: true,
    m,
    values,
    bodies: BODY_NAMES,
    statuses: MEETING_STATUS_LABELS,
  });
  app.get('/panel/meetings/:id/edit', editor, async (req: Req, reply) => {
    const m = await panel.meeting(actor(req).officeId, req.params.id);
    return reply.page(`${V}/meeting-form.njk`, editModel(m, meetingValues(m)));
  });
  app.post('/panel/meetings/:id/edit', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const b = bodyOf(req);
    const input = { ...meetingInput(b), status: one(b.status) || undefined, version: one(b.version) };
    const r = await runForm(
      reply,
      () => panel.updateMeeting({ by: a, id: m.id, input: withDate(b, 'meetsOn', 'Date of the meeting', updateMeetingSchema, input) }),
      { template: `${V}/meeting-form.njk`, model: editModel(m, b), dateFields: ['meetsOn'] },
    );
    if (!r.ok) return reply;
    const saved = r.value;
    setFlash(reply, `${meetingName(saved)} saved.`);
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });

  // ---- Agenda items -------------------------------------------------------------------
  const itemModel = (m: MeetingRow, values: Body, item?: ItemRow) => ({
    title: item ? `Change item ${item.position}: ${item.title}` : 'Add an agenda item',
    action: item ? `/panel/meetings/${m.id}/items/${item.id}/edit` : `/panel/meetings/${m.id}/items/new`,
    editing: !!item,
    meetingName: meetingName(m),
    m,
    values,
  });
  const itemInput = (b: Body) => ({
    title: one(b.title),
    purpose: one(b.purpose),
    exempt: one(b.exempt) || 'no',
    position: one(b.position) || undefined,
    reason: one(b.reason) || undefined,
  });
  app.get('/panel/meetings/:id/items/new', editor, async (req: Req, reply) => {
    const m = await panel.meeting(actor(req).officeId, req.params.id);
    return reply.page(`${V}/item-form.njk`, itemModel(m, { exempt: 'no' }));
  });
  app.post('/panel/meetings/:id/items/new', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const b = bodyOf(req);
    const item = await handleForm(reply, () => panel.addItem({ by: a, meetingId: m.id, input: itemInput(b) }), {
      template: `${V}/item-form.njk`,
      model: itemModel(m, b),
    });
    if (!item) return reply;
    setFlash(reply, `Item ${item.position}, ${item.title}, added to the agenda.`);
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });
  app.get('/panel/meetings/:id/items/:itemId/edit', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    return reply.page(
      `${V}/item-form.njk`,
      itemModel(m, { title: i.title, purpose: i.purpose, exempt: i.exempt ? 'yes' : 'no', position: String(i.position), version: String(i.version) }, i),
    );
  });
  app.post('/panel/meetings/:id/items/:itemId/edit', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    const b = bodyOf(req);
    const saved = await handleForm(reply, () => panel.updateItem({ by: a, meetingId: m.id, id: i.id, input: { ...itemInput(b), version: one(b.version) } }), {
      template: `${V}/item-form.njk`,
      model: itemModel(m, b, i),
    });
    if (!saved) return reply;
    setFlash(reply, `Item ${saved.position}, ${saved.title}, saved.`);
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });

  // ---- Papers: made from the data, frozen when sent -----------------------------------
  const sendModel = (m: MeetingRow, i: ItemRow, values: Body, preview?: Awaited<ReturnType<PanelService['decisionsUpdate']>>) => ({
    title: `Send a paper to item ${i.position}: ${i.title}`,
    action: `/panel/meetings/${m.id}/items/${i.id}/send`,
    meetingName: meetingName(m),
    m,
    i,
    values,
    kinds: PAPER_KINDS,
    preview: preview && {
      from: userDate(preview.from),
      to: userDate(preview.to),
      fromReason: preview.fromReason,
      rows: [...preview.notices].sort(updateOrder).map((n) => ({
        title: `${n.title} (${referenceLabel(n.reference)})`,
        approved: shortApproved(n.approvedOn, n.approvedPrecision),
        summary: summaryWithAmount(n),
      })),
    },
  });
  /** The form's dates (GOV.UK date inputs) as the service's ISO dates; a wrong one is the form's error. */
  const sendInput = (b: Body) => {
    const d = readDates(b, { from: { label: 'Notices approved from' }, to: { label: 'Notices approved to' } });
    if (d.errors.length) throw invalid('paper', d.errors);
    return { kind: one(b.kind), from: d.values.from ?? '', to: d.values.to ?? '', period: one(b.period) };
  };
  app.get('/panel/meetings/:id/items/:itemId/send', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    // What the Decisions Update would list today, when its start is known (an earlier paper).
    const preview = await panel.decisionsUpdate(a.officeId, m.id).catch(() => undefined);
    return reply.page(`${V}/send.njk`, sendModel(m, i, { kind: 'decisions_update' }, preview));
  });
  app.post('/panel/meetings/:id/items/:itemId/send', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    const b = bodyOf(req);
    const r = await runForm(reply, async () => panel.sendPaper({ by: a, meetingId: m.id, itemId: i.id, input: sendInput(b) }), {
      template: `${V}/send.njk`,
      model: sendModel(m, i, b),
      dateFields: ['from', 'to'],
    });
    if (!r.ok) return reply;
    const paper = r.value;
    setFlash(reply, `${paper.title} sent to ${meetingName(m)}, item ${i.position}.${paper.pdf ? '' : ' No PDF: Chromium is not installed on the server.'}`);
    return reply.redirect(`/panel/papers/${paper.id}`, 303);
  });

  // ---- "Send to a meeting" from the quarterly report's page ------------------------------
  const sendReportModel = async (officeId: string, values: Body) => ({
    title: 'Send the paper to a Panel meeting',
    values,
    items: (await panel.itemChoices(officeId, londonDate(now()))).map(({ meeting, item }) => ({
      value: item.id,
      text: `${meetingName(meeting)}: ${item.position}. ${item.title}`,
      hint: { text: `${MEETING_STATUS_LABELS[meeting.status]}${item.exempt ? ', exempt item' : ''}` },
      checked: values.itemId === item.id,
    })),
  });
  app.get('/panel/send-report', editor, async (req: Req, reply) => {
    const a = actor(req);
    const period = String(req.query.period ?? '').slice(0, 20);
    return reply.page(`${V}/send-report.njk`, await sendReportModel(a.officeId, { period }));
  });
  app.post('/panel/send-report', editor, async (req: Req, reply) => {
    const a = actor(req);
    const b = bodyOf(req);
    const input = { itemId: one(b.itemId), period: one(b.period) };
    const paper = await handleForm(reply, () => panel.sendReport({ by: a, input }), {
      template: `${V}/send-report.njk`,
      model: await sendReportModel(a.officeId, b),
    });
    if (!paper) return reply;
    const m = await panel.meeting(a.officeId, paper.meetingId);
    setFlash(reply, `${paper.title} sent to ${meetingName(m)}.${paper.pdf ? '' : ' No PDF: Chromium is not installed on the server.'}`);
    return reply.redirect(`/panel/papers/${paper.id}`, 303);
  });

  // ---- Uploaded documents: kept as uploaded, with their hash ----------------------------
  const documentModel = (m: MeetingRow, i: ItemRow, values: Body) => ({
    title: `Upload a document to item ${i.position}: ${i.title}`,
    action: `/panel/meetings/${m.id}/items/${i.id}/documents/new`,
    meetingName: meetingName(m),
    m,
    values,
    limitMb: DOCUMENT_MAX_BYTES / 1024 / 1024,
  });
  app.get('/panel/meetings/:id/items/:itemId/documents/new', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    return reply.page(`${V}/document-form.njk`, documentModel(m, i, { exempt: i.exempt ? 'yes' : 'no' }));
  });
  // Room for a file at the limit and its form; a larger one is cut off by multipart and said to be too large.
  app.post('/panel/meetings/:id/items/:itemId/documents/new', { ...editor, bodyLimit: DOCUMENT_MAX_BYTES + 1_000_000 }, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const b = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string' || Array.isArray(v))) as Body;
    const f = raw.file;
    const file = f instanceof Upload && f.filename ? { filename: f.filename, data: f.data } : null;
    const d = await handleForm(
      reply,
      () =>
        panel.uploadDocument({
          by: a,
          meetingId: m.id,
          itemId: i.id,
          input: { title: one(b.title), exempt: one(b.exempt) || 'no', reason: one(b.reason) || undefined },
          file,
        }),
      { template: `${V}/document-form.njk`, model: documentModel(m, i, b) },
    );
    if (!d) return reply;
    setFlash(reply, `${d.title} uploaded to item ${i.position}.`);
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });
  app.get('/panel/documents/:id', viewer, async (req: Req, reply) => {
    const d = await panel.document(actor(req).officeId, req.params.id);
    return reply
      .type(d.mediaType)
      .header('content-disposition', `attachment; filename="${asciiName(d.filename)}"`)
      .send(d.content);
  });

  // ---- The minute, questions and recommendations ---------------------------------------
  const choices = (list: { id: string; title: string; reference?: string }[], chosen: string[]) =>
    list.map((x) => ({ value: x.id, text: x.reference ? `${x.title} (${x.reference})` : x.title, checked: chosen.includes(x.id) }));
  const minuteModel = async (officeId: string, m: MeetingRow, i: ItemRow, values: Body) => {
    const chosen = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : values[k] ? [String(values[k])] : []);
    return {
      title: `Minute of item ${i.position}: ${i.title}`,
      action: `/panel/meetings/${m.id}/items/${i.id}/minute`,
      meetingName: meetingName(m),
      m,
      values,
      projects: choices(await panel.projectChoices(officeId), chosen('projectIds')),
      decisions: choices(await panel.decisionChoices(officeId), chosen('decisionIds')),
      targets: choices(await panel.targetChoices(officeId), chosen('targetIds')),
    };
  };
  app.get('/panel/meetings/:id/items/:itemId/minute', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    const values = {
      heard: i.heard.join('\n'),
      resolution: i.resolution,
      projectIds: i.projectIds,
      decisionIds: i.decisionIds,
      targetIds: i.targetIds,
      version: String(i.version),
    };
    return reply.page(`${V}/minute-form.njk`, await minuteModel(a.officeId, m, i, values));
  });
  app.post('/panel/meetings/:id/items/:itemId/minute', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    const b = bodyOf(req);
    const input = {
      heard: one(b.heard),
      resolution: one(b.resolution),
      projectIds: b.projectIds ?? [],
      decisionIds: b.decisionIds ?? [],
      targetIds: b.targetIds ?? [],
      version: one(b.version),
      reason: one(b.reason) || undefined,
    };
    const saved = await handleForm(reply, () => panel.recordMinute({ by: a, meetingId: m.id, itemId: i.id, input }), {
      template: `${V}/minute-form.njk`,
      model: await minuteModel(a.officeId, m, i, b),
    });
    if (!saved) return reply;
    setFlash(reply, `Minute of item ${saved.position} saved.`);
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });

  const questionValues = (q: QuestionRow): Body => ({
    askedBy: q.askedBy,
    question: q.question,
    answer: q.answer,
    answerMode: q.answerMode,
    ...partsOf('answerDue', q.answerDue),
    ...partsOf('answeredOn', q.answeredOn),
    version: String(q.version),
  });
  const questionInput = (b: Body) => {
    const d = readDates(b, { answerDue: { label: 'Answer due' }, answeredOn: { label: 'Answered on' } });
    if (d.errors.length) throw invalid('question', d.errors);
    return {
      askedBy: one(b.askedBy),
      question: one(b.question),
      answer: one(b.answer),
      answerMode: one(b.answerMode) || 'at_meeting',
      answerDue: d.values.answerDue ?? '',
      answeredOn: d.values.answeredOn ?? '',
      reason: one(b.reason) || undefined,
    };
  };
  const questionModel = (m: MeetingRow, values: Body, action: string, q?: QuestionRow) => ({
    title: q ? 'Change a question' : 'Record a question and its answer',
    action,
    editing: !!q,
    meetingName: meetingName(m),
    m,
    values,
  });
  app.get('/panel/meetings/:id/items/:itemId/questions/new', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    return reply.page(`${V}/question-form.njk`, questionModel(m, { answerMode: 'at_meeting' }, `/panel/meetings/${m.id}/items/${i.id}/questions/new`));
  });
  app.post('/panel/meetings/:id/items/:itemId/questions/new', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const i = await panel.item(a.officeId, m.id, req.params.itemId);
    const b = bodyOf(req);
    const r = await runForm(reply, async () => panel.addQuestion({ by: a, meetingId: m.id, itemId: i.id, input: questionInput(b) }), {
      template: `${V}/question-form.njk`,
      model: questionModel(m, b, `/panel/meetings/${m.id}/items/${i.id}/questions/new`),
      dateFields: ['answerDue', 'answeredOn'],
    });
    if (!r.ok) return reply;
    setFlash(reply, `Question recorded under item ${i.position}.`);
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });
  app.get('/panel/questions/:id/edit', editor, async (req: Req, reply) => {
    const a = actor(req);
    const q = await panel.question(a.officeId, req.params.id);
    const m = await panel.meeting(a.officeId, q.meetingId);
    return reply.page(`${V}/question-form.njk`, questionModel(m, questionValues(q), `/panel/questions/${q.id}/edit`, q));
  });
  app.post('/panel/questions/:id/edit', editor, async (req: Req, reply) => {
    const a = actor(req);
    const q = await panel.question(a.officeId, req.params.id);
    const m = await panel.meeting(a.officeId, q.meetingId);
    const b = bodyOf(req);
    const r = await runForm(reply, async () => panel.updateQuestion({ by: a, id: q.id, input: { ...questionInput(b), version: one(b.version) } }), {
      template: `${V}/question-form.njk`,
      model: questionModel(m, b, `/panel/questions/${q.id}/edit`, q),
      dateFields: ['answerDue', 'answeredOn'],
    });
    if (!r.ok) return reply;
    setFlash(reply, 'Question saved.');
    return reply.redirect(`/panel/meetings/${m.id}`, 303);
  });

  const recModel = async (officeId: string, m: MeetingRow, values: Body) => ({
    title: 'Record a recommendation',
    action: `/panel/meetings/${m.id}/recommendations/new`,
    meetingName: meetingName(m),
    m,
    values,
    items: (await panel.agenda(officeId, m.id)).items.map((i) => ({ value: i.id, text: `${i.position}. ${i.title}`, selected: values.itemId === i.id })),
    statutory: Object.entries(STATUTORY).map(([k, v]) => ({ value: k, text: v.label, due: userDate(v.due(m.meetsOn)), checked: values.statutory === k })),
  });
  app.get('/panel/meetings/:id/recommendations/new', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    return reply.page(`${V}/recommendation-form.njk`, await recModel(a.officeId, m, { statutory: '' }));
  });
  app.post('/panel/meetings/:id/recommendations/new', editor, async (req: Req, reply) => {
    const a = actor(req);
    const m = await panel.meeting(a.officeId, req.params.id);
    const b = bodyOf(req);
    const r = await runForm(
      reply,
      async () => {
        const d = readDates(b, { responseDue: { label: 'Response due' } });
        if (d.errors.length) throw invalid('recommendation', d.errors);
        const input = {
          text: one(b.text),
          itemId: one(b.itemId),
          statutory: one(b.statutory),
          responseDue: d.values.responseDue ?? '',
          reason: one(b.reason) || undefined,
        };
        return panel.addRecommendation({ by: a, meetingId: m.id, input });
      },
      { template: `${V}/recommendation-form.njk`, model: await recModel(a.officeId, m, b), dateFields: ['responseDue'] },
    );
    if (!r.ok) return reply;
    setFlash(reply, 'Recommendation recorded.');
    return reply.redirect(`/panel/recommendations/${r.value.id}`, 303);
  });

  app.get('/panel/recommendations', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const base = { title: 'Recommendations and actions', query: req.query, statuses: { ...RESPONSE_LABELS, open: 'Not closed' }, items: [], log: [] };
    const found = await runForm(reply, () => panel.recommendations(a.officeId, req.query), { template: `${V}/recommendations.njk`, model: base });
    if (!found.ok) return reply;
    const log = await panel.actionsLog(a.officeId);
    return reply.page(`${V}/recommendations.njk`, {
      ...base,
      items: found.value.map((r) => ({
        ...r,
        statusLabel: RESPONSE_LABELS[r.shown],
        due: r.responseDue ? userDate(r.responseDue) : 'None set',
        meeting: `${BODY_NAMES[r.body]}, ${userDate(r.meetsOn)}`,
      })),
      log: log.map((x) => ({
        ...x,
        statusLabel: x.status === 'awaiting_answer' ? 'Awaiting written answer' : RESPONSE_LABELS[x.status],
        due: x.due ? userDate(x.due) : 'None set',
      })),
    });
  });

  app.get('/panel/due', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const base = { title: 'Responses and answers due', query: req.query, rows: [] };
    const found = await runForm(reply, () => panel.due(a.officeId, req.query), { template: `${V}/due.njk`, model: base });
    if (!found.ok) return reply;
    return reply.page(`${V}/due.njk`, {
      ...base,
      rows: found.value.map((x) => ({
        ...x,
        kindLabel: x.kind === 'recommendation' ? 'Recommendation' : 'Question',
        href: x.kind === 'recommendation' ? `/panel/recommendations/${x.id}` : `/panel/meetings/${x.meetingId}`,
        meeting: userDate(x.meetsOn),
        dueLabel: x.due ? userDate(x.due) : 'None set',
        statusLabel: x.status === 'awaiting_answer' ? 'Awaiting written answer' : RESPONSE_LABELS[x.status],
      })),
    });
  });

  const recView = (r: RecommendationRow) => ({
    ...r,
    statusLabel: RESPONSE_LABELS[isOverdueNow(r) ? 'overdue' : r.status],
    due: r.responseDue ? userDate(r.responseDue) : 'None set',
    responded: r.respondedOn ? userDate(r.respondedOn) : '',
  });
  const isOverdueNow = (r: RecommendationRow) => r.status === 'awaiting_response' && !!r.responseDue && londonDate(now()) > r.responseDue;
  app.get('/panel/recommendations/:id', viewer, async (req: Req, reply) => {
    const a = actor(req);
    const r = await panel.recommendation(a.officeId, req.params.id);
    const m = await panel.meeting(a.officeId, r.meetingId);
    const rows = (await panel.history(a.officeId, m.id)).filter((h) => h.subjectId === r.id);
    return reply.page(`${V}/recommendation.njk`, {
      title: 'Recommendation',
      flash: takeFlash(req, reply),
      r: recView(r),
      m: { ...m, name: meetingName(m) },
      history: historyView(rows, new Map()),
      canEdit: a.role !== 'viewer',
    });
  });
  const respondModel = (r: RecommendationRow, values: Body) => ({
    title: 'Record the response',
    action: `/panel/recommendations/${r.id}/respond`,
    r: recView(r),
    values,
    statuses: Object.fromEntries(Object.entries(RESPONSE_LABELS).filter(([k]) => k !== 'overdue')),
  });
  app.get('/panel/recommendations/:id/respond', editor, async (req: Req, reply) => {
    const r = await panel.recommendation(actor(req).officeId, req.params.id);
    return reply.page(
      `${V}/respond.njk`,
      respondModel(r, {
        status: r.status,
        response: r.response,
        ...partsOf('respondedOn', r.respondedOn),
        ...partsOf('responseDue', r.responseDue),
        actions: r.actions.map((x) => `[${x.done ? 'x' : ' '}] ${x.text}`).join('\n'),
        version: String(r.version),
      }),
    );
  });
  app.post('/panel/recommendations/:id/respond', editor, async (req: Req, reply) => {
    const a = actor(req);
    const r = await panel.recommendation(a.officeId, req.params.id);
    const b = bodyOf(req);
    const done = await runForm(
      reply,
      async () => {
        const d = readDates(b, { respondedOn: { label: 'Date of the response' }, responseDue: { label: 'Response due' } });
        if (d.errors.length) throw invalid('recommendation', d.errors);
        const input = {
          status: one(b.status),
          response: one(b.response),
          respondedOn: d.values.respondedOn ?? '',
          responseDue: d.values.responseDue ?? '',
          actions: one(b.actions),
          version: one(b.version),
          reason: one(b.reason) || undefined,
        };
        return panel.respond({ by: a, id: r.id, input });
      },
      { template: `${V}/respond.njk`, model: respondModel(r, b), dateFields: ['respondedOn', 'responseDue'] },
    );
    if (!done.ok) return reply;
    setFlash(reply, `Response recorded: ${RESPONSE_LABELS[done.value.status]}.`);
    return reply.redirect(`/panel/recommendations/${r.id}`, 303);
  });

  app.get('/panel/papers/:id', viewer, async (req: Req, reply) => {
    const a = actor(req);
    // Its details only: the files (read by the route below) are hundreds of KB a delivery paper.
    const p = await panel.paperBrief(a.officeId, req.params.id);
    const m = await panel.meeting(a.officeId, p.meetingId);
    const i = await panel.item(a.officeId, m.id, p.itemId);
    return reply.page(`${V}/paper.njk`, {
      title: p.title,
      flash: takeFlash(req, reply),
      p: { ...p, kindLabel: PAPER_KINDS[p.kind] },
      m: { ...m, name: meetingName(m) },
      i,
    });
  });
  app.get('/panel/papers/:id/:file', viewer, async (req: Req, reply) => {
    const { type, bytes } = await panel.paperFile(actor(req).officeId, req.params.id, req.params.file);
    // The bytes as sent, never regenerated: the same answer on every request.
    return reply.type(type).header('content-disposition', `attachment; filename="${req.params.file}"`).send(bytes);
  });
}
