import { z } from 'zod';
import { textField as text } from '../platform/validation.js';
import { isValidIsoDate } from '../platform/db/time.js';
import { parseForecast } from './forecast.js';
import { INITIAL_STAGES, MOVE_NAMES, STAGES } from './stages.js';

const uuid = (what: string) => z.string({ message: `Choose ${what}` }).uuid({ message: `Choose ${what}` });

const forecastSchema = z
  .string({ message: 'Enter a forecast end date, like 2020-Q2, 2020-04 or TBD' })
  .trim()
  .refine((s) => parseForecast(s) !== null, { message: 'Forecast end date must be a quarter like 2020-Q2, a month like 2020-04, or TBD' });

export const effectiveOnSchema = z
  .string()
  .trim()
  .refine(isValidIsoDate, { message: 'Date it took effect must be a real date, like 2018-03-31' })
  .describe(
    'The date in England (Europe/London) the change took effect, YYYY-MM-DD: it counts from the start of that London day; absent or today, from when it is recorded. Not in the future, and not before the project’s latest recorded change: a project’s history is kept in date order.',
  );

const boolish = z.union([z.boolean(), z.enum(['true', 'false', 'on', 'yes', 'no']).transform((v) => v === 'true' || v === 'on' || v === 'yes')]);

export const projectFieldsSchema = z.object({
  title: z
    .string({ message: 'Enter the project’s title' })
    .trim()
    .min(1, { message: 'Enter the project’s title' })
    .max(200, { message: 'Title must be 200 characters or fewer' }),
  objective: text('Objective', 1000),
  overview: text('Overview', 5000),
  outcome: text('Outcome', 5000),
  strandId: uuid('a strand'),
  priorityIds: z
    .union([z.string(), z.array(z.string())], { message: 'Choose at least one priority' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(
      z
        .array(uuid('a priority'))
        .min(1, { message: 'Choose at least one priority' })
        // The link table's key is (project, priority): a repeated id would fail there, as a 500.
        .refine((ids) => new Set(ids).size === ids.length, { message: 'Choose each priority once' }),
    ),
  lead: text('Lead', 200),
  statutory: boolish,
  forecastEnd: forecastSchema,
  umbrellaId: z
    .union([uuid('an umbrella project'), z.literal(''), z.null()])
    .optional()
    .transform((v) => v || null),
  // The office's decision notices, by id (the form's choices); decisionRefs names them by reference
  // instead (as the API took before notices could be chosen): each must be a notice of the office.
  decisionIds: z
    .union([z.string(), z.array(z.string())], { message: 'Choose decision notices from the list' })
    .transform((v) => (Array.isArray(v) ? v : v ? [v] : []))
    .pipe(z.array(uuid('decision notices from the list')).max(50, { message: 'Choose 50 decision notices or fewer' }))
    .describe('Ids of decision notices of your office: the project’s notices (replaces them)'),
  // Issue 18: the office's local areas the project serves; none is all of them (the whole force area).
  areaIds: z
    .union([z.string(), z.array(z.string())], { message: 'Choose areas from the list' })
    .transform((v) => (Array.isArray(v) ? v : v ? [v] : []))
    .pipe(
      z
        .array(uuid('areas from the list'))
        .max(50, { message: 'Choose 50 areas or fewer' })
        .refine((ids) => new Set(ids).size === ids.length, { message: 'Choose each area once' }),
    )
    .describe('Ids of your office’s local areas (GET /areas) the project serves; none (an empty list) means all of them, the whole force area'),
  decisionRefs: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(/[,\n]/)).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(60, { message: 'A decision notice reference must be 60 characters or fewer' })).max(50))
    .describe('The same by reference (like "ID: 507"; "507" is accepted where it names one notice): each must name a notice of your office'),
});
const f = projectFieldsSchema.shape;

