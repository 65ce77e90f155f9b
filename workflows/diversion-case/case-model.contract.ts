import type { Policy } from './policy';

/** Where a case stands (docs/design.md §2). The two CLOSED_* stages are final. */
export type CaseStage =
  | 'SCREENING'
  | 'PARTICIPANT_CONSENT'
  | 'VICTIM_CONSENT'
  | 'CONFERENCE'
  | 'AGREEMENT'
  | 'MONITORING'
  | 'CLOSURE_REVIEW'
  | 'CLOSED_COMPLETED'
  | 'CLOSED_RETURNED';

/** The stages a case can still be worked in, in lifecycle order. */
export type OpenStage = Exclude<CaseStage, 'CLOSED_COMPLETED' | 'CLOSED_RETURNED'>;

export const OPEN_STAGES: readonly OpenStage[] = [
  'SCREENING',
  'PARTICIPANT_CONSENT',
  'VICTIM_CONSENT',
  'CONFERENCE',
  'AGREEMENT',
  'MONITORING',
  'CLOSURE_REVIEW',
];

export const CASE_STAGES: readonly CaseStage[] = [...OPEN_STAGES, 'CLOSED_COMPLETED', 'CLOSED_RETURNED'];

export function isClosedStage(stage: CaseStage): stage is 'CLOSED_COMPLETED' | 'CLOSED_RETURNED' {
  return stage === 'CLOSED_COMPLETED' || stage === 'CLOSED_RETURNED';
}

