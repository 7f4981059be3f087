import { z } from 'zod';
import { isoDateField as isoDate, textField as text } from '../platform/validation.js';
import { parseAmount } from '../decisions/decisions.schemas.js';
import { isFinancialYear, ORGANISATION_TYPES } from './grants.rules.js';

const required = (label: string, max: number, enter = `Enter the ${label.toLowerCase()}`) => text(label, max).min(1, { message: enter });
const optionalText = (label: string, max: number) => text(label, max).optional().default('');

/** Pounds as people write them ("£5,000", "5000.00") into pence; blank is null. */
const money = (label: string) =>
  z.unknown().transform((v, ctx) => {
    const r = parseAmount(v);
    if ('error' in r) {
      ctx.addIssue({ code: 'custom', message: r.error.replace(/^Amount/, label) });
      return z.NEVER;
    }
    return r.pence;
  });
const requiredMoney = (label: string) =>
  money(label).transform((v, ctx) => {
    if (v === null) {
      ctx.addIssue({ code: 'custom', message: `Enter the ${label.toLowerCase()}` });
      return z.NEVER;
    }
    return v;
  });

/**
 * A time of day as the papers write it ("5pm", "5:30pm", "midday") or as a clock ("17:00") into
 * "HH:MM". Anything else is refused with an example.
 */
