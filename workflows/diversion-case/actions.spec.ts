import { initialState } from './case';
import { COORDINATOR, PROSECUTOR, sampleReferral } from './case.fixture';
import type { ActionName, CarriedCaseState, CaseStage, Referral } from './diversion-case.contract';
import { validateAction, type Rejection } from './lifecycle';
import { DAY_MS, DEFAULT_POLICY } from './policy';
import { requestFingerprint } from './fingerprint';
import type { ValidationState } from './stage-module';

const NOW = Date.UTC(2026, 2, 2, 18);
const base = { requestId: 'req-1', actor: COORDINATOR };
const referral: Referral = sampleReferral('C-1', NOW, 300);

function at(stage: CaseStage, change: (s: CarriedCaseState) => void = () => undefined): ValidationState {
  const state = initialState(referral, DEFAULT_POLICY, NOW);
  state.stage = stage;
  change(state);
  return { referral, policy: DEFAULT_POLICY, state, nowMs: NOW };
}

/** The rejection's message, or undefined when the action passes. */
function problem(s: ValidationState, name: ActionName, input: object): string | undefined {
  const result: Rejection | 'retry' | undefined = validateAction(s, name, input);
  return result === undefined || result === 'retry' ? undefined : result.message;
}

describe('action validation', () => {
  it('rejects anything on a closed case, naming the final stage', () => {
    for (const stage of ['CLOSED_COMPLETED', 'CLOSED_RETURNED'] as const) {
      expect(problem(at(stage), 'addNote', { ...base, text: 'hello' })).toBe(
        `case C-1 is closed (${stage}); nothing more can be recorded`,
      );
    }
  });

  it('passes a retry of an applied request, and refuses the same request id for a different request', () => {
    const note = { ...base, text: 'hello' };
    const s = at('SCREENING', (state) =>
      state.appliedRequests.push({ id: 'req-1', action: 'addNote', fingerprint: requestFingerprint('addNote', note) }),
    );
    expect(validateAction(s, 'addNote', note)).toBe('retry');
    expect(validateAction(s, 'addNote', { ...note, text: 'another note' })).toEqual({
      kind: 'request_reused',
      message:
        'the Idempotency-Key req-1 was already used for a different request on case C-1 (addNote); send a new key for a new request',
    });
    expect(validateAction(s, 'decideScreening', { ...base, decision: 'accept' })).toMatchObject({
      kind: 'request_reused',
    });
  });

  it('rejects a malformed actor or request id, naming the field', () => {
    expect(validateAction(at('SCREENING'), 'addNote', { ...base, requestId: '', text: 'x' })).toEqual({
      kind: 'invalid',
      field: 'requestId',
      message: 'requestId is required (at most 200 characters)',
    });
    expect(problem(at('SCREENING'), 'addNote', { ...base, actor: { id: 'x', role: 'judge' }, text: 'x' })).toBe(
      'actor.role must be one of coordinator, prosecutor, clerk, admin',
    );
  });

  it('takes the roles of every action from the one table: a prosecutor approves closure, a coordinator cannot', () => {
    expect(problem(at('CLOSURE_REVIEW'), 'approveClosure', { ...base, recommendation: 'dismissal' })).toBe(
      'a coordinator cannot do this; it needs a prosecutor',
    );
    const byProsecutor = { ...base, actor: PROSECUTOR, recommendation: 'dismissal' };
    expect(problem(at('CLOSURE_REVIEW'), 'approveClosure', byProsecutor)).toBeUndefined();
    expect(problem(at('MONITORING'), 'approveClosure', byProsecutor)).toBe(
      'cannot approve closure (every obligation must be complete first) while the case is in MONITORING (only in CLOSURE_REVIEW)',
    );
  });

  it('lets only the prosecutor return a case; the coordinator requests it', () => {
    expect(problem(at('MONITORING'), 'returnToProsecution', { ...base, reasonCode: 'X' })).toBe(
      'a coordinator cannot do this; it needs a prosecutor',
    );
    expect(problem(at('MONITORING'), 'requestReturn', { ...base, reasonCode: 'X' })).toBeUndefined();
    expect(problem(at('MONITORING'), 'returnToProsecution', { ...base, actor: PROSECUTOR, reasonCode: ' ' })).toBe(
      'a return to prosecution needs a reasonCode',
    );
  });

  it('blocks acceptance of an excluded case unless an override reason is given and allowed', () => {
    const excluded = (allowOverride: boolean): ValidationState => {
      const s = at('SCREENING', (state) => {
        state.eligibility = {
          eligible: false,
          reasons: ['EXCLUDED_OFFENCE_CATEGORY'],
          overridable: true,
          explanations: [],
        };
      });
      return { ...s, policy: { ...DEFAULT_POLICY, eligibility: { ...DEFAULT_POLICY.eligibility, allowOverride } } };
    };
    expect(validateAction(excluded(true), 'decideScreening', { ...base, decision: 'accept' })).toEqual({
      kind: 'invalid',
      field: 'overrideReason',
      message: 'the case is not eligible (EXCLUDED_OFFENCE_CATEGORY): accepting it needs an overrideReason',
    });
    const withReason = { ...base, decision: 'accept', overrideReason: 'victim asks' };
    expect(problem(excluded(true), 'decideScreening', withReason)).toBeUndefined();
    expect(problem(excluded(false), 'decideScreening', withReason)).toMatch(
      /the policy does not allow an override; decline it instead$/,
    );
    expect(
      problem(excluded(false), 'decideScreening', { ...base, decision: 'decline', reasonCode: 'X' }),
    ).toBeUndefined();
  });

  it('requires the responsible party to acknowledge responsibility to accept', () => {
    expect(problem(at('PARTICIPANT_CONSENT'), 'recordParticipantResponse', { ...base, response: 'accept' })).toBe(
      'the responsible party must acknowledge responsibility to take part (acknowledgesResponsibility: true)',
    );
  });

  it('rejects an unknown victim', () => {
    const unknown = { ...base, victimId: 'v-9', response: 'participate' };
    expect(problem(at('VICTIM_CONSENT'), 'recordVictimResponse', unknown)).toBe(
      'victim v-9 is not a victim of case C-1',
    );
    expect(problem(at('CONFERENCE'), 'withdraw', { ...base, party: 'victim', victimId: 'v-9' })).toBe(
      'victim v-9 is not a victim of case C-1',
    );
  });

  it('rejects an agreement before the conference is held, naming the stages that take one', () => {
    const obligations = [{ id: 'a', type: 'education', dueMs: NOW + DAY_MS }];
    expect(problem(at('CONFERENCE'), 'recordAgreement', { ...base, obligations })).toBe(
      'cannot record an agreement (the conference must be held first) while the case is in CONFERENCE (only in AGREEMENT or MONITORING)',
    );
  });

  it('names the missing field of a conference: a location to schedule one, a reason code to move it', () => {
    expect(validateAction(at('CONFERENCE'), 'scheduleConference', { ...base, atMs: NOW + DAY_MS })).toEqual({
      kind: 'invalid',
      field: 'location',
      message: 'location is required to schedule a conference',
    });
    expect(problem(at('CONFERENCE'), 'scheduleConference', { ...base, atMs: NOW - 1, location: 'room' })).toBe(
      'the conference must be scheduled in the future',
    );
    const scheduled = at('CONFERENCE', (s) => (s.conference.atMs = NOW + DAY_MS));
    expect(validateAction(scheduled, 'scheduleConference', { ...base, atMs: NOW + 2 * DAY_MS })).toEqual({
      kind: 'invalid',
      field: 'reasonCode',
      message: 'a reschedule needs a reasonCode',
    });
    expect(problem(at('CONFERENCE'), 'rescheduleConference', { ...base, atMs: NOW + DAY_MS, reasonCode: 'X' })).toBe(
      'no conference is scheduled; schedule one first',
    );
    expect(problem(scheduled, 'recordConferenceOutcome', { ...base, outcome: 'held' })).toMatch(
      /its outcome can be recorded once it has started$/,
    );
    expect(problem(scheduled, 'recordConferenceOutcome', { ...base, outcome: 'cancelled' })).toBeUndefined();
  });

  it('rejects progress on an unknown obligation and amounts beyond the bounds', () => {
    expect(problem(at('MONITORING'), 'recordProgress', { ...base, obligationId: 'ghost', completed: true })).toBe(
      'obligation ghost is not in the current agreement',
    );
    const huge = [
      { id: 'pay', type: 'restitution', amountCents: 2_147_483_648, payee: 'community', dueMs: NOW + DAY_MS },
    ];
    expect(problem(at('AGREEMENT'), 'recordAgreement', { ...base, obligations: huge })).toBe(
      'obligation pay: restitution amountCents must be a whole number of cents from 1 to 100000000',
    );
    const endless = [{ id: 'cs', type: 'community_service', hours: 1e308, dueMs: NOW + DAY_MS }];
    expect(problem(at('AGREEMENT'), 'recordAgreement', { ...base, obligations: endless })).toBe(
      'obligation cs: community service hours must be a positive number of at most 10000',
    );
  });

  it('sends an overdue-obligation review to extendObligation rather than extendDeadline', () => {
    const s = at('MONITORING', (state) => {
      state.reviews.push({
        id: 'R1',
        reasonCode: 'OBLIGATION_OVERDUE',
        about: { kind: 'obligation', id: 'a' },
        sinceMs: NOW,
        stage: 'MONITORING',
        assignee: 'coordinator',
        details: {},
      });
    });
    expect(problem(s, 'extendDeadline', { ...base, newDeadlineMs: NOW + DAY_MS, reason: 'x', reviewId: 'R1' })).toBe(
      'this review is about an overdue obligation: extend the obligation (extendObligation) instead',
    );
  });

  it('lets nobody but the assignee dismiss a review, and never a clerk act', () => {
    const s = at('MONITORING', (state) => {
      state.reviews.push({
        id: 'R1',
        reasonCode: 'RETURN_REQUESTED',
        about: { kind: 'return', id: 'return' },
        sinceMs: NOW,
        stage: 'MONITORING',
        assignee: 'prosecutor',
        details: {},
      });
    });
    expect(problem(s, 'dismissReview', { ...base, reviewId: 'R1', reason: 'no' })).toBe(
      'review R1 (RETURN_REQUESTED) is for the prosecutor to settle',
    );
    expect(
      problem(s, 'dismissReview', { ...base, actor: PROSECUTOR, reviewId: 'R1', reason: 'keep going' }),
    ).toBeUndefined();
    expect(problem(s, 'addNote', { ...base, actor: { id: 'clerk-1', role: 'clerk' }, text: 'x' })).toBe(
      'a clerk cannot do this; it needs a coordinator',
    );
  });

  it('refuses reassigning a case to the coordinator it already has', () => {
    const admin = { id: 'ada', role: 'admin' as const };
    expect(
      problem(at('MONITORING'), 'reassignCoordinator', {
        ...base,
        actor: admin,
        coordinatorId: 'coord-1',
        reason: 'x',
      }),
    ).toBe('case C-1 is already assigned to coord-1');
    expect(
      problem(at('MONITORING'), 'reassignCoordinator', {
        ...base,
        actor: admin,
        coordinatorId: 'bruno',
        reason: 'leave',
      }),
    ).toBeUndefined();
  });
});
