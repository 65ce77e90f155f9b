import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { DiversionCaseActivities } from './diversion-case.contract';
import {
  applyAgreement,
  applyAmendment,
  applyClosureApproval,
  applyConferenceOutcome,
  applyDeadlineExtension,
  applyDeliveryFailure,
  applyNote,
  applyObligationExtension,
  applyParticipantResponse,
  applyProgressRecord,
  applyRescheduleConference,
  applyReturn,
  applyScheduleConference,
  applyScreening,
  applyVictimResponse,
  applyWithdrawal,
  caseView,
  fireDueItems,
  hasDeferredSms,
  initialState,
  nextWakeMs,
  searchAttributeValues,
  startCase,
  type Case,
  type Effect,
} from './case-transitions';
import {
  addNote,
  amendAgreement,
  approveClosure,
  CASE_STAGE_ATTRIBUTE,
  COORDINATOR_ID_ATTRIBUTE,
  decideScreening,
  extendDeadline,
  extendObligation,
  getCase,
  NEEDS_REVIEW_ATTRIBUTE,
  NEXT_DEADLINE_ATTRIBUTE,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordProgress,
  recordVictimResponse,
  rescheduleConference,
  returnToProsecution,
  scheduleConference,
  withdraw,
  type ActionBase,
  type CaseView,
  type DiversionCaseInput,
  type DiversionCaseOutput,
} from './diversion-case.contract';
import { policyProblems } from './policy';
import {
  isClosed,
  isRetry,
  validateAgreement,
  validateAmendment,
  validateClosureApproval,
  validateConferenceOutcome,
  validateDeadlineExtension,
  validateNote,
  validateObligationExtension,
  validateParticipantResponse,
  validateProgress,
  validateReturn,
  validateRescheduleConference,
  validateScheduleConference,
  validateScreening,
  validateVictimResponse,
  validateWithdrawal,
  type Validator,
} from './validators';

const activities = proxyActivities<DiversionCaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;

function runEffect(c: Case, effect: Effect): Promise<void> {
  switch (effect.kind) {
    case 'notify':
      // A message the activity gave up on (permanent failure) never fails the case: it opens a review instead.
      return activities.notify(effect.request).catch((error: unknown) => {
        if (!(error instanceof ActivityFailure)) throw error;
        const cause =
          error.cause instanceof ApplicationFailure ? (error.cause.type ?? 'ApplicationFailure') : 'Failure';
        applyDeliveryFailure(c, effect.request, cause, Date.now());
      });
    case 'event':
      return activities.recordCaseEvent(effect.event);
    case 'completion':
      return activities.issueCompletionNotice(effect.request);
    case 'return':
      return activities.issueReturnNotice(effect.request);
  }
}

/**
 * What the case has carried out. Records (audit events, notices) run batch by batch and an update answers once its
 * own are done; messages run on their own, so a slow or failing mail or SMS provider never holds up a coordinator.
 */
interface Progress {
  recordsDone: number;
  recordsInFlight: number;
  messagesInFlight: number;
  messagesSettled: number;
}

const isMessage = (effect: Effect): boolean => effect.kind === 'notify';

/** Carries out every pending effect; effects added meanwhile (by updates) go in the next round. */
async function drain(c: Case, progress: Progress): Promise<void> {
  while (c.outbox.length > 0) {
    const batch = c.outbox.splice(0);
    for (const message of batch.filter(isMessage)) {
      progress.messagesInFlight += 1;
      void runEffect(c, message).finally(() => {
        progress.messagesInFlight -= 1;
        progress.messagesSettled += 1;
      });
    }
    const records = batch.filter((effect) => !isMessage(effect));
    progress.recordsInFlight = records.length;
    await Promise.all(records.map((effect) => runEffect(c, effect)));
    progress.recordsInFlight = 0;
    progress.recordsDone += records.length;
  }
}

function rejected(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'CaseActionRejected', message, nonRetryable: true });
}

/**
 * One restorative-justice diversion case from referral to completion or return (DESIGN.md §2). Every human action is
 * a validated update; deadlines open reviews and never end the case; reminders and alerts are pending due items the
 * main loop sleeps toward, so continue-as-new carries them with the rest of the state.
 */
