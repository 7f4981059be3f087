import type { ErrorCodes } from '../platform/errors.js';

/** The portfolio: projects, their moves through the stage gates, the list's filters and the portfolio as at a date. */
export const projectErrors = {
  'project.invalid': 'invalid',
  'project.not_found': 'not_found',
  'project.conflict': 'conflict',
  'project.move_refused': 'refused',
  'project.backdated': 'refused',
  'project_list.invalid': 'invalid',
  'as_at.invalid': 'invalid',
} as const satisfies ErrorCodes;

/** Each current project's status for the quarter (status.service.ts). */
export const projectStatusErrors = {
  'project_status.invalid': 'invalid',
  'project_status.conflict': 'conflict',
  'project_status.not_current': 'refused',
} as const satisfies ErrorCodes;
