import {
  agreementTotals,
  allObligationsComplete,
  amendedObligations,
  applyExtension,
  applyProgress,
  extensionProblem,
  maxPlanEndMs,
  newObligations,
  obligationsProblem,
  planWindowEndMs,
  progressProblem,
} from './agreement';
import type { ObligationInput, ObligationState, ProgressRecord } from './diversion-case.contract';
import { DAY_MS, DEFAULT_POLICY } from './policy';

const START = Date.UTC(2026, 0, 5, 17);
const context = { planStartMs: START, nowMs: START, victimIds: ['v-1'] };
const actor = { id: 'coord-1', role: 'coordinator' as const };
const progress = (p: Partial<ProgressRecord>): ProgressRecord => ({ requestId: 'r', actor, obligationId: 'x', ...p });

function obligation(input: ObligationInput): ObligationState {
  return newObligations([input])[0]!;
}

describe('obligationsProblem', () => {
  it('accepts typed obligations due inside the plan window', () => {
    const obligations: ObligationInput[] = [
      { id: 'pay', type: 'restitution', amountCents: 10_000, payee: 'v-1', dueMs: START + 30 * DAY_MS },
      { id: 'fund', type: 'restitution', amountCents: 500, payee: 'community', dueMs: START + 30 * DAY_MS },
      { id: 'hours', type: 'community_service', hours: 12.5, dueMs: planWindowEndMs(DEFAULT_POLICY, START) },
      { id: 'other', type: 'other', description: 'repaint the fence', dueMs: START + DAY_MS },
    ];
    expect(obligationsProblem(DEFAULT_POLICY, obligations, context)).toBeUndefined();
  });

  it.each<[string, ObligationInput[], string]>([
    ['no obligations', [], 'an agreement needs at least one obligation'],
    [
      'a duplicate id',
      [
        { id: 'a', type: 'education', dueMs: START + DAY_MS },
        { id: 'a', type: 'counseling', dueMs: START + DAY_MS },
      ],
      'obligation id a is used twice',
    ],
    [
      'a due date in the past',
      [{ id: 'a', type: 'education', dueMs: START - 1 }],
      'obligation a: the due date is in the past',
    ],
    [
      'a negative restitution amount',
      [{ id: 'a', type: 'restitution', amountCents: -100, payee: 'v-1', dueMs: START + DAY_MS }],
      'obligation a: restitution amountCents must be a whole number of cents from 1 to 100000000',
    ],
    [
      'fractional cents',
      [{ id: 'a', type: 'restitution', amountCents: 10.5, payee: 'v-1', dueMs: START + DAY_MS }],
      'obligation a: restitution amountCents must be a whole number of cents from 1 to 100000000',
    ],
    [
      'an unknown payee',
      [{ id: 'a', type: 'restitution', amountCents: 100, payee: 'v-9', dueMs: START + DAY_MS }],
      "obligation a: payee 'v-9' is neither a victim of this case nor 'community'",
    ],
    [
      'zero service hours',
      [{ id: 'a', type: 'community_service', hours: 0, dueMs: START + DAY_MS }],
      'obligation a: community service hours must be a positive number of at most 10000',
    ],
    [
      'an other obligation without description',
      [{ id: 'a', type: 'other', description: ' ', dueMs: START + DAY_MS }],
      "obligation a: an 'other' obligation needs a description",
    ],
  ])('rejects %s', (_name, obligations, message) => {
    expect(obligationsProblem(DEFAULT_POLICY, obligations, context)).toBe(message);
  });

  it('rejects a due date one millisecond past the plan window, naming the window', () => {
    const dueMs = planWindowEndMs(DEFAULT_POLICY, START) + 1;
    expect(obligationsProblem(DEFAULT_POLICY, [{ id: 'a', type: 'education', dueMs }], context)).toMatch(
      /^obligation a: the due date is outside the 183-day plan window/,
    );
  });
});

