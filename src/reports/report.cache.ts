// The quarterly paper, kept (issue 19). A period's model depends on nothing but the office's records
// (its history, plan, decisions, targets, the report's draft and publications) and, for the quarter
// under way, on whether it is still provisional. Every change of an office's records moves its
// change counter in the same transaction (migrations/0032_change_counter_sql.sql), so the model, and
// everything made from it (the page's paper, Word, PDF, the workbook), is kept under
// office + period + counter + provisional, read from the database on every request: an instance
// sees another's change at once. The counter is read before the model is built, so a model is never
// filed under a key newer than its data. Bounded: the least recently used entries go first.
import { createHash } from 'node:crypto';
import { isProvisional, type Period } from './periods.js';

export type ReportKey = string;

/** Deep-frozen: a kept model is shared by every request, which must not change it. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function createReportCache({ now, max = 48 }: { now: () => Date; max?: number }) {
  const entries = new Map<ReportKey, Map<string, Promise<unknown>>>();
  return {
    /** The key of a period's paper at this office's change counter (null: no such office). */
    key(officeId: string, period: Pick<Period, 'id' | 'end'>, counter: number | null): ReportKey | null {
      if (counter === null) return null;
      return `${officeId}/${period.id}/${counter}/${isProvisional(period, now()) ? 'provisional' : 'final'}`;
    },
    /** What `make` gives for this key and artifact ('model', 'docx', ...), made once while the key is current. */
    get<T>(key: ReportKey, artifact: string, make: () => Promise<T>): Promise<T> {
      let entry = entries.get(key);
      if (entry) {
        // Most recently used last.
        entries.delete(key);
        entries.set(key, entry);
      } else {
        entry = new Map();
        entries.set(key, entry);
        // An office's older keys can never be asked for again (its counter only grows): dropped now.
        const [office, period, counter] = key.split('/');
        for (const k of entries.keys()) {
          const [o, p, c] = k.split('/');
          if (o === office && p === period && Number(c) < Number(counter)) entries.delete(k);
        }
        while (entries.size > max) entries.delete(entries.keys().next().value as string);
      }
      let hit = entry.get(artifact) as Promise<T> | undefined;
      if (!hit) {
        hit = make();
        entry.set(artifact, hit);
        const e = entry;
        hit.catch(() => e.delete(artifact));
      }
      return hit;
    },
    size: () => entries.size,
  };
}
export type ReportCache = ReturnType<typeof createReportCache>;

/** An entity tag from a report's key and whatever else the answer varies with (its format, the reader's role). */
export const entityTag = (...parts: string[]) => `"${createHash('sha1').update(parts.join('\0')).digest('base64url')}"`;
