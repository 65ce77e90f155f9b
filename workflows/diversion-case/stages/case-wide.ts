import { coordinator, notify, prosecutor, record, setStageDeadline, type Case } from '../case';
import {
  CASE_LIMITS,
  type Actor,
  type DeadlineExtension,
  type DueItemKind,
  type NotifyRequest,
  type Review,
  type ReviewSubject,
} from '../diversion-case.contract';
import { policyDays } from '../policy';
import { notifyConference } from './conference';
import { findReview, isAbout, openReview, resolveReview, resolveReviews } from '../reviews';
import {
  action,
  conflict,
  invalid,
  isTime,
  textProblem,
  type ActionDefinition,
  type Problem,
  type StageChange,
  type Timer,
  type ValidationState,
} from '../stage-module';

/** Reviews a new stage deadline answers: the stage is late, or waiting on a participant or the conference. */
const DEADLINE_SUBJECTS: readonly ReviewSubject['kind'][] = ['deadline', 'responsible_party', 'victim', 'conference'];

const extendable = (r: Review): boolean => r.assignee === 'coordinator' && DEADLINE_SUBJECTS.includes(r.about.kind);

/** Why `reviewId` cannot be settled by a deadline extension; or which review the extension settles. */
function reviewForExtension(s: ValidationState, input: DeadlineExtension): Review | Problem | undefined {
  if (input.reviewId !== undefined) {
    const review = findReview(s, input.reviewId);
    if (!review) return invalid('reviewId', `review ${String(input.reviewId)} is not open on this case`);
    if (review.about.kind === 'obligation') {
      return conflict('this review is about an overdue obligation: extend the obligation (extendObligation) instead');
    }
    if (!extendable(review)) {
      return conflict(
        `review ${review.id} (${review.reasonCode}) is not settled by a deadline: dismiss it with a reason`,
      );
    }
    return review;
  }
  const candidates = s.state.reviews.filter(extendable);
  if (candidates.length > 1) {
    const ids = candidates.map((r) => `${r.id} ${r.reasonCode}`).join(', ');
    return invalid('reviewId', `several reviews are open (${ids}): name the one this extension settles (reviewId)`);
  }
  if (candidates.length === 0 && s.state.reviews.some((r) => r.about.kind === 'obligation')) {
    return conflict('this review is about an overdue obligation: extend the obligation (extendObligation) instead');
  }
  return candidates[0];
}

const isReview = (value: Review | Problem | undefined): value is Review => value !== undefined && 'id' in value;

function deadlineExtensionProblem(s: ValidationState, input: DeadlineExtension): Problem | undefined {
  const review = reviewForExtension(s, input);
  if (review !== undefined && !isReview(review)) return review;
  if (s.state.stageDeadlineMs === undefined) {
    return conflict(`there is no open review and no deadline to extend in ${s.state.stage}`);
  }
  if (!isTime(input.newDeadlineMs) || input.newDeadlineMs <= s.nowMs) {
    return invalid('newDeadlineMs', 'the new deadline must be in the future');
  }
  if (input.newDeadlineMs > s.nowMs + policyDays(s.policy, CASE_LIMITS.maxDaysAhead)) {
    return invalid('newDeadlineMs', `the new deadline must be within ${CASE_LIMITS.maxDaysAhead} days`);
  }
  return textProblem('reason', input.reason, CASE_LIMITS.maxShortTextLength, 'an extension needs a reason');
}

const openReturnRequest = (c: Pick<Case, 'state'>): Review | undefined =>
  c.state.reviews.find((r) => r.reasonCode === 'RETURN_REQUESTED');

