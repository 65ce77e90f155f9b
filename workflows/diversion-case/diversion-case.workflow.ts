import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { initialState, nextWakeMs, type Case, type Effect } from './case';
import { caseView, projectionSnapshot, searchAttributeValues } from './case-view';
import {
  ACTION_UPDATES,
  CASE_ACTION_REJECTED,
  CASE_STAGE_ATTRIBUTE,
  caseAsStarted,
  COORDINATOR_ID_ATTRIBUTE,
  getCase,
  isClosedStage,
  NEEDS_REVIEW_ATTRIBUTE,
  NEXT_DEADLINE_ATTRIBUTE,
  RECORD_REJECTED,
  type ActionName,
  type ActionRejection,
  type DiversionCaseActivities,
  type DiversionCaseInput,
  type DiversionCaseOutput,
} from './diversion-case.contract';
import { applyAction, fireDueItems, startCase, validateAction, type Rejection } from './lifecycle';
import { policyProblems } from './policy';
import { isAbout, openReview, resolveReviews } from './reviews';
import { deliveryFailed } from './stages';

/** Notices, and messages of cases that began before bounded retries: retried with backoff for about a day. */
const delivery = proxyActivities<DiversionCaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', maximumAttempts: 300 },
});

/**
 * Messages: 30 attempts, about two hours (eight minutes of quick retries, then every five), then a DELIVERY_FAILED
 * review the coordinator sees, or for a closed case an alert. A reminder retried for a day had long lost its point
 * before anybody heard it had not gone; each attempt is counted in diversion_notify_attempts_total meanwhile.
 */
const messages = proxyActivities<DiversionCaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', maximumAttempts: 30 },
});

/** The audit trail and projection, written in the same workflow task as the change: a coordinator waits for it. */
const quickRecords = proxyLocalActivities<DiversionCaseActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 2 },
});

/** The same write when the quick one failed: retried in the background, without holding anybody up. */
const patientRecords = proxyActivities<DiversionCaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 8 },
});

/** How long the case waits before trying again to write records that failed (the review stays open meanwhile). */
const RECORD_RETRY_MS = 5 * 60_000;
const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;

function rejected(rejection: Rejection): ApplicationFailure {
  const details: ActionRejection = {
    kind: rejection.kind,
    ...('field' in rejection ? { field: rejection.field } : {}),
  };
  return ApplicationFailure.create({
    type: CASE_ACTION_REJECTED,
    message: rejection.message,
    nonRetryable: true,
    details: [details],
  });
}

const failureType = (error: ActivityFailure | ApplicationFailure): string => {
  if (error instanceof ApplicationFailure) return error.type ?? 'ApplicationFailure';
  return error.cause instanceof ApplicationFailure ? (error.cause.type ?? 'ApplicationFailure') : 'Failure';
};

/**
 * A local activity's non-retryable failure reaches the workflow as the bare ApplicationFailure, not wrapped in an
 * ActivityFailure; rethrowing it failed the workflow task for ever, and the case (and the coordinator's request) hung.
 */
const recordFailure = (error: unknown): ActivityFailure | ApplicationFailure | undefined => {
  if (error instanceof ActivityFailure) return error;
  if (error instanceof ApplicationFailure && patched('records-refused-by-local-activity')) return error;
  return undefined;
};

/**
 * Writes the case's audit events and projection. Normally a local activity in the same workflow task as the change,
 * so an update answers once its events are durably recorded. When that fails (the database is down) the case is
 * "behind": updates answer without waiting, a background activity retries, and after it gives up (or at once, when
 * the database refuses the data) a RECORD_FAILED review shows it until the events are written.
 */
class Recorder {
  private writing: Promise<void> | undefined;
  private behind = false;
  private retryAtMs = 0;

  constructor(private readonly c: Case) {}

  /** When the loop must wake to try again. */
  wakeAtMs(): number | undefined {
    if (!this.behind || this.c.state.unrecorded.length === 0) return undefined;
    // While the background write runs, its end wakes the loop: a retry time already past would make the loop spin
    // without ever yielding (the workflow task then never completed, and the case hung).
    if (this.busy && patched('no-record-retry-wake-while-writing')) return undefined;
    return this.retryAtMs;
  }

