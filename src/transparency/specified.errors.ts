import type { ErrorCodes } from '../platform/errors.js';

/** The Specified Information checklist. */
export const specifiedErrors = {
  'specified.invalid': 'invalid',
  'specified.not_found': 'not_found',
} as const satisfies ErrorCodes;
