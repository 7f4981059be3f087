import { z } from 'zod';
import { isValidIsoDate } from '../platform/db/time.js';

export const isoDate = (label: string) =>
  z
    .string({ message: `Enter ${label}` })
    .trim()
    .min(1, { message: `Enter ${label}` })
    .refine(isValidIsoDate, { message: `${label[0].toUpperCase()}${label.slice(1)} must be a real date, like 2018-03-31` });

export const planInputSchema = z
  .object({
    title: z.string().trim().min(1, { message: 'Enter the plan’s title' }).max(200, { message: 'Title must be 200 characters or fewer' }),
    periodStart: isoDate('the start date'),
    periodEnd: isoDate('the end date'),
    status: z.enum(['draft', 'consultation', 'published', 'superseded'], { message: 'Choose a status' }),
    sectionNoun: z.enum(['chapter', 'priority'], { message: 'Choose what the plan calls its sections' }).optional(),
    /** Why: kept in the plan's history with a renaming or a change of status. */
    reason: z.string().trim().max(2000, { message: 'Reason must be 2000 characters or fewer' }).optional(),
  })
  .refine((v) => v.periodEnd > v.periodStart, { message: 'The end date must be after the start date', path: ['periodEnd'] });
export type PlanInput = z.infer<typeof planInputSchema>;

export const priorityInputSchema = z.object({
  name: z.string().trim().min(1, { message: 'Enter the priority’s name' }).max(200, { message: 'Name must be 200 characters or fewer' }),
  colour: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: 'Colour must be a hex colour like #1d70b8' }),
  position: z.coerce
    .number({ message: 'Position must be a whole number' })
    .int({ message: 'Position must be a whole number' })
    .min(1, { message: 'Position must be 1 or more' })
    .optional(),
});

export const strandInputSchema = z.object({
  name: z.string().trim().min(1, { message: 'Enter the strand’s name' }).max(200, { message: 'Name must be 200 characters or fewer' }),
  position: z.coerce
    .number({ message: 'Position must be a whole number' })
    .int({ message: 'Position must be a whole number' })
    .min(1, { message: 'Position must be 1 or more' })
    .optional(),
});

const uuidField = (message: string) => z.string({ message }).trim().uuid({ message });
const reasonField = z
  .string({ message: 'Enter why' })
  .trim()
  .min(1, { message: 'Enter why' })
  .max(2000, { message: 'Reason must be 2000 characters or fewer' });

export const PLAN_STATUSES = ['draft', 'consultation', 'published', 'superseded'] as const;
export const SECTION_NOUNS = ['chapter', 'priority'] as const;

/** A change of the plan's status: the day it takes effect and why. */
export const transitionSchema = z.object({
  status: z.enum(PLAN_STATUSES, { message: 'Choose the new status' }),
  on: isoDate('the date of the change'),
  reason: reasonField,
});

/** The plan's title, period and what it calls its sections (a change of title is a renaming, kept in the history). */
export const planDetailsSchema = z
  .object({
    title: z.string().trim().min(1, { message: 'Enter the plan’s title' }).max(200, { message: 'Title must be 200 characters or fewer' }),
    periodStart: isoDate('the start date'),
    periodEnd: isoDate('the end date'),
    sectionNoun: z.enum(SECTION_NOUNS, { message: 'Choose what the plan calls its sections' }).default('priority'),
    reason: z.string().trim().max(2000, { message: 'Reason must be 2000 characters or fewer' }).optional(),
  })
  .refine((v) => v.periodEnd > v.periodStart, { message: 'The end date must be after the start date', path: ['periodEnd'] });

export const sectionInputSchema = z.object({
  name: z.string().trim().min(1, { message: 'Enter the section’s name' }).max(200, { message: 'Name must be 200 characters or fewer' }),
  summary: z.string().trim().max(4000, { message: 'Summary must be 4000 characters or fewer' }).optional(),
  colour: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: 'Colour must be a hex colour like #1d70b8' })
    .default('#1d70b8'),
  carriesOnId: z.union([z.literal(''), uuidField('Choose a priority of the previous plan')]).optional(),
});

export const commitmentInputSchema = z.object({
  sectionId: uuidField('Choose the section'),
  text: z.string().trim().min(1, { message: 'Enter the commitment' }).max(2000, { message: 'Commitment must be 2000 characters or fewer' }),
  carriesOnId: z.union([z.literal(''), uuidField('Choose a commitment of the previous plan')]).optional(),
});

export const LINK_KINDS = ['project', 'target', 'action'] as const;
export const commitmentLinkSchema = z.object({
  kind: z.enum(LINK_KINDS, { message: 'Choose a project, target or action' }),
  refId: uuidField('Choose what delivers the commitment'),
});

/**
 * The six contents the Police Reform and Social Responsibility Act 2011 s.7 asks of every plan, as
 * HERTS-2016-11 section 2.1 lists them.
 */
export const STATUTORY_CONTENTS = [
  {
    item: 'objectives',
    text: 'The Commissioner’s police and crime objectives, including the force’s national and international functions (the Strategic Policing Requirement)',
  },
  { item: 'policing', text: 'The policing of the police area which the Chief Constable is to provide' },
  { item: 'resources', text: 'The financial and other resources which the Commissioner is to provide to the Chief Constable' },
  { item: 'reporting', text: 'The means by which the Chief Constable will report to the Commissioner on the provision of policing' },
  { item: 'performance', text: 'The means by which the Chief Constable’s performance in providing policing will be measured' },
  { item: 'grants', text: 'The crime and disorder reduction grants the Commissioner is to make, and their conditions' },
] as const;
export type StatutoryItem = (typeof STATUTORY_CONTENTS)[number]['item'];

export const statutorySchema = z.object({
  item: z.enum(STATUTORY_CONTENTS.map((c) => c.item) as [StatutoryItem, ...StatutoryItem[]], { message: 'Choose a statutory content' }),
  sectionId: z.union([z.literal(''), uuidField('Choose the section that covers it')]),
});

export const MILESTONE_KINDS = ['panel', 'consultation', 'sign_off', 'publication', 'other'] as const;
export const MILESTONE_KIND_LABELS: Record<(typeof MILESTONE_KINDS)[number], string> = {
  panel: 'Police and Crime Panel',
  consultation: 'Consultation',
  sign_off: 'Sign-off',
  publication: 'Publication',
  other: 'Other',
};
export const milestoneInputSchema = z
  .object({
    kind: z.enum(MILESTONE_KINDS, { message: 'Choose the kind of step' }),
    title: z.string().trim().min(1, { message: 'Enter what happens' }).max(500, { message: 'Title must be 500 characters or fewer' }),
    startsOn: isoDate('the date'),
    endsOn: z.union([z.literal(''), isoDate('the end date')]).optional(),
    statutory: z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .transform((v) => v === true || v === 'true')
      .default(false),
  })
  .refine((v) => !v.endsOn || v.endsOn >= v.startsOn, { message: 'The end date must be on or after the date', path: ['endsOn'] });

/** `doneOn` left out: today (London). */
export const milestoneDoneSchema = z.object({ doneOn: isoDate('the date it was done').optional() });