describe('progress', () => {
  const pay = obligation({ id: 'x', type: 'restitution', amountCents: 1_000, payee: 'v-1', dueMs: START + DAY_MS });
  const service = obligation({ id: 'x', type: 'community_service', hours: 10, dueMs: START + DAY_MS });
  const letter = obligation({ id: 'x', type: 'apology_letter', dueMs: START + DAY_MS });

  it('accumulates restitution instalments and completes when the amount is reached', () => {
    const partly = applyProgress(pay, progress({ amountCents: 400 }), START);
    expect(partly).toMatchObject({ paidCents: 400, completed: false });
    const done = applyProgress(partly, progress({ amountCents: 600 }), START + 5);
    expect(done).toMatchObject({ paidCents: 1_000, completed: true, completedAtMs: START + 5 });
  });

  it('refuses a payment beyond what is owed, a negative payment and hours on restitution', () => {
    const partly = applyProgress(pay, progress({ amountCents: 400 }), START);
    expect(progressProblem(partly, progress({ amountCents: 601 }))).toBe(
      'a payment of 601 cents would exceed the 600 cents still owed',
    );
    expect(progressProblem(partly, progress({ amountCents: -1 }))).toBe(
      'amountCents must be a positive whole number of cents',
    );
    expect(progressProblem(partly, progress({ hours: 2 }))).toBe(
      'obligation x is restitution: record a payment with amountCents',
    );
  });

  it('accumulates service hours over several entries and completes at the ordered hours', () => {
    let state = service;
    for (const hours of [4, 3.5, 2]) state = applyProgress(state, progress({ hours }), START);
    expect(state).toMatchObject({ hoursLogged: 9.5, completed: false });
    state = applyProgress(state, progress({ hours: 0.5 }), START);
    expect(state).toMatchObject({ hoursLogged: 10, completed: true });
    expect(progressProblem(state, progress({ hours: 1 }))).toBe('obligation x is already complete');
    expect(progressProblem(service, progress({ hours: 25 }))).toBe(
      'hours must be a positive number of at most 24 per entry',
    );
  });

  it('completes an obligation without a ledger only with completed: true', () => {
    expect(progressProblem(letter, progress({ amountCents: 5 }))).toBe(
      'obligation x has no ledger: record it with completed: true',
    );
    expect(applyProgress(letter, progress({ completed: true }), START).completed).toBe(true);
  });
});

describe('extensions', () => {
  const letter = obligation({ id: 'x', type: 'apology_letter', dueMs: START + 30 * DAY_MS });
  const ext = (newDueMs: number) => ({ requestId: 'r', actor, obligationId: 'x', newDueMs, reason: 'illness' });

  it('allows one extension per obligation within the maximum plan length', () => {
    expect(extensionProblem(DEFAULT_POLICY, letter, ext(START + 60 * DAY_MS), START)).toBeUndefined();
    const extended = applyExtension(letter, START + 60 * DAY_MS);
    expect(extended).toMatchObject({ dueMs: START + 60 * DAY_MS, originalDueMs: START + 30 * DAY_MS, extensions: 1 });
    expect(extensionProblem(DEFAULT_POLICY, extended, ext(START + 90 * DAY_MS), START)).toBe(
      'obligation x has already had 1 extension(s); the policy allows 1',
    );
  });

  it('refuses an earlier date and a date beyond the maximum plan length', () => {
    expect(extensionProblem(DEFAULT_POLICY, letter, ext(START + 10 * DAY_MS), START)).toBe(
      'the new due date must be later than the current one',
    );
    expect(extensionProblem(DEFAULT_POLICY, letter, ext(maxPlanEndMs(DEFAULT_POLICY, START) + 1), START)).toMatch(
      /^the new due date is beyond the 365-day maximum plan length/,
    );
  });
});

describe('amendments', () => {
  it('keeps the ledger of an obligation that keeps its id and type, and starts new ones fresh', () => {
    const paid = applyProgress(
      obligation({ id: 'pay', type: 'restitution', amountCents: 1_000, payee: 'v-1', dueMs: START + DAY_MS }),
      progress({ amountCents: 700 }),
      START,
    );
    const amended = amendedObligations(
      [paid],
      [
        { id: 'pay', type: 'restitution', amountCents: 700, payee: 'v-1', dueMs: START + 9 * DAY_MS },
        { id: 'class', type: 'education', dueMs: START + 9 * DAY_MS },
      ],
      START + 2,
    );
    expect(amended.map((o) => [o.id, o.paidCents, o.completed])).toEqual([
      ['pay', 700, true],
      ['class', 0, false],
    ]);
    expect(allObligationsComplete({ version: 2, recordedAtMs: 0, recordedBy: 'c', obligations: amended })).toBe(false);
    expect(agreementTotals({ version: 2, recordedAtMs: 0, recordedBy: 'c', obligations: amended })).toEqual({
      restitutionOrderedCents: 700,
      restitutionPaidCents: 700,
      serviceHoursOrdered: 0,
      serviceHoursLogged: 0,
    });
  });
});
