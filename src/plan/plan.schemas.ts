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
