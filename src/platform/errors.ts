/** A field-level problem, in the shape the GOV.UK error summary wants. */
export type FieldError = { field: string; message: string };

/**
 * Errors of the domain. Codes are dotted strings (`<thing>.<what happened>`), declared with their
 * kind in their area's `<area>.errors.ts`; the web layer turns them into statuses (errorMap), so
 * services never know HTTP.
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

/**
 * What kind of refusal a code is. Each area declares its codes in one file (`<area>.errors.ts`) as
 * code -> kind; the composition root hands them all to `errorMap`, the one place a code becomes an
 * HTTP status (the error handler, the form runner and the API all ask it).
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'refused' | 'rate_limited' | 'unavailable';
export type ErrorCodes = Readonly<Record<string, ErrorKind>>;

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  refused: 422,
  rate_limited: 429,
  unavailable: 503,
};

export type ErrorMap = { status(code: string): number; has(code: string): boolean; codes(): string[] };

/** The map from every declared code to its status. A code nobody declared is a bug: 500. */
export function errorMap(...tables: ErrorCodes[]): ErrorMap {
  const m = new Map<string, number>();
  for (const t of tables)
    for (const [code, kind] of Object.entries(t)) {
      const status = STATUS_OF_KIND[kind];
      if (m.has(code) && m.get(code) !== status) throw new Error(`Error code ${code} is declared twice with different kinds`);
      m.set(code, status);
    }
  return { status: (code) => m.get(code) ?? 500, has: (code) => m.has(code), codes: () => [...m.keys()] };
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
