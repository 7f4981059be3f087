import type { ErrorCodes } from '../errors.js';

/** The office's reminder settings. */
export const reminderErrors = {
  'reminder_setting.invalid': 'invalid',
  'reminder_kind.not_found': 'not_found',
} as const satisfies ErrorCodes;
