import { z } from 'zod';
import { isoDateField as isoDate, textField as text } from '../platform/validation.js';
import { isValidIsoDate } from '../platform/db/time.js';
import { meetingStatus, panelBody, paperKind } from './panel.table.js';

/** Names, one a line in the form (or a list in the API); blank lines dropped, each kept once. */
const names = (label: string) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(/\r?\n/) : v),
      z.array(z.string({ message: `${label}: each name must be text` }), { message: `${label} must be a list of names` }),
    )
    .transform((a) => [...new Set(a.map((s) => s.trim()).filter(Boolean))])
    .pipe(
      z.array(z.string().max(200, { message: `${label}: each name must be 200 characters or fewer` })).max(100, { message: `${label}: 100 names or fewer` }),
    );

/** Declarations of interest: "Member | interest" a line in the form, or a list of { member, interest }. */
const declarations = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    return v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const i = l.indexOf('|');
        return i < 0 ? { member: l, interest: '' } : { member: l.slice(0, i).trim(), interest: l.slice(i + 1).trim() };
      });
  },
  z
    .array(
      z.object({
        member: z
          .string()
          .trim()
          .min(1, { message: 'Each declaration needs the member’s name, like “Cllr Jan Warwick | Member of the Fire Authority”' })
          .max(200),
        interest: z
          .string()
          .trim()
          .min(1, { message: 'Each declaration needs the interest declared, after a vertical bar: “Cllr Jan Warwick | Member of the Fire Authority”' })
          .max(500, { message: 'A declared interest must be 500 characters or fewer' }),
      }),
      { message: 'Declarations must be a list of members and their interests' },
    )
    .max(50, { message: 'Give 50 declarations or fewer' }),
);

/** "10:00" or "9.30" or "14:05": a 24-hour London time; blank when not yet fixed. */
const time = z
  .string({ message: 'Time must be text' })
  .trim()
  .transform((s) => s.replace('.', ':'))
  .refine((s) => s === '' || /^([01]?\d|2[0-3]):[0-5]\d$/.test(s), { message: 'Time must be a 24-hour time, like 10:00 or 14:30' })
  .transform((s) => (s ? s.padStart(5, '0') : s));

export const meetingFieldsSchema = z.object({
  body: z.enum(panelBody.enumValues, { message: 'Choose the Panel or the Plan Working Group' }).default('panel'),
  meetsOn: isoDate('date of the meeting'),
  startsAt: time.default(''),
  place: text('Place', 300).default(''),
  attendance: names('Present').default([]),
  apologies: names('Apologies').default([]),
  declarations: declarations.default([]),
});
export const createMeetingSchema = meetingFieldsSchema.extend({ reason: text('Reason', 1000).optional() });
export const updateMeetingSchema = meetingFieldsSchema.partial().extend({
  status: z.enum(meetingStatus.enumValues, { message: 'Choose scheduled, held, postponed or cancelled' }).optional(),
  version: z.coerce.number({ message: 'Version must be a number' }).int().positive(),
  reason: text('Reason', 1000).optional(),
});

export const itemFieldsSchema = z.object({
  title: text('Title', 300).min(1, { message: 'Enter the item’s title, like “Police and Crime Plan Delivery”' }),
  purpose: text('Purpose', 2000).default(''),
  exempt: z
    .preprocess(
      (v) => (v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' || v === '' ? false : v),
      z.boolean({ message: 'Say whether the item is exempt' }),
    )
    .default(false),
});
export const createItemSchema = itemFieldsSchema.extend({
  /** Where it goes in the agenda: 1 is first; absent, last. */
  position: z.coerce.number({ message: 'Position must be a whole number' }).int().min(1, { message: 'Position must be 1 or more' }).max(200).optional(),
  reason: text('Reason', 1000).optional(),
});
export const updateItemSchema = itemFieldsSchema.partial().extend({
  position: z.coerce.number({ message: 'Position must be a whole number' }).int().min(1, { message: 'Position must be 1 or more' }).max(200).optional(),
  version: z.coerce.number({ message: 'Version must be a number' }).int().positive(),
  reason: text('Reason', 1000).optional(),
});

/**
 * A generated paper to send to an item. The Decisions Update lists the notices approved from
 * `from` (absent: the day after the last Decisions Update sent to an earlier meeting) to `to`
 * (absent: the day before the meeting). The Delivery Progress paper is the quarterly report of `period`.
 */
export const sendPaperSchema = z.object({
  kind: z.enum(paperKind.enumValues, { message: 'Choose the paper to send' }),
  from: z
    .string()
    .trim()
    .refine((s) => s === '' || isValidIsoDate(s), { message: 'Notices approved from must be a real date' })
    .optional(),
  to: z
    .string()
    .trim()
    .refine((s) => s === '' || isValidIsoDate(s), { message: 'Notices approved to must be a real date' })
    .optional(),
  period: z.string().trim().max(20, { message: 'Choose a quarter, like 2019-20-Q3' }).optional(),
});

export const listMeetingsSchema = z.object({
  body: z.enum(panelBody.enumValues, { message: 'Choose the Panel or the Plan Working Group' }).optional(),
  status: z.enum(meetingStatus.enumValues, { message: 'Choose a status' }).optional(),
});

const optionalDate = (label: string) =>
  z
    .string({ message: `${label} must be a date` })
    .trim()
    .refine((s) => s === '' || isValidIsoDate(s), { message: `${label} must be a real date` })
    .transform((s) => s || null)
    .optional();
const uuids = (message: string) =>
  z
    .preprocess((v) => (v === '' || v === undefined ? [] : Array.isArray(v) ? v : typeof v === 'string' ? [v] : v), z.array(z.string({ message }), { message }))
    .pipe(z.array(z.string().uuid({ message })).max(100, { message: 'Link 100 records or fewer' }))
    .transform((a) => [...new Set(a)].sort());
/** Points, one a line (or a list): what Members heard. */
const points = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.split(/\r?\n/) : v),
    z.array(z.string({ message: 'Each point must be text' }), { message: 'Points must be a list' }),
  )
  .transform((a) => a.map((s) => s.replace(/^\s*[•*-]\s*/, '').trim()).filter(Boolean))
  .pipe(z.array(z.string().max(4000, { message: 'Each point must be 4000 characters or fewer' })).max(100, { message: 'Give 100 points or fewer' }));

