import type { CaseProjectionSnapshot } from '../../workflows/diversion-case/diversion-case.contract';
import type { CaseProjectionEntity } from './case-projection.entity';

/** The projection columns that follow the live case (everything but referral facts and the create request). */
export type ProjectedState = Pick<
  CaseProjectionEntity,
  | 'stage'
  | 'coordinatorId'
  | 'policyDayMs'
  | 'needsReview'
  | 'reviews'
  | 'pendingActions'
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
  | 'view'
>;

const date = (ms: number | undefined): Date | null => (ms === undefined ? null : new Date(ms));

const sum = (values: readonly (number | undefined)[]): number => values.reduce<number>((t, v) => t + (v ?? 0), 0);

/** Maps the snapshot the workflow sends with its events to the projection's columns. */
export function projectionFromSnapshot(snapshot: CaseProjectionSnapshot): ProjectedState {
  const { obligations } = snapshot;
  return {
    stage: snapshot.stage,
    coordinatorId: snapshot.coordinatorId,
    policyDayMs: snapshot.policyDayMs,
    needsReview: snapshot.reviews.length > 0,
    reviews: snapshot.reviews,
    pendingActions: snapshot.pendingActions,
    nextDeadline: date(snapshot.nextDeadlineMs),
    stageDeadline: date(snapshot.stageDeadlineMs),
    participantResponse: snapshot.participantResponse ?? null,
    victims: snapshot.victims,
    conferenceAt: date(snapshot.conferenceAtMs),
    conferenceHeldAt: date(snapshot.conferenceHeldAtMs),
    obligations,
    restitutionOrderedCents: sum(obligations.map((o) => o.amountCents)),
    restitutionPaidCents: sum(obligations.map((o) => o.paidCents)),
    serviceHoursOrdered: sum(obligations.map((o) => o.hours)),
    serviceHoursLogged: sum(obligations.map((o) => o.hoursLogged)),
    stageEnteredAt: snapshot.stageEnteredAt,
    closedAt: date(snapshot.closedAtMs),
    closeReason: snapshot.closeReasonCode ?? null,
    eventCount: snapshot.eventCount,
    view: snapshot.view ?? null,
  };
}
