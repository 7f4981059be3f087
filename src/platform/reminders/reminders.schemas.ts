import { z } from 'zod';

const EMAIL = z.string().email();

/** Addresses separated by commas, semicolons, spaces or lines: at most 50, each an email address. */
export const recipientsSchema = z
  .string()
  .max(5000, { message: 'Who gets it must be 5000 characters or fewer' })
  .transform((s) => [...new Set(s.split(/[\s,;]+/).filter(Boolean))])
  .refine((list) => list.length <= 50, { message: 'Name at most 50 email addresses' })
  .superRefine((list, ctx) => {
    const bad = list.filter((a) => !EMAIL.safeParse(a).success);
    if (bad.length) ctx.addIssue({ code: 'custom', message: `Enter email addresses separated by commas (not an address: ${bad.slice(0, 3).join(', ')})` });
  });

export const reminderSettingSchema = z.object({
  enabled: z.enum(['true', 'false'], { message: 'Choose whether to send these reminders' }).transform((v) => v === 'true'),
  recipients: z.preprocess((v) => v ?? '', recipientsSchema),
  reason: z.string().trim().max(2000, { message: 'Reason must be 2000 characters or fewer' }).default(''),
});
