import { z } from 'zod';
import { isoDateField as isoDate, textField as text } from '../platform/validation.js';
import { isValidIsoDate } from '../platform/db/time.js';

/** Largest amount we accept: keeps pence well inside Number.MAX_SAFE_INTEGER (GBP 10bn is past any force budget). */
const MAX_PENCE = 1_000_000_000_000;

/**
 * "£1,800,000", "1800000", "1800000.00", "£6,366" -> pence. Refuses "12.345" (part pence),
 * "-5" (a notice records money spent or received, never a negative), "abc" and misplaced commas.
 */
export function parseAmount(input: unknown): { pence: number | null } | { error: string } {
  if (input === null || input === undefined) return { pence: null };
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { error: 'Amount must be a number of pounds, like £1,800,000 or 1800000.00' };
    input = String(input);
  }
  if (typeof input !== 'string') return { error: 'Amount must be a number of pounds, like £1,800,000 or 1800000.00' };
  const s = input.trim().replace(/\s+/g, '');
  if (s === '') return { pence: null };
  if (/^-|^£-/.test(s)) return { error: 'Amount must be £0 or more' };
  const m = /^£?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) {
    if (/^£?[\d,]*\.\d{3,}$/.test(s)) return { error: 'Amount must be in pounds and pence, with no more than 2 decimal places' };
    return { error: 'Amount must be a number of pounds, like £1,800,000 or 1800000.00' };
  }
  const pounds = Number(m[1].replace(/,/g, ''));
  const pence = pounds * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(pence) || pence > MAX_PENCE) return { error: 'Amount must be £10,000,000,000 or less' };
  return { pence };
}

const amountSchema = z.unknown().transform((v, ctx) => {
  const r = parseAmount(v);
  if ('error' in r) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return r.pence;
});

const listOf = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,\n]/) : v);

// Tags are written in the papers as "[INVESTMENT in POLICING]": keep the words, not the brackets.
const tagsSchema = z
  .preprocess(listOf, z.array(z.string({ message: 'Tags must be text' }), { message: 'Tags must be text, separated by commas' }))
  .transform((a) => [
    ...new Set(
      a
        .map((t) =>
          t
            .trim()
            .replace(/^\[(.*)\]$/, '$1')
            .trim(),
        )
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(z.string().max(60, { message: 'Each tag must be 60 characters or fewer' })).max(20, { message: 'Give 20 tags or fewer' }));

const projectIdsSchema = z
  .preprocess(
    (v) => (v === '' ? [] : Array.isArray(v) ? v : typeof v === 'string' ? [v] : v),
    z.array(z.string(), { message: 'Choose projects from the list' }),
  )
  .pipe(z.array(z.string().uuid({ message: 'Choose projects from the list' })).max(100));

const httpUrl = z
  .string()
  .trim()
  .max(2000, { message: 'A background document’s address must be 2000 characters or fewer' })
  // Only web addresses: a javascript: or data: link on a public page would run in readers' browsers.
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u) && URL.canParse(u), { message: 'Each background document needs a web address starting https:// or http://' });

/** Background documents: a list of { title, url }, or the form's lines "Title | https://...". */
const documentsSchema = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    return v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const i = l.lastIndexOf('|');
        return i < 0 ? { title: '', url: l } : { title: l.slice(0, i).trim(), url: l.slice(i + 1).trim() };
      });
  },
  z
    .array(
      z.object({
        title: z
          .string()
          .trim()
          .min(1, { message: 'Each background document needs a title, like “Report to the PCC | https://...”' })
          .max(300, { message: 'A background document’s title must be 300 characters or fewer' }),
        url: httpUrl,
      }),
      { message: 'Background documents must be a list of titles and web addresses' },
    )
    .max(50, { message: 'Give 50 background documents or fewer' }),
);

export const decisionFieldsSchema = z.object({
  reference: z
    .string({ message: 'Enter the reference, like ID: 507' })
    .trim()
    .min(1, { message: 'Enter the reference, like ID: 507' })
    .max(60, { message: 'Reference must be 60 characters or fewer' }),
  title: z.string({ message: 'Enter the title' }).trim().min(1, { message: 'Enter the title' }).max(400, { message: 'Title must be 400 characters or fewer' }),
  decisionMaker: text('Decision maker', 200),
  summary: text('Summary', 5000),
  decisionText: text('Decision', 20000),
  amount: amountSchema,
  fundingSource: text('Funding source', 300),
  tags: tagsSchema,
  projectIds: projectIdsSchema,
  backgroundDocuments: documentsSchema,
  exemptText: text('Exempt information', 20000),
  exemption: text('Exemption', 300),
  exemptReason: text('Reason for exemption', 2000),
});
const f = decisionFieldsSchema.shape;

