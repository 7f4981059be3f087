// The projects' reminder kind: a project past its forecast end (the same rule as the portfolio's
// "overdue" filter, isOverdue, on London dates). Registered in src/app.ts.
import { londonDate } from '../platform/db/time.js';
import type { ReminderKind } from '../platform/reminders/registry.js';
import { formatForecast, isOverdue } from './forecast.js';
import type { ProjectsService } from './projects.service.js';
import { STAGE_LABELS } from './stages.js';

export const overdueProjectsReminder = (projects: Pick<ProjectsService, 'overdueAt'>): ReminderKind => ({
  kind: 'projects.past-forecast-end',
  label: 'Projects past their forecast end',
  description:
    'A project in scoping, delivery or on hold is reminded of once its forecast month or quarter has passed, and again if a later forecast end passes too.',
  async findDue(officeId, now) {
    const today = londonDate(now);
    return (await projects.overdueAt(officeId, now))
      .filter((p) => isOverdue(p, today))
      .map((p) => {
        const forecast = formatForecast({ date: p.forecastEnd, precision: p.forecastPrecision });
        return {
          // The project and the forecast end it passed: a new forecast end that passes is a new reminder.
          key: `${p.id}:${p.forecastPrecision}:${p.forecastEnd}`,
          text: `${p.title}: forecast end ${forecast}, ${STAGE_LABELS[p.stage].toLowerCase()}${p.lead ? `, lead ${p.lead}` : ''}`,
          href: `/projects/${p.id}`,
        };
      });
  },
});
