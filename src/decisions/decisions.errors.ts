import type { ErrorCodes } from '../platform/errors.js';

/** The decision notices register. */
export const decisionErrors = {
  'decision.invalid': 'invalid',
  'decision.not_found': 'not_found',
  'decision.conflict': 'conflict',
  'decision.refused': 'refused',
  'decision_list.invalid': 'invalid',
  'decision_period.invalid': 'invalid',
  'decision_settings.invalid': 'invalid',
} as const satisfies ErrorCodes;