// Defaults only on create: on update an absent field means "unchanged".
export const createProjectSchema = projectFieldsSchema.extend({
  objective: f.objective.default(''),
  overview: f.overview.default(''),
  outcome: f.outcome.default(''),
  lead: f.lead.default(''),
  statutory: f.statutory.default(false),
  forecastEnd: f.forecastEnd.default('TBD'),
  decisionIds: f.decisionIds.optional(),
  decisionRefs: f.decisionRefs.optional(),
  areaIds: f.areaIds.default([]),
  stage: z.enum(INITIAL_STAGES, { message: 'A new project starts as a candidate, in scoping or in delivery' }).default('candidate'),
  effectiveOn: effectiveOnSchema.optional(),
  reason: text('Reason', 2000).optional(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

/** The decision notice a gate move, merge or extension was decided by: one of the office's, by id ("" is none). */
const decisionIdSchema = z
  .union([uuid('a decision notice from the list'), z.literal(''), z.null()], { message: 'Choose a decision notice from the list' })
  .optional()
  .transform((v) => v || undefined)
  .describe('Id of the decision notice of your office this was decided by; `decisionRef` names it by reference instead');

/** The extend form: a new forecast end (later than the current one: the service checks that), and why. */
export const extendSchema = z.object({
  version: z.coerce.number({ message: 'The version you edited is missing' }).int().positive({ message: 'The version you edited is missing' }),
  forecastEnd: z
    .string()
    .trim()
    .min(1, { message: 'Enter the new forecast end date, like 2020-Q2 or 2020-04' })
    .refine((v) => parseForecast(v) !== null, { message: 'Forecast end date must be a quarter like 2020-Q2, a month like 2020-04, or TBD' }),
  reason: z
    .string()
    .trim()
    .min(1, { message: 'Enter the reason the forecast end date is extended' })
    .max(2000, { message: 'Reason must be 2000 characters or fewer' }),
  effectiveOn: effectiveOnSchema.optional(),
  decisionId: decisionIdSchema,
});

export const updateProjectSchema = projectFieldsSchema.partial().extend({
  version: z.coerce.number({ message: 'The version you edited is missing' }).int().positive({ message: 'The version you edited is missing' }),
  reason: text('Reason', 2000).optional(),
  effectiveOn: effectiveOnSchema.optional(),
  // The notice an extension was decided by (linked to the project too).
  decisionId: decisionIdSchema,
  decisionRef: text('Decision notice reference', 60).optional(),
});

export const moveSchema = z.object({
  move: z.enum(MOVE_NAMES as [string, ...string[]], { message: `Move must be one of: ${MOVE_NAMES.join(', ')}` }),
  version: z.coerce.number({ message: 'The version you moved is missing' }).int().positive({ message: 'The version you moved is missing' }),
  effectiveOn: effectiveOnSchema.optional(),
  reason: text('Reason', 2000).optional(),
  decisionId: decisionIdSchema,
  decisionRef: text('Decision notice reference', 60).optional(),
  intoId: uuid('the project to merge into').optional(),
});

export const mergeSchema = z.object({
  sourceIds: z
    .union([z.string(), z.array(z.string())], { message: 'Choose the projects to merge in' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(uuid('a project to merge in')).min(1, { message: 'Choose at least one project to merge in' })),
  version: z.coerce.number({ message: 'The version you merged into is missing' }).int().positive({ message: 'The version you merged into is missing' }),
  effectiveOn: effectiveOnSchema.optional(),
  reason: text('Reason', 2000).optional(),
  decisionId: decisionIdSchema,
  decisionRef: text('Decision notice reference', 60).optional(),
});

// An instant as ISO 8601: a date (the end of that London day) or a date-time with its offset.
// Years are kept to four digits: JavaScript reads "+099999-01-01", PostgreSQL cannot store it.
const INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i;
export const isInstant = (s: string) => INSTANT.test(s) && !Number.isNaN(Date.parse(s)) && (!/^\d{4}-\d{2}-\d{2}$/.test(s) || isValidIsoDate(s));
const instant = (message: string) => z.string({ message }).trim().refine(isInstant, { message });

export const asAtSchema = z.object({
  at: instant('The instant must be a date or date-time, like 2018-03-31 or 2018-03-31T23:59:59Z'),
  knownAt: instant('knownAt must be a date or date-time, like 2018-03-31T23:59:59Z').optional(),
});

const forecastBound = (label: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === '' || (parseForecast(s) ?? { precision: 'tbd' }).precision !== 'tbd', {
      message: `${label} must be a quarter like 2020-Q2 or a month like 2020-04`,
    })
    .optional();

export const listQuerySchema = z.object({
  stage: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).filter(Boolean))
    .pipe(z.array(z.enum(STAGES, { message: `Stage must be one of: ${STAGES.join(', ')}` })))
    .optional(),
  group: z.enum(['future', 'current', 'completed']).optional(),
  strandId: z
    .string()
    .uuid({ message: 'Choose a strand from the list' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  priorityId: z
    .string()
    .uuid({ message: 'Choose a priority from the list' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  lead: z.string().trim().max(200).optional(),
  statutory: z.enum(['yes', 'no', '']).optional(),
  endBefore: forecastBound('Forecast end before'),
  endAfter: forecastBound('Forecast end after'),
  // Issue 18: the projects serving a local area (those serving all areas included).
  areaId: z
    .string()
    .uuid({ message: 'Choose an area from the list' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Only current projects whose forecast month or quarter has wholly passed (see isOverdue).
  overdue: z.enum(['true', 'false', ''], { message: 'Overdue must be true or false' }).optional(),
  q: z.string().trim().max(200).optional(),
  // Issue 18: the status for the quarter under way (not_reported: none recorded yet); current projects only.
  status: z
    .enum(['on_track', 'at_risk', 'off_track', 'not_reported', ''], { message: 'Status must be on_track, at_risk, off_track or not_reported' })
    .optional()
    .transform((v) => v || undefined),
  sort: z.enum(['title', 'stage', 'strand', 'forecast', 'updated']).default('title'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce
    .number({ message: 'Page must be a whole number' })
    .int({ message: 'Page must be a whole number' })
    .min(1, { message: 'Page must be 1 or more' })
    .max(1_000_000, { message: 'Page must be 1,000,000 or less' })
    .default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListQuery = z.infer<typeof listQuerySchema>;
