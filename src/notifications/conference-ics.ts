import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface ConferenceIcsInput {
  caseNumber: string;
  /** The workflow's conference sequence: bumped on every (re)schedule, the .ics SEQUENCE. */
  sequence: number;
  startMs: number;
  durationMinutes: number;
  location: string;
  summary: string;
  /** The recipient's zone, so calendar clients show the time they expect. */
  timeZone: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  cancelled: boolean;
}

/** One UID per case's conference, so an update (higher SEQUENCE) or a cancellation replaces the invitation. */
export function conferenceUid(caseNumber: string): string {
  return `conference-${caseNumber}@diversion-orchestrator`;
}

/** An iCalendar invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) for the case's conference. */
export function buildConferenceIcs(input: ConferenceIcsInput): string {
  const calendar = ical({
    prodId: { company: 'diversion-orchestrator', product: 'conference', language: 'EN' },
    method: input.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  // No calendar time zone: ical-generator would then write floating local times without a VTIMEZONE. Instants stay in
  // UTC (…Z), and X-WR-TIMEZONE tells the client the recipient's zone to show them in.
  calendar.x([{ key: 'X-WR-TIMEZONE', value: input.timeZone }]);
  calendar.createEvent({
    id: conferenceUid(input.caseNumber),
    sequence: input.sequence,
    start: new Date(input.startMs),
    end: new Date(input.startMs + input.durationMinutes * 60_000),
    summary: input.summary,
    location: input.location,
    organizer: input.organizer,
    attendees: [{ name: input.attendee.name, email: input.attendee.email, rsvp: true }],
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
