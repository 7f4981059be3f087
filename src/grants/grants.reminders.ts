// Grants' monitoring returns falling due: a line on the home page for each return overdue or due within
// the next 14 days (London dates), and a reminder email kind (src/platform/reminders) keyed by the
// return and its due day, so a return is reminded of once per due date. Registered in src/app.ts.
import { userDate } from '../platform/dates.js';
import type { ReminderKind } from '../platform/reminders/registry.js';
import type { GrantsService } from './grants.service.js';

/** How many days ahead a return counts as "due soon". */
export const RETURNS_NOTICE_DAYS = 14;

type Due = Awaited<ReturnType<GrantsService['returnsDue']>>[number];
const lineOf = (r: Due) =>
  `${r.title} from ${r.recipientName} (decision ${r.decisionReference}): ${r.overdue ? `overdue since ${userDate(r.dueOn)}` : `due on ${userDate(r.dueOn)}`}`;

/** The home page's lines about grants: each monitoring return overdue or due soon, linking to its grant. */
export const grantsAttention = (grants: Pick<GrantsService, 'returnsDue'>) => async (officeId: string) =>
  (await grants.returnsDue(officeId, RETURNS_NOTICE_DAYS)).map((r) => ({ text: lineOf(r), href: `/grants/awards/${r.awardId}` }));

export const grantReturnsReminder = (grants: Pick<GrantsService, 'returnsDue'>): ReminderKind => ({
  kind: 'grants.return-due',
  label: 'Grant monitoring returns overdue or due within 14 days',
  description:
    'A monitoring return a grant’s recipient owes is reminded of once it is due within 14 days (or when first found overdue), and again if its due date moves.',
  async findDue(officeId) {
    return (await grants.returnsDue(officeId, RETURNS_NOTICE_DAYS)).map((r) => ({
      key: `${r.id}:${r.dueOn}`,
      text: lineOf(r),
      href: `/grants/awards/${r.awardId}`,
    }));
  },
});
