import type { ErrorCodes } from '../platform/errors.js';

/** Grant funds, their rounds and the bids to them. */
export const grantErrors = {
  'grant_fund.invalid': 'invalid',
  'grant_fund.not_found': 'not_found',
  'grant_round.invalid': 'invalid',
  'grant_round.not_found': 'not_found',
  'grant_round.conflict': 'conflict',
  'grant_bid.invalid': 'invalid',
  'grant_bid.not_found': 'not_found',
  'grant_bid.refused': 'refused',
  'grant_bid.conflict': 'conflict',
  'grant_assessment.invalid': 'invalid',
  'grant_assessment.forbidden': 'forbidden',
  'grant_assessment.refused': 'refused',
  'grant_award.invalid': 'invalid',
  'grant_award.not_found': 'not_found',
  'grant_award.refused': 'refused',
  'grant_award.conflict': 'conflict',
  'grant_settings.invalid': 'invalid',
} as const satisfies ErrorCodes;
