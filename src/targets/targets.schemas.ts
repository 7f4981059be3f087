import { z } from 'zod';
import { textField as text } from '../platform/validation.js';
import { isValidIsoDate } from '../platform/db/time.js';
import { userDate } from '../platform/dates.js';

const uuid = (what: string) => z.string({ message: `Choose ${what}` }).uuid({ message: `Choose ${what}` });
const required = (label: string, max: number, missing: string) =>
  z
    .string({ message: missing })
    .trim()
    .min(1, { message: missing })
    .max(max, { message: `${label} must be ${max} characters or fewer` });

const date = (missing: string, label: string) =>
  z
    .string({ message: missing })
    .trim()
    .min(1, { message: missing })
    .refine(isValidIsoDate, { message: `${label} must be a real date, like 2014-03-31` });
const optionalDate = (label: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (typeof v === 'string' ? v.trim() : '') || null)
    .refine((v) => v === null || isValidIsoDate(v), { message: `${label} must be a real date, like 2013-03-31` });

// Forms send numbers as text, the API as numbers; "8.5", "8.5%", "1,200" are all taken.
const toNumber = (v: unknown) => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return v;
  const s = v.trim().replace(/,/g, '').replace(/%$/, '');
  return s === '' ? undefined : Number(s);
};
const number = (missing: string, label: string) =>
  z.preprocess(toNumber, z.number({ message: missing }).refine(Number.isFinite, { message: `${label} must be a number, like 8.5` }));
const optionalNumber = (label: string) =>
  z.preprocess(
    (v) => (v === null ? undefined : toNumber(v)),
    z
      .number({ message: `${label} must be a number, like 8.5` })
      .refine(Number.isFinite, { message: `${label} must be a number, like 8.5` })
      .optional(),
  );

export type Milestone = { date: string; value: number };
const MILESTONE_HELP = 'Enter each milestone on its own line as a date and a value, like 31/3/2014 8.33';

/** Milestones as form text (one "date value" a line) or as the API's array; kept in the order given so that order can be checked. */
const milestones = z
  .union([z.string(), z.array(z.object({ date: z.string(), value: z.union([z.number(), z.string()]) })), z.null()])
  .optional()
  .transform((v, ctx): Milestone[] => {
    if (!v) return [];
    const rows =
      typeof v === 'string'
        ? v
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const m = /^(\S+)[\s,;:]+(\S+)$/.exec(l);
              return m ? { date: m[1], value: m[2] as string | number } : { date: l, value: '' as string | number };
            })
        : v;
    const out: Milestone[] = [];
    for (const r of rows) {
      const value = toNumber(r.value);
      if (!isValidIsoDate(r.date) || typeof value !== 'number' || !Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: MILESTONE_HELP });
        return z.NEVER;
      }
      out.push({ date: r.date, value });
    }
    return out;
  });

export const KINDS = ['trajectory', 'level', 'direction'] as const;
export const KIND_LABELS: Record<(typeof KINDS)[number], string> = {
  trajectory: 'A trajectory from a baseline to the target',
  level: 'A level to keep (the target value all year)',
  direction: 'Reported as a direction of travel',
};

export const targetFieldsSchema = z.object({
  priorityId: uuid('a priority'),
  statement: required('Target', 1000, 'Enter the target, as the plan states it'),
  owner: text('Owner', 200).default(''),
  unit: text('Unit', 60).default(''),
  kind: z.enum(KINDS, { message: 'Choose how the target is measured' }),
  direction: z.enum(['higher', 'lower'], { message: 'Choose whether higher or lower is better' }),
  baselineValue: optionalNumber('Baseline value'),
  baselineDate: optionalDate('Baseline date'),
  targetValue: number('Enter the target value', 'Target value'),
  deadline: date('Enter the deadline', 'Deadline'),
  milestones,
  comment: text('Comment', 2000).default(''),
  reason: text('Reason', 2000).optional(),
});

