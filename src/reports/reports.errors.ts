import type { ErrorCodes } from '../platform/errors.js';

/** The quarterly Delivery Progress Update: its periods, its editable text and its publications. */
export const reportErrors = {
  'report.invalid': 'invalid',
  'report.conflict': 'conflict',
  'period.invalid': 'invalid',
  'publication.not_found': 'not_found',
} as const satisfies ErrorCodes;
