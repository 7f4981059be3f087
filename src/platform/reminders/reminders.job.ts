import type { Job } from '../jobs/jobs.js';
import type { RemindersService } from './reminders.service.js';

export const REMINDER_JOB = 'reminders.send';

/** The one definition of the reminder job, whichever runner runs it. */
export const reminderJob = (reminders: RemindersService, everyMinutes: number): Job => ({
  name: REMINDER_JOB,
  everyMinutes,
  run: (now) => reminders.sendDue(now),
});