export async function diversionCaseWorkflow(input: DiversionCaseInput): Promise<DiversionCaseOutput> {
  const problems = policyProblems(input.policy);
  if (problems.length > 0)
    throw ApplicationFailure.nonRetryable(`invalid policy: ${problems.join('; ')}`, 'InvalidPolicy');
  const c: Case = {
    referral: input.referral,
    policy: input.policy,
    recipientTimeZones: input.recipientTimeZones ?? {},
    state: input.carried ?? initialState(input.referral, input.policy, Date.now()),
    outbox: [],
  };
  let changes = 0;
  const progress: Progress = { recordsDone: 0, recordsInFlight: 0, messagesInFlight: 0, messagesSettled: 0 };

  function handle<T extends ActionBase>(
    update: UpdateDefinition<CaseView, [T]>,
    validate: Validator<T>,
    apply: (c: Case, input: T, nowMs: number) => void,
  ): void {
    setHandler(
      update,
      async (arg: T) => {
        if (!isRetry({ ...c, nowMs: Date.now() }, arg)) {
          apply(c, arg, Date.now());
          changes += 1;
          // Answer once the audit events and notices this action caused are recorded (messages go on their own).
          const mark = progress.recordsDone + progress.recordsInFlight + c.outbox.filter((e) => !isMessage(e)).length;
          await condition(() => progress.recordsDone >= mark);
        }
        return caseView(c, Date.now());
      },
      {
        validator: (arg: T) => {
          const problem = validate({ ...c, nowMs: Date.now() }, arg);
          if (problem !== undefined) throw rejected(problem);
        },
      },
    );
  }

  // Start the case before registering handlers: registering an update handler runs updates that arrived with the
  // start at once, and an update applied before the start would leave the case's first messages sent twice or never.
  if (!input.carried) startCase(c, Date.now());
  handle(decideScreening, validateScreening, applyScreening);
  handle(recordParticipantResponse, validateParticipantResponse, applyParticipantResponse);
  handle(recordVictimResponse, validateVictimResponse, applyVictimResponse);
  handle(scheduleConference, validateScheduleConference, applyScheduleConference);
  handle(rescheduleConference, validateRescheduleConference, applyRescheduleConference);
  handle(recordConferenceOutcome, validateConferenceOutcome, applyConferenceOutcome);
  handle(recordAgreement, validateAgreement, applyAgreement);
  handle(amendAgreement, validateAmendment, applyAmendment);
  handle(recordProgress, validateProgress, applyProgressRecord);
  handle(extendObligation, validateObligationExtension, applyObligationExtension);
  handle(extendDeadline, validateDeadlineExtension, applyDeadlineExtension);
  handle(approveClosure, validateClosureApproval, applyClosureApproval);
  handle(returnToProsecution, validateReturn, applyReturn);
  handle(withdraw, validateWithdrawal, applyWithdrawal);
  handle(addNote, validateNote, applyNote);
  setHandler(getCase, () => caseView(c, Date.now()));

  const upsert = searchAttributeUpserter(input.options?.upsertSearchAttributes ?? true);
  const continueAfter = input.options?.continueAsNewAfterHistoryEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;

  for (;;) {
    fireDueItems(c, Date.now());
    await drain(c, progress);
    upsert(c);
    // A closed case ends once its messages have gone, including SMS held back for quiet hours (the outcome texts).
    if (isClosed(c.state.stage) && !hasDeferredSms(c) && progress.messagesInFlight === 0) break;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > continueAfter) {
      // Handlers wait for their records and messages are in flight: wait for both, or for new effects to carry out.
      await condition(() => (allHandlersFinished() && progress.messagesInFlight === 0) || c.outbox.length > 0);
      if (c.outbox.length === 0) {
        return continueAsNew<typeof diversionCaseWorkflow>({ ...input, carried: { ...c.state, run: c.state.run + 1 } });
      }
      continue;
    }
    if (c.outbox.length > 0) continue;
    // A settled message wakes the loop too: a failed one adds effects, and a closed case may be waiting for the last.
    await waitForChangeOrDue(c, () => changes + progress.messagesSettled);
  }
  return {
    finalStage: c.state.stage === 'CLOSED_COMPLETED' ? 'CLOSED_COMPLETED' : 'CLOSED_RETURNED',
    closedAtMs: c.state.closedAtMs ?? Date.now(),
    reasonCode: c.state.closeReasonCode ?? 'UNKNOWN',
  };
}

/** Sleeps until an update changed the case or the earliest due item's (or deferred SMS's) time has come. */
async function waitForChangeOrDue(c: Case, changes: () => number): Promise<void> {
  const seen = changes();
  const next = nextWakeMs(c);
  if (next === undefined) {
    await condition(() => changes() !== seen);
    return;
  }
  const waitMs = next - Date.now();
  if (waitMs > 0) await condition(() => changes() !== seen, waitMs);
}

/** Upserts the case's search attributes when they changed (never personal data). */
function searchAttributeUpserter(enabled: boolean): (c: Case) => void {
  let last = '';
  return (c) => {
    if (!enabled) return;
    const values = searchAttributeValues(c);
    const serialized = JSON.stringify(values);
    if (serialized === last) return;
    last = serialized;
    upsertSearchAttributes([
      { key: CASE_STAGE_ATTRIBUTE, value: values.stage },
      { key: COORDINATOR_ID_ATTRIBUTE, value: values.coordinatorId },
      { key: NEEDS_REVIEW_ATTRIBUTE, value: values.needsReview },
      {
        key: NEXT_DEADLINE_ATTRIBUTE,
        value: values.nextDeadlineMs === undefined ? null : new Date(values.nextDeadlineMs),
      },
    ]);
  };
}
