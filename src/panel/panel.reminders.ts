// The Panel's reminder kinds (src/platform/reminders): a recommendation's response falling due, and
// a written answer falling due. Each is reminded of from its due London day while still awaited; a
// new due date that passes is a new reminder (the key names the day). Registered in src/app.ts.
import { userDate } from '../platform/dates.js';
import { londonDate } from '../platform/db/time.js';
import type { ReminderKind } from '../platform/reminders/registry.js';
import type { PanelService } from './panel.service.js';

const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const recommendationResponseDueReminder = (panel: Pick<PanelService, 'fallenDue'>): ReminderKind => ({
  kind: 'panel.response-due',
  label: 'Panel recommendations awaiting a response on or after its due date',
  description:
    'A recommendation of the Police and Crime Panel still awaiting the Commissioner’s response is reminded of on its response due day (or when first found past it), and again if a later due date passes.',
  async findDue(officeId, now) {
    const today = londonDate(now);
    return (await panel.fallenDue(officeId, today)).recommendations.map((r) => ({
      key: `${r.id}:${r.responseDue}`,
      text: `${clip(r.text)}: response ${r.responseDue === today ? 'due today' : `overdue since ${userDate(r.responseDue as string)}`} (made ${userDate(r.meetsOn)})`,
      href: `/panel/recommendations/${r.id}`,
    }));
  },
});

export const writtenAnswerDueReminder = (panel: Pick<PanelService, 'fallenDue'>): ReminderKind => ({
  kind: 'panel.answer-due',
  label: 'Panel questions awaiting a written answer on or after its due date',
  description:
    'A question put at a Panel meeting, to be answered in writing, is reminded of on the day the answer is due (or when first found past it) until it is answered.',
  async findDue(officeId, now) {
    const today = londonDate(now);
    return (await panel.fallenDue(officeId, today)).questions.map((q) => ({
      key: `${q.id}:${q.answerDue}`,
      text: `${clip(q.question || `Question asked by ${q.askedBy || 'a Member'}`)}: written answer ${q.answerDue === today ? 'due today' : `overdue since ${userDate(q.answerDue as string)}`}${q.meeting ? ` (meeting of ${userDate(q.meeting.meetsOn)})` : ''}`,
      href: q.meeting ? `/panel/meetings/${q.meeting.id}` : '/panel/due',
    }));
  },
});

/** The home page's lines about the Panel: overdue responses and answers, each linking to the list. */
export const panelAttention = (panel: Pick<PanelService, 'overdueCounts'>) => async (officeId: string) => {
  const c = await panel.overdueCounts(officeId);
  const lines: { text: string; href: string }[] = [];
  if (c.responses)
    lines.push({
      text: `${c.responses} Panel recommendation${c.responses === 1 ? ' is' : 's are'} overdue for the Commissioner’s response`,
      href: '/panel/due?kind=recommendation&state=overdue',
    });
  if (c.answers)
    lines.push({
      text: `${c.answers} question${c.answers === 1 ? '' : 's'} from the Panel ${c.answers === 1 ? 'is' : 'are'} overdue for a written answer`,
      href: '/panel/due?kind=question&state=overdue',
    });
  return lines;
};