  get busy(): boolean {
    return this.writing !== undefined;
  }

  /** After an action: write its events now, unless the case is behind (then the background retry writes them). */
  async afterAction(): Promise<void> {
    if (!this.behind) await this.write(false);
  }

  /** From the main loop: write what is pending, quickly or, when behind and it is time, in the background. */
  kick(): void {
    if (this.busy || this.c.state.unrecorded.length === 0) return;
    if (!this.behind) void this.write(false);
    else if (Date.now() >= this.retryAtMs) void this.write(true);
  }

  /** One write at a time, in order: a write waits for the one in flight, then takes every event still pending. */
  private async write(patient: boolean): Promise<void> {
    while (this.writing) await this.writing;
    if (this.c.state.unrecorded.length === 0) return;
    this.writing = this.writeNow(patient);
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  private async writeNow(patient: boolean): Promise<void> {
    const { c } = this;
    const events = c.state.unrecorded.slice();
    const last = events.at(-1)?.sequence ?? 0;
    try {
      const batch = { caseNumber: c.referral.caseNumber, events, projection: projectionSnapshot(c, Date.now()) };
      await (patient ? patientRecords : quickRecords).recordCaseEvents(batch);
      c.state.unrecorded = c.state.unrecorded.filter((e) => e.sequence > last);
      this.behind = false;
      resolveReviews(c, isAbout('records'), 'records_written', Date.now());
    } catch (error) {
      const failure = recordFailure(error);
      if (!failure) throw error;
      this.onFailure(failure, patient);
    }
  }

  private onFailure(error: ActivityFailure | ApplicationFailure, patient: boolean): void {
    const refused = failureType(error) === RECORD_REJECTED;
    this.behind = true;
    this.retryAtMs = Date.now() + (patient || refused ? RECORD_RETRY_MS : 0);
    if (!patient && !refused) return;
    const message = (error instanceof ActivityFailure ? error.cause?.message : undefined) ?? error.message;
    openReview(this.c, 'RECORD_FAILED', { kind: 'records', id: 'audit-trail' }, Date.now(), {
      failure: refused ? 'refused' : 'unavailable',
      error: message.slice(0, 300),
      unrecordedEvents: this.c.state.unrecorded.length,
    });
  }
}

/** Starts messages and notices; they run on their own, so a slow or failing provider never holds up a person. */
class Deliveries {
  inFlight = 0;
  settled = 0;

  constructor(private readonly c: Case) {}

  start(): void {
    for (const effect of this.c.outbox.splice(0)) {
      this.inFlight += 1;
      void this.run(effect).finally(() => {
        this.inFlight -= 1;
        this.settled += 1;
      });
    }
  }

  private async run(effect: Effect): Promise<void> {
    try {
      if (effect.kind === 'notify') {
        await (patched('bounded-delivery-retries') ? messages : delivery).notify(effect.request);
      } else if (effect.kind === 'completion') await delivery.issueCompletionNotice(effect.request);
      else await delivery.issueReturnNotice(effect.request);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      if (effect.kind === 'notify') deliveryFailed(this.c, effect.request, failureType(error), Date.now());
    }
  }
}

/**
 * One restorative-justice diversion case from referral to completion or return (docs/design.md §2). Every human action is
 * a validated update whose rules live in the stage modules (`stages/`); deadlines open reviews and never end the
 * case; reminders and alerts are due items the main loop sleeps toward, so continue-as-new carries them.
 */
export async function diversionCaseWorkflow(input: DiversionCaseInput): Promise<DiversionCaseOutput> {
  const problems = policyProblems(input.policy);
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(`invalid policy: ${problems.join('; ')}`, 'InvalidPolicy');
  }
  const c: Case = {
    referral: input.referral,
    policy: input.policy,
    recipientTimeZones: input.recipientTimeZones ?? {},
    state: input.carried ?? initialState(input.referral, input.policy, Date.now()),
    outbox: [],
  };
  const recorder = new Recorder(c);
  const deliveries = new Deliveries(c);
  let changes = 0;