export const createDecisionSchema = decisionFieldsSchema.extend({
  decisionMaker: f.decisionMaker.default(''),
  summary: f.summary.default(''),
  decisionText: f.decisionText.default(''),
  amount: f.amount.optional(),
  fundingSource: f.fundingSource.default(''),
  tags: f.tags.default([]),
  projectIds: f.projectIds.default([]),
  backgroundDocuments: f.backgroundDocuments.default([]),
  exemptText: f.exemptText.default(''),
  exemption: f.exemption.default(''),
  exemptReason: f.exemptReason.default(''),
  reason: text('Reason', 2000).optional(),
});
export type CreateDecisionInput = z.infer<typeof createDecisionSchema>;

const version = z.coerce
  .number({ message: 'The version you edited is missing' })
  .int({ message: 'The version you edited is missing' })
  .positive({ message: 'The version you edited is missing' });

// On update an absent field means "unchanged".
export const updateDecisionSchema = decisionFieldsSchema.partial().extend({
  version,
  reason: text('Reason', 2000).optional(),
});
export type UpdateDecisionInput = z.infer<typeof updateDecisionSchema>;

/**
 * When a notice was approved: a day ("2020-01-27") or, where the paper gives only the month
 * ("December 2017", "Jan-20"), a month ("2017-12"), stored as its 1st with month precision.
 */
export const approvedOnSchema = z
  .string({ message: 'Enter the date approved' })
  .trim()
  .min(1, { message: 'Enter the date approved' })
  .refine((s) => (/^\d{4}-\d{2}$/.test(s) ? isValidIsoDate(`${s}-01`) : isValidIsoDate(s)), {
    message: 'Date approved must be a real date, or a month and year if only the month is known',
  });
export function approvalOf(code: string): { date: string; precision: 'day' | 'month' } {
  return /^\d{4}-\d{2}$/.test(code) ? { date: `${code}-01`, precision: 'month' } : { date: code, precision: 'day' };
}

export const exemptSettingSchema = z.object({
  viewersSeeExempt: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
    message: 'Choose whether viewers may read the exempt part',
  }),
  reason: text('Reason', 2000).optional(),
});

export const approveSchema = z.object({
  version,
  approvedOn: approvedOnSchema,
  decisionMaker: text('Decision maker', 200).optional(),
  reason: text('Reason', 2000).optional(),
});
export const publishSchema = z.object({ version, reason: text('Reason', 2000).optional() });
export const withdrawSchema = z.object({
  version,
  reason: z
    .string({ message: 'Enter the reason for withdrawing the notice' })
    .trim()
    .min(1, { message: 'Enter the reason for withdrawing the notice' })
    .max(2000, { message: 'Reason must be 2000 characters or fewer' }),
});

const optionalAmount = z
  .unknown()
  .transform((v, ctx) => {
    const r = parseAmount(v);
    if ('error' in r) {
      ctx.addIssue({ code: 'custom', message: r.error.replace('Amount', 'Amount in the filter') });
      return z.NEVER;
    }
    return r.pence ?? undefined;
  })
  .optional();
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** Filters of the register: the same for the public list, the CSV and the editors' list. */
export const listQuerySchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, { message: 'Search must be 200 characters or fewer' }).optional()),
  year: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'Year must be a year, like 2019' })
      .int({ message: 'Year must be a year, like 2019' })
      .min(1990, { message: 'Year must be 1990 or later' })
      .max(2200, { message: 'Year must be a year, like 2019' })
      .optional(),
  ),
  tag: z.preprocess(blankToUndefined, z.string().trim().max(60).optional()),
  minAmount: optionalAmount,
  maxAmount: optionalAmount,
  status: z.preprocess(blankToUndefined, z.enum(['draft', 'approved', 'published', 'withdrawn'], { message: 'Choose a status from the list' }).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(500).default(50)),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const betweenSchema = z.object({ from: isoDate('start date'), to: isoDate('end date') });
