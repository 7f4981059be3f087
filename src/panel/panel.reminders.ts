// The Panel's reminder kind: a recommendation awaiting the Commissioner's response whose response
// falls due within the next fortnight, or is already overdue (London days, deadlines.ts). One
// reminder per recommendation and due date: a new due date is a new reminder. Registered in src/app.ts.
import { userDate } from '../platform/dates.js';
import { addDays, londonDate } from '../platform/db/time.js';
import type { ReminderKind } from '../platform/reminders/registry.js';
import type { PanelService } from './panel.service.js';

/** How far ahead a response falling due is reminded of. */
export const RESPONSE_DUE_WITHIN_DAYS = 14;

const excerpt = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 119)}…` : one;
};

export const panelResponseDueReminder = (panel: Pick<PanelService, 'recommendations'>): ReminderKind => ({
  kind: 'panel.response-due',
  label: 'Panel recommendations whose response falls due',
  description: `A recommendation of the Panel still awaiting a response is reminded of once its response is due within ${RESPONSE_DUE_WITHIN_DAYS} days (or already overdue), and again if it is given a new due date.`,
  async findDue(officeId, now) {
    const today = londonDate(now);
    const horizon = addDays(today, RESPONSE_DUE_WITHIN_DAYS);
    return (await panel.recommendations(officeId))
      .filter((r) => r.status === 'awaiting_response' && r.responseDue !== null && r.responseDue <= horizon)
      .map((r) => {
        const due = r.responseDue as string;
        return {
          key: `${r.id}:${due}`,
          text: `${excerpt(r.text)}: response ${due < today ? 'overdue since' : 'due'} ${userDate(due)} (${r.body === 'working_group' ? 'Plan Working Group' : 'Panel'} meeting of ${userDate(r.meetsOn)})`,
          href: `/panel/recommendations/${r.id}`,
        };
      });
  },
});
