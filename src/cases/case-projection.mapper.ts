import type { CaseStage, CaseView } from '../../workflows/diversion-case/diversion-case.contract';
import type { CaseProjectionEntity } from './case-projection.entity';

/** The projection columns that follow the workflow's live view (everything but referral facts and assignment). */
export type ProjectedState = Pick<
  CaseProjectionEntity,
  | 'stage'
  | 'needsReview'
  | 'reviewReason'
  | 'reviewSince'
  | 'reviewObligationId'
  | 'nextDeadline'
  | 'stageDeadline'
  | 'participantResponse'
  | 'victims'
  | 'conferenceAt'
  | 'conferenceHeldAt'
  | 'obligations'
  | 'restitutionOrderedCents'
  | 'restitutionPaidCents'
  | 'serviceHoursOrdered'
  | 'serviceHoursLogged'
  | 'stageEnteredAt'
  | 'closedAt'
  | 'closeReason'
  | 'eventCount'
>;

const date = (ms: number | undefined): Date | null => (ms === undefined ? null : new Date(ms));

/** Maps the workflow's `getCase` view to the projection's columns. */
export function projectionFromView(view: CaseView): ProjectedState {
  const agreement = view.agreements.at(-1);
  const obligations = agreement?.obligations ?? [];
  let restitutionOrderedCents = 0;
  let serviceHoursOrdered = 0;
  for (const o of obligations) {
    if (o.type === 'restitution') restitutionOrderedCents += o.amountCents;
    if (o.type === 'community_service') serviceHoursOrdered += o.hours;
  }
  return {
    stage: view.stage,
    needsReview: view.review !== undefined,
    reviewReason: view.review?.reasonCode ?? null,
    reviewSince: date(view.review?.sinceMs),
    reviewObligationId: view.review?.obligationId ?? null,
    nextDeadline: date(view.nextDeadlineMs),
    stageDeadline: date(view.stageDeadlineMs),
    participantResponse: view.participantResponse?.response ?? null,
    victims: view.victims.map((v) => ({
      victimId: v.victimId,
      ...(v.answer ? { answer: v.answer } : {}),
      withdrawn: v.withdrawn,
    })),
    conferenceAt: date(view.conference.atMs),
    conferenceHeldAt: date(view.conference.heldAtMs),
    obligations: obligations.map((o) => ({ id: o.id, type: o.type, dueMs: o.dueMs, completed: o.completed })),
    restitutionOrderedCents,
    restitutionPaidCents: obligations.reduce((sum, o) => sum + o.paidCents, 0),
    serviceHoursOrdered,
    serviceHoursLogged: obligations.reduce((sum, o) => sum + o.hoursLogged, 0),
    stageEnteredAt: stageEntryTimes(view),
    closedAt: date(view.closedAtMs),
    closeReason: view.closeReasonCode ?? null,
    eventCount: view.history.length,
  };
}

/** When each stage was last entered: the case start for SCREENING, then every stage-changing history entry. */
export function stageEntryTimes(view: Pick<CaseView, 'history'>): Partial<Record<CaseStage, number>> {
  const entered: Partial<Record<CaseStage, number>> = {};
  const first = view.history[0];
  if (first) entered[first.stageFrom] = first.atMs;
  for (const entry of view.history) {
    if (entry.stageTo !== entry.stageFrom) entered[entry.stageTo] = entry.atMs;
  }
  return entered;
}
