import type { ErrorCodes } from '../platform/errors.js';

/** An office's local areas (issue 18). */
export const areaErrors = {
  'area.invalid': 'invalid',
  'area.not_found': 'not_found',
} as const satisfies ErrorCodes;
