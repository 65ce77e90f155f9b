import { addBusinessDays } from '../calendar';
import { addDue, coordinator, notify, record, setStageDeadline, type Case } from '../case';
import { VICTIM_ANSWERS, type VictimView } from '../diversion-case.contract';
import { policyDays } from '../policy';
import { isAbout, openReview, resolveReviews } from '../reviews';
import { action, conflict, invalid, pending, type StageModule } from '../stage-module';

/** Victims still waiting for an answer; `contactable` leaves out those who withdrew and may only be contacted on request. */
function awaitingAnswer(c: Pick<Case, 'state'>, contactable = false): VictimView[] {
  return c.state.victims.filter(
    (v) => v.answer === undefined && !v.withdrawn && !(contactable && v.contactOnRequestOnly),
  );
}

/** Every victim still in the case has answered and none declined (victim veto). */
function consentsComplete(c: Case): boolean {
  const victims = c.state.victims.filter((v) => !v.withdrawn);
  return victims.length > 0 && victims.every((v) => v.answer !== undefined && v.answer !== 'decline');
}

/**
 * VICTIM_CONSENT: the coordinator contacts each victim (a first letter goes where the victim's preference allows)
 * and records their answer. A decline opens a review (victim veto); every answer in moves the case to the conference.
 */
export const victimConsent: StageModule = {
  stage: 'VICTIM_CONSENT',
  deadlineReview: 'VICTIM_ANSWER_OVERDUE',

  enter(c, nowMs) {
    // A victim who withdrew is not contacted again unless they ask.
    for (const v of awaitingAnswer(c, true)) {
      notify(c, 'victim_contact_task', coordinator(c), `${v.victimId}-${nowMs}`, nowMs, { victimId: v.victimId });
      notify(c, 'victim_first_contact', { id: v.victimId, role: 'victim' }, `${nowMs}`, nowMs);
    }
    const contactBy = addBusinessDays(c.policy, nowMs, c.policy.deadlines.victimContactBusinessDays);
    addDue(c, 'victim_contact_alert', `victim-contact:${nowMs}`, contactBy, 'contact');
    setStageDeadline(c, nowMs + policyDays(c.policy, c.policy.deadlines.victimAnswerDays));
  },

  timers: {
    victim_contact_alert: (c, item, nowMs) => {
      for (const v of awaitingAnswer(c, true)) {
        notify(c, 'victim_contact_overdue', coordinator(c), `${v.victimId}-${item.key}`, nowMs, {
          victimId: v.victimId,
        });
      }
    },
  },

  pending: (c) =>
    awaitingAnswer(c).map((v) =>
      pending(
        'recordVictimResponse',
        v.contactOnRequestOnly
          ? `Victim ${v.victimId} withdrew: record a response only if they (or a surrogate) come forward`
          : `Contact victim ${v.victimId} and record their response`,
        { about: { kind: 'victim', id: v.victimId }, dueMs: c.state.stageDeadlineMs },
      ),
    ),

  actions: [
    action(
      'recordVictimResponse',
      (s, input) => {
        const victim = s.state.victims.find((v) => v.victimId === input.victimId);
        if (!victim)
          return conflict(`victim ${String(input.victimId)} is not a victim of case ${s.referral.caseNumber}`);
        if (victim.withdrawn) return conflict(`victim ${victim.victimId} has withdrawn`);
        return VICTIM_ANSWERS.includes(input.response)
          ? undefined
          : invalid('response', `response must be one of ${VICTIM_ANSWERS.join(', ')}`);
      },
      (c, input, nowMs) => {
        const victim = c.state.victims.find((v) => v.victimId === input.victimId);
        if (!victim) return undefined;
        victim.answer = input.response;
        victim.answeredAtMs = nowMs;
        delete victim.contactOnRequestOnly;
        record(c, 'victim_responded', nowMs, input.actor, { victimId: victim.victimId, response: input.response });
        const about = { kind: 'victim' as const, id: victim.victimId };
        if (input.response === 'decline') {
          openReview(c, 'VICTIM_DECLINED', about, nowMs);
          return undefined;
        }
        resolveReviews(c, isAbout('victim', victim.victimId), 'victim_answered', nowMs);
        return consentsComplete(c) ? { to: 'CONFERENCE', event: 'victim_consent_complete' } : undefined;
      },
    ),
  ],
};
