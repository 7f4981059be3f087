import type { ErrorCodes } from '../platform/errors.js';

/** The Police and Crime Panel: meetings, agenda items, papers sent to them. */
export const panelErrors = {
  'meeting.invalid': 'invalid',
  'meeting.not_found': 'not_found',
  'meeting.conflict': 'conflict',
  'meeting_list.invalid': 'invalid',
  'item.invalid': 'invalid',
  'item.not_found': 'not_found',
  'item.conflict': 'conflict',
  'paper.invalid': 'invalid',
  'minute.invalid': 'invalid',
  'question.invalid': 'invalid',
  'question.not_found': 'not_found',
  'question.conflict': 'conflict',
  'recommendation.invalid': 'invalid',
  'recommendation.not_found': 'not_found',
  'recommendation.conflict': 'conflict',
  'recommendation_list.invalid': 'invalid',
  'paper.not_found': 'not_found',
  'document.invalid': 'invalid',
  'due_list.invalid': 'invalid',
  'document.not_found': 'not_found',
} as const satisfies ErrorCodes;
