import type { CaseProjectionSnapshot, CaseView } from '../../workflows/diversion-case/diversion-case.contract';
import { toObligationInput } from './case-action-table';
import { projectionFromSnapshot } from './case-projection.mapper';
import { toCaseResponse } from './dto/case-response.dto';

const T = Date.UTC(2026, 10, 24, 12);

function view(overrides: Partial<CaseView> = {}): CaseView {
  return {
    caseNumber: 'C-1',
    stage: 'MONITORING',
    coordinatorId: 'alice',
    prosecutorId: 'pat',
    offenceCategory: 'vandalism',
    policyVersion: 'v1',
    policyDayMs: 86_400_000,
    reviews: [],
    resolvedReviews: [],
    chargingDeadlineMs: T + 100_000,
    nextDeadlineMs: T + 5_000,
    eligibility: { eligible: true, reasons: [], overridable: false, explanations: [] },
    victims: [{ victimId: 'v1', answer: 'participate', answeredAtMs: T - 50, withdrawn: false }],
    conference: { rescheduleCount: 0, noShows: 0, sequence: 1, heldAtMs: T - 40 },
    agreements: [
      {
        version: 1,
        recordedAtMs: T - 30,
        recordedBy: 'alice',
        obligations: [
          {
            id: 'pay',
            type: 'restitution',
            amountCents: 10_000,
            payee: 'v1',
            dueMs: T + 5_000,
            originalDueMs: T + 5_000,
            extensions: 0,
            paidCents: 2_500,
            hoursLogged: 0,
            completed: false,
          },
          {
            id: 'serve',
            type: 'community_service',
            hours: 8,
            dueMs: T + 6_000,
            originalDueMs: T + 6_000,
            extensions: 0,
            paidCents: 0,
            hoursLogged: 3,
            completed: false,
          },
        ],
      },
    ],
    pendingActions: [
      {
        action: 'recordProgress',
        label: 'Record progress on obligation pay',
        roles: ['coordinator'],
        dueMs: T + 5_000,
      },
    ],
    acceptedActions: ['recordProgress', 'addNote'],
    stageEnteredAt: { SCREENING: T - 100, PARTICIPANT_CONSENT: T - 90, MONITORING: T - 30 },
    history: [
      { atMs: T - 100, type: 'case_referred', stageFrom: 'SCREENING', stageTo: 'SCREENING' },
      { atMs: T - 90, type: 'screening_accepted', stageFrom: 'SCREENING', stageTo: 'PARTICIPANT_CONSENT' },
      { atMs: T - 80, type: 'note_added', stageFrom: 'PARTICIPANT_CONSENT', stageTo: 'PARTICIPANT_CONSENT' },
      { atMs: T - 30, type: 'agreement_recorded', stageFrom: 'AGREEMENT', stageTo: 'MONITORING' },
    ],
    notes: [],
    dueItems: [
      { key: 'a', kind: 'obligation_reminder', atMs: T + 1_000 },
      { key: 'b', kind: 'obligation_overdue', atMs: T + 5_001 },
    ],
    eventCount: 4,
    unrecordedEvents: 0,
    run: 1,
    ...overrides,
  };
}

const REVIEW = {
  id: 'R1',
  reasonCode: 'OBLIGATION_OVERDUE',
  about: { kind: 'obligation', id: 'pay' },
  sinceMs: T,
  stage: 'MONITORING',
  assignee: 'coordinator',
  details: { dueMs: T - 1 },
} as const;