export function parseTime(input: string): string | null {
  const s = input.trim().toLowerCase().replace(/\s+/g, '').replace(/\./g, ':');
  if (s === 'midday' || s === 'noon' || s === '12noon') return '12:00';
  if (s === 'midnight') return '00:00';
  let m = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/.exec(s);
  if (m) {
    const h = Number(m[1]);
    const mi = Number(m[2] ?? '0');
    if (h < 1 || h > 12 || mi > 59) return null;
    const h24 = (h % 12) + (m[3] === 'pm' ? 12 : 0);
    return `${String(h24).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
  }
  m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60) return `${m[1].padStart(2, '0')}:${m[2]}`;
  return null;
}
const timeOfDay = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, { message: `Enter the ${label}, like 5pm or 17:00` })
    .transform((v, ctx) => {
      const t = parseTime(v);
      if (!t) {
        ctx.addIssue({ code: 'custom', message: `${label[0].toUpperCase()}${label.slice(1)} must be a time, like 5pm, 9:30am or 17:00` });
        return z.NEVER;
      }
      return t;
    });

/** Yes/no from a radio ("yes", "no") or JSON (true, false). */
const yesNo = (label: string) =>
  z.preprocess((v) => (v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : v), z.boolean({ message: `Select yes if ${label}` }));

const lines = (v: unknown) =>
  Array.isArray(v)
    ? v
    : typeof v === 'string'
      ? v
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean)
      : v;
const stringList = (label: string, max = 60) =>
  z.preprocess(
    lines,
    z
      .array(text(label, 200).min(1, { message: `${label}: an entry is empty` }), { message: `${label} must be a list` })
      .max(max, { message: `${label}: at most ${max}` }),
  );

const ORG_TYPES = Object.keys(ORGANISATION_TYPES) as [keyof typeof ORGANISATION_TYPES, ...(keyof typeof ORGANISATION_TYPES)[]];
const many = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** "Preventing crime | 3": a criterion and its weight, one a line. */
const criteria = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? (lines(v) as string[]).map((l) => {
          const [name, weight] = String(l).split('|');
          return { name: (name ?? '').trim(), weight: weight === undefined ? 1 : Number(weight.trim()) };
        })
      : v,
  z
    .array(
      z.object({
        name: text('Criterion', 200).min(1, { message: 'Each criterion needs a name' }),
        weight: z
          .number({ message: 'Each criterion’s weight must be a whole number from 1 to 10, after a vertical bar: Value for money | 2' })
          .int({ message: 'Each criterion’s weight must be a whole number from 1 to 10' })
          .min(1, { message: 'Each criterion’s weight must be a whole number from 1 to 10' })
          .max(10, { message: 'Each criterion’s weight must be a whole number from 1 to 10' }),
      }),
      { message: 'Criteria must be a list' },
    )
    .max(20, { message: 'At most 20 criteria' }),
);

export const fundInputSchema = z.object({
  code: z
    .string({ message: 'Enter a code' })
    .trim()
    .min(1, { message: 'Enter a short code for the fund, like FTF' })
    .max(12, { message: 'The code must be 12 characters or fewer' })
    .regex(/^[A-Za-z0-9]+$/, { message: 'The code must be letters and numbers only, like FTF' })
    .transform((s) => s.toUpperCase()),
  name: required('Name', 200),
  description: optionalText('Description', 5000),
  reason: optionalText('Reason', 1000),
});

const percentSchema = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' ? Number(v.trim().replace(/%$/, '')) : v),
  z
    .number({ message: 'The largest share must be a whole number of percent from 1 to 100, like 75' })
    .int({ message: 'The largest share must be a whole number of percent from 1 to 100, like 75' })
    .min(1, { message: 'The largest share must be a whole number of percent from 1 to 100, like 75' })
    .max(100, { message: 'The largest share must be a whole number of percent from 1 to 100, like 75' })
    .nullable(),
);

export const rulesInputSchema = z.object({
  minBid: money('Smallest bid').optional().default(null),
  maxBid: money('Largest bid').optional().default(null),
  maxSharePercent: percentSchema.optional().default(null),
  maxYears: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? Number(v) : v),
    z
      .number({ message: 'Enter how many financial years may be funded, from 1 to 5' })
      .int({ message: 'Years funded must be a whole number from 1 to 5' })
      .min(1, { message: 'Years funded must be a whole number from 1 to 5' })
      .max(5, { message: 'Years funded must be a whole number from 1 to 5' }),
  ),
  staffCostsAllowed: yesNo('staff costs may be funded'),
  subFundingAllowed: yesNo('sub-funding is allowed'),
  eligibleOrganisations: stringList('Eligible organisations', 100).optional().default([]),
  eligibleTypes: z
    .preprocess(many, z.array(z.enum(ORG_TYPES, { message: 'Select types of organisation from the list' })))
    .optional()
    .default([]),
  priorities: stringList('Plan priorities', 20).optional().default([]),
  criteria: criteria.optional().default([]),
  endorsementBy: optionalText('Endorsed by', 200),
  evaluationRequired: yesNo('an evaluation is required'),
});

export const roundInputSchema = z
  .object({
    name: required('Name', 200),
    opensOn: isoDate('date bids open'),
    opensTime: timeOfDay('time bids open'),
    closesOn: isoDate('closing date'),
    closesTime: timeOfDay('closing time'),
    pot: requiredMoney('Pot'),
    spendBy: isoDate('date the money must be spent by'),
    reason: optionalText('Reason', 1000),
  })
  .extend(rulesInputSchema.shape);
export type RoundInput = z.infer<typeof roundInputSchema>;

const yearAmount = z.object({
  year: z
    .string({ message: 'Enter the financial year, like 2017/18' })
    .trim()
    .refine(isFinancialYear, { message: 'Each financial year must be written like 2017/18' }),
  amount: requiredMoney('Amount for the year'),
});

/** A bid's answers. A draft may leave any of them blank; submitting checks them against the round's rules. */
export const bidInputSchema = z.object({
  organisationName: optionalText('Organisation', 200),
  organisationType: z
    .preprocess((v) => (v === undefined ? '' : v), z.union([z.literal(''), z.enum(ORG_TYPES, { message: 'Select the type of organisation from the list' })]))
    .optional()
    .default(''),
  contactName: optionalText('Contact name', 200),
  contactEmail: optionalText('Contact email', 320).refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), {
    message: 'Enter an email address in the correct format, like name@example.org',
  }),
  title: optionalText('Project title', 200),
  purpose: optionalText('What the money is for', 10000),
  amounts: z
    .array(yearAmount, { message: 'Amounts must be a list of financial years and amounts' })
    .max(5, { message: 'At most 5 financial years' })
    .refine((a) => new Set(a.map((x) => x.year)).size === a.length, { message: 'Each financial year once only' })
    .optional()
    .default([]),
  totalCost: money('Total project cost').optional().default(null),
  otherFunding: optionalText('How the rest is funded', 5000),
  staffCosts: money('Staff costs').optional().default(null),
  subFunding: yesNo('any of the grant will be passed on to another organisation').optional().default(false),
  endorsedBy: optionalText('Endorsement', 500),
  evaluationPlan: optionalText('Evaluation', 5000),
  priorities: stringList('Plan priorities', 20).optional().default([]),
});
export type BidInput = z.infer<typeof bidInputSchema>;

/** A bid an officer enters from an email: when it was received, and why it is accepted if late. */
export const officerBidSchema = bidInputSchema.extend({
  receivedOn: isoDate('date the bid was received'),
  receivedTime: timeOfDay('time the bid was received'),
  lateReason: optionalText('Reason for accepting it late', 1000),
  /** Record a bid that breaks the round's rules as received but ineligible, instead of refusing it. */
  recordIneligible: yesNo('the bid is to be recorded as ineligible').optional().default(false),
});

export const acceptLateSchema = z.object({
  reason: required('Reason', 1000, 'Enter why this late bid is accepted'),
});

/** A change to a round: every field again, with the version read. */
export const roundUpdateSchema = roundInputSchema.extend({
  version: z.number({ message: 'Send the version of the round you read' }).int().min(1),
});

export const assignSchema = z.object({ userId: z.string({ message: 'Select an assessor' }).uuid({ message: 'Select an assessor from the list' }) });
export const declarationSchema = z.object({
  conflicted: yesNo('you have a conflict of interest with this bid'),
  note: optionalText('Note', 1000),
});
export const scoresSchema = z.object({
  scores: z
    .array(
      z.object({
        criterion: required('Criterion', 200),
        score: z.preprocess(
          (v) => (typeof v === 'string' && v.trim() ? Number(v) : v),
          z
            .number({ message: 'Give each criterion a score from 0 to 5' })
            .int({ message: 'Each score must be a whole number from 0 to 5' })
            .min(0, { message: 'Each score must be a whole number from 0 to 5' })
            .max(5, { message: 'Each score must be a whole number from 0 to 5' }),
        ),
        comment: optionalText('Comment', 2000),
      }),
      { message: 'Scores must be a list' },
    )
    .max(20),
});

export const recommendationSchema = z.object({
  recommendation: z.enum(['fund', 'decline'], { message: 'Select whether the panel recommends funding the bid' }),
  reasons: required('Reasons', 5000, 'Enter the panel’s reasons'),
});

/**
 * Awarding a recommended bid: the decision's reference (the notice drafted in the register takes it),
 * the date of the decision, the conditions and reasons, and the amount per financial year (the bid's
 * own when left out). The recipient's org-id (360Giving: "GB-CHC-1234567") where known.
 */
export const awardSchema = z.object({
  reference: required('Decision reference', 100, 'Enter the reference of the decision, like DN 2016/41'),
  awardedOn: isoDate('date of the decision'),
  purpose: optionalText('What the grant is for', 10000),
  conditions: required('Conditions', 10000, 'Enter the conditions of the grant'),
  reasons: required('Reasons', 10000, 'Enter the reasons for the award'),
  amounts: z
    .array(yearAmount, { message: 'Amounts must be a list of financial years and amounts' })
    .max(5, { message: 'At most 5 financial years' })
    .refine((a) => new Set(a.map((x) => x.year)).size === a.length, { message: 'Each financial year once only' })
    .optional()
    .default([]),
  recipientOrgId: optionalText('Recipient organisation identifier', 100).refine((s) => s === '' || /^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9-]+$/.test(s), {
    message: 'Enter the organisation identifier like GB-CHC-1234567 or GB-LAE-EHE, or leave it blank',
  }),
  // Yes where the decision is already a notice in the register (one notice allocating a fund to several
  // organisations, say): the award is linked to that notice and none is drafted.
  existingNotice: yesNo('the decision notice is already in the register').optional().default(false),
});

const optionalDate = (label: string) =>
  z
    .preprocess((v) => (v === '' || v === undefined ? null : v), isoDate(label).nullable())
    .optional()
    .default(null);
const versionField = z.number({ message: 'Send the version you read' }).int().min(1);

/** Declining a bid by a decision: the notice's reference, the date of the decision, and the reasons (told to the applicant). */
export const declineSchema = z.object({
  reference: required('Decision reference', 100, 'Enter the reference of the decision, like DN 2016/42'),
  declinedOn: isoDate('date of the decision'),
  reasons: required('Reasons', 10000, 'Enter the reasons the bid is declined'),
});

/** A payment of an award put on its schedule: when it is due and how much. */
export const paymentScheduleSchema = z.object({
  dueOn: isoDate('date the payment is due'),
  amount: requiredMoney('Amount'),
  note: optionalText('Note', 1000),
});

/** A scheduled payment made: the day paid, and the amount (the scheduled one when left out). */
export const paymentMadeSchema = z.object({
  paidOn: isoDate('date it was paid'),
  amount: money('Amount paid').optional().default(null),
  note: optionalText('Note', 1000),
  version: versionField,
});

/** A monitoring return the recipient owes. */
export const returnDueSchema = z.object({
  title: required('Return', 200, 'Enter what the return is, like First quarterly monitoring return'),
  dueOn: isoDate('date the return is due'),
});

/** A monitoring return received: the day it came in and what it said. */
export const returnReceivedSchema = z.object({
  receivedOn: isoDate('date it was received'),
  summary: required('Summary', 10000, 'Enter what the return reported'),
  version: versionField,
});

/**
 * A variation of an award: a new amount per financial year and/or new planned dates or conditions,
 * always with the reason. What is left out stays as it is.
 */
export const variationSchema = z.object({
  amounts: z
    .array(yearAmount, { message: 'Amounts must be a list of financial years and amounts' })
    .max(5, { message: 'At most 5 financial years' })
    .refine((a) => new Set(a.map((x) => x.year)).size === a.length, { message: 'Each financial year once only' })
    .optional()
    .default([]),
  plannedStart: optionalDate('planned start date'),
  plannedEnd: optionalDate('planned end date'),
  conditions: optionalText('Conditions', 10000),
  reason: required('Reason', 5000, 'Enter the reason for the variation'),
  version: versionField,
});

/** The evaluation at the end of the funded work. */
export const evaluationSchema = z.object({
  evaluatedOn: isoDate('date of the evaluation'),
  evaluation: required('Evaluation', 20000, 'Enter what the evaluation found'),
  version: versionField,
});

/** The office's registered 360Giving prefix (https://standard.threesixtygiving.org: "360G-" and the publisher's own part) and its web site. */
export const grantSettingsSchema = z.object({
  givingPrefix: text('360Giving prefix', 60)
    .min(1, { message: 'Enter the 360Giving prefix the office registered, like 360G-hertspcc' })
    .refine((s) => /^360G-[A-Za-z0-9][A-Za-z0-9_-]{0,50}$/.test(s), {
      message: 'The 360Giving prefix starts 360G- followed by letters, digits, hyphens or underscores, like 360G-hertspcc',
    }),
  publisherWebsite: optionalText('Web site', 500).refine((s) => s === '' || (/^https?:\/\/[^\s]+$/i.test(s) && URL.canParse(s)), {
    message: 'Enter the web site’s address starting https://, or leave it blank',
  }),
});
