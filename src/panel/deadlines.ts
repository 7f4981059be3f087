// Response deadlines of the Panel's recommendations, and when one is overdue. Dates are London
// calendar days (YYYY-MM-DD): a response due on a day is on time all that day in England.

/**
 * The deadlines the law fixes, offered when a recommendation is recorded. What this relies on:
 *
 * - `precept_veto`: the Panel vetoes the proposed precept (Police Reform and Social Responsibility
 *   Act 2011, Schedule 5 paragraph 4). The Commissioner must respond, with the revised precept
 *   (Schedule 5 paragraph 6(3)), by 15 February of the financial year before the one the precept is
 *   for: The Police and Crime Panels (Precepts and Chief Constable Appointments) Regulations 2012
 *   (SI 2012/2271), regulation 5(1). The Panel's own report is due by 8 February (regulation 4(1)),
 *   so the 15 February that follows the meeting is the deadline.
 * - The Panel's report on the draft police and crime plan (section 28(3) of the 2011 Act) and its
 *   report on a proposed precept it does not veto (Schedule 5 paragraph 5): the Commissioner must
 *   give the Panel a response and publish it, but neither the Act nor the regulations fix a number
 *   of days. No date is offered for them: the office sets one, as for any other recommendation.
 */
export const STATUTORY = {
  precept_veto: {
    label: 'Precept veto: response with the revised precept by 15 February (SI 2012/2271, regulation 5(1))',
    due: (madeOn: string) => {
      const y = Number(madeOn.slice(0, 4));
      const thisYear = `${y}-02-15`;
      return madeOn <= thisYear ? thisYear : `${y + 1}-02-15`;
    },
  },
} as const;
export type StatutoryDeadline = keyof typeof STATUTORY;

export const RESPONSE_STATUSES = ['awaiting_response', 'accepted', 'partly_accepted', 'not_accepted', 'closed'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];
/** The statuses as shown, overdue included: overdue is computed, never stored. */
export const STATUS_LABELS: Record<ResponseStatus | 'overdue', string> = {
  awaiting_response: 'Awaiting response',
  accepted: 'Accepted',
  partly_accepted: 'Partly accepted',
  not_accepted: 'Not accepted',
  closed: 'Closed',
  overdue: 'Overdue',
};

/** Awaiting a response after the London day it was due: overdue from the next day, not on the due day. */
export function isOverdue(r: { status: ResponseStatus; responseDue: string | null }, today: string): boolean {
  return r.status === 'awaiting_response' && !!r.responseDue && today > r.responseDue;
}
export const shownStatus = (r: { status: ResponseStatus; responseDue: string | null }, today: string): ResponseStatus | 'overdue' =>
  isOverdue(r, today) ? 'overdue' : r.status;

/** Whole days from `from` to `to` (London days), for the actions log's ages. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
