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

/** A history row as every area stores it: what kind of change, each field's from and to, who, when, why. */
export type HistoryRow = { kind: string; changes: unknown; reason: string | null; recordedAt: Date; actorName: string };

/** A history row as the pages show it (platform/web/views/history-table.njk); `from` null: nothing to show before. */
export type HistoryEntry = {
  kind: string;
  when: Date;
  who: string;
  reason: string | null;
  changes: { field: string; label: string; from: string | null; to: string }[];
};

/**
 * The one history presenter. Each area says how it names a kind of change and a field, how it shows
 * a recorded value in words, and whether a change has a before worth showing.
 */
export function presentHistory<R extends HistoryRow>(
  rows: R[],
  how: {
    kindWord: (kind: string) => string;
    label: (field: string) => string;
    show: (field: string, value: unknown) => string;
    hasBefore: (row: R, change: Change) => boolean;
  },
): HistoryEntry[] {
  return rows.map((h) => ({
    kind: how.kindWord(h.kind),
    when: h.recordedAt,
    who: h.actorName,
    reason: h.reason,
    changes: Object.entries((h.changes ?? {}) as Record<string, Change>).map(([field, c]) => ({
      field,
      label: how.label(field),
      from: how.hasBefore(h, c) ? how.show(field, c.from) : null,
      to: how.show(field, c.to),
    })),
  }));
}

/** What marks the history rows a service writes (an import: its id and the row of its file being entered). */
export type HistoryMark = () => { importId: string; importRow: number } | null;
