import type { ErrorCodes } from '../platform/errors.js';

/** The quarterly Delivery Progress Update: its periods, its editable text and its publications. */
export const reportErrors = {
  'report.invalid': 'invalid',
  'report.conflict': 'conflict',
  'period.invalid': 'invalid',
  'publication.not_found': 'not_found',
  // The office's paper settings (paper-settings.service.ts).
  'paper_settings.invalid': 'invalid',
  'paper_settings.conflict': 'conflict',
} as const satisfies ErrorCodes;
