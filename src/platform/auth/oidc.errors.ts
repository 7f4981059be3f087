import type { ErrorCodes } from '../errors.js';

/** Single sign-on's codes: a settings form with a wrong field; an office without single sign-on. */
export const oidcErrors = {
  'sso.invalid': 'invalid',
  'sso.not_found': 'not_found',
} as const satisfies ErrorCodes;