/** Rules across fields: each problem on the field the user must change. */
function checkTarget(v: z.infer<typeof targetFieldsSchema>, ctx: z.RefinementCtx) {
  const hasBaseline = v.baselineValue !== undefined || v.baselineDate !== null;
  if (v.kind === 'trajectory' || hasBaseline) {
    if (v.baselineValue === undefined) ctx.addIssue({ code: 'custom', path: ['baselineValue'], message: 'Enter the baseline value' });
    if (v.baselineDate === null) ctx.addIssue({ code: 'custom', path: ['baselineDate'], message: 'Enter the baseline date' });
  }
  if (v.baselineDate && v.deadline && isValidIsoDate(v.deadline) && v.deadline <= v.baselineDate)
    ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'The deadline must be after the baseline date' });
  if (v.kind === 'level' && v.milestones.length)
    ctx.addIssue({ code: 'custom', path: ['milestones'], message: 'A level to keep has no milestones: choose a trajectory to give milestones' });
  for (let i = 0; i < v.milestones.length; i++) {
    const m = v.milestones[i];
    if (i > 0 && m.date <= v.milestones[i - 1].date) {
      ctx.addIssue({
        code: 'custom',
        path: ['milestones'],
        message: `Milestones must be in date order: ${userDate(m.date)} comes after ${userDate(v.milestones[i - 1].date)}`,
      });
      return;
    }
    if ((v.baselineDate && m.date <= v.baselineDate) || m.date >= v.deadline) {
      ctx.addIssue({
        code: 'custom',
        path: ['milestones'],
        message: `Each milestone must fall after the baseline date and before the deadline: ${userDate(m.date)} does not`,
      });
      return;
    }
  }
}

export const targetInputSchema = targetFieldsSchema.superRefine(checkTarget);
export type TargetInput = z.infer<typeof targetInputSchema>;
export const targetUpdateSchema = targetFieldsSchema
  .extend({ version: z.coerce.number({ message: 'The version you edited is missing' }).int().positive({ message: 'The version you edited is missing' }) })
  .superRefine(checkTarget);

export const observationInputSchema = z.object({
  asAt: date('Enter the date the value is as at', 'The as-at date'),
  value: number('Enter the value', 'Value'),
  narrative: text('Current performance', 2000).default(''),
  source: text('Source', 500).default(''),
  reportedTravel: z
    .union([z.enum(['up', 'down', 'level']), z.literal(''), z.null()], { message: 'Choose up, down or level' })
    .optional()
    .transform((v) => v || null),
});
export type ObservationInput = z.infer<typeof observationInputSchema>;

export const overrideInputSchema = z.object({
  status: z.enum(['green', 'amber', 'red', 'rule'], { message: 'Choose Green, Amber or Red, or go back to the rule' }),
  reason: required('Reason', 2000, 'Enter the reason for overriding the RAG status'),
});

export const settingsInputSchema = z.object({
  tolerancePct: z.preprocess(
    toNumber,
    z
      .number({ message: 'Enter the tolerance as a percentage, like 10' })
      .min(0, { message: 'Tolerance must be between 0 and 100' })
      .max(100, { message: 'Tolerance must be between 0 and 100' }),
  ),
  version: z.coerce.number().int().positive().optional(),
  reason: text('Reason', 2000).optional(),
});

const boolish = z.union([z.boolean(), z.enum(['true', 'false', 'on', 'yes', 'no', '']).transform((v) => v === 'true' || v === 'on' || v === 'yes')]);
export const ACTION_STATUSES = ['not_started', 'in_progress', 'completed', 'on_hold'] as const;
export const ACTION_STATUS_LABELS: Record<(typeof ACTION_STATUSES)[number], string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  on_hold: 'On hold',
};

export const actionFieldsSchema = z.object({
  priorityId: uuid('a priority'),
  number: z
    .string({ message: 'Enter the action’s number, like 1.2' })
    .trim()
    .min(1, { message: 'Enter the action’s number, like 1.2' })
    .regex(/^\d{1,3}\.\d{1,3}$/, { message: 'Number must be the priority’s number, a dot and the action’s, like 4.10' }),
  newActivity: boolish.default(false),
  text: required('Action', 4000, 'Enter the action'),
  owners: text('Owners', 500).default(''),
  outcome: text('Outcome sought', 4000).default(''),
  status: z.enum(ACTION_STATUSES, { message: 'Choose a status' }).default('in_progress'),
  reason: text('Reason', 2000).optional(),
});
export const actionUpdateFieldsSchema = actionFieldsSchema.extend({
  version: z.coerce.number({ message: 'The version you edited is missing' }).int().positive({ message: 'The version you edited is missing' }),
});

export const deliveryUpdateSchema = z.object({
  asAt: date('Enter the date of the update', 'The date of the update'),
  text: required('Update', 4000, 'Enter the delivery update'),
});

export const reportQuerySchema = z.object({
  date: date('Enter the date the report is as at', 'The report date'),
  planId: z
    .union([uuid('a plan'), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
});
