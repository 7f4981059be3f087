import type { ErrorCodes } from '../platform/errors.js';

/** The JSON API's own codes, beside those of the areas it serves. */
export const apiErrors = {
  'request.malformed_json': 'invalid',
  'route.not_found': 'not_found',
} as const satisfies ErrorCodes;
