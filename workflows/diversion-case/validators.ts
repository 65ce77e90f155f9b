import { currentAgreement, extensionProblem, obligationsProblem, progressProblem } from './agreement';
import type {
  ActionBase,
  ActorRole,
  AgreementAmendment,
  AgreementRecord,
  CarriedCaseState,
  CaseStage,
  ClosureApproval,
  ConferenceOutcome,
  ConferenceReschedule,
  ConferenceSchedule,
  DeadlineExtension,
  NoteRecord,
  ObligationExtension,
  ObligationState,
  ParticipantResponse,
  ProgressRecord,
  Referral,
  ReturnRequest,
  ScreeningDecision,
  VictimResponse,
  Withdrawal,
} from './diversion-case.contract';
import type { Policy } from './policy';

/** What a validator sees: the case as it stands at workflow time `nowMs`. */
export interface ValidationState {
  referral: Referral;
  policy: Policy;
  state: CarriedCaseState;
  nowMs: number;
}

/** A validator returns a message a coordinator can act on, or undefined when the action fits. */
export type Validator<T> = (s: ValidationState, input: T) => string | undefined;

const ROLES: readonly ActorRole[] = ['coordinator', 'prosecutor', 'admin', 'clerk'];
const STAFF: readonly ActorRole[] = ['coordinator', 'admin'];
const MAX_NOTE_LENGTH = 2000;

export function isClosed(stage: CaseStage): boolean {
  return stage === 'CLOSED_COMPLETED' || stage === 'CLOSED_RETURNED';
}

/** Whether this request id was already applied (a retry): it then passes validation and changes nothing. */
export function isRetry(s: ValidationState, input: ActionBase | undefined): boolean {
  return typeof input?.requestId === 'string' && s.state.appliedRequestIds.includes(input.requestId);
}

function baseProblem(
  s: ValidationState,
  input: ActionBase | undefined,
  roles: readonly ActorRole[],
): string | undefined {
  if (typeof input !== 'object' || input === null) return 'the request body is missing';
  if (typeof input.requestId !== 'string' || !input.requestId.trim()) return 'requestId is required';
  const actor = input.actor as { id?: unknown; role?: unknown } | undefined;
  if (typeof actor?.id !== 'string' || !actor.id.trim()) return 'actor.id is required';
  if (!ROLES.includes(actor.role as ActorRole)) return `actor.role must be one of ${ROLES.join(', ')}`;
  if (isClosed(s.state.stage))
    return `case ${s.referral.caseNumber} is closed (${s.state.stage}); nothing more can be recorded`;
  if (!roles.includes(input.actor.role))
    return `a ${input.actor.role} cannot do this; it needs a ${roles.join(' or ')}`;
  return undefined;
}

function stageProblem(s: ValidationState, allowed: readonly CaseStage[], action: string): string | undefined {
  return allowed.includes(s.state.stage)
    ? undefined
    : `cannot ${action} while the case is in ${s.state.stage} (only in ${allowed.join(' or ')})`;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Runs a base check, then the specific one, unless the request is a retry of an applied one. */
function validator<T extends ActionBase>(roles: readonly ActorRole[], specific: Validator<T>): Validator<T> {
  return (s, input) => (isRetry(s, input) ? undefined : (baseProblem(s, input, roles) ?? specific(s, input)));
}

export const validateScreening: Validator<ScreeningDecision> = validator(
  ['coordinator', 'prosecutor', 'admin'],
  (s, input) => {
    const stage = stageProblem(s, ['SCREENING'], 'decide screening');
    if (stage) return stage;
    if (input.decision === 'decline') return nonEmpty(input.reasonCode) ? undefined : 'a decline needs a reasonCode';
    if (input.decision !== 'accept') return "decision must be 'accept' or 'decline'";
    const { eligibility } = s.state;
    if (eligibility.eligible) return undefined;
    const blocked = `the case is not eligible (${eligibility.reasons.join(', ')})`;
    if (!eligibility.overridable || !s.policy.eligibility.allowOverride) {
      return `${blocked} and the policy does not allow an override; decline it instead`;
    }
    return nonEmpty(input.overrideReason) ? undefined : `${blocked}: accepting it needs an overrideReason`;
  },
);

export const validateParticipantResponse: Validator<ParticipantResponse> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['PARTICIPANT_CONSENT'], "record the responsible party's response");
  if (stage) return stage;
  if (input.response === 'decline') return undefined;
  if (input.response !== 'accept') return "response must be 'accept' or 'decline'";
  return input.acknowledgesResponsibility === true
    ? undefined
    : 'the responsible party must acknowledge responsibility to take part (acknowledgesResponsibility: true)';
});

const VICTIM_ANSWERS = ['participate', 'surrogate', 'letter', 'informed_only', 'decline'];

export const validateVictimResponse: Validator<VictimResponse> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['VICTIM_CONSENT'], "record a victim's response");
  if (stage) return stage;
  const victim = s.state.victims.find((v) => v.victimId === input.victimId);
  if (!victim) return `victim ${String(input.victimId)} is not a victim of case ${s.referral.caseNumber}`;
  if (victim.withdrawn) return `victim ${victim.victimId} has withdrawn`;
  return VICTIM_ANSWERS.includes(input.response) ? undefined : `response must be one of ${VICTIM_ANSWERS.join(', ')}`;
});

function conferenceTimeProblem(s: ValidationState, atMs: unknown, location: unknown): string | undefined {
  if (!isTime(atMs)) return 'atMs must be a time';
  if (atMs <= s.nowMs) return 'the conference must be scheduled in the future';
  if (location !== undefined && !nonEmpty(location)) return 'location must not be empty';
  return undefined;
}