function snapshot(overrides: Partial<CaseProjectionSnapshot> = {}): CaseProjectionSnapshot {
  return {
    stage: 'MONITORING',
    coordinatorId: 'alice',
    prosecutorId: 'pat',
    offenceCategory: 'vandalism',
    policyDayMs: 1000,
    reviews: [],
    pendingActions: [],
    chargingDeadlineMs: T + 100_000,
    referralDateMs: T - 100,
    victims: [{ victimId: 'v1', answer: 'participate', withdrawn: false }],
    conferenceHeldAtMs: T - 40,
    obligations: [
      {
        id: 'pay',
        type: 'restitution',
        dueMs: T + 5_000,
        completed: false,
        amountCents: 10_000,
        paidCents: 2_500,
        hoursLogged: 0,
      },
      {
        id: 'serve',
        type: 'community_service',
        dueMs: T + 6_000,
        completed: false,
        paidCents: 0,
        hours: 8,
        hoursLogged: 3,
      },
    ],
    stageEnteredAt: { SCREENING: T - 100, MONITORING: T - 30 },
    eventCount: 4,
    ...overrides,
  };
}

describe('projectionFromSnapshot', () => {
  it('sums restitution ordered and paid and service hours from the current agreement', () => {
    expect(projectionFromSnapshot(snapshot())).toMatchObject({
      stage: 'MONITORING',
      coordinatorId: 'alice',
      policyDayMs: 1000,
      needsReview: false,
      restitutionOrderedCents: 10_000,
      restitutionPaidCents: 2_500,
      serviceHoursOrdered: 8,
      serviceHoursLogged: 3,
      eventCount: 4,
      conferenceHeldAt: new Date(T - 40),
      stageEnteredAt: { SCREENING: T - 100, MONITORING: T - 30 },
    });
  });

  it('keeps every open review, and needs review while any is open', () => {
    const second = { ...REVIEW, id: 'R2', about: { kind: 'obligation', id: 'serve' } } as const;
    const projected = projectionFromSnapshot(snapshot({ reviews: [REVIEW, second] }));
    expect(projected.needsReview).toBe(true);
    expect(projected.reviews.map((r) => r.id)).toEqual(['R1', 'R2']);
  });
});

describe('toCaseResponse', () => {
  it('gives ISO times, the current agreement and the deadlines a person acts on', () => {
    const response = toCaseResponse(view());
    expect(response.nextDeadline).toBe(new Date(T + 5_000).toISOString());
    expect(response.agreement?.obligations[0]).toEqual({
      id: 'pay',
      type: 'restitution',
      due: new Date(T + 5_000).toISOString(),
      amountCents: 10_000,
      payee: 'v1',
      paidCents: 2_500,
      hoursLogged: 0,
      extensions: 0,
      completed: false,
    });
    expect(response.deadlines).toEqual([{ kind: 'obligation_overdue', at: new Date(T + 5_001).toISOString() }]);
    expect(response).not.toHaveProperty('history');
    expect(response.pendingActions).toEqual([
      {
        action: 'recordProgress',
        label: 'Record progress on obligation pay',
        roles: ['coordinator'],
        due: new Date(T + 5_000).toISOString(),
      },
    ]);
  });

  it('lists every open review with what it is about', () => {
    const response = toCaseResponse(view({ reviews: [REVIEW] }));
    expect(response.reviews).toEqual([
      {
        id: 'R1',
        reasonCode: 'OBLIGATION_OVERDUE',
        about: { kind: 'obligation', id: 'pay' },
        since: new Date(T).toISOString(),
        stage: 'MONITORING',
        assignee: 'coordinator',
        details: { dueMs: T - 1 },
      },
    ]);
  });
});

describe('toObligationInput', () => {
  it('keeps only the fields of the obligation type and turns the due date into epoch ms', () => {
    expect(
      toObligationInput({ id: 'x', type: 'apology_letter', due: '2027-01-01T00:00:00Z', amountCents: 5, hours: 2 }),
    ).toEqual({ id: 'x', type: 'apology_letter', dueMs: Date.UTC(2027, 0, 1) });
    expect(toObligationInput({ id: 'h', type: 'community_service', due: '2027-01-01T00:00:00Z', hours: 2 })).toEqual({
      id: 'h',
      type: 'community_service',
      hours: 2,
      dueMs: Date.UTC(2027, 0, 1),
    });
  });
});