/** Actions every open stage accepts. */
export const caseWideActions: readonly ActionDefinition[] = [
  action(
    'addNote',
    (_s, input) => textProblem('text', input.text, CASE_LIMITS.maxNoteLength, 'a note needs text'),
    (c, input, nowMs) => {
      c.state.notes.push({ atMs: nowMs, actorId: input.actor.id, text: input.text });
      record(c, 'note_added', nowMs, input.actor);
      return undefined;
    },
  ),

  action('extendDeadline', deadlineExtensionProblem, (c, input, nowMs) => {
    const review = reviewForExtension({ ...c, nowMs }, input);
    setStageDeadline(c, input.newDeadlineMs);
    record(c, 'deadline_extended', nowMs, input.actor, { newDeadlineMs: input.newDeadlineMs, reason: input.reason });
    if (isReview(review)) resolveReview(c, review.id, 'deadline_extended', nowMs, input.actor, input.reason);
    return undefined;
  }),

  action(
    'dismissReview',
    (s, input) => {
      const review = findReview(s, input.reviewId);
      if (!review) return invalid('reviewId', `review ${String(input.reviewId)} is not open on this case`);
      if (review.reasonCode === 'RECORD_FAILED') {
        return conflict('this review closes by itself once the audit trail has been written');
      }
      if (review.assignee !== input.actor.role) {
        return conflict(`review ${review.id} (${review.reasonCode}) is for the ${review.assignee} to settle`);
      }
      return textProblem('reason', input.reason, CASE_LIMITS.maxShortTextLength, 'dismissing a review needs a reason');
    },
    (c, input, nowMs) => {
      const review = findReview(c, input.reviewId);
      resolveReview(c, input.reviewId, 'dismissed', nowMs, input.actor, input.reason);
      if (review?.reasonCode === 'RETURN_REQUESTED') {
        // Ids and codes only in messages: the reason is in the audit trail.
        notify(c, 'return_declined', coordinator(c), review.id, nowMs, { reviewId: review.id });
      }
      return undefined;
    },
  ),

  action(
    'requestReturn',
    (s, input) => {
      if (openReturnRequest(s)) return conflict('a return is already requested: the prosecutor decides');
      if (input.reviewId !== undefined && !findReview(s, input.reviewId)) {
        return invalid('reviewId', `review ${String(input.reviewId)} is not open on this case`);
      }
      return (
        textProblem(
          'reasonCode',
          input.reasonCode,
          CASE_LIMITS.maxShortTextLength,
          'a return request needs a reasonCode',
        ) ??
        (input.note === undefined
          ? undefined
          : textProblem('note', input.note, CASE_LIMITS.maxNoteLength, 'a note needs text'))
      );
    },
    (c, input, nowMs) => {
      record(c, 'return_requested', nowMs, input.actor, { reasonCode: input.reasonCode });
      if (input.reviewId !== undefined) resolveReview(c, input.reviewId, 'return_requested', nowMs, input.actor);
      openReview(
        c,
        'RETURN_REQUESTED',
        { kind: 'return', id: 'return' },
        nowMs,
        {
          requestedReasonCode: input.reasonCode,
          requestedBy: input.actor.id,
          ...(input.note ? { note: input.note } : {}),
        },
        'prosecutor',
      );
      return undefined;
    },
  ),

  action(
    'returnToProsecution',
    (_s, input) =>
      textProblem(
        'reasonCode',
        input.reasonCode,
        CASE_LIMITS.maxShortTextLength,
        'a return to prosecution needs a reasonCode',
      ) ??
      (input.note === undefined
        ? undefined
        : textProblem('note', input.note, CASE_LIMITS.maxNoteLength, 'a note needs text')),
    (c, input, nowMs) => {
      const requested = openReturnRequest(c);
      const note = input.note ?? (typeof requested?.details.note === 'string' ? requested.details.note : undefined);
      resolveReviews(c, isAbout('return'), 'returned_to_prosecution', nowMs, input.actor);
      return {
        to: 'CLOSED_RETURNED',
        event: 'returned_to_prosecution',
        actor: input.actor,
        details: { reasonCode: input.reasonCode },
        ...(note ? { note } : {}),
      };
    },
  ),

  action(
    'withdraw',
    (s, input) => {
      if (input.party === 'responsible_party') return undefined;
      if (input.party !== 'victim') return invalid('party', "party must be 'responsible_party' or 'victim'");
      const victim = s.state.victims.find((v) => v.victimId === input.victimId);
      if (!victim) return conflict(`victim ${String(input.victimId)} is not a victim of case ${s.referral.caseNumber}`);
      if (victim.withdrawn || victim.contactOnRequestOnly)
        return conflict(`victim ${victim.victimId} has already withdrawn`);
      return undefined;
    },
    (c, input, nowMs) => {
      if (input.party === 'responsible_party') {
        record(c, 'responsible_party_withdrew', nowMs, input.actor);
        return {
          to: 'CLOSED_RETURNED',
          event: 'returned_to_prosecution',
          actor: input.actor,
          details: { reasonCode: 'RESPONSIBLE_PARTY_WITHDREW' },
        };
      }
      return victimWithdrawal(c, input.victimId, input.actor, nowMs);
    },
  ),

  action(
    'reassignCoordinator',
    (s, input) => {
      const problem = textProblem('coordinatorId', input.coordinatorId, 200, 'coordinatorId is required');
      if (problem) return problem;
      if (input.coordinatorId === s.state.coordinatorId) {
        return conflict(`case ${s.referral.caseNumber} is already assigned to ${input.coordinatorId}`);
      }
      return textProblem('reason', input.reason, CASE_LIMITS.maxShortTextLength, 'a reassignment needs a reason');
    },
    (c, input, nowMs) => {
      const from = c.state.coordinatorId;
      c.state.coordinatorId = input.coordinatorId;
      record(c, 'coordinator_reassigned', nowMs, input.actor, { from, to: input.coordinatorId, reason: input.reason });
      notify(c, 'case_assigned', coordinator(c), `${c.state.eventSeq}`, nowMs, { from });
      return undefined;
    },
  ),
];

