import type { ErrorCodes } from '../platform/errors.js';

/** The plan, its priorities and strands. */
export const planErrors = {
  'plan.invalid': 'invalid',
  'plan.not_found': 'not_found',
  'plan.conflict': 'conflict',
  'plan.transition_refused': 'refused',
  'commitment.invalid': 'invalid',
  'commitment.not_found': 'not_found',
  'milestone.invalid': 'invalid',
  'milestone.not_found': 'not_found',
  'priority.invalid': 'invalid',
  'priority.not_found': 'not_found',
  'strand.invalid': 'invalid',
  'strand.not_found': 'not_found',
} as const satisfies ErrorCodes;