export const validateScheduleConference: Validator<ConferenceSchedule> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['CONFERENCE'], 'schedule the conference');
  if (stage) return stage;
  if (s.state.conference.atMs !== undefined) return 'a conference is already scheduled; reschedule it instead';
  return (
    conferenceTimeProblem(s, input.atMs, input.location) ??
    (nonEmpty(input.location) ? undefined : 'location is required')
  );
});

export const validateRescheduleConference: Validator<ConferenceReschedule> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['CONFERENCE'], 'reschedule the conference');
  if (stage) return stage;
  if (s.state.conference.atMs === undefined) return 'no conference is scheduled; schedule one first';
  if (!nonEmpty(input.reasonCode)) return 'a reschedule needs a reasonCode';
  if (input.atMs === s.state.conference.atMs) return 'the new time is the same as the scheduled one';
  return conferenceTimeProblem(s, input.atMs, input.location);
});

export const validateConferenceOutcome: Validator<ConferenceOutcome> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['CONFERENCE'], 'record the conference outcome');
  if (stage) return stage;
  const atMs = s.state.conference.atMs;
  if (atMs === undefined) return 'no conference is scheduled';
  if (!['held', 'no_show', 'cancelled'].includes(input.outcome))
    return "outcome must be 'held', 'no_show' or 'cancelled'";
  if (input.outcome !== 'cancelled' && atMs > s.nowMs) {
    return `the conference is scheduled for ${new Date(atMs).toISOString()}; its outcome can be recorded once it has started`;
  }
  return undefined;
});

export const validateAgreement: Validator<AgreementRecord> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['AGREEMENT'], 'record an agreement (the conference must be held first)');
  if (stage) return stage;
  return obligationsProblem(s.policy, input.obligations, {
    planStartMs: s.nowMs,
    nowMs: s.nowMs,
    victimIds: s.referral.victimIds,
  });
});

export const validateAmendment: Validator<AgreementAmendment> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['MONITORING'], 'amend the agreement');
  if (stage) return stage;
  if (!nonEmpty(input.reason)) return 'an amendment needs a reason';
  return obligationsProblem(s.policy, input.obligations, {
    planStartMs: s.state.planStartMs ?? s.nowMs,
    nowMs: s.nowMs,
    victimIds: s.referral.victimIds,
  });
});

function findObligation(s: ValidationState, obligationId: unknown): ObligationState | string {
  const agreement = currentAgreement(s.state.agreements);
  const obligation = agreement?.obligations.find((o) => o.id === obligationId);
  return obligation ?? `obligation ${String(obligationId)} is not in the current agreement`;
}

export const validateProgress: Validator<ProgressRecord> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['MONITORING'], 'record progress');
  if (stage) return stage;
  const obligation = findObligation(s, input.obligationId);
  return typeof obligation === 'string' ? obligation : progressProblem(obligation, input);
});

export const validateObligationExtension: Validator<ObligationExtension> = validator(STAFF, (s, input) => {
  const stage = stageProblem(s, ['MONITORING'], 'extend an obligation');
  if (stage) return stage;
  const obligation = findObligation(s, input.obligationId);
  if (typeof obligation === 'string') return obligation;
  return extensionProblem(s.policy, obligation, input, s.state.planStartMs ?? s.nowMs);
});

export const validateDeadlineExtension: Validator<DeadlineExtension> = validator(STAFF, (s, input) => {
  if (s.state.review?.reasonCode === 'OBLIGATION_OVERDUE') {
    return 'this review is about an overdue obligation: extend the obligation (extendObligation) instead';
  }
  if (s.state.review === undefined && s.state.stageDeadlineMs === undefined) {
    return `there is no open review and no deadline to extend in ${s.state.stage}`;
  }
  if (!isTime(input.newDeadlineMs) || input.newDeadlineMs <= s.nowMs) return 'the new deadline must be in the future';
  return nonEmpty(input.reason) ? undefined : 'an extension needs a reason';
});

export const validateClosureApproval: Validator<ClosureApproval> = validator(['prosecutor'], (s, input) => {
  const stage = stageProblem(s, ['CLOSURE_REVIEW'], 'approve closure (every obligation must be complete first)');
  if (stage) return stage;
  return ['charges_not_filed', 'dismissal'].includes(input.recommendation)
    ? undefined
    : "recommendation must be 'charges_not_filed' or 'dismissal'";
});

export const validateReturn: Validator<ReturnRequest> = validator(
  ['prosecutor', 'coordinator', 'admin'],
  (_s, input) => (nonEmpty(input.reasonCode) ? undefined : 'a return to prosecution needs a reasonCode'),
);

export const validateWithdrawal: Validator<Withdrawal> = validator(STAFF, (s, input) => {
  if (input.party === 'responsible_party') return undefined;
  if (input.party !== 'victim') return "party must be 'responsible_party' or 'victim'";
  const victim = s.state.victims.find((v) => v.victimId === input.victimId);
  if (!victim) return `victim ${String(input.victimId)} is not a victim of case ${s.referral.caseNumber}`;
  if (victim.withdrawn) return `victim ${victim.victimId} has already withdrawn`;
  return undefined;
});

export const validateNote: Validator<NoteRecord> = validator(['coordinator', 'prosecutor', 'admin'], (_s, input) => {
  if (!nonEmpty(input.text)) return 'a note needs text';
  return input.text.length > MAX_NOTE_LENGTH ? `a note is at most ${MAX_NOTE_LENGTH} characters` : undefined;
});
