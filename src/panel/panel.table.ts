import { bigserial, boolean, customType, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { offices } from '../platform/auth/auth.table.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** The Panel itself, or its Plan Working Group (PANEL-MINUTE: the group "scrutinised information presented by the OPCC" between meetings). */
export const panelBody = pgEnum('panel_body', ['panel', 'working_group']);
export type PanelBody = (typeof panelBody.enumValues)[number];
export const meetingStatus = pgEnum('panel_meeting_status', ['scheduled', 'held', 'postponed', 'cancelled']);
export type MeetingStatus = (typeof meetingStatus.enumValues)[number];

/** One declaration of interest as minuted: who, on which item (or none), and what the interest is. */
export type Declaration = { member: string; interest: string };

/** A meeting of the Police and Crime Panel or of its Plan Working Group. */
export const panelMeetings = pgTable(
  'panel_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    body: panelBody('body').notNull().default('panel'),
    /** The London calendar day of the meeting. */
    meetsOn: date('meets_on').notNull(),
    /** "10:00": London wall-clock time, as the agenda prints it; empty when not yet fixed. */
    startsAt: text('starts_at').notNull().default(''),
    place: text('place').notNull().default(''),
    status: meetingStatus('status').notNull().default('scheduled'),
    attendance: text('attendance').array().notNull().default([]),
    apologies: text('apologies').array().notNull().default([]),
    declarations: jsonb('declarations').$type<Declaration[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('panel_meetings_office_day_idx').on(t.officeId, t.meetsOn)],
);

/** An agenda item of a meeting, in its order. An exempt item (Schedule 12A) never reaches a public page. */
export const panelItems = pgTable(
  'panel_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    purpose: text('purpose').notNull().default(''),
    exempt: boolean('exempt').notNull().default(false),
    // The minute of the item (PANEL-MINUTE): what Members heard, point by point, and the resolution.
    heard: text('heard').array().notNull().default([]),
    resolution: text('resolution').notNull().default(''),
    /** The office's projects, decision notices and targets the minute mentions. */
    projectIds: uuid('project_ids').array().notNull().default([]),
    decisionIds: uuid('decision_ids').array().notNull().default([]),
    targetIds: uuid('target_ids').array().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('panel_items_meeting_position_uq').on(t.meetingId, t.position)],
);

export const answerMode = pgEnum('panel_answer_mode', ['at_meeting', 'in_writing']);
export type AnswerMode = (typeof answerMode.enumValues)[number];

/**
 * A question put at a meeting and its answer: given at the meeting, or to follow in writing by a
 * day. PANEL-MINUTE minutes the answers ("In response to questions, the Panel heard") without the
 * questions; `question` may then be empty.
 */
export const panelQuestions = pgTable(
  'panel_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => panelItems.id),
    askedBy: text('asked_by').notNull().default(''),
    question: text('question').notNull().default(''),
    answer: text('answer').notNull().default(''),
    answerMode: answerMode('answer_mode').notNull().default('at_meeting'),
    /** In writing: the London day the answer is due, and the day it was given (null: still open). */
    answerDue: date('answer_due'),
    answeredOn: date('answered_on'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('panel_questions_meeting_idx').on(t.meetingId)],
);

export const responseStatus = pgEnum('panel_response_status', ['awaiting_response', 'accepted', 'partly_accepted', 'not_accepted', 'closed']);
export type RecommendationAction = { text: string; done: boolean };

/**
 * A recommendation of the Panel (or its Plan Working Group) to the Commissioner, its response
 * and the actions it leads to. "Overdue" is never stored: it is awaiting a response after its due
 * London day (deadlines.ts).
 */
export const panelRecommendations = pgTable(
  'panel_recommendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    itemId: uuid('item_id').references(() => panelItems.id),
    text: text('text').notNull(),
    /** The statutory deadline it was recorded under (deadlines.ts), or empty. */
    statutory: text('statutory').notNull().default(''),
    responseDue: date('response_due'),
    status: responseStatus('status').notNull().default('awaiting_response'),
    response: text('response').notNull().default(''),
    respondedOn: date('responded_on'),
    actions: jsonb('actions').$type<RecommendationAction[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('panel_recommendations_office_idx').on(t.officeId, t.status, t.responseDue)],
);

export const paperKind = pgEnum('panel_paper_kind', ['decisions_update', 'delivery_progress']);
export type PaperKind = (typeof paperKind.enumValues)[number];

/**
 * A paper as sent to a meeting: the model it was made from and its files, frozen. Nothing updates
 * a row of this table; a later change to the data behind it makes a different paper, not this one.
 */
export const panelPapers = pgTable(
  'panel_papers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => panelItems.id),
    kind: paperKind('kind').notNull(),
    title: text('title').notNull(),
    model: jsonb('model').notNull(),
    html: text('html').notNull(),
    docx: bytea('docx').notNull(),
    /** Null when Chromium was not available when it was sent. */
    pdf: bytea('pdf'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    sentById: uuid('sent_by_id'),
    sentByName: text('sent_by_name').notNull(),
  },
  (t) => [index('panel_papers_meeting_idx').on(t.meetingId, t.sentAt)],
);

/**
 * A document uploaded to an agenda item (a PDF or a Word file), kept as uploaded with its SHA-256
 * so anyone can check a copy against it. Never updated. An exempt document, or any document of an
 * exempt item, never reaches the public site.
 */
export const panelDocuments = pgTable(
  'panel_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: uuid('office_id')
      .notNull()
      .references(() => offices.id),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => panelItems.id),
    title: text('title').notNull(),
    filename: text('filename').notNull(),
    /** As found in the content (its magic bytes), not as the name or the browser said: `pdf` or `docx`. */
    fileType: text('file_type').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    exempt: boolean('exempt').notNull().default(false),
    content: bytea('content').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
    uploadedById: uuid('uploaded_by_id'),
    uploadedByName: text('uploaded_by_name').notNull(),
  },
  (t) => [index('panel_documents_meeting_idx').on(t.meetingId, t.uploadedAt)],
);

/** One row per change to a meeting, an item or a paper of it: who, when, each field's old and new value, why. */
export const panelHistory = pgTable(
  'panel_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: uuid('office_id').notNull(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => panelMeetings.id),
    /** 'meeting', 'item' or 'paper'. */
    subject: text('subject').notNull(),
    subjectId: uuid('subject_id').notNull(),
    kind: text('kind').notNull(),
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
  },
  (t) => [index('panel_history_meeting_idx').on(t.meetingId, t.id)],
);
