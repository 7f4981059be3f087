// What every area's history rows record of a change: each tracked field whose value differs.

export type Change = { from: unknown; to: unknown };

/** Values compared as JSON, with undefined and null alike (arrays and objects by content). */
export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The tracked fields that differ between `before` and `after`, as `{ from, to }`. With no `before`
 * (a creation) every field is recorded, from null. `read` takes a field in its recorded form.
 */
export function diffFields<R, K extends string>(
  fields: readonly K[],
  before: R | null,
  after: R,
  read: (row: R, field: K) => unknown = (row, field) => (row as Record<string, unknown>)[field],
): Record<string, Change> {
  const out: Record<string, Change> = {};
  for (const f of fields) {
    const a = before ? (read(before, f) ?? null) : null;
    const b = read(after, f) ?? null;
    if (!before || !sameValue(a, b)) out[f] = { from: a, to: b };
  }
  return out;
}
