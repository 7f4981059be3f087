// The quarterly paper, kept (issue 19). A period's model depends on nothing but the office's records
// (its history, plan, decisions, targets, the report's draft and publications) and, for the quarter
// under way, on whether it is still provisional. Every change of an office's records moves its
// change counter in the same transaction (migrations/0032_change_counter_sql.sql), so the model, and
// everything made from it (the page's paper, Word, PDF, the workbook), is kept under
// office + period + counter + provisional, read from the database on every request: an instance
// sees another's change at once. The counter is read before the model is built (or comes with the
// request's session, read before), so a model is never filed under a key newer than its data. The
// memo is the platform's (platform/kept.ts): bounded, least recently used first, an office's older
// counters dropped.
import { createHash } from 'node:crypto';
import { createMemo } from '../platform/kept.js';
import { isProvisional, type Period } from './periods.js';

/** Deep-frozen: a kept model is shared by every request, which must not change it. */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** What a period's paper has kept for each of its keys at most: model, doc, html, standalone, areas, docx, pdf, xlsx. */
const ARTIFACTS = 8;

export function createReportCache({ now, max = 48 * ARTIFACTS }: { now: () => Date; max?: number }) {
  const memo = createMemo({ max });
  return {
    /**
     * A period's paper at this office's change counter: its key (null: no such office), naming the
     * records' state in entity tags, and what `make` gives for an artifact of it ('model', 'docx',
     * ...), made once while the counter is the office's newest.
     */
    at(officeId: string, period: Pick<Period, 'id' | 'end'>, counter: number | null) {
      const kind = isProvisional(period, now()) ? 'provisional' : 'final';
      return {
        key: counter === null ? null : `${officeId}/${period.id}/${counter}/${kind}`,
        memo: <T>(artifact: string, make: () => Promise<T>) => memo.get(officeId, counter, `${period.id}/${kind}/${artifact}`, make),
      };
    },
    size: memo.size,
  };
}

/** An entity tag from a report's key and whatever else the answer varies with (its format, the reader's role). */
export const entityTag = (...parts: string[]) => `"${createHash('sha1').update(parts.join('\0')).digest('base64url')}"`;
