// The "Police and Crime Plan Decisions Update" paper (DPU-2020-02, the Panel of 7 February 2020:
// "Summary of recent decisions approved by Police and Crime Commissioner"): each notice's title with
// its ID, the date approved at its precision ("Jan-20"), and its summary with the amount. Built as a
// src/documents Doc, so it comes out as HTML, Word and PDF like every other paper.
import { formatPounds, referenceLabel } from '../decisions/decisions.present.js';
import type { Doc } from '../documents/document.js';
import { userDate } from '../platform/dates.js';

export type UpdateNotice = {
  reference: string;
  title: string;
  approvedOn: string;
  approvedPrecision: 'day' | 'month';
  summary: string;
  amountPence: number | null;
  tags: string[];
};

export type DecisionsUpdateModel = {
  office: { name: string };
  meeting: { meetsOn: string; bodyName: string };
  /** The notices approved from `from` to `to`, both London days, inclusive. */
  from: string;
  to: string;
  /** Why the list starts at `from`: the last paper's end, or the editor's choice. */
  fromReason: 'previous_paper' | 'chosen';
  notices: UpdateNotice[];
};

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Jan-20" for a notice approved in a month (as DPU-2020-02 prints it), "7-Jan-20" on a day (its own "1-Jan-20" style). */
export function shortApproved(iso: string, precision: 'day' | 'month'): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const my = `${MON[m - 1]}-${String(y % 100).padStart(2, '0')}`;
  return precision === 'month' ? my : `${d}-${my}`;
}

/**
 * The paper's order: newest first, and within a month the higher reference first (DPU-2020-02 lists
 * 507 of January, then 514, 513, 512, 511, 508 of November, then 505, 504, 502, 499 of October).
 */
export function updateOrder(a: UpdateNotice, b: UpdateNotice): number {
  if (a.approvedOn !== b.approvedOn) return a.approvedOn < b.approvedOn ? 1 : -1;
  return b.reference.localeCompare(a.reference, 'en-GB', { numeric: true });
}

/** Tags the papers print before a title in brackets: "[INVESTMENT in POLICING] Addition of £1m ...". */
const titleCell = (n: UpdateNotice) => `${n.tags.map((t) => `[${t}] `).join('')}${n.title} (${referenceLabel(n.reference)})`;

/** The summary, with the amount added only when the summary does not already state it (the paper's summaries do). */
export function summaryWithAmount(n: UpdateNotice): string {
  if (n.amountPence === null) return n.summary;
  const amount = formatPounds(n.amountPence);
  return n.summary.includes(amount) ? n.summary : `${n.summary}${n.summary ? ' ' : ''}(${amount})`.trim();
}

export function decisionsUpdateDoc(m: DecisionsUpdateModel): Doc {
  const rows = [...m.notices].sort(updateOrder);
  return {
    title: 'Police and Crime Plan Decisions Update',
    subtitle: `${m.office.name}. ${m.meeting.bodyName}, ${userDate(m.meeting.meetsOn)}.`,
    lang: 'en-GB',
    blocks: [
      { type: 'heading', level: 1, text: 'Summary of recent decisions approved by Police and Crime Commissioner' },
      { type: 'paragraph', text: `Decision notices approved from ${userDate(m.from)} to ${userDate(m.to)}.` },
      rows.length
        ? {
            type: 'table',
            caption: 'Decision notices approved',
            head: ['Decision Notice', 'Date approved', 'Summary'],
            rows: rows.map((n) => [titleCell(n), shortApproved(n.approvedOn, n.approvedPrecision), summaryWithAmount(n)]),
          }
        : { type: 'paragraph', text: 'No decision notices were approved in this time.' },
    ],
  };
}
