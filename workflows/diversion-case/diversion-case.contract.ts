import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Policy } from './policy';

/** Where a case stands (DESIGN.md §2). The two CLOSED_* stages are final. */
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

export type ActorRole = 'coordinator' | 'prosecutor' | 'admin' | 'clerk';

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
  coordinatorId: string;
  prosecutorId: string;
  priorDiversionDateMs?: number;
  referralDateMs: number;
}

/** Input of {@link DIVERSION_CASE_WORKFLOW_TYPE}: the referral and the policy in force when the case started. */
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

// ---- Updates --------------------------------------------------------------------------------------------------

/** Every update carries the actor and a request id (the API also uses it as the update id). */
export interface ActionBase {
  requestId: string;
  actor: Actor;
}

export type ScreeningDecision = ActionBase &
  ({ decision: 'accept'; overrideReason?: string } | { decision: 'decline'; reasonCode: string });

export type ParticipantResponse = ActionBase & {
  response: 'accept' | 'decline';
  acknowledgesResponsibility?: boolean;
};

export type VictimAnswer = 'participate' | 'surrogate' | 'letter' | 'informed_only' | 'decline';

/**
 * Recording a response is what counts as contact: the victim-contact deadline (business days) only alerts the
 * coordinator about victims without one; the answer deadline opens a VICTIM_ANSWER_OVERDUE review.
 */
export type VictimResponse = ActionBase & { victimId: string; response: VictimAnswer };

export type ConferenceSchedule = ActionBase & { atMs: number; location: string };

/** A reschedule beyond caps.maxConferenceReschedules is applied and opens a RESCHEDULE_CAP_REACHED review. */
export type ConferenceReschedule = ActionBase & { atMs: number; location?: string; reasonCode: string };

/**
 * A no-show clears the schedule and, once no-shows reach caps.maxResponsiblePartyNoShows, opens a
 * RESPONSIBLE_PARTY_NO_SHOW review; the coordinator extends the deadline and schedules again, or returns the case.
 */
export type ConferenceOutcome = ActionBase & { outcome: 'held' | 'no_show' | 'cancelled' };

export type AgreementRecord = ActionBase & { obligations: ObligationInput[] };

export type AgreementAmendment = ActionBase & { obligations: ObligationInput[]; reason: string };

export type ProgressRecord = ActionBase & {
  obligationId: string;
  /** Restitution paid in this instalment. */
  amountCents?: number;
  /** Service hours logged in this entry. */
  hours?: number;
  /** For obligations without a ledger (letter, education, ...): done. */
  completed?: boolean;
};

export type ObligationExtension = ActionBase & { obligationId: string; newDueMs: number; reason: string };

export type DeadlineExtension = ActionBase & { newDeadlineMs: number; reason: string };

export type ClosureApproval = ActionBase & { recommendation: 'charges_not_filed' | 'dismissal' };

export type ReturnRequest = ActionBase & { reasonCode: string; note?: string };

export type Withdrawal = ActionBase & ({ party: 'responsible_party' } | { party: 'victim'; victimId: string });

/** A coordinator's note. Free text: no names or contact details (use participant ids). */
export type NoteRecord = ActionBase & { text: string };

export const decideScreening = defineUpdate<CaseView, [ScreeningDecision]>('decideScreening');
export const recordParticipantResponse = defineUpdate<CaseView, [ParticipantResponse]>('recordParticipantResponse');
export const recordVictimResponse = defineUpdate<CaseView, [VictimResponse]>('recordVictimResponse');
export const scheduleConference = defineUpdate<CaseView, [ConferenceSchedule]>('scheduleConference');
export const rescheduleConference = defineUpdate<CaseView, [ConferenceReschedule]>('rescheduleConference');
export const recordConferenceOutcome = defineUpdate<CaseView, [ConferenceOutcome]>('recordConferenceOutcome');
export const recordAgreement = defineUpdate<CaseView, [AgreementRecord]>('recordAgreement');
export const amendAgreement = defineUpdate<CaseView, [AgreementAmendment]>('amendAgreement');
export const recordProgress = defineUpdate<CaseView, [ProgressRecord]>('recordProgress');
export const extendObligation = defineUpdate<CaseView, [ObligationExtension]>('extendObligation');
export const extendDeadline = defineUpdate<CaseView, [DeadlineExtension]>('extendDeadline');
export const approveClosure = defineUpdate<CaseView, [ClosureApproval]>('approveClosure');
export const returnToProsecution = defineUpdate<CaseView, [ReturnRequest]>('returnToProsecution');
export const withdraw = defineUpdate<CaseView, [Withdrawal]>('withdraw');
export const addNote = defineUpdate<CaseView, [NoteRecord]>('addNote');

// ---- Query ----------------------------------------------------------------------------------------------------

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
  | 'DELIVERY_FAILED';

export interface OpenReview {
  reasonCode: ReviewReasonCode;
  sinceMs: number;
  stage: CaseStage;
  /** Set for OBLIGATION_OVERDUE. */
  obligationId?: string;
}

export interface EligibilityView {
  eligible: boolean;
  reasons: string[];
  overridable: boolean;
  explanations: string[];
  overrideReason?: string;
}

