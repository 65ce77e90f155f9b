import { addDue, coordinator, dropDue, notify, record, responsibleParties, setStageDeadline, type Case } from '../case';
import {
  CASE_LIMITS,
  type ConferenceReschedule,
  type ConferenceSchedule,
  type ParticipantRef,
} from '../diversion-case.contract';
import { policyDays } from '../policy';
import { remind } from '../reminders';
import { isAbout, openReview, resolveReviews } from '../reviews';
import { conferenceReminders } from '../schedules';
import {
  action,
  conflict,
  invalid,
  isTime,
  nonEmpty,
  pending,
  type Problem,
  type StageModule,
  type ValidationState,
} from '../stage-module';

/** Who is invited: the responsible party (and guardian) and each victim taking part in person or by a surrogate. */
function invitees(c: Case): ParticipantRef[] {
  const victims = c.state.victims
    .filter((v) => !v.withdrawn && (v.answer === 'participate' || v.answer === 'surrogate'))
    .map((v): ParticipantRef => ({ id: v.victimId, role: 'victim' }));
  return [...responsibleParties(c), ...victims];
}

/** Tells every invitee about the current schedule (the .ics carries the sequence). */
export function notifyConference(c: Case, event: string, nowMs: number): void {
  const { sequence, atMs, location } = c.state.conference;
  for (const p of invitees(c)) {
    notify(c, event, p, `s${sequence}`, nowMs, { sequence, atMs: atMs ?? 0, location: location ?? '' });
  }
}

function dropReminders(c: Case): void {
  dropDue(c, (d) => d.kind === 'conference_reminder');
}

function scheduleReminders(c: Case, nowMs: number): void {
  dropReminders(c);
  const { atMs, sequence } = c.state.conference;
  if (atMs === undefined) return;
  for (const r of conferenceReminders(c.policy, atMs, nowMs)) {
    addDue(c, 'conference_reminder', `conference:s${sequence}:${r.label}`, r.atMs, r.label);
  }
}

function timeProblem(s: ValidationState, atMs: unknown, location: unknown): Problem | undefined {
  if (!isTime(atMs)) return invalid('atMs', 'atMs must be a time');
  if (atMs <= s.nowMs) return invalid('atMs', 'the conference must be scheduled in the future');
  if (atMs > s.nowMs + policyDays(s.policy, CASE_LIMITS.maxDaysAhead)) {
    return invalid('atMs', `the conference must be within ${CASE_LIMITS.maxDaysAhead} days`);
  }
  if (location !== undefined && !nonEmpty(location)) return invalid('location', 'location must not be empty');
  return undefined;
}

function rescheduleProblem(s: ValidationState, input: ConferenceSchedule | ConferenceReschedule): Problem | undefined {
  if (s.state.conference.atMs === undefined) return conflict('no conference is scheduled; schedule one first');
  if (!nonEmpty(input.reasonCode)) return invalid('reasonCode', 'a reschedule needs a reasonCode');
  if (input.atMs === s.state.conference.atMs) return invalid('atMs', 'the new time is the same as the scheduled one');
  return timeProblem(s, input.atMs, input.location);
}

function schedule(c: Case, input: ConferenceSchedule, nowMs: number): void {
  const conf = c.state.conference;
  const sequence = conf.sequence + 1;
  c.state.conference = { ...conf, atMs: input.atMs, location: input.location, sequence };
  record(c, 'conference_scheduled', nowMs, input.actor, { atMs: input.atMs, sequence });
  // After a no-show or a cancellation the invitees already had a time: this one is a new time, not a first invitation.
  notifyConference(c, sequence === 1 ? 'conference_invitation' : 'conference_updated', nowMs);
  scheduleReminders(c, nowMs);
}

function reschedule(c: Case, input: ConferenceReschedule, nowMs: number): void {
  const conf = c.state.conference;
  c.state.conference = {
    ...conf,
    atMs: input.atMs,
    location: input.location ?? conf.location,
    sequence: conf.sequence + 1,
    rescheduleCount: conf.rescheduleCount + 1,
  };
  const { rescheduleCount, sequence } = c.state.conference;
  record(c, 'conference_rescheduled', nowMs, input.actor, {
    atMs: input.atMs,
    sequence,
    rescheduleCount,
    reasonCode: input.reasonCode,
  });
  notifyConference(c, 'conference_updated', nowMs);
  scheduleReminders(c, nowMs);
  if (rescheduleCount > c.policy.caps.maxConferenceReschedules) {
    openReview(c, 'RESCHEDULE_CAP_REACHED', { kind: 'conference', id: 'conference' }, nowMs, { rescheduleCount });
  }
}