export const minuteSchema = z.object({
  heard: points.default([]),
  resolution: text('Resolution', 4000).default(''),
  projectIds: uuids('Choose projects from the list').default([]),
  decisionIds: uuids('Choose decision notices from the list').default([]),
  targetIds: uuids('Choose targets from the list').default([]),
  version: z.coerce.number({ message: 'Version must be a number' }).int().positive(),
  reason: text('Reason', 1000).optional(),
});

const answerModeSchema = z.enum(['at_meeting', 'in_writing'], { message: 'Say whether it was answered at the meeting or is to be answered in writing' });
export const questionSchema = z.object({
  askedBy: text('Asked by', 200).default(''),
  question: text('Question', 4000).default(''),
  answer: text('Answer', 8000).default(''),
  answerMode: answerModeSchema.default('at_meeting'),
  answerDue: optionalDate('Answer due'),
  answeredOn: optionalDate('Answered on'),
  reason: text('Reason', 1000).optional(),
});
export const updateQuestionSchema = questionSchema.partial().extend({ version: z.coerce.number({ message: 'Version must be a number' }).int().positive() });

export const recommendationSchema = z.object({
  text: text('Recommendation', 4000).min(1, { message: 'Enter the recommendation' }),
  itemId: z
    .string()
    .trim()
    .refine((s) => s === '' || /^[0-9a-f-]{36}$/i.test(s), { message: 'Choose an agenda item from the list' })
    .transform((s) => s || null)
    .optional(),
  statutory: z.enum(['', 'precept_veto'], { message: 'Choose a statutory deadline from the list, or none' }).default(''),
  responseDue: optionalDate('Response due'),
  reason: text('Reason', 1000).optional(),
});

/** Actions: "[x] done" or "[ ] to do" a line in the form (a plain line is to do), or a list of { text, done }. */
const actionsSchema = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => {
            const m = /^\[( |x|X)?\]\s*(.*)$/.exec(l);
            return m ? { text: m[2], done: !!m[1] && m[1] !== ' ' } : { text: l, done: false };
          })
      : v,
  z
    .array(z.object({ text: z.string().trim().min(1, { message: 'Each action needs its text' }).max(1000), done: z.boolean() }), {
      message: 'Actions must be a list',
    })
    .max(50, { message: 'Give 50 actions or fewer' }),
);
export const respondSchema = z.object({
  status: z.enum(['awaiting_response', 'accepted', 'partly_accepted', 'not_accepted', 'closed'], { message: 'Choose the response' }),
  response: text('Response', 8000).default(''),
  respondedOn: optionalDate('Date of the response'),
  responseDue: optionalDate('Response due'),
  actions: actionsSchema.default([]),
  version: z.coerce.number({ message: 'Version must be a number' }).int().positive(),
  reason: text('Reason', 1000).optional(),
});
export const recommendationListSchema = z.object({
  status: z
    .enum(['awaiting_response', 'accepted', 'partly_accepted', 'not_accepted', 'closed', 'overdue', 'open'], { message: 'Choose a status from the list' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

const yesNo = (message: string) =>
  z.preprocess((v) => (v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' || v === '' ? false : v), z.boolean({ message }));
/** An uploaded document's description; the file itself is checked by its content (uploads.ts). */
export const documentSchema = z.object({
  title: text('Title', 300).min(1, { message: 'Enter the document’s title, like “Annual report of the Commissioner”' }),
  exempt: yesNo('Say whether the document is exempt').default(false),
  reason: text('Reason', 1000).optional(),
});
/** The API's upload: the description and the file as base64. */
export const apiDocumentSchema = documentSchema.extend({
  filename: text('File name', 255).min(1, { message: 'Give the file’s name, like report.pdf' }),
  content: z.base64({ message: 'Content must be the file in base64' }).describe('The file, base64-encoded (10 MB at most)'),
});

/** The list of responses and written answers due: which kind, and overdue only or everything still open. */
export const dueListSchema = z.object({
  kind: z.enum(['', 'recommendation', 'question'], { message: 'Choose recommendations, questions or both' }).default(''),
  state: z.enum(['', 'overdue'], { message: 'Choose overdue or all still open' }).default(''),
});