export interface VictimView {
  victimId: string;
  answer?: VictimAnswer;
  answeredAtMs?: number;
  withdrawn: boolean;
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
  details?: Record<string, string | number | boolean>;
}

/** A pending timer the case keeps: a reminder, a stage deadline, an alert. */
export interface DueItemView {
  key: string;
  kind: string;
  atMs: number;
}

/** The full live view of a case, as `getCase` returns it. */
export interface CaseView {
  caseNumber: string;
  stage: CaseStage;
  coordinatorId: string;
  prosecutorId: string;
  offenceCategory: string;
  policyVersion: string;
  review?: OpenReview;
  /** The open stage deadline, if any. */
  stageDeadlineMs?: number;
  chargingDeadlineMs: number;
  nextDeadlineMs?: number;
  eligibility: EligibilityView;
  participantResponse?: { response: 'accept' | 'decline'; atMs: number };
  victims: VictimView[];
  conference: ConferenceView;
  agreements: AgreementVersion[];
  pendingActions: string[];
  history: DecisionEntry[];
  notes: { atMs: number; actorId: string; text: string }[];
  dueItems: DueItemView[];
  closedAtMs?: number;
  closeReasonCode?: string;
  /** How many runs (continue-as-new) the case has taken so far, starting at 1. */
  run: number;
}

export const getCase = defineQuery<CaseView>('getCase');

// ---- Search attributes (no personal data) ---------------------------------------------------------------------

// defineSearchAttributeKey comes from @temporalio/common: @temporalio/workflow 1.24 does not re-export it.
export const CASE_STAGE_ATTRIBUTE = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const COORDINATOR_ID_ATTRIBUTE = defineSearchAttributeKey('CoordinatorId', SearchAttributeType.KEYWORD);
export const NEEDS_REVIEW_ATTRIBUTE = defineSearchAttributeKey('NeedsReview', SearchAttributeType.BOOL);
export const NEXT_DEADLINE_ATTRIBUTE = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);

// ---- Identity -------------------------------------------------------------------------------------------------

export const DIVERSION_CASE_WORKFLOW_TYPE = 'diversionCaseWorkflow';

export function diversionCaseWorkflowId(caseNumber: string): string {
  return `diversion-case-${caseNumber}`;
}

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
  data: Record<string, string | number | boolean>;
}

/** The whole mutable state of a case; plain data so continue-as-new can carry it. */
export interface CarriedCaseState {
  stage: CaseStage;
  stageEnteredAtMs: number;
  review?: OpenReview;
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
  appliedRequestIds: string[];
  eventSeq: number;
  closedAtMs?: number;
  closeReasonCode?: string;
  run: number;
  /** SMS held back by quiet hours, sent by the workflow when their time comes (absent in older runs). */
  deferredSms?: DeferredSms[];
}

// ---- Activities: what the workflow asks the worker to do (ids, codes and times only) ---------------------------

export type NotificationChannel = 'email' | 'sms';

/** One message to one recipient. Carries ids only; names and contact details are looked up at send time. */
export interface NotifyRequest {
  /** Stable logical key `${caseNumber}:${event}:${recipientId}:${occurrence}`: delivery de-duplicates on it. */
  key: string;
  caseNumber: string;
  event: string;
  recipient: ParticipantRef;
  channels: NotificationChannel[];
  /** Ids, codes and times only: no personal data. */
  data: Record<string, string | number | boolean>;
  /** The SMS part must not be sent before this instant (quiet hours in the recipient's time zone). */
  notBeforeMs?: number;
}

/** What the case projection (lists, task lists, reports) shows after an event. */
export interface CaseProjectionSnapshot {
  stage: CaseStage;
  needsReview: boolean;
  nextDeadlineMs?: number;
  coordinatorId: string;
  offenceCategory: string;
}

/** One audit event: who did what, when, from which stage. */
export interface CaseEventRecord {
  caseNumber: string;
  /** Unique per case (`${caseNumber}:${sequence}`): the audit trail de-duplicates on it. */
  eventKey: string;
  type: string;
  stageFrom: CaseStage;
  stageTo: CaseStage;
  /** Undefined for events the workflow raises itself (deadlines, reminders). */
  actor?: Actor;
  occurredAtMs: number;
  details: Record<string, string | number | boolean>;
  projection: CaseProjectionSnapshot;
}

export interface CompletionNoticeRequest {
  key: string;
  caseNumber: string;
  court: string;
  responsiblePartyId: string;
  referralDateMs: number;
  recommendation: 'charges_not_filed' | 'dismissal';
  prosecutorId: string;
  approvedAtMs: number;
}

export interface ReturnNoticeRequest {
  key: string;
  caseNumber: string;
  court: string;
  stageReached: CaseStage;
  reasonCode: string;
  note?: string;
  chargesFiled: boolean;
  prosecutorId: string;
  returnedAtMs: number;
}

/** The activities the diversion-case workflow calls; the worker's activity classes implement them. */
export interface DiversionCaseActivities {
  notify(request: NotifyRequest): Promise<void>;
  recordCaseEvent(event: CaseEventRecord): Promise<void>;
  issueCompletionNotice(request: CompletionNoticeRequest): Promise<void>;
  issueReturnNotice(request: ReturnNoticeRequest): Promise<void>;
}
