import { z } from 'zod';
import { textField } from '../platform/validation.js';

export const DELIVERY_STATUSES = ['on_track', 'at_risk', 'off_track'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' };
/** A project with no status for the quarter: what the app and the paper say. */
export const NOT_REPORTED = 'Not reported';
/** A progress note is short: it sits in a column of the paper's current projects table. */
export const NOTE_MAX = 300;

/** A project's status for the quarter under way, with a short progress note and why it changed. */
export const statusInputSchema = z.object({
  status: z.enum(DELIVERY_STATUSES, { message: 'Choose on track, at risk or off track' }).describe('on_track, at_risk or off_track'),
  note: textField('Progress note', NOTE_MAX).default('').describe(`A short progress note, ${NOTE_MAX} characters or fewer`),
  reason: textField('Reason', 2000).optional().describe('Why the status changed'),
  version: z.coerce
    .number({ message: 'The version you read is missing' })
    .int({ message: 'The version you read must be a whole number' })
    .min(0, { message: 'The version you read must be 0 or more' })
    .optional()
    .describe('The quarter’s status version you read (0 when it had none): a stale one is a 409'),
});
export type StatusInput = z.infer<typeof statusInputSchema>;
