import type { ErrorCodes } from '../platform/errors.js';

/** Targets, their observations and RAG overrides, actions and their delivery updates, and the RAG tolerance. */
export const targetErrors = {
  'target.invalid': 'invalid',
  'target.not_found': 'not_found',
  'target.conflict': 'conflict',
  'observation.invalid': 'invalid',
  'override.invalid': 'invalid',
  'action.invalid': 'invalid',
  'action.not_found': 'not_found',
  'action.conflict': 'conflict',
  'delivery_update.invalid': 'invalid',
  'target_settings.invalid': 'invalid',
  'target_settings.conflict': 'conflict',
} as const satisfies ErrorCodes;
