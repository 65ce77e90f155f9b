import type { PendingAction, Review } from '../../workflows/diversion-case/diversion-case.contract';
import { buildTaskList, type TaskSource } from './task-list';

const NOW = Date.UTC(2026, 10, 24, 12);
const HOUR = 3_600_000;

const source = (overrides: Partial<TaskSource>): TaskSource => ({
  caseNumber: 'C',
  stage: 'SCREENING',
  reviews: [],
  pendingActions: [],
  ...overrides,
});

const review = (id: string, overrides: Partial<Review> = {}): Review => ({
  id,
  reasonCode: 'VICTIM_ANSWER_OVERDUE',
  about: { kind: 'deadline', id: 'VICTIM_CONSENT' },
  sinceMs: NOW - HOUR,
  stage: 'VICTIM_CONSENT',
  assignee: 'coordinator',
  details: {},
  ...overrides,
});

const waiting = (action: PendingAction['action'], overrides: Partial<PendingAction> = {}): PendingAction => ({
  action,
  label: action,
  roles: action === 'approveClosure' ? ['prosecutor'] : ['coordinator'],
  ...overrides,
});

describe('buildTaskList', () => {
  it('puts open reviews first, then other overdue work, then the rest by due date', () => {
    const tasks = buildTaskList(
      [
        source({ caseNumber: 'later', pendingActions: [waiting('recordAgreement', { dueMs: NOW + 5 * HOUR })] }),
        source({ caseNumber: 'sooner', pendingActions: [waiting('decideScreening', { dueMs: NOW + HOUR })] }),
        source({ caseNumber: 'review', reviews: [review('R1')] }),
        source({
          caseNumber: 'owing',
          pendingActions: [
            waiting('recordProgress', { about: { kind: 'obligation', id: 'pay' }, dueMs: NOW - 2 * HOUR }),
          ],
        }),
      ],
      'coordinator',
      NOW,
    );

    expect(tasks.map((t) => [t.caseNumber, t.kind, t.overdue])).toEqual([
      ['review', 'resolve_review', true],
      ['owing', 'recordProgress', true],
      ['sooner', 'decideScreening', false],
      ['later', 'recordAgreement', false],
    ]);
    expect(tasks[0]).toMatchObject({ reviewId: 'R1', reasonCode: 'VICTIM_ANSWER_OVERDUE' });
    expect(tasks[1]).toMatchObject({ about: { kind: 'obligation', id: 'pay' }, dueMs: NOW - 2 * HOUR });
  });

  it('lists every open review of a case, each once', () => {
    const tasks = buildTaskList(
      [
        source({
          reviews: [
            review('R1', { reasonCode: 'OBLIGATION_OVERDUE', about: { kind: 'obligation', id: 'pay' } }),
            review('R2', { reasonCode: 'OBLIGATION_OVERDUE', about: { kind: 'obligation', id: 'serve' } }),
          ],
          // The reviews already ask for these: no second task each.
          pendingActions: [
            waiting('recordProgress', { about: { kind: 'obligation', id: 'pay' }, dueMs: NOW - HOUR }),
            waiting('recordProgress', { about: { kind: 'obligation', id: 'serve' }, dueMs: NOW - HOUR }),
          ],
        }),
      ],
      'coordinator',
      NOW,
    );
    expect(tasks.map((t) => [t.kind, t.reviewId])).toEqual([
      ['resolve_review', 'R1'],
      ['resolve_review', 'R2'],
    ]);
  });

  it('lists an action only from the moment it belongs on the list (a conference outcome once it has started)', () => {
    const outcome = waiting('recordConferenceOutcome', { dueMs: NOW + HOUR, listFromMs: NOW + HOUR });
    expect(buildTaskList([source({ pendingActions: [outcome] })], 'coordinator', NOW)).toEqual([]);
    expect(
      buildTaskList([source({ pendingActions: [outcome] })], 'coordinator', NOW + 2 * HOUR).map((t) => t.kind),
    ).toEqual(['recordConferenceOutcome']);
  });

  it('gives the prosecutor the return requests and closures, and the coordinator neither', () => {
    const cases = [
      source({
        caseNumber: 'asked',
        reviews: [
          review('R3', { reasonCode: 'RETURN_REQUESTED', assignee: 'prosecutor', about: { kind: 'return', id: 'R3' } }),
        ],
      }),
      source({ caseNumber: 'done', stage: 'CLOSURE_REVIEW', pendingActions: [waiting('approveClosure')] }),
    ];
    expect(buildTaskList(cases, 'coordinator', NOW)).toEqual([]);
    expect(buildTaskList(cases, 'prosecutor', NOW).map((t) => [t.caseNumber, t.kind])).toEqual([
      ['asked', 'resolve_review'],
      ['done', 'approveClosure'],
    ]);
  });
});
