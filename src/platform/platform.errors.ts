import type { ErrorCodes } from './errors.js';

/** The platform's own codes: sign-in, tokens, users, the office, forms, requests and the server. */
export const platformErrors = {
  'auth.unauthenticated': 'unauthenticated',
  'auth.forbidden': 'forbidden',
  'auth.rate_limited': 'rate_limited',
  'sign_in.invalid': 'invalid',
  'auth.no_step': 'refused',
  'code.invalid': 'invalid',
  'password.invalid': 'invalid',
  'session.not_found': 'not_found',
  'security_log.invalid': 'invalid',
  'token.invalid': 'invalid',
  'token.refused': 'refused',
  'token.unauthenticated': 'unauthenticated',
  'api_token.not_found': 'not_found',
  'user.invalid': 'invalid',
  'user.not_found': 'not_found',
  'user.refused': 'refused',
  'office.invalid': 'invalid',
  'office.not_found': 'not_found',
  'form.invalid': 'invalid',
  'page.not_found': 'not_found',
  'resource.not_found': 'not_found',
  'request.invalid': 'invalid',
  'server.unavailable': 'unavailable',
} as const satisfies ErrorCodes;
