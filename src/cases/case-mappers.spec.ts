import type { CaseView } from '../../workflows/diversion-case/diversion-case.contract';
import { toObligationInput } from './case-actions.controller';
import { projectionFromView, stageEntryTimes } from './case-projection.mapper';
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
    pendingActions: ['recordProgress'],
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
    run: 1,
    ...overrides,
  };
}

describe('projectionFromView', () => {
  it('sums restitution ordered and paid and service hours from the current agreement', () => {
    expect(projectionFromView(view())).toMatchObject({
      stage: 'MONITORING',
      needsReview: false,
      restitutionOrderedCents: 10_000,
      restitutionPaidCents: 2_500,
      serviceHoursOrdered: 8,
      serviceHoursLogged: 3,
      obligations: [
        { id: 'pay', type: 'restitution', dueMs: T + 5_000, completed: false },
        { id: 'serve', type: 'community_service', dueMs: T + 6_000, completed: false },
      ],
      eventCount: 4,
      conferenceHeldAt: new Date(T - 40),
    });
  });

  it('carries an open review with its reason and start', () => {
    const projected = projectionFromView(
      view({ review: { reasonCode: 'OBLIGATION_OVERDUE', sinceMs: T, stage: 'MONITORING', obligationId: 'pay' } }),
    );
    expect(projected).toMatchObject({
      needsReview: true,
      reviewReason: 'OBLIGATION_OVERDUE',
      reviewSince: new Date(T),
      reviewObligationId: 'pay',
    });
  });
});

describe('stageEntryTimes', () => {
  it('records when each stage was entered, starting with the referral', () => {
    expect(stageEntryTimes(view())).toEqual({ SCREENING: T - 100, PARTICIPANT_CONSENT: T - 90, MONITORING: T - 30 });
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