const BEFORE_AGREEMENT = ['SCREENING', 'PARTICIPANT_CONSENT', 'VICTIM_CONSENT', 'CONFERENCE'];

/**
 * A victim withdraws. After the agreement they leave the case. Before it, consent is asked again: the victim may
 * answer anew (or a surrogate step in), but is not contacted unless they ask.
 */
function victimWithdrawal(c: Case, victimId: string, actor: Actor, nowMs: number): StageChange | undefined {
  const victim = c.state.victims.find((v) => v.victimId === victimId);
  if (!victim) return undefined;
  if (!BEFORE_AGREEMENT.includes(c.state.stage)) {
    victim.withdrawn = true;
    record(c, 'victim_withdrew', nowMs, actor, { victimId });
    return undefined;
  }
  if (c.state.conference.atMs !== undefined) notifyConference(c, 'conference_cancelled', nowMs);
  delete victim.answer;
  delete victim.answeredAtMs;
  victim.contactOnRequestOnly = true;
  record(c, 'victim_withdrew', nowMs, actor, { victimId });
  if (c.policy.victimWithdrawalAction === 'review') {
    openReview(c, 'VICTIM_WITHDREW', { kind: 'victim', id: victimId }, nowMs);
    return undefined;
  }
  if (c.state.stage === 'CONFERENCE' || c.state.stage === 'VICTIM_CONSENT') {
    return { to: 'VICTIM_CONSENT', event: 'victim_consent_reopened', actor, details: { victimId } };
  }
  return undefined;
}

/** Timers every open stage keeps. */
export const caseWideTimers: Partial<Record<DueItemKind, Timer>> = {
  charging_alert: (c, item, nowMs) => {
    for (const p of [coordinator(c), prosecutor(c)]) {
      notify(
        c,
        'charging_deadline_alert',
        p,
        item.label,
        nowMs,
        {
          label: item.label,
          chargingDeadlineMs: c.referral.chargingDeadlineMs,
        },
        item.atMs,
      );
    }
  },
};

/**
 * A message was refused for good (bad address, opted-out number, provider refusal). The case never fails for it: the
 * failure is recorded and the coordinator gets a review about that message (an alert when the case is closed).
 */
export function deliveryFailed(c: Case, request: NotifyRequest, failureType: string, nowMs: number): void {
  const details = {
    messageKey: request.key,
    event: request.event,
    recipientId: request.recipient.id,
    recipientRole: request.recipient.role,
    failureType,
  };
  record(c, 'DELIVERY_FAILED', nowMs, undefined, details);
  const toCoordinator = request.recipient.role === 'coordinator';
  if (c.state.closedAtMs !== undefined) {
    if (!toCoordinator) notify(c, 'delivery_failed', coordinator(c), request.key, nowMs, details);
    return;
  }
  const { messageKey: _key, ...facts } = details;
  openReview(c, 'DELIVERY_FAILED', { kind: 'message', id: request.key }, nowMs, facts, 'coordinator', !toCoordinator);
}
