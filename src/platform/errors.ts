/** A field-level problem, in the shape the GOV.UK error summary wants. */
export type FieldError = { field: string; message: string };

/**
 * Errors of the domain. Codes are dotted strings; the web layer maps their last part to a status
 * (not_found 404, conflict 409, invalid 400, refused 422, forbidden 403), so services never know HTTP.
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly fields: FieldError[] = [],
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(`${what}.not_found`, `No such ${what.replace(/_/g, ' ')}.`);
export const invalid = (area: string, fields: FieldError[]) => new DomainError(`${area}.invalid`, fields.map((f) => f.message).join(' '), fields);

export function statusForCode(code: string): number {
  const last = code.split('.').pop();
  switch (last) {
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'invalid':
      return 400;
    case 'forbidden':
      return 403;
    case 'unauthenticated':
      return 401;
    default:
      return 422;
  }
}

export type Actor = {
  userId: string | null;
  name: string;
  officeId: string;
  role: 'admin' | 'editor' | 'viewer';
  /** Set when the actor is an API token: tokens it makes die with it. */
  tokenId?: string;
};

/**
 * A versioned write inside a transaction found another version. Thrown, not answered there: the
 * transaction rolls back first, and only then does the caller read what changed (a read inside it
 * through the pool would wait on the locks the transaction holds).
 */
export class StaleVersion extends Error {
  constructor(
    readonly id: string,
    readonly version: number,
  ) {
    super(`Version ${version} of ${id} is no longer current`);
  }
}
