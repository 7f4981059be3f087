import { createHash } from 'node:crypto';
import { renderDocx } from '../documents/docx.js';
import { userDate } from '../platform/dates.js';
import { agendaPackHtml, type PackItem, packTitle } from './agenda-pack.js';
import type { Doc } from '../documents/document.js';
import { standaloneHtml } from '../documents/html.js';
import { createPdfRenderer, type PdfRenderer } from '../documents/pdf.js';
import { createAuthRepository } from '../platform/auth/auth.repository.js';
import type { Db, Tx } from '../platform/db/client.js';
import { addDays } from '../platform/db/time.js';
import { type Actor, DomainError, invalid, notFound, StaleVersion } from '../platform/errors.js';
import { diffFields } from '../platform/history.js';
import { isUuid, parseInput } from '../platform/validation.js';
import { type DecisionsUpdateModel, decisionsUpdateDoc, type UpdateNotice } from './decisions-update.js';
import { createPanelRepository, type DocumentBrief, type ItemRow, type MeetingRow, type PaperBrief } from './panel.repository.js';
import { checkDocumentFile, DOCUMENT_MAX_BYTES, DOCUMENT_TYPES } from './uploads.js';
import {
  createItemSchema,
  apiDocumentSchema,
  createMeetingSchema,
  documentSchema,
  dueListSchema,
  listMeetingsSchema,
  minuteSchema,
  questionSchema,
  recommendationListSchema,
  recommendationSchema,
  respondSchema,
  sendPaperSchema,
  updateItemSchema,
  updateMeetingSchema,
  updateQuestionSchema,
} from './panel.schemas.js';
import { createProjectsRepository } from '../projects/projects.repository.js';
import { createDecisionsRepository } from '../decisions/decisions.repository.js';
import { createTargetsRepository } from '../targets/targets.repository.js';
import { daysBetween, isOverdue, STATUTORY, shownStatus } from './deadlines.js';
import { londonDate } from '../platform/db/time.js';
import type { QuestionRow } from './panel.repository.js';
import type { PanelBody } from './panel.table.js';

export const BODY_NAMES: Record<PanelBody, string> = { panel: 'Police and Crime Panel', working_group: 'Plan Working Group' };
/** "Police and Crime Panel, 7 February 2020, 10:00", as the pack's title names the meeting. */
const packMeetingName = (m: { body: PanelBody; meetsOn: string; startsAt: string }) =>
  `${BODY_NAMES[m.body]}, ${userDate(m.meetsOn)}${m.startsAt ? `, ${m.startsAt}` : ''}`;

const MEETING_FIELDS = ['body', 'meetsOn', 'startsAt', 'place', 'status', 'attendance', 'apologies', 'declarations'] as const;
const ITEM_FIELDS = ['position', 'title', 'purpose', 'exempt'] as const;
const MINUTE_FIELDS = ['heard', 'resolution', 'projectIds', 'decisionIds', 'targetIds'] as const;
const QUESTION_FIELDS = ['askedBy', 'question', 'answer', 'answerMode', 'answerDue', 'answeredOn'] as const;
const RECOMMENDATION_FIELDS = ['text', 'itemId', 'statutory', 'responseDue', 'status', 'response', 'respondedOn', 'actions'] as const;

/**
 * Only the fields the caller gave: zod 4 fills a `.default()` even inside `.partial()`, so a PATCH
 * naming only the status would otherwise reset the place, the time and the attendance.
 */
function given<T extends object>(parsed: T, input: unknown): Partial<T> {
  const keys = input && typeof input === 'object' ? new Set(Object.keys(input)) : new Set<string>();
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => keys.has(k))) as Partial<T>;
}

export type PanelDeps = {
  db: Db;
  now?: () => Date;
  chromiumPath: string;
  /** Notices approved (or published) with a date approved in [from, to]: the decisions register's. */
  decisionsBetween: (officeId: string, from: string, to: string) => Promise<UpdateNotice[]>;
  /** The quarterly Delivery Progress paper of a period as recorded at `knownAt`: the reports area's. */
  deliveryPaper: (officeId: string, periodId: string, knownAt: Date) => Promise<{ model: unknown; doc: Doc }>;
};

/** The files a sent paper keeps, by the name they are downloaded under: their type and the column that holds them. */
export const PAPER_FILES = {
  'paper.html': { type: 'text/html; charset=utf-8', column: 'html' },
  'paper.docx': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', column: 'docx' },
  'paper.pdf': { type: 'application/pdf', column: 'pdf' },
} as const;

