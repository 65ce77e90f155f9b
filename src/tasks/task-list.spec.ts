import type { CaseProjectionEntity } from '../cases/case-projection.entity';
import { buildTaskList } from './task-list';

const NOW = Date.UTC(2026, 10, 24, 12);
const HOUR = 3_600_000;

function projection(overrides: Partial<CaseProjectionEntity>): CaseProjectionEntity {
  return {
    caseNumber: 'C',
    stage: 'SCREENING',
    needsReview: false,
    reviewReason: null,
    reviewSince: null,
    reviewObligationId: null,
    stageDeadline: null,
    victims: [],
    conferenceAt: null,
    obligations: [],
    ...overrides,
  } as CaseProjectionEntity;
}

describe('buildTaskList', () => {
  it('puts open reviews first, then other overdue work, then the rest by due date', () => {
    const tasks = buildTaskList(
      [
        projection({ caseNumber: 'later', stage: 'AGREEMENT', stageDeadline: new Date(NOW + 5 * HOUR) }),
        projection({ caseNumber: 'sooner', stage: 'SCREENING', stageDeadline: new Date(NOW + HOUR) }),
        projection({
          caseNumber: 'review',
          stage: 'VICTIM_CONSENT',
          needsReview: true,
          reviewReason: 'VICTIM_ANSWER_OVERDUE',
          reviewSince: new Date(NOW - HOUR),
          victims: [{ victimId: 'v1', answer: 'decline', withdrawn: false }],
        }),
        projection({
          caseNumber: 'owing',
          stage: 'MONITORING',
          obligations: [
            { id: 'pay', type: 'restitution', dueMs: NOW - 2 * HOUR, completed: false },
            { id: 'done', type: 'education', dueMs: NOW - 3 * HOUR, completed: true },
          ],
        }),
      ],
      NOW,
    );

    expect(tasks.map((t) => [t.caseNumber, t.kind, t.overdue])).toEqual([
      ['review', 'resolve_review', true],
      ['owing', 'follow_up_overdue_obligation', true],
      ['sooner', 'decide_screening', false],
      ['later', 'record_agreement', false],
    ]);
    expect(tasks[1]).toMatchObject({ obligationId: 'pay', dueMs: NOW - 2 * HOUR });
  });

  it('asks for contact with each victim who has not answered and has not withdrawn', () => {
    const tasks = buildTaskList(
      [
        projection({
          stage: 'VICTIM_CONSENT',
          stageDeadline: new Date(NOW + HOUR),
          victims: [
            { victimId: 'v1', withdrawn: false },
            { victimId: 'v2', answer: 'participate', withdrawn: false },
            { victimId: 'v3', withdrawn: true },
          ],
        }),
      ],
      NOW,
    );
    expect(tasks).toEqual([
      { caseNumber: 'C', kind: 'contact_victim', dueMs: NOW + HOUR, overdue: false, victimId: 'v1' },
    ]);
  });

  it('asks to schedule a conference, and to record its outcome once it has started', () => {
    const unscheduled = buildTaskList([projection({ stage: 'CONFERENCE' })], NOW);
    const past = buildTaskList([projection({ stage: 'CONFERENCE', conferenceAt: new Date(NOW - HOUR) })], NOW);
    const future = buildTaskList([projection({ stage: 'CONFERENCE', conferenceAt: new Date(NOW + HOUR) })], NOW);

    expect(unscheduled.map((t) => t.kind)).toEqual(['schedule_conference']);
    expect(past.map((t) => t.kind)).toEqual(['record_conference_outcome']);
    expect(future).toEqual([]);
  });

  it('gives no coordinator task for a case waiting on the prosecutor or a closed case', () => {
    expect(
      buildTaskList([projection({ stage: 'CLOSURE_REVIEW' }), projection({ stage: 'CLOSED_RETURNED' })], NOW),
    ).toEqual([]);
  });
});