/** The roles of staff (docs/design.md §1): the one list every role check reads. */
export const ACTOR_ROLES = ['coordinator', 'prosecutor', 'clerk', 'admin'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Who performs a human action; by id and role only. */
export interface Actor {
  id: string;
  role: ActorRole;
}

/** A participant as workflow state knows them: id and role, never a name or contact detail. */
export type ParticipantRole = 'responsible_party' | 'guardian' | 'victim' | 'coordinator' | 'prosecutor' | 'clerk';

export interface ParticipantRef {
  id: string;
  role: ParticipantRole;
}

export type OffenceSeverity = 'infraction' | 'misdemeanor' | 'felony';

/** The referral a case starts from. Times are epoch milliseconds. */
export interface Referral {
  caseNumber: string;
  court: string;
  jurisdiction: string;
  /** The date by which charges must be filed if the case comes back. */
  chargingDeadlineMs: number;
  chargesFiled: boolean;
  offence: { code: string; category: string; severity: OffenceSeverity };
  responsiblePartyId: string;
  /** Set when the responsible party is a minor. */
  guardianId?: string;
  victimIds: string[];
  /** The coordinator named at referral; a reassignment changes the case's coordinator, not this. */
  coordinatorId: string;
  prosecutorId: string;
  priorDiversionDateMs?: number;
  referralDateMs: number;
}

/** Input of the diversion-case workflow: the referral and the policy in force when the case started. */
export interface DiversionCaseInput {
  referral: Referral;
  policy: Policy;
  /**
   * IANA time zone per participant id, for SMS quiet hours. A participant without one gets the policy's
   * jurisdiction time zone. The SMS part of a notify request carries `notBeforeMs` computed in that zone.
   */
  recipientTimeZones?: Record<string, string>;
  options?: {
    /** Upsert CaseStage/CoordinatorId/NeedsReview/NextDeadline (default true). */
    upsertSearchAttributes?: boolean;
    /** Continue as new once history passes this many events (default 10 000), or when the server suggests it. */
    continueAsNewAfterHistoryEvents?: number;
  };
  /** Set only by continue-as-new: the whole state of the previous run, pending due items included. */
  carried?: CarriedCaseState;
}

/** Output: how the case ended. */
export interface DiversionCaseOutput {
  finalStage: 'CLOSED_COMPLETED' | 'CLOSED_RETURNED';
  closedAtMs: number;
  reasonCode: string;
}

/** Ids, codes, amounts and times: what event details and message data may hold (never personal data). */
export type Details = Record<string, string | number | boolean>;

/** Bounds every action's numbers and texts stay within (the HTTP edge and the workflow's validators both use them). */
export const CASE_LIMITS = {
  /** The largest restitution an agreement may order: $1,000,000. */
  maxRestitutionCents: 100_000_000,
  /** The most community service hours an obligation may require. */
  maxServiceHours: 10_000,
  /** The most service hours one progress entry may log. */
  maxHoursPerEntry: 24,
  maxObligations: 50,
  maxNoteLength: 2000,
  /** Reasons, reason codes, locations and descriptions. */
  maxShortTextLength: 500,
  /**
   * How far ahead a conference, a due date or a deadline may be set: policy days in the workflow's validators,
   * calendar days at the HTTP edge (the outer bound whatever the policy).
   */
  maxDaysAhead: 730,
  /** How long ago (days) a referral may be dated. */
  maxReferralAgeDays: 365,
  /** How long after the referral date (days) its charging deadline may fall. */
  maxChargingDeadlineDays: 3650,
  /** How long ago (days) a prior diversion may be dated. */
  maxPriorDiversionAgeDays: 36_500,
} as const;

// ---- Agreement ------------------------------------------------------------------------------------------------

export type ObligationTerms =
  | { type: 'restitution'; amountCents: number; /** a victim id or 'community' */ payee: string }
  | { type: 'community_service'; hours: number }
  | { type: 'apology_letter' }
  | { type: 'education' }
  | { type: 'counseling' }
  | { type: 'school_or_work' }
  | { type: 'other'; description: string };

export type ObligationType = ObligationTerms['type'];

export const OBLIGATION_TYPES: readonly ObligationType[] = [
  'restitution',
  'community_service',
  'apology_letter',
  'education',
  'counseling',
  'school_or_work',
  'other',
];

/** An obligation as the coordinator records it in an agreement. */
export type ObligationInput = ObligationTerms & { id: string; dueMs: number };

/** An obligation with its progress. */
export type ObligationState = ObligationInput & {
  originalDueMs: number;
  extensions: number;
  paidCents: number;
  hoursLogged: number;
  completed: boolean;
  completedAtMs?: number;
};

export interface AgreementVersion {
  version: number;
  recordedAtMs: number;
  recordedBy: string;
  reason?: string;
  obligations: ObligationState[];
}

// ---- Reviews --------------------------------------------------------------------------------------------------

export type ReviewReasonCode =
  | 'SCREENING_OVERDUE'
  | 'PARTICIPANT_DECLINED'
  | 'PARTICIPANT_CONSENT_OVERDUE'
  | 'VICTIM_DECLINED'
  | 'VICTIM_ANSWER_OVERDUE'
  | 'VICTIM_WITHDREW'
  | 'CONFERENCE_OVERDUE'
  | 'RESCHEDULE_CAP_REACHED'
  | 'RESPONSIBLE_PARTY_NO_SHOW'
  | 'AGREEMENT_OVERDUE'
  | 'OBLIGATION_OVERDUE'
  /** A message was permanently refused (bad address, opted-out number): the coordinator fixes the contact. */
  | 'DELIVERY_FAILED'
  /** The coordinator asked for a return to prosecution: the prosecutor decides. */
  | 'RETURN_REQUESTED'
  /** The audit trail and projection could not be written: retries go on; the live case is unaffected. */
  | 'RECORD_FAILED';

/**
 * What a review is about. `deadline` is a stage's deadline (id: the stage); `responsible_party`, `victim` and
 * `obligation` name the participant or obligation; `conference` the conference; `message` a message's logical key;
 * `return` a return request; `records` the case's unrecorded audit events.
 */
export interface ReviewSubject {
  kind: 'deadline' | 'responsible_party' | 'victim' | 'conference' | 'obligation' | 'message' | 'return' | 'records';
  id: string;
}

/** How a review was settled. */
export type ReviewResolution =
  /** By a person. */
  | 'deadline_extended'
  | 'obligation_extended'
  | 'dismissed'
  | 'return_requested'
  | 'returned_to_prosecution'
  /** By the completion of what it was about. */
  | 'participant_accepted'
  | 'victim_answered'
  | 'conference_held'
  | 'stage_left'
  | 'obligation_completed'
  | 'agreement_amended'
  | 'records_written'
  /** The case closed with it open. */
  | 'case_closed';

/** An open review: one question a person must settle. Several can be open at once; each has its own id. */
export interface Review {
  /** Unique in the case: `R1`, `R2`, ... */
  id: string;
  reasonCode: ReviewReasonCode;
  about: ReviewSubject;
  sinceMs: number;
  /** The stage the case was in when the review opened. */
  stage: CaseStage;
  /** Who settles it: the coordinator, or the prosecutor for a return request. */
  assignee: 'coordinator' | 'prosecutor';
  /** What it concerns, as ids and codes (a failed message's event and recipient role, a requested reason code). */
  details: Details;
}

export interface ResolvedReview extends Review {
  resolvedAtMs: number;
  resolution: ReviewResolution;
  /** Absent when the case settled it itself (completion of what it was about). */
  resolvedBy?: Actor;
  reason?: string;
}

// ---- Views ----------------------------------------------------------------------------------------------------

export interface EligibilityView {
  eligible: boolean;
  reasons: string[];
  overridable: boolean;
  explanations: string[];
  overrideReason?: string;
}

export type VictimAnswer = 'participate' | 'surrogate' | 'letter' | 'informed_only' | 'decline';

export const VICTIM_ANSWERS: readonly VictimAnswer[] = [
  'participate',
  'surrogate',
  'letter',
  'informed_only',
  'decline',
];

export interface VictimView {
  victimId: string;
  answer?: VictimAnswer;
  answeredAtMs?: number;
  /** Withdrew after the agreement: no longer part of the case. */
  withdrawn: boolean;
  /** Withdrew before the agreement: not contacted again unless they ask (a new answer clears it). */
  contactOnRequestOnly?: boolean;
}

export interface ConferenceView {
  atMs?: number;
  location?: string;
  rescheduleCount: number;
  noShows: number;
  heldAtMs?: number;
  /** Bumped on every (re)schedule: the .ics SEQUENCE. */
  sequence: number;
}

export interface DecisionEntry {
  atMs: number;
  type: string;
  actor?: Actor;
  stageFrom: CaseStage;
  stageTo: CaseStage;
  details?: Details;
}

/** A pending timer the case keeps: a reminder, a stage deadline, an alert. */
export interface DueItemView {
  key: string;
  kind: string;
  atMs: number;
}

/**
 * Something the case waits for a person to do, as the stage that owns it says: the task list, the case page and a
 * coordinator's screen all list these.
 */
export interface PendingAction {
  /** The update that does it. */
  action: ActionName;
  /** A short instruction ("Record the victim's response"). */
  label: string;
  /** Who may do it (ACTION_ROLES of the action). */
  roles: readonly ActorRole[];
  /** The victim, obligation or review it concerns. */
  about?: ReviewSubject;
  /** The review it would settle. */
  reviewId?: string;
  /** When it is due: the stage deadline, the obligation's due date, the conference. */
  dueMs?: number;
  /** It belongs on the task list only from this instant (a conference outcome once it has started). */
  listFromMs?: number;
}

/** The full live view of a case, as `getCase` returns it. */
export interface CaseView {
  caseNumber: string;
  stage: CaseStage;
  /** The coordinator the case is assigned to now. */
  coordinatorId: string;
  prosecutorId: string;
  offenceCategory: string;
  policyVersion: string;
  /** Length of one policy day (DAY_MS unless the policy is compressed). */
  policyDayMs: number;
  /** Every open review, oldest first. */
  reviews: Review[];
  resolvedReviews: ResolvedReview[];
  /** The open stage deadline, if any. */
  stageDeadlineMs?: number;
  chargingDeadlineMs: number;
  nextDeadlineMs?: number;
  eligibility: EligibilityView;
  participantResponse?: { response: 'accept' | 'decline'; atMs: number };
  victims: VictimView[];
  conference: ConferenceView;
  agreements: AgreementVersion[];
  pendingActions: PendingAction[];
  /** Every action the case accepts now (its stage's and those of every open stage). */
  acceptedActions: ActionName[];
  /** When each stage was (last) entered. */
  stageEnteredAt: Partial<Record<CaseStage, number>>;
  history: DecisionEntry[];
  notes: { atMs: number; actorId: string; text: string }[];
  dueItems: DueItemView[];
  /** Audit events the case has raised (the last one's sequence number). */
  eventCount: number;
  /** Audit events not yet written to the audit trail (a database outage); 0 normally. */
  unrecordedEvents: number;
  closedAtMs?: number;
  closeReasonCode?: string;
  /** How many runs (continue-as-new) the case has taken so far, starting at 1. */
  run: number;
}

// ---- Actions --------------------------------------------------------------------------------------------------

/** Every human action, by the name of the update that carries it out. */
export type ActionName =
  | 'decideScreening'
  | 'recordParticipantResponse'
  | 'recordVictimResponse'
  | 'scheduleConference'
  | 'rescheduleConference'
  | 'recordConferenceOutcome'
  | 'recordAgreement'
  | 'amendAgreement'
  | 'recordProgress'
  | 'extendObligation'
  | 'extendDeadline'
  | 'dismissReview'
  | 'approveClosure'
  | 'requestReturn'
  | 'returnToProsecution'
  | 'withdraw'
  | 'addNote'
  | 'reassignCoordinator';

/**
 * Who may take each action: the one table of roles. The HTTP role guard, the OpenAPI document and the workflow's
 * update validators all read it.
 */
export const ACTION_ROLES: Readonly<Record<ActionName, readonly ActorRole[]>> = {
  decideScreening: ['coordinator', 'prosecutor'],
  recordParticipantResponse: ['coordinator'],
  recordVictimResponse: ['coordinator'],
  scheduleConference: ['coordinator'],
  rescheduleConference: ['coordinator'],
  recordConferenceOutcome: ['coordinator'],
  recordAgreement: ['coordinator'],
  amendAgreement: ['coordinator'],
  recordProgress: ['coordinator'],
  extendObligation: ['coordinator'],
  extendDeadline: ['coordinator'],
  // A prosecutor dismisses (declines) a return request; a coordinator dismisses the rest.
  dismissReview: ['coordinator', 'prosecutor'],
  approveClosure: ['prosecutor'],
  requestReturn: ['coordinator'],
  returnToProsecution: ['prosecutor'],
  withdraw: ['coordinator'],
  addNote: ['coordinator'],
  reassignCoordinator: ['admin'],
};

// ---- Carried state (continue-as-new) --------------------------------------------------------------------------

export type DueItemKind =
  | 'stage_deadline'
  | 'invitation_reminder'
  | 'victim_contact_alert'
  | 'conference_reminder'
  | 'obligation_reminder'
  | 'obligation_overdue'
  | 'obligation_review'
  | 'charging_alert'
  | 'closure_reminder';

export interface DueItem {
  key: string;
  kind: DueItemKind;
  atMs: number;
  /** The schedule label ('7d', 'overdue', '45d', ...). */
  label: string;
  obligationId?: string;
}

/**
 * The SMS part of a message due inside quiet hours: the email went at once, the text waits for a workflow timer until
 * `atMs` (09:00 recipient time). Ids, codes and times only, like every message request.
 */
export interface DeferredSms {
  atMs: number;
  key: string;
  event: string;
  recipient: ParticipantRef;
  data: Details;
}

/** An applied request: its id (the Idempotency-Key), its action and a fingerprint of the action and its fields. */
export interface AppliedRequest {
  id: string;
  action: ActionName;
  fingerprint: string;
}

/** One audit event: who did what, when, from which stage. */
export interface CaseEventRecord {
  /** Unique per case (`${caseNumber}:${sequence}`): the audit trail de-duplicates on it. */
  eventKey: string;
  sequence: number;
  type: string;
  stageFrom: CaseStage;
  stageTo: CaseStage;
  /** Undefined for events the workflow raises itself (deadlines, reminders). */
  actor?: Actor;
  occurredAtMs: number;
  details: Details;
}

/** The whole mutable state of a case; plain data so continue-as-new can carry it. */
export interface CarriedCaseState {
  stage: CaseStage;
  stageEnteredAtMs: number;
  stageEnteredAt: Partial<Record<CaseStage, number>>;
  coordinatorId: string;
  reviews: Review[];
  resolvedReviews: ResolvedReview[];
  reviewSeq: number;
  stageDeadlineMs?: number;
  eligibility: EligibilityView;
  participantResponse?: { response: 'accept' | 'decline'; atMs: number };
  invitedAtMs?: number;
  victims: VictimView[];
  conference: ConferenceView;
  agreements: AgreementVersion[];
  planStartMs?: number;
  history: DecisionEntry[];
  notes: { atMs: number; actorId: string; text: string }[];
  dueItems: DueItem[];
  /** SMS held back by quiet hours, sent by the workflow when their time comes. */
  deferredSms: DeferredSms[];
  appliedRequests: AppliedRequest[];
  eventSeq: number;
  /** Audit events raised and not yet written (normally empty between workflow tasks), oldest first. */
  unrecorded: CaseEventRecord[];
  closedAtMs?: number;
  closeReasonCode?: string;
  run: number;
}
