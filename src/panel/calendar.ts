// The iCalendar feed of an office's Panel meetings (RFC 5545), written by ical-generator: a meeting
// with a time is an event at that London time (as a UTC instant, so no VTIMEZONE is needed); one
// without is an all-day event on its day. A cancelled meeting stays in the feed, marked CANCELLED,
// so calendars that took it remove it. Version 10 is pinned: 11 requires Node 22.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { londonInstant } from '../platform/db/time.js';

export type CalendarMeeting = {
  id: string;
  bodyName: string;
  meetsOn: string;
  startsAt: string;
  place: string;
  status: string;
  updatedAt: Date;
  items: string[];
};

export function meetingsCalendar({ officeName, meetings, url }: { officeName: string; meetings: CalendarMeeting[]; url: (id: string) => string }): string {
  const cal = ical({
    name: `${officeName}: Police and Crime Panel meetings`,
    prodId: { company: 'PCP Tracker', product: 'Panel meetings', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const m of meetings) {
    const timed = !!m.startsAt;
    cal.createEvent({
      id: `${m.id}@pcp-tracker`,
      summary: `${m.bodyName}${m.status === 'cancelled' ? ' (cancelled)' : m.status === 'postponed' ? ' (postponed)' : ''}`,
      start: timed ? londonInstant(m.meetsOn, m.startsAt) : new Date(`${m.meetsOn}T00:00:00Z`),
      allDay: !timed,
      location: m.place || null,
      description: m.items.length ? `Agenda:\n${m.items.join('\n')}` : null,
      url: url(m.id),
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : m.status === 'postponed' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      stamp: m.updatedAt,
      lastModified: m.updatedAt,
    });
  }
  return cal.toString();
}
