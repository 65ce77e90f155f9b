import { currentAgreement } from './agreement';
import { nextDeadlineMs, type Case } from './case';
import type { CaseProjectionSnapshot, CaseStage, CaseView, PendingAction } from './diversion-case.contract';
import { acceptedActions } from './lifecycle';
import { pending } from './stage-module';
import { STAGES } from './stages';

/** What the case waits for people to do now, as its stage says, and the prosecutor's decision on a return request. */
export function pendingActions(c: Case, nowMs: number): PendingAction[] {
  const decisions = c.state.reviews
    .filter((r) => r.reasonCode === 'RETURN_REQUESTED')
    .map((r) =>
      pending('returnToProsecution', 'Decide the return request: return the case to prosecution or decline it', {
        about: r.about,
        reviewId: r.id,
      }),
    );
  return [...STAGES[c.state.stage].pending(c, nowMs), ...decisions];
}

export function caseView(c: Case, nowMs: number): CaseView {
  const s = c.state;
  return {
    caseNumber: c.referral.caseNumber,
    stage: s.stage,
    coordinatorId: s.coordinatorId,
    prosecutorId: c.referral.prosecutorId,
    offenceCategory: c.referral.offence.category,
    policyVersion: c.policy.version,
    policyDayMs: c.policy.dayMs,
    reviews: s.reviews,
    resolvedReviews: s.resolvedReviews,
    stageDeadlineMs: s.stageDeadlineMs,
    chargingDeadlineMs: c.referral.chargingDeadlineMs,
    nextDeadlineMs: nextDeadlineMs(c),
    eligibility: s.eligibility,
    participantResponse: s.participantResponse,
    victims: s.victims,
    conference: s.conference,
    agreements: s.agreements,
    pendingActions: pendingActions(c, nowMs),
    acceptedActions: acceptedActions(c),
    stageEnteredAt: s.stageEnteredAt,
    history: s.history,
    notes: s.notes,
    dueItems: [...s.dueItems]
      .sort((a, b) => a.atMs - b.atMs || (a.key < b.key ? -1 : 1))
      .map(({ key, kind, atMs }) => ({ key, kind, atMs })),
    eventCount: s.eventSeq,
    unrecordedEvents: s.unrecorded.length,
    closedAtMs: s.closedAtMs,
    closeReasonCode: s.closeReasonCode,
    run: s.run,
  };
}

/** The projection row as the case stands now: what lists, task lists and reports read. */
export function projectionSnapshot(c: Case, nowMs: number): CaseProjectionSnapshot {
  const s = c.state;
  const view = caseView(c, nowMs);
  return {
    stage: s.stage,
    coordinatorId: s.coordinatorId,
    prosecutorId: c.referral.prosecutorId,
    offenceCategory: c.referral.offence.category,
    policyDayMs: c.policy.dayMs,
    reviews: s.reviews,
    pendingActions: view.pendingActions,
    nextDeadlineMs: view.nextDeadlineMs,
    stageDeadlineMs: s.stageDeadlineMs,
    chargingDeadlineMs: c.referral.chargingDeadlineMs,
    referralDateMs: c.referral.referralDateMs,
    participantResponse: s.participantResponse?.response,
    victims: s.victims.map((v) => ({
      victimId: v.victimId,
      ...(v.answer ? { answer: v.answer } : {}),
      withdrawn: v.withdrawn,
    })),
    conferenceAtMs: s.conference.atMs,
    conferenceHeldAtMs: s.conference.heldAtMs,
    obligations: (currentAgreement(s.agreements)?.obligations ?? []).map((o) => ({
      id: o.id,
      type: o.type,
      dueMs: o.dueMs,
      completed: o.completed,
      ...(o.type === 'restitution' ? { amountCents: o.amountCents } : {}),
      paidCents: o.paidCents,
      ...(o.type === 'community_service' ? { hours: o.hours } : {}),
      hoursLogged: o.hoursLogged,
    })),
    stageEnteredAt: s.stageEnteredAt,
    closedAtMs: s.closedAtMs,
    closeReasonCode: s.closeReasonCode,
    eventCount: s.eventSeq,
    view: { ...view, history: [] },
  };
}

export function searchAttributeValues(c: Case): {
  stage: CaseStage;
  coordinatorId: string;
  needsReview: boolean;
  nextDeadlineMs?: number;
} {
  return {
    stage: c.state.stage,
    coordinatorId: c.state.coordinatorId,
    needsReview: c.state.reviews.length > 0,
    nextDeadlineMs: nextDeadlineMs(c),
  };
}