  // Start the case before registering handlers: registering an update handler runs updates that arrived with the
  // start at once, and an update applied before the start would leave the case's first messages sent twice or never.
  if (!input.carried) startCase(c, Date.now());
  for (const name of Object.keys(ACTION_UPDATES) as ActionName[]) {
    setHandler(
      ACTION_UPDATES[name],
      async (arg: { requestId: string }) => {
        if (validateAction({ ...c, nowMs: Date.now() }, name, arg) !== 'retry') {
          applyAction(c, name, arg, Date.now());
          changes += 1;
          deliveries.start();
          await recorder.afterAction();
        }
        return caseView(c, Date.now());
      },
      {
        validator: (arg: unknown) => {
          const problem = validateAction({ ...c, nowMs: Date.now() }, name, arg);
          if (problem !== undefined && problem !== 'retry') throw rejected(problem);
        },
      },
    );
  }
  setHandler(getCase, () => caseView(c, Date.now()));
  setHandler(caseAsStarted, () => caseView(c, Date.now()));

  const upsert = searchAttributeUpserter(input.options?.upsertSearchAttributes ?? true);
  const continueAfter = input.options?.continueAsNewAfterHistoryEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const activity = (): number => changes + deliveries.settled;

  for (;;) {
    fireDueItems(c, Date.now());
    deliveries.start();
    recorder.kick();
    upsert(c);
    const settled = () => deliveries.inFlight === 0 && !recorder.busy && c.state.unrecorded.length === 0;
    // A closed case ends once its messages have gone (SMS held for quiet hours included) and its events are written.
    if (isClosedStage(c.state.stage) && c.state.deferredSms.length === 0 && settled()) break;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > continueAfter) {
      await condition(
        () => (allHandlersFinished() && deliveries.inFlight === 0 && !recorder.busy) || c.outbox.length > 0,
      );
      if (c.outbox.length === 0) {
        return continueAsNew<typeof diversionCaseWorkflow>({ ...input, carried: { ...c.state, run: c.state.run + 1 } });
      }
      continue;
    }
    await waitForChangeOrDue(c, activity, recorder);
  }
  return {
    finalStage: c.state.stage === 'CLOSED_COMPLETED' ? 'CLOSED_COMPLETED' : 'CLOSED_RETURNED',
    closedAtMs: c.state.closedAtMs ?? Date.now(),
    reasonCode: c.state.closeReasonCode ?? 'UNKNOWN',
  };
}

/**
 * How far ahead of a due time the case first wakes. A timer is a duration from the workflow's clock, which stands at
 * the start of the task that sets it, but the server runs it from that task's end: a task that also writes the case's
 * records (or waits for the database) sets timers that fire late by its own length, which the bench measured at 0.3 s
 * under load and which can reach the task timeout (10 s). Waking this far ahead, the case sets the last stretch again
 * from a short task of its own, so the due item fires within a few milliseconds of its time.
 */
const WAKE_AHEAD_MS = 10_000;

/** Sleeps until something happened (an update, a settled message or write) or the next timer of the case is due. */
async function waitForChangeOrDue(c: Case, activity: () => number, recorder: Recorder): Promise<void> {
  const seen = activity();
  const wasBusy = recorder.busy;
  const woken = () => activity() !== seen || recorder.busy !== wasBusy || c.outbox.length > 0;
  const times = [nextWakeMs(c), recorder.wakeAtMs()].filter((t): t is number => t !== undefined);
  if (times.length === 0) {
    await condition(woken);
    return;
  }
  const waitMs = Math.min(...times) - Date.now();
  if (waitMs > WAKE_AHEAD_MS && patched('wake-ahead-of-due')) await condition(woken, waitMs - WAKE_AHEAD_MS);
  else if (waitMs > 0) await condition(woken, waitMs);
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
