import { initialState } from './case-transitions';
import type { Actor, CarriedCaseState, CaseStage, Referral } from './diversion-case.contract';
import { sampleReferral } from './referral.fixture';
import { DAY_MS, DEFAULT_POLICY } from './policy';
import {
  validateAgreement,
  validateClosureApproval,
  validateConferenceOutcome,
  validateDeadlineExtension,
  validateNote,
  validateParticipantResponse,
  validateProgress,
  validateRescheduleConference,
  validateReturn,
  validateScheduleConference,
  validateScreening,
  validateVictimResponse,
  validateWithdrawal,
  type ValidationState,
} from './validators';

const NOW = Date.UTC(2026, 2, 2, 18);
const coordinator: Actor = { id: 'coord-1', role: 'coordinator' };
const prosecutor: Actor = { id: 'pros-1', role: 'prosecutor' };
const base = { requestId: 'req-1', actor: coordinator };

const referral: Referral = sampleReferral('C-1', NOW, 300);

function at(stage: CaseStage, change: (s: CarriedCaseState) => void = () => undefined): ValidationState {
  const state = initialState(referral, DEFAULT_POLICY, NOW);
  state.stage = stage;
  change(state);
  return { referral, policy: DEFAULT_POLICY, state, nowMs: NOW };
}

describe('validators', () => {
  it('reject anything on a closed case, naming the final stage', () => {
    for (const stage of ['CLOSED_COMPLETED', 'CLOSED_RETURNED'] as const) {
      expect(validateNote(at(stage), { ...base, text: 'hello' })).toBe(
        `case C-1 is closed (${stage}); nothing more can be recorded`,
      );
    }
  });

  it('pass a retry of an already applied request id whatever the stage', () => {
    const s = at('CLOSED_COMPLETED', (state) => state.appliedRequestIds.push('req-1'));
    expect(validateNote(s, { ...base, text: 'hello' })).toBeUndefined();
  });

  it('reject a malformed actor or request id', () => {
    expect(validateNote(at('SCREENING'), { ...base, requestId: '', text: 'x' })).toBe('requestId is required');
    expect(validateNote(at('SCREENING'), { ...base, actor: { id: 'x', role: 'judge' as never }, text: 'x' })).toBe(
      'actor.role must be one of coordinator, prosecutor, admin, clerk',
    );
  });

  it('require a prosecutor to approve closure', () => {
    expect(validateClosureApproval(at('CLOSURE_REVIEW'), { ...base, recommendation: 'dismissal' })).toBe(
      'a coordinator cannot do this; it needs a prosecutor',
    );
    expect(
      validateClosureApproval(at('CLOSURE_REVIEW'), { ...base, actor: prosecutor, recommendation: 'dismissal' }),
    ).toBeUndefined();
    expect(validateClosureApproval(at('MONITORING'), { ...base, actor: prosecutor, recommendation: 'dismissal' })).toBe(
      'cannot approve closure (every obligation must be complete first) while the case is in MONITORING (only in CLOSURE_REVIEW)',
    );
  });

  it('block acceptance of an excluded case unless an override reason is given and allowed', () => {
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
    expect(validateScreening(excluded(true), { ...base, decision: 'accept' })).toBe(
      'the case is not eligible (EXCLUDED_OFFENCE_CATEGORY): accepting it needs an overrideReason',
    );
    expect(
      validateScreening(excluded(true), { ...base, decision: 'accept', overrideReason: 'victim asks' }),
    ).toBeUndefined();
    expect(validateScreening(excluded(false), { ...base, decision: 'accept', overrideReason: 'victim asks' })).toMatch(
      /the policy does not allow an override; decline it instead$/,
    );
    expect(
      validateScreening(excluded(false), { ...base, decision: 'decline', reasonCode: 'EXCLUDED' }),
    ).toBeUndefined();
  });

  it('require the responsible party to acknowledge responsibility to accept', () => {
    expect(validateParticipantResponse(at('PARTICIPANT_CONSENT'), { ...base, response: 'accept' })).toBe(
      'the responsible party must acknowledge responsibility to take part (acknowledgesResponsibility: true)',
    );
  });

  it('reject an unknown victim', () => {
    expect(validateVictimResponse(at('VICTIM_CONSENT'), { ...base, victimId: 'v-9', response: 'participate' })).toBe(
      'victim v-9 is not a victim of case C-1',
    );
    expect(validateWithdrawal(at('CONFERENCE'), { ...base, party: 'victim', victimId: 'v-9' })).toBe(
      'victim v-9 is not a victim of case C-1',
    );
  });

  it('reject an agreement before the conference is held', () => {
    expect(
      validateAgreement(at('CONFERENCE'), {
        ...base,
        obligations: [{ id: 'a', type: 'education', dueMs: NOW + DAY_MS }],
      }),
    ).toBe(
      'cannot record an agreement (the conference must be held first) while the case is in CONFERENCE (only in AGREEMENT)',
    );
  });

  it('check conference scheduling against the clock and the current schedule', () => {
    expect(validateScheduleConference(at('CONFERENCE'), { ...base, atMs: NOW - 1, location: 'room' })).toBe(
      'the conference must be scheduled in the future',
    );
    expect(validateRescheduleConference(at('CONFERENCE'), { ...base, atMs: NOW + DAY_MS, reasonCode: 'X' })).toBe(
      'no conference is scheduled; schedule one first',
    );
    const scheduled = at('CONFERENCE', (s) => (s.conference.atMs = NOW + DAY_MS));
    expect(validateConferenceOutcome(scheduled, { ...base, outcome: 'held' })).toMatch(
      /its outcome can be recorded once it has started$/,
    );
    expect(validateConferenceOutcome(scheduled, { ...base, outcome: 'cancelled' })).toBeUndefined();
  });

  it('reject progress on an unknown obligation', () => {
    expect(validateProgress(at('MONITORING'), { ...base, obligationId: 'ghost', completed: true })).toBe(
      'obligation ghost is not in the current agreement',
    );
  });

  it('send an overdue-obligation review to extendObligation rather than extendDeadline', () => {
    const s = at('MONITORING', (state) => {
      state.review = { reasonCode: 'OBLIGATION_OVERDUE', sinceMs: NOW, stage: 'MONITORING', obligationId: 'a' };
    });
    expect(validateDeadlineExtension(s, { ...base, newDeadlineMs: NOW + DAY_MS, reason: 'x' })).toBe(
      'this review is about an overdue obligation: extend the obligation (extendObligation) instead',
    );
  });

  it('require a reason code to return a case, and let a clerk do nothing', () => {
    expect(validateReturn(at('MONITORING'), { ...base, reasonCode: ' ' })).toBe(
      'a return to prosecution needs a reasonCode',
    );
    expect(
      validateReturn(at('MONITORING'), { ...base, actor: { id: 'clerk-1', role: 'clerk' }, reasonCode: 'X' }),
    ).toBe('a clerk cannot do this; it needs a prosecutor or coordinator or admin');
  });
});
