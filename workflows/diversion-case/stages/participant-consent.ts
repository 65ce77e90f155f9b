import { addDue, notify, record, responsibleParties, setStageDeadline } from '../case';
import { policyDays } from '../policy';
import { remind } from '../reminders';
import { isAbout, openReview, resolveReviews } from '../reviews';
import { invitationReminders } from '../schedules';
import { action, invalid, pending, type StageModule } from '../stage-module';

/** PARTICIPANT_CONSENT: the responsible party (and a minor's guardian) is invited and reminded; they accept or decline. */
export const participantConsent: StageModule = {
  stage: 'PARTICIPANT_CONSENT',
  deadlineReview: 'PARTICIPANT_CONSENT_OVERDUE',

  enter(c, nowMs) {
    c.state.invitedAtMs = nowMs;
    for (const p of responsibleParties(c)) notify(c, 'program_invitation', p, 'first', nowMs);
    for (const r of invitationReminders(c.policy, nowMs, nowMs)) {
      addDue(c, 'invitation_reminder', `invitation:${r.label}`, r.atMs, r.label);
    }
    setStageDeadline(c, nowMs + policyDays(c.policy, c.policy.deadlines.participantConsentDays));
  },

  timers: {
    invitation_reminder: (c, item, nowMs) =>
      remind(c, item, nowMs, c.state.stageDeadlineMs, () => {
        for (const p of responsibleParties(c)) {
          notify(c, 'invitation_reminder', p, item.label, nowMs, { label: item.label }, item.atMs);
        }
      }),
  },

  pending: (c) => [
    pending('recordParticipantResponse', "Record the responsible party's response to the invitation", {
      dueMs: c.state.stageDeadlineMs,
    }),
  ],

  actions: [
    action(
      'recordParticipantResponse',
      (_s, input) => {
        if (input.response === 'decline') return undefined;
        if (input.response !== 'accept') return invalid('response', "response must be 'accept' or 'decline'");
        return input.acknowledgesResponsibility === true
          ? undefined
          : invalid(
              'acknowledgesResponsibility',
              'the responsible party must acknowledge responsibility to take part (acknowledgesResponsibility: true)',
            );
      },
      (c, input, nowMs) => {
        c.state.participantResponse = { response: input.response, atMs: nowMs };
        const party = { kind: 'responsible_party' as const, id: c.referral.responsiblePartyId };
        if (input.response === 'accept') {
          resolveReviews(c, isAbout('responsible_party'), 'participant_accepted', nowMs);
          return { to: 'VICTIM_CONSENT', event: 'participant_accepted', actor: input.actor };
        }
        record(c, 'participant_declined', nowMs, input.actor);
        openReview(c, 'PARTICIPANT_DECLINED', party, nowMs);
        return undefined;
      },
    ),
  ],
};