/**
 * CONFERENCE: the coordinator schedules the conference (reminders 7 d, 3 d, 1 d and 2 h before), may move it, and
 * records whether it was held. Too many reschedules or no-shows open a review.
 */
export const conference: StageModule = {
  stage: 'CONFERENCE',
  deadlineReview: 'CONFERENCE_OVERDUE',

  enter(c, nowMs) {
    c.state.conference = { ...c.state.conference, atMs: undefined, location: undefined };
    notify(c, 'conference_to_schedule', coordinator(c), `${nowMs}`, nowMs);
    setStageDeadline(c, nowMs + policyDays(c.policy, c.policy.deadlines.conferenceHeldDays));
  },

  timers: {
    conference_reminder: (c, item, nowMs) => {
      const { atMs, sequence, location } = c.state.conference;
      remind(c, item, nowMs, atMs, () => {
        for (const p of invitees(c)) {
          notify(
            c,
            'conference_reminder',
            p,
            `s${sequence}-${item.label}`,
            nowMs,
            { label: item.label, atMs: atMs ?? 0, sequence, location: location ?? '' },
            item.atMs,
          );
        }
      });
    },
  },

  pending: (c) => {
    const { atMs } = c.state.conference;
    if (atMs === undefined) {
      return [pending('scheduleConference', 'Schedule the conference', { dueMs: c.state.stageDeadlineMs })];
    }
    return [
      pending('recordConferenceOutcome', 'Record the conference outcome (held, no-show or cancelled)', {
        dueMs: atMs,
        listFromMs: atMs,
      }),
    ];
  },

  actions: [
    action(
      'scheduleConference',
      (s, input) => {
        if (s.state.conference.atMs !== undefined) return rescheduleProblem(s, input);
        return (
          timeProblem(s, input.atMs, input.location) ??
          (nonEmpty(input.location) ? undefined : invalid('location', 'location is required to schedule a conference'))
        );
      },
      (c, input, nowMs) => {
        if (c.state.conference.atMs === undefined) schedule(c, input, nowMs);
        else reschedule(c, { ...input, reasonCode: input.reasonCode ?? '' }, nowMs);
        return undefined;
      },
    ),
    action('rescheduleConference', rescheduleProblem, (c, input, nowMs) => {
      reschedule(c, input, nowMs);
      return undefined;
    }),
    action(
      'recordConferenceOutcome',
      (s, input) => {
        const atMs = s.state.conference.atMs;
        if (atMs === undefined) return conflict('no conference is scheduled');
        if (!['held', 'no_show', 'cancelled'].includes(input.outcome)) {
          return invalid('outcome', "outcome must be 'held', 'no_show' or 'cancelled'");
        }
        if (input.outcome !== 'cancelled' && atMs > s.nowMs) {
          return conflict(
            `the conference is scheduled for ${new Date(atMs).toISOString()}; its outcome can be recorded once it has started`,
          );
        }
        return undefined;
      },
      (c, input, nowMs) => {
        const conf = c.state.conference;
        dropReminders(c);
        if (input.outcome === 'held') {
          c.state.conference = { ...conf, heldAtMs: nowMs };
          resolveReviews(c, isAbout('conference'), 'conference_held', nowMs);
          return { to: 'AGREEMENT', event: 'conference_held', actor: input.actor };
        }
        const noShows = conf.noShows + (input.outcome === 'no_show' ? 1 : 0);
        if (input.outcome === 'cancelled') notifyConference(c, 'conference_cancelled', nowMs);
        c.state.conference = { ...conf, atMs: undefined, noShows };
        const type = input.outcome === 'no_show' ? 'conference_no_show' : 'conference_cancelled';
        record(c, type, nowMs, input.actor, { noShows });
        if (input.outcome === 'no_show' && noShows >= c.policy.caps.maxResponsiblePartyNoShows) {
          openReview(c, 'RESPONSIBLE_PARTY_NO_SHOW', { kind: 'conference', id: 'conference' }, nowMs, { noShows });
        }
        return undefined;
      },
    ),
  ],
};
