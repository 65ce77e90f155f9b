import { defineSearchAttributeKey, SearchAttributeType, type UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ActionName, CaseView, ObligationInput, VictimAnswer } from './case-model.contract';

export * from './case-model.contract';
export * from './case-activities.contract';

// ---- Updates: every human action ------------------------------------------------------------------------------

/**
 * Every update carries the actor and a request id: the API's Idempotency-Key. The workflow binds the id to a
 * fingerprint of the action and its fields, so the same id with a different request is refused.
 */
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

/**
 * Recording a response is what counts as contact: the victim-contact deadline (business days) only alerts the
 * coordinator about victims without one; the answer deadline opens a VICTIM_ANSWER_OVERDUE review.
 */
export type VictimResponse = ActionBase & { victimId: string; response: VictimAnswer };

/** Schedules the conference; when one is already scheduled it moves it, and then a reasonCode is required. */
export type ConferenceSchedule = ActionBase & { atMs: number; location?: string; reasonCode?: string };

/** A reschedule beyond caps.maxConferenceReschedules is applied and opens a RESCHEDULE_CAP_REACHED review. */
export type ConferenceReschedule = ActionBase & { atMs: number; location?: string; reasonCode: string };

/**
 * A no-show clears the schedule and, once no-shows reach caps.maxResponsiblePartyNoShows, opens a
 * RESPONSIBLE_PARTY_NO_SHOW review; the coordinator extends the deadline and schedules again, or requests a return.
 */
export type ConferenceOutcome = ActionBase & { outcome: 'held' | 'no_show' | 'cancelled' };

/** Records the agreement; while the case is monitoring one it amends it, and then a reason is required. */
export type AgreementRecord = ActionBase & { obligations: ObligationInput[]; reason?: string };

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

/** Moves the stage deadline; settles the review named (or the only open one a deadline extension can settle). */
export type DeadlineExtension = ActionBase & { newDeadlineMs: number; reason: string; reviewId?: string };

/** Settles a review without changing anything else; for a return request, the prosecutor declines it. */
export type ReviewDismissal = ActionBase & { reviewId: string; reason: string };

export type ClosureApproval = ActionBase & { recommendation: 'charges_not_filed' | 'dismissal' };

/** A coordinator asks the prosecutor to return the case (a RETURN_REQUESTED review), settling `reviewId` if named. */
export type ReturnRequest = ActionBase & { reasonCode: string; note?: string; reviewId?: string };

/** The prosecutor returns the case to prosecution. */
export type ReturnDecision = ActionBase & { reasonCode: string; note?: string };

export type Withdrawal = ActionBase & ({ party: 'responsible_party' } | { party: 'victim'; victimId: string });

/** A coordinator's note. Free text: no names or contact details (use participant ids). */
export type NoteRecord = ActionBase & { text: string };

/** Hands the case to another coordinator: later alerts, the task list and access follow. */
export type Reassignment = ActionBase & { coordinatorId: string; reason: string };

/** Each action's argument, by action name. */
export interface ActionArguments {
  decideScreening: ScreeningDecision;
  recordParticipantResponse: ParticipantResponse;
  recordVictimResponse: VictimResponse;
  scheduleConference: ConferenceSchedule;
  rescheduleConference: ConferenceReschedule;
  recordConferenceOutcome: ConferenceOutcome;
  recordAgreement: AgreementRecord;
  amendAgreement: AgreementAmendment;
  recordProgress: ProgressRecord;
  extendObligation: ObligationExtension;
  extendDeadline: DeadlineExtension;
  dismissReview: ReviewDismissal;
  approveClosure: ClosureApproval;
  requestReturn: ReturnRequest;
  returnToProsecution: ReturnDecision;
  withdraw: Withdrawal;
  addNote: NoteRecord;
  reassignCoordinator: Reassignment;
}

const update = <N extends ActionName>(name: N) => defineUpdate<CaseView, [ActionArguments[N]], N>(name);

export const decideScreening = update('decideScreening');
export const recordParticipantResponse = update('recordParticipantResponse');
export const recordVictimResponse = update('recordVictimResponse');
export const scheduleConference = update('scheduleConference');
export const rescheduleConference = update('rescheduleConference');
export const recordConferenceOutcome = update('recordConferenceOutcome');
export const recordAgreement = update('recordAgreement');
export const amendAgreement = update('amendAgreement');
export const recordProgress = update('recordProgress');
export const extendObligation = update('extendObligation');
export const extendDeadline = update('extendDeadline');
export const dismissReview = update('dismissReview');
export const approveClosure = update('approveClosure');
export const requestReturn = update('requestReturn');
export const returnToProsecution = update('returnToProsecution');
export const withdraw = update('withdraw');
export const addNote = update('addNote');
export const reassignCoordinator = update('reassignCoordinator');

/** Every action's update, by name (the worker registers a handler for each; the API runs them). */
export const ACTION_UPDATES = {
  decideScreening,
  recordParticipantResponse,
  recordVictimResponse,
  scheduleConference,
  rescheduleConference,
  recordConferenceOutcome,
  recordAgreement,
  amendAgreement,
  recordProgress,
  extendObligation,
  extendDeadline,
  dismissReview,
  approveClosure,
  requestReturn,
  returnToProsecution,
  withdraw,
  addNote,
  reassignCoordinator,
} as const satisfies { [N in ActionName]: UpdateDefinition<CaseView, [ActionArguments[N]], N> };

/** The failure type of a rejected update; its details say how (see {@link ActionRejection}). */
export const CASE_ACTION_REJECTED = 'CaseActionRejected';

/**
 * Why an update was rejected: `conflict` when the case's stage or state does not allow it (HTTP 409), `invalid` when
 * a field is wrong (HTTP 400, naming the field), `request_reused` when its request id was already used for a
 * different request (HTTP 422).
 */
export interface ActionRejection {
  kind: 'conflict' | 'invalid' | 'request_reused';
  field?: string;
}

// ---- Query ----------------------------------------------------------------------------------------------------

export const getCase = defineQuery<CaseView>('getCase');

/**
 * The case as its start left it, sent with the start (update-with-start), so POST /cases answers from the start's own
 * reply instead of querying the new workflow back. Changes nothing.
 */
export const caseAsStarted = defineUpdate<CaseView>('caseAsStarted');

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