export function createPanelService({ db, now = () => new Date(), chromiumPath, decisionsBetween, deliveryPaper }: PanelDeps) {
  const repo = createPanelRepository({ db });
  let pdfRenderer: PdfRenderer | null = null;
  const packs = new Map<string, Promise<Buffer>>();
  const pdf = () => {
    pdfRenderer ??= createPdfRenderer({ chromiumPath });
    return pdfRenderer;
  };

  const checkId = (what: 'meeting' | 'item' | 'paper' | 'question' | 'recommendation', id: string) => {
    if (!isUuid(id)) throw notFound(what);
  };

  async function meetingOf(officeId: string, id: string): Promise<MeetingRow> {
    checkId('meeting', id);
    const m = await repo.meeting(officeId, id);
    if (!m) throw notFound('meeting');
    return m;
  }
  async function itemOf(officeId: string, meetingId: string, id: string): Promise<ItemRow> {
    checkId('item', id);
    const i = await repo.item(officeId, id);
    if (!i || i.meetingId !== meetingId) throw notFound('item');
    return i;
  }

  const stale = (what: 'meeting' | 'item' | 'question' | 'recommendation', yours: number, current: number) =>
    new DomainError(`${what}.conflict`, `Someone else changed this ${what} since you opened it. Reload it and make your change again.`, [], {
      yourVersion: yours,
      currentVersion: current,
    });

  async function history(tx: Tx, by: Actor, meetingId: string, subject: string, subjectId: string, kind: string, changes: object, reason?: string | null) {
    await createPanelRepository({ db: tx }).insertHistory({
      officeId: by.officeId,
      meetingId,
      subject,
      subjectId,
      kind,
      changes: changes as Record<string, { from: unknown; to: unknown }>,
      reason: reason || null,
      recordedAt: now(),
      actorId: by.userId,
      actorName: by.name,
    });
  }

  /** Where the Decisions Update of a meeting starts and ends unless the editor chooses: after the last one, to the day before the meeting. */
  async function updateWindow(officeId: string, meeting: MeetingRow, chosen: { from?: string; to?: string }) {
    const to = chosen.to || addDays(meeting.meetsOn, -1);
    if (chosen.from) return { from: chosen.from, to, fromReason: 'chosen' as const };
    const prev = await repo.previousDecisionsUpdate(officeId, meeting.meetsOn);
    if (!prev)
      throw invalid('paper', [
        { field: 'from', message: 'No Decisions Update was sent to an earlier meeting: enter the date from which to list the notices approved' },
      ]);
    return { from: addDays((prev.model as DecisionsUpdateModel).to, 1), to, fromReason: 'previous_paper' as const };
  }

  /** An answer in writing needs the day it is due; one given at the meeting needs the answer. */
  function checkAnswer(v: { answer: string; answerMode: string; answerDue?: string | null; answeredOn?: string | null }) {
    const errors = [];
    if (v.answerMode === 'in_writing' && !v.answerDue) errors.push({ field: 'answerDue', message: 'Enter the date the written answer is due' });
    if (v.answerMode === 'at_meeting' && !v.answer) errors.push({ field: 'answer', message: 'Enter the answer given at the meeting' });
    if (v.answeredOn && !v.answer) errors.push({ field: 'answer', message: 'Enter the answer given in writing' });
    if (errors.length) throw invalid('question', errors);
  }

  const service = {
    BODY_NAMES,
    async meetings(officeId: string, query: unknown = {}) {
      const q = parseInput('meeting_list', listMeetingsSchema, query ?? {});
      return repo.meetings(officeId, q);
    },
    meeting: meetingOf,
    /** A meeting with its agenda in order and the papers sent to each item. */
    async agenda(officeId: string, id: string) {
      const meeting = await meetingOf(officeId, id);
      const [items, papers, documents] = await Promise.all([repo.items(officeId, id), repo.papers(officeId, id), repo.documents(officeId, id)]);
      const byItem = new Map<string, PaperBrief[]>();
      for (const p of papers) byItem.set(p.itemId, [...(byItem.get(p.itemId) ?? []), p]);
      const docsByItem = new Map<string, DocumentBrief[]>();
      for (const d of documents) docsByItem.set(d.itemId, [...(docsByItem.get(d.itemId) ?? []), d]);
      return { meeting, items: items.map((i) => ({ ...i, papers: byItem.get(i.id) ?? [], documents: docsByItem.get(i.id) ?? [] })) };
    },
    item: itemOf,
    history: async (officeId: string, meetingId: string) => {
      await meetingOf(officeId, meetingId);
      return repo.history(officeId, meetingId);
    },

    async createMeeting({ by, input }: { by: Actor; input: unknown }) {
      const v = parseInput('meeting', createMeetingSchema, input);
      return db.transaction(async (tx) => {
        const at = now();
        const row = await createPanelRepository({ db: tx }).insertMeeting({
          officeId: by.officeId,
          body: v.body,
          meetsOn: v.meetsOn,
          startsAt: v.startsAt,
          place: v.place,
          attendance: v.attendance,
          apologies: v.apologies,
          declarations: v.declarations,
          createdAt: at,
          updatedAt: at,
        });
        await history(tx as Tx, by, row.id, 'meeting', row.id, 'scheduled', diffFields(MEETING_FIELDS, null, row), v.reason);
        return row;
      });
    },

    async updateMeeting({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const before = await meetingOf(by.officeId, id);
      const v = parseInput('meeting', updateMeetingSchema, input);
      if (v.version !== before.version) throw stale('meeting', v.version, before.version);
      const { version, reason, ...patch } = { ...given(v, input), version: v.version, reason: v.reason };
      const candidate = { ...before, ...patch };
      const changes = diffFields(MEETING_FIELDS, before, candidate);
      if (!Object.keys(changes).length) return before;
      try {
        return await db.transaction(async (tx) => {
          const row = await createPanelRepository({ db: tx }).updateMeeting(by.officeId, id, version, { ...patch, updatedAt: now() });
          if (!row) throw new StaleVersion(id, version);
          await history(tx as Tx, by, id, 'meeting', id, changes.status ? `status: ${row.status}` : 'changed', changes, reason);
          return row;
        });
      } catch (e) {
        if (e instanceof StaleVersion) throw stale('meeting', version, (await meetingOf(by.officeId, id)).version);
        throw e;
      }
    },

    async addItem({ by, meetingId, input }: { by: Actor; meetingId: string; input: unknown }) {
      await meetingOf(by.officeId, meetingId);
      const v = parseInput('item', createItemSchema, input);
      return db.transaction(async (tx) => {
        const r = createPanelRepository({ db: tx });
        const items = await r.items(by.officeId, meetingId);
        const at = now();
        const row = await r.insertItem({
          officeId: by.officeId,
          meetingId,
          // Last for now; renumbered below when it goes elsewhere.
          position: items.length + 1 + 1000,
          title: v.title,
          purpose: v.purpose,
          exempt: v.exempt,
          createdAt: at,
          updatedAt: at,
        });
        const order = items.map((i) => i.id);
        const at1 = Math.min(v.position ?? order.length + 1, order.length + 1) - 1;
        order.splice(at1, 0, row.id);
        await r.renumber(meetingId, order);
        const placed = { ...row, position: at1 + 1 };
        await history(tx as Tx, by, meetingId, 'item', row.id, 'item added', diffFields(ITEM_FIELDS, null, placed), v.reason);
        return placed;
      });
    },

    async updateItem({ by, meetingId, id, input }: { by: Actor; meetingId: string; id: string; input: unknown }) {
      const before = await itemOf(by.officeId, meetingId, id);
      const v = parseInput('item', updateItemSchema, input);
      if (v.version !== before.version) throw stale('item', v.version, before.version);
      const { version, reason, position, ...patch } = { ...given(v, input), version: v.version, reason: v.reason };
      try {
        return await db.transaction(async (tx) => {
          const r = createPanelRepository({ db: tx });
          const items = await r.items(by.officeId, meetingId);
          const order = items.map((i) => i.id).filter((x) => x !== id);
          const to = Math.min(position ?? before.position, order.length + 1);
          order.splice(to - 1, 0, id);
          const candidate = { ...before, ...patch, position: to };
          const changes = diffFields(ITEM_FIELDS, before, candidate);
          if (!Object.keys(changes).length) return before;
          const row = await r.updateItem(by.officeId, id, version, { ...patch, updatedAt: now() });
          if (!row) throw new StaleVersion(id, version);
          if (changes.position) await r.renumber(meetingId, order);
          await history(tx as Tx, by, meetingId, 'item', id, 'item changed', changes, reason);
          return { ...row, position: to };
        });
      } catch (e) {
        if (e instanceof StaleVersion) throw stale('item', version, (await itemOf(by.officeId, meetingId, id)).version);
        throw e;
      }
    },

    /** The Decisions Update a meeting would get now (nothing is kept). */
    async decisionsUpdate(officeId: string, meetingId: string, chosen: { from?: string; to?: string } = {}): Promise<DecisionsUpdateModel> {
      const meeting = await meetingOf(officeId, meetingId);
      const v = parseInput('paper', sendPaperSchema, { kind: 'decisions_update', ...chosen });
      const w = await updateWindow(officeId, meeting, v);
      if (w.from > w.to) throw invalid('paper', [{ field: 'to', message: 'Notices approved to must be on or after the date they are listed from' }]);
      const office = await createAuthRepository({ db }).officeById(officeId);
      const notices = await decisionsBetween(officeId, w.from, w.to);
      return {
        office: { name: office?.name ?? '' },
        meeting: { meetsOn: meeting.meetsOn, bodyName: BODY_NAMES[meeting.body] },
        ...w,
        notices: notices.map((n) => ({
          reference: n.reference,
          title: n.title,
          approvedOn: n.approvedOn,
          approvedPrecision: n.approvedPrecision,
          summary: n.summary,
          amountPence: n.amountPence,
          tags: n.tags,
        })),
      };
    },

    /**
     * "Send to a meeting": makes the paper from the data as it stands, renders it (HTML, Word, and
     * PDF when Chromium is there) and keeps the bytes with who sent it and when, in one transaction
     * with its history row. What is kept is what is served from then on.
     */
    async sendPaper({ by, meetingId, itemId, input }: { by: Actor; meetingId: string; itemId: string; input: unknown }) {
      await itemOf(by.officeId, meetingId, itemId);
      const v = parseInput('paper', sendPaperSchema, input);
      const sentAt = now();
      let model: unknown;
      let doc: Doc;
      if (v.kind === 'decisions_update') {
        const m = await service.decisionsUpdate(by.officeId, meetingId, { from: v.from, to: v.to });
        model = m;
        doc = decisionsUpdateDoc(m);
      } else {
        if (!v.period) throw invalid('paper', [{ field: 'period', message: 'Choose the quarter of the Delivery Progress paper' }]);
        let r: { model: unknown; doc: Doc };
        try {
          r = await deliveryPaper(by.officeId, v.period, sentAt);
        } catch (e) {
          if (e instanceof DomainError && e.code.endsWith('.invalid')) throw invalid('paper', [{ field: 'period', message: e.message }]);
          throw e;
        }
        model = r.model;
        doc = r.doc;
      }
      const html = standaloneHtml(doc);
      const docx = await renderDocx(doc);
      let pdfBytes: Buffer | null = null;
      try {
        pdfBytes = await pdf().render(html);
      } catch (e) {
        // A missing Chromium is said on the paper's page (no PDF), not hidden and not fatal.
        if (!(e instanceof DomainError && e.code === 'report.pdf_unavailable')) throw e;
      }
      return db.transaction(async (tx) => {
        const row = await createPanelRepository({ db: tx }).insertPaper({
          officeId: by.officeId,
          meetingId,
          itemId,
          kind: v.kind,
          title: doc.title,
          model,
          html,
          docx,
          pdf: pdfBytes,
          sentAt,
          sentById: by.userId,
          sentByName: by.name,
        });
        await history(tx as Tx, by, meetingId, 'paper', row.id, 'paper sent', { title: { from: null, to: row.title }, itemId: { from: null, to: itemId } });
        return row;
      });
    },

    /**
     * "Send to a meeting" from the quarterly report's page: the Delivery Progress paper of `period`
     * frozen on the chosen agenda item (of any meeting of the office).
     */
    async sendReport({ by, input }: { by: Actor; input: { itemId?: string; period?: string } }) {
      const itemId = input.itemId ?? '';
      const item = isUuid(itemId) ? await repo.item(by.officeId, itemId) : undefined;
      if (!item) throw invalid('paper', [{ field: 'itemId', message: 'Choose the meeting and agenda item to send the paper to' }]);
      try {
        return await service.sendPaper({ by, meetingId: item.meetingId, itemId: item.id, input: { kind: 'delivery_progress', period: input.period ?? '' } });
      } catch (e) {
        // The quarter comes from the report's page, not from this form: its problem is said on the one field the form has.
        if (e instanceof DomainError && e.code === 'paper.invalid')
          throw invalid(
            'paper',
            e.fields.map((f) => ({ ...f, field: 'itemId' })),
          );
        throw e;
      }
    },
    /** Every agenda item of the office's meetings, meetings not yet held first (soonest first), then the past (latest first). */
    async itemChoices(officeId: string, today: string) {
      const meetings = await repo.meetings(officeId);
      const upcoming = meetings.filter((m) => m.meetsOn >= today && m.status !== 'cancelled').reverse();
      const past = meetings.filter((m) => m.meetsOn < today);
      const out = [];
      for (const m of [...upcoming, ...past]) for (const i of await repo.items(officeId, m.id)) out.push({ meeting: m, item: i });
      return out;
    },
    /** The minute of an item: what Members heard, the resolution, and the projects and notices it mentions (the office's own only). */
    async recordMinute({ by, meetingId, itemId, input }: { by: Actor; meetingId: string; itemId: string; input: unknown }) {
      const before = await itemOf(by.officeId, meetingId, itemId);
      const v = parseInput('minute', minuteSchema, input);
      if (v.version !== before.version) throw stale('item', v.version, before.version);
      const candidate = { ...before, heard: v.heard, resolution: v.resolution, projectIds: v.projectIds, decisionIds: v.decisionIds, targetIds: v.targetIds };
      const changes = diffFields(MINUTE_FIELDS, before, candidate);
      if (!Object.keys(changes).length) return before;
      try {
        return await db.transaction(async (tx) => {
          const errors = [];
          if (v.projectIds.length && (await createProjectsRepository({ db: tx }).titles(by.officeId, v.projectIds)).size !== v.projectIds.length)
            errors.push({ field: 'projectIds', message: 'Choose projects from the list' });
          if (v.decisionIds.length && (await createDecisionsRepository({ db: tx }).byIds(by.officeId, v.decisionIds)).length !== v.decisionIds.length)
            errors.push({ field: 'decisionIds', message: 'Choose decision notices from the list' });
          if (v.targetIds.length) {
            const mine = new Set((await createTargetsRepository({ db: tx }).listTargets(by.officeId)).map((t) => t.id));
            if (!v.targetIds.every((id) => mine.has(id))) errors.push({ field: 'targetIds', message: 'Choose targets from the list' });
          }
          if (errors.length) throw invalid('minute', errors);
          const row = await createPanelRepository({ db: tx }).updateItem(by.officeId, itemId, v.version, {
            heard: v.heard,
            resolution: v.resolution,
            projectIds: v.projectIds,
            decisionIds: v.decisionIds,
            targetIds: v.targetIds,
            updatedAt: now(),
          });
          if (!row) throw new StaleVersion(itemId, v.version);
          await history(tx as Tx, by, meetingId, 'item', itemId, 'minute recorded', changes, v.reason);
          return row;
        });
      } catch (e) {
        if (e instanceof StaleVersion) throw stale('item', v.version, (await itemOf(by.officeId, meetingId, itemId)).version);
        throw e;
      }
    },
    /** The titles of what a minute links to, for its page. */
    async minuteLinks(officeId: string, item: ItemRow) {
      const [projects, decisions, targets] = await Promise.all([
        item.projectIds.length ? createProjectsRepository({ db }).titles(officeId, item.projectIds) : new Map<string, string>(),
        item.decisionIds.length ? createDecisionsRepository({ db }).byIds(officeId, item.decisionIds) : [],
        item.targetIds.length ? createTargetsRepository({ db }).listTargets(officeId) : [],
      ]);
      return {
        projects: [...projects].map(([id, title]) => ({ id, title })),
        decisions: decisions.map((d) => ({ id: d.id, title: d.title, reference: d.reference })),
        targets: targets.filter((t) => item.targetIds.includes(t.id)).map((t) => ({ id: t.id, title: t.statement })),
      };
    },
    projectChoices: (officeId: string) => createProjectsRepository({ db }).choices(officeId),
    decisionChoices: (officeId: string) => createDecisionsRepository({ db }).choices(officeId),
    targetChoices: async (officeId: string) => (await createTargetsRepository({ db }).listTargets(officeId)).map((t) => ({ id: t.id, title: t.statement })),

    questions: (officeId: string, meetingId?: string) => repo.questions(officeId, meetingId),
    async question(officeId: string, id: string) {
      checkId('question', id);
      const q = await repo.question(officeId, id);
      if (!q) throw notFound('question');
      return q;
    },
    async addQuestion({ by, meetingId, itemId, input }: { by: Actor; meetingId: string; itemId: string; input: unknown }) {
      await itemOf(by.officeId, meetingId, itemId);
      const v = parseInput('question', questionSchema, input);
      checkAnswer(v);
      return db.transaction(async (tx) => {
        const at = now();
        const row = await createPanelRepository({ db: tx }).insertQuestion({
          officeId: by.officeId,
          meetingId,
          itemId,
          askedBy: v.askedBy,
          question: v.question,
          answer: v.answer,
          answerMode: v.answerMode,
          answerDue: v.answerDue ?? null,
          answeredOn: v.answeredOn ?? null,
          createdAt: at,
          updatedAt: at,
        });
        await history(tx as Tx, by, meetingId, 'question', row.id, 'question recorded', diffFields(QUESTION_FIELDS, null, row), v.reason);
        return row;
      });
    },
    async updateQuestion({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const before = await service.question(by.officeId, id);
      const v = parseInput('question', updateQuestionSchema, input);
      if (v.version !== before.version) throw stale('question', v.version, before.version);
      const { version, reason, ...patch } = { ...given(v, input), version: v.version, reason: v.reason };
      const candidate = { ...before, ...patch } as QuestionRow;
      checkAnswer(candidate);
      const changes = diffFields(QUESTION_FIELDS, before, candidate);
      if (!Object.keys(changes).length) return before;
      try {
        return await db.transaction(async (tx) => {
          const row = await createPanelRepository({ db: tx }).updateQuestion(by.officeId, id, version, { ...patch, updatedAt: now() });
          if (!row) throw new StaleVersion(id, version);
          await history(tx as Tx, by, before.meetingId, 'question', id, 'question changed', changes, reason);
          return row;
        });
      } catch (e) {
        if (e instanceof StaleVersion) throw stale('question', version, (await service.question(by.officeId, id)).version);
        throw e;
      }
    },

    /** The deadline offered for a statutory kind of recommendation made at a meeting (deadlines.ts says what it rests on). */
    statutoryDue: (kind: string, madeOn: string) => (kind in STATUTORY ? STATUTORY[kind as keyof typeof STATUTORY].due(madeOn) : null),
    async addRecommendation({ by, meetingId, input }: { by: Actor; meetingId: string; input: unknown }) {
      const meeting = await meetingOf(by.officeId, meetingId);
      const v = parseInput('recommendation', recommendationSchema, input);
      if (v.itemId)
        await itemOf(by.officeId, meetingId, v.itemId).catch(() => {
          throw invalid('recommendation', [{ field: 'itemId', message: 'Choose an agenda item of this meeting' }]);
        });
      const responseDue = v.responseDue ?? service.statutoryDue(v.statutory, meeting.meetsOn);
      return db.transaction(async (tx) => {
        const at = now();
        const row = await createPanelRepository({ db: tx }).insertRecommendation({
          officeId: by.officeId,
          meetingId,
          itemId: v.itemId ?? null,
          text: v.text,
          statutory: v.statutory,
          responseDue,
          createdAt: at,
          updatedAt: at,
        });
        await history(tx as Tx, by, meetingId, 'recommendation', row.id, 'recommendation made', diffFields(RECOMMENDATION_FIELDS, null, row), v.reason);
        return row;
      });
    },
    async recommendation(officeId: string, id: string) {
      checkId('recommendation', id);
      const r = await repo.recommendation(officeId, id);
      if (!r) throw notFound('recommendation');
      return r;
    },
    /** The Commissioner's response, the status it gives, and the actions it leads to, in one write with its history row. */
    async respond({ by, id, input }: { by: Actor; id: string; input: unknown }) {
      const before = await service.recommendation(by.officeId, id);
      const v = parseInput('recommendation', respondSchema, input);
      if (v.version !== before.version) throw stale('recommendation', v.version, before.version);
      const errors = [];
      if (v.status !== 'awaiting_response' && !v.response) errors.push({ field: 'response', message: 'Enter the Commissioner’s response' });
      if (v.status !== 'awaiting_response' && !v.respondedOn) errors.push({ field: 'respondedOn', message: 'Enter the date of the response' });
      if (v.respondedOn && v.respondedOn > londonDate(now()))
        errors.push({ field: 'respondedOn', message: 'Date of the response must be today or in the past' });
      if (v.status === 'closed' && v.actions.some((a) => !a.done))
        errors.push({ field: 'actions', message: 'Mark every action done before closing the recommendation' });
      if (errors.length) throw invalid('recommendation', errors);
      const patch = {
        status: v.status,
        response: v.response,
        respondedOn: v.respondedOn ?? null,
        actions: v.actions,
        ...(v.responseDue !== undefined ? { responseDue: v.responseDue } : {}),
      };
      const changes = diffFields(RECOMMENDATION_FIELDS, before, { ...before, ...patch });
      if (!Object.keys(changes).length) return before;
      try {
        return await db.transaction(async (tx) => {
          const row = await createPanelRepository({ db: tx }).updateRecommendation(by.officeId, id, v.version, { ...patch, updatedAt: now() });
          if (!row) throw new StaleVersion(id, v.version);
          await history(
            tx as Tx,
            by,
            before.meetingId,
            'recommendation',
            id,
            changes.status ? `response: ${row.status}` : 'recommendation changed',
            changes,
            v.reason,
          );
          return row;
        });
      } catch (e) {
        if (e instanceof StaleVersion) throw stale('recommendation', v.version, (await service.recommendation(by.officeId, id)).version);
        throw e;
      }
    },
    /** Recommendations with their shown status (overdue computed on today's London date), filtered by it ("open": not closed nor overdue-free). */
    async recommendations(officeId: string, query: unknown = {}, meetingId?: string) {
      const q = parseInput('recommendation_list', recommendationListSchema, query ?? {});
      const today = londonDate(now());
      const rows = (await repo.recommendations(officeId, meetingId)).map(({ r, meetsOn, body }) => ({
        ...r,
        meetsOn,
        body,
        shown: shownStatus(r, today),
        overdue: isOverdue(r, today),
        openActions: r.actions.filter((a) => !a.done).length,
      }));
      if (!q.status) return rows;
      if (q.status === 'open') return rows.filter((r) => r.status !== 'closed');
      return rows.filter((r) => r.shown === q.status);
    },
    /**
     * The actions log for the next meeting's pack: every recommendation not closed and every
     * question still to be answered in writing, with its age in days since the meeting.
     */
    async actionsLog(officeId: string) {
      const today = londonDate(now());
      const [recs, questions, meetings] = await Promise.all([
        service.recommendations(officeId, { status: 'open' }),
        repo.questions(officeId),
        repo.meetings(officeId),
      ]);
      const meetsOn = new Map(meetings.map((m) => [m.id, m]));
      return (
        [
          ...recs.map((r) => ({
            kind: 'recommendation' as const,
            id: r.id,
            text: r.text,
            meetingId: r.meetingId,
            meetsOn: r.meetsOn,
            due: r.responseDue,
            status: r.shown,
            overdue: r.overdue,
          })),
          ...questions
            .filter((q) => q.answerMode === 'in_writing' && !q.answeredOn)
            .map((q) => ({
              kind: 'question' as const,
              id: q.id,
              text: q.question || `Asked by ${q.askedBy || 'a Member'}`,
              meetingId: q.meetingId,
              meetsOn: meetsOn.get(q.meetingId)?.meetsOn ?? today,
              due: q.answerDue,
              status: q.answerDue && today > q.answerDue ? ('overdue' as const) : ('awaiting_answer' as const),
              overdue: !!q.answerDue && today > q.answerDue,
            })),
        ]
          .map((x) => ({ ...x, ageDays: Math.max(0, daysBetween(x.meetsOn, today)) }))
          // Oldest first; of one meeting, the earliest due first (none set last), so the order never depends on insertion.
          .sort((a, b) => b.ageDays - a.ageDays || (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.text.localeCompare(b.text))
      );
    },

    // ---- What the public site shows: nothing of an exempt item, ever -------------------------
    /**
     * A meeting as the public sees it: its items that are not exempt, with their papers, minute and
     * questions, and the recommendations not made under an exempt item. Exemption is read now, so
     * an item made exempt after its papers were sent takes them off the public site at once.
     */
    async publicMeeting(officeId: string, id: string) {
      const { meeting, items } = await service.agenda(officeId, id);
      const open = items.filter((i) => !i.exempt);
      const openIds = new Set(open.map((i) => i.id));
      const [questions, recs] = await Promise.all([repo.questions(officeId, id), service.recommendations(officeId, {}, id)]);
      return {
        meeting,
        items: open.map((i) => ({ ...i, documents: i.documents.filter((d) => !d.exempt), questions: questions.filter((q) => q.itemId === i.id) })),
        recommendations: recs.filter((r) => !r.itemId || openIds.has(r.itemId)),
      };
    },
    /** Every recommendation the public may read (none under an exempt item), with its shown status. */
    async publicRecommendations(officeId: string) {
      const exempt = await repo.exemptItemIds(officeId);
      return (await service.recommendations(officeId)).filter((r) => !r.itemId || !exempt.has(r.itemId));
    },
    /** A paper's file the public may download: not one sent to an exempt item (a 404, as for a paper that does not exist). */
    async publicPaperFile(officeId: string, id: string, name: string) {
      const f = await service.paperFile(officeId, id, name);
      const item = await repo.item(officeId, f.itemId);
      if (!item || item.exempt) throw notFound('paper');
      return f;
    },
    /**
     * The agenda pack of a meeting (agenda-pack.ts): the agenda and every paper sent to an item that
     * is not exempt, as one tagged PDF with a bookmark per item. The same HTML prints the same pack,
     * so a pack is printed once and kept in memory until the agenda or its papers change.
     */
    async agendaPack(officeId: string, meetingId: string) {
      const { meeting, items } = await service.publicMeeting(officeId, meetingId);
      const office = await createAuthRepository({ db }).officeById(officeId);
      const packItems: PackItem[] = [];
      for (const i of items) {
        const papers = [];
        for (const b of i.papers) {
          const p = await repo.paper(officeId, b.id);
          if (p) papers.push({ title: p.title, html: p.html });
        }
        packItems.push({
          position: i.position,
          title: i.title,
          purpose: i.purpose,
          papers,
          documents: i.documents.map((d) => ({ title: d.title, type: DOCUMENT_TYPES[d.fileType as keyof typeof DOCUMENT_TYPES]?.label ?? d.fileType })),
        });
      }
      const name = `${BODY_NAMES[meeting.body]}, ${meeting.meetsOn}${meeting.startsAt ? `, ${meeting.startsAt}` : ''}`;
      const html = agendaPackHtml({ officeName: office?.name ?? '', meetingName: packMeetingName(meeting), place: meeting.place, items: packItems });
      const key = createHash('sha256').update(html).digest('hex');
      let bytes = packs.get(key);
      if (!bytes) {
        bytes = pdf().render(html, { runningHeader: office?.name ?? '', title: packTitle(packMeetingName(meeting)) });
        packs.set(key, bytes);
        bytes.catch(() => packs.delete(key));
        // A handful of packs is all a meeting cycle needs; the oldest goes first.
        if (packs.size > 20) packs.delete(packs.keys().next().value as string);
      }
      return {
        filename: `agenda-pack-${name
          .replace(/[^A-Za-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .toLowerCase()}.pdf`,
        pdf: await bytes,
        html,
      };
    },

    /**
     * Keeps a document uploaded to an item, as uploaded, with its SHA-256: its type read from its
     * content (uploads.ts), never only from its name. One write with its history row.
     */
    async uploadDocument({
      by,
      meetingId,
      itemId,
      input,
      file,
    }: {
      by: Actor;
      meetingId: string;
      itemId: string;
      input: unknown;
      file: { filename: string; data: Buffer | null } | null;
    }) {
      await itemOf(by.officeId, meetingId, itemId);
      const errors: { field: string; message: string }[] = [];
      let v: ReturnType<typeof documentSchema.parse> | undefined;
      try {
        v = parseInput('document', documentSchema, input);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        errors.push(...e.fields);
      }
      // No bytes with a name: the upload went over the limit and was cut off.
      const checked = !file
        ? { ok: false as const, message: 'Select a PDF or Word file' }
        : !file.data
          ? { ok: false as const, message: `The selected file must be smaller than ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB` }
          : await checkDocumentFile(file.filename, file.data);
      if (!checked.ok) errors.push({ field: 'file', message: checked.message });
      if (errors.length || !v || !checked.ok || !file?.data) throw invalid('document', errors);
      const data = file.data;
      const f = checked.file;
      return db.transaction(async (tx) => {
        const row = await createPanelRepository({ db: tx }).insertDocument({
          officeId: by.officeId,
          meetingId,
          itemId,
          title: v.title,
          filename: f.filename,
          fileType: f.fileType,
          mediaType: f.mediaType,
          size: f.size,
          sha256: f.sha256,
          exempt: v.exempt,
          content: data,
          uploadedAt: now(),
          uploadedById: by.userId,
          uploadedByName: by.name,
        });
        await history(
          tx as Tx,
          by,
          meetingId,
          'document',
          row.id,
          'document uploaded',
          diffFields(['title', 'filename', 'fileType', 'size', 'sha256', 'exempt', 'itemId'] as const, null, row),
          v.reason,
        );
        return row;
      });
    },
    /** The API's upload: the same checks, the file given as base64 in the JSON body. */
    async uploadDocumentFromApi({ by, meetingId, itemId, input }: { by: Actor; meetingId: string; itemId: string; input: unknown }) {
      await itemOf(by.officeId, meetingId, itemId);
      const v = parseInput('document', apiDocumentSchema, input);
      try {
        return await service.uploadDocument({
          by,
          meetingId,
          itemId,
          input: { title: v.title, exempt: v.exempt, reason: v.reason },
          file: { filename: v.filename, data: Buffer.from(v.content, 'base64') },
        });
      } catch (e) {
        // The API's file is its `content`.
        if (e instanceof DomainError && e.code === 'document.invalid')
          throw invalid(
            'document',
            e.fields.map((f) => (f.field === 'file' ? { ...f, field: 'content' } : f)),
          );
        throw e;
      }
    },
    async document(officeId: string, id: string) {
      if (!isUuid(id)) throw notFound('document');
      const d = await repo.document(officeId, id);
      if (!d) throw notFound('document');
      return d;
    },
    /** A document the public may download: not exempt, nor on an exempt item. */
    async publicDocument(officeId: string, id: string) {
      const d = await service.document(officeId, id);
      const item = await repo.item(officeId, d.itemId);
      if (d.exempt || !item || item.exempt) throw notFound('document');
      return d;
    },

    /** The actions log filtered (the list page of what is due): recommendations, questions or both; overdue only or all still open. */
    async due(officeId: string, query: unknown = {}) {
      const q = parseInput('due_list', dueListSchema, query ?? {});
      return (await service.actionsLog(officeId)).filter((x) => (!q.kind || x.kind === q.kind) && (!q.state || x.overdue));
    },
    /** How many responses and written answers are overdue: the home page's line. */
    async overdueCounts(officeId: string) {
      const log = await service.actionsLog(officeId);
      return {
        responses: log.filter((x) => x.kind === 'recommendation' && x.overdue).length,
        answers: log.filter((x) => x.kind === 'question' && x.overdue).length,
      };
    },
    /**
     * What has fallen due by a London day, for the reminder emails: recommendations awaiting a
     * response due on or before it, and written answers due on or before it and not yet given.
     */
    async fallenDue(officeId: string, today: string) {
      const [recs, questions, meetings] = await Promise.all([repo.recommendations(officeId), repo.questions(officeId), repo.meetings(officeId)]);
      const byId = new Map(meetings.map((m) => [m.id, m]));
      return {
        recommendations: recs
          .filter(({ r }) => r.status === 'awaiting_response' && !!r.responseDue && r.responseDue <= today)
          .map(({ r, meetsOn, body }) => ({ ...r, meetsOn, body })),
        questions: questions
          .filter((q) => q.answerMode === 'in_writing' && !q.answeredOn && !!q.answerDue && q.answerDue <= today)
          .map((q) => ({ ...q, meeting: byId.get(q.meetingId) })),
      };
    },

    /** A sent paper's details for its page, without reading its files. */
    async paperBrief(officeId: string, id: string) {
      checkId('paper', id);
      const p = await repo.paperBrief(officeId, id);
      if (!p) throw notFound('paper');
      return p;
    },
    async paper(officeId: string, id: string) {
      checkId('paper', id);
      const p = await repo.paper(officeId, id);
      if (!p) throw notFound('paper');
      return p;
    },
    /** A paper's details and model (the API), without reading its files. */
    async paperWithModel(officeId: string, id: string) {
      checkId('paper', id);
      const p = await repo.paperWithModel(officeId, id);
      if (!p) throw notFound('paper');
      return p;
    },
    /**
     * One of a paper's files as sent (`paper.html`, `paper.docx`, `paper.pdf`): only that column is
     * read (a delivery paper's PDF is hundreds of KB). A 404 for a file name not among them, or a PDF
     * never printed.
     */
    async paperFile(officeId: string, id: string, name: string) {
      checkId('paper', id);
      // Own names only: `__proto__` or `constructor` is a 404 too, not a lookup on Object's prototype.
      if (!Object.hasOwn(PAPER_FILES, name)) throw notFound('paper');
      const f = PAPER_FILES[name as keyof typeof PAPER_FILES];
      const row = await repo.paperFile(officeId, id, f.column);
      if (!row?.bytes) throw notFound('paper');
      return { itemId: row.itemId, type: f.type, bytes: row.bytes };
    },

    async close() {
      await pdfRenderer?.close();
      pdfRenderer = null;
    },
  };
  return service;
}
export type PanelService = ReturnType<typeof createPanelService>;
