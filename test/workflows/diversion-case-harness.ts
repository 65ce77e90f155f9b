import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import {
  CASE_ACTION_REJECTED,
  decideScreening,
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  getCase,
  recordAgreement,
  recordConferenceOutcome,
  recordParticipantResponse,
  recordVictimResponse,
  scheduleConference,
  type ActionBase,
  type ActionRejection,
  type Actor,
  type CaseEventRecord,
  type CaseProjectionSnapshot,
  type CaseView,
  type CompletionNoticeRequest,
  type DiversionCaseActivities,
  type DiversionCaseInput,
  type NotifyRequest,
  type ObligationInput,
  type Referral,
  type ReturnNoticeRequest,
  RECORD_REJECTED,
} from '../../workflows/diversion-case/diversion-case.contract';
import type { diversionCaseWorkflow } from '../../workflows/diversion-case/diversion-case.workflow';
import { DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { canonicalJson } from '../../src/audit/hash-chain';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { testDataConverter } from '../support/codec';
import { bundleWorkflows, createDevServerEnvironment, createTimeSkippingEnvironment } from '../support/time-skipping';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const COORDINATOR: Actor = { id: 'coord-1', role: 'coordinator' };
export const PROSECUTOR: Actor = { id: 'pros-1', role: 'prosecutor' };
export const ADMIN: Actor = { id: 'admin-1', role: 'admin' };

/** Something an activity fake was asked, at the simulated instant the server scheduled it. */
export interface Recorded<T> {
  atMs: number;
  value: T;
}

/** Typed fakes: record what the workflow asked, with the simulated time, and do nothing else. */
export class FakeCaseActivities {
  readonly notifications: Recorded<NotifyRequest>[] = [];
  readonly events: Recorded<CaseEventRecord & { caseNumber: string }>[] = [];
  /** The projection each write carried, latest last, by case number. */
  readonly projections = new Map<string, CaseProjectionSnapshot>();
  readonly completionNotices: Recorded<CompletionNoticeRequest>[] = [];
  readonly returnNotices: Recorded<ReturnNoticeRequest>[] = [];

  private static now(): number {
    return Context.current().info.currentAttemptScheduledTimestampMs;
  }

  /** Recipients whose messages the fake provider refuses for good (the activity's non-retryable failure). */
  readonly refusedRecipients = new Set<string>();
  /** Recipients whose provider is down: every attempt fails with a retryable error, counted by message key. */
  readonly unreachableRecipients = new Set<string>();
  readonly failedAttempts = new Map<string, number>();
  /** Cases whose next record writes hang (a database under load) for longer than the quick write may take. */
  readonly slowRecordWrites = new Map<string, number>();
  /** Cases whose records the fake database refuses (data it cannot hold): the write fails non-retryably. */
  readonly refusedRecords = new Set<string>();

  readonly activities: DiversionCaseActivities = {
    notify: (request) => {
      const id = request.recipient.id;
      if (this.refusedRecipients.has(id)) {
        return Promise.reject(
          ApplicationFailure.nonRetryable('email permanently refused (550)', 'PermanentDeliveryFailure'),
        );
      }
      if (this.unreachableRecipients.has(id)) {
        this.failedAttempts.set(request.key, (this.failedAttempts.get(request.key) ?? 0) + 1);
        return Promise.reject(ApplicationFailure.retryable('SMTP server unreachable', 'ProviderUnavailable'));
      }
      return this.push(this.notifications, request);
    },
    recordCaseEvents: async (batch) => {
      const slow = this.slowRecordWrites.get(batch.caseNumber) ?? 0;
      if (slow > 0) {
        this.slowRecordWrites.set(batch.caseNumber, slow - 1);
        // Longer than the quick write's 5 s: it times out, and the timeout cancels this sleep (nothing is written).
        await Context.current().sleep(8_000);
      }
      if (this.refusedRecords.has(batch.caseNumber)) {
        // As CaseRecordActivities answers when PostgreSQL refuses the data (SQLSTATE 22xxx/23xxx).
        throw ApplicationFailure.nonRetryable(
          `the database refused the records of case ${batch.caseNumber} (SQLSTATE 22003): value out of range`,
          RECORD_REJECTED,
        );
      }
      for (const event of batch.events) await this.push(this.events, { ...event, caseNumber: batch.caseNumber });
      this.projections.set(batch.caseNumber, batch.projection);
    },
    issueCompletionNotice: (request) => this.push(this.completionNotices, request),
    issueReturnNotice: (request) => this.push(this.returnNotices, request),
  };

  private push<T>(list: Recorded<T>[], value: T): Promise<void> {
    list.push({ atMs: FakeCaseActivities.now(), value });
    return Promise.resolve();
  }

  /** Notifications of one case, optionally of one event (without the SMS parts held back for quiet hours). */
  sent(caseNumber: string, event?: string): Recorded<NotifyRequest>[] {
    return this.all(caseNumber, event).filter((n) => !isDeferredSms(n.value));
  }

  /** The SMS parts of notifications that quiet hours held back, sent later on their own. */
  deferredSms(caseNumber: string, event?: string): Recorded<NotifyRequest>[] {
    return this.all(caseNumber, event).filter((n) => isDeferredSms(n.value));
  }

  private all(caseNumber: string, event?: string): Recorded<NotifyRequest>[] {
    return this.notifications.filter(
      (n) => n.value.caseNumber === caseNumber && (event === undefined || n.value.event === event),
    );
  }

  eventTypes(caseNumber: string): string[] {
    return this.events
      .filter((e) => e.value.caseNumber === caseNumber)
      .sort((a, b) => a.value.sequence - b.value.sequence)
      .map((e) => e.value.type);
  }

  /** The audit events of one case, in order (optionally of one type). */
  eventsOf(caseNumber: string, type?: string): (CaseEventRecord & { caseNumber: string })[] {
    return this.events
      .map((e) => e.value)
      .filter((e) => e.caseNumber === caseNumber && (type === undefined || e.type === type))
      .sort((a, b) => a.sequence - b.sequence);
  }
}

const isDeferredSms = (request: NotifyRequest): boolean =>
  request.channels.length === 1 && request.channels[0] === 'sms';

/** An update's argument without the parts the harness fills in (distributes over unions such as Withdrawal). */
export type ActionBody<T> = T extends unknown
  ? Omit<T, 'requestId' | 'actor'> & { actor?: Actor; requestId?: string }
  : never;

export type CaseHandle = WorkflowHandle<typeof diversionCaseWorkflow>;

/**
 * Where a test file's cases run: the time-skipping test server, or (for what it cannot do, see {@link
 * DiversionCaseHarness.pauseWorker}) a real Temporal dev server, on which time passes as on the wall clock.
 */
export type HarnessServer = 'time-skipping' | 'dev-server';

/** One server, one bundle and one running worker per test file. */
export class DiversionCaseHarness {
  readonly fakes = new FakeCaseActivities();
  env!: TestWorkflowEnvironment;
  bundle!: WorkflowBundleWithSourceMap;
  private running: { worker: Worker; done: Promise<void> } | undefined;
  private requestSeq = 0;
  /** The cases the running test started. */
  readonly cases: CaseHandle[] = [];
  /** Whether the test server accepted our search attributes; if not, cases run with upserts off. */
  searchAttributesRegistered = false;

  constructor(
    readonly taskQueue: string,
    private readonly server: HarnessServer = 'time-skipping',
  ) {}

  async setUp(): Promise<void> {
    const environment = this.server === 'dev-server' ? createDevServerEnvironment : createTimeSkippingEnvironment;
    [this.env, this.bundle] = await Promise.all([environment(), bundleWorkflows()]);
    this.searchAttributesRegistered = await registerSearchAttributes(this.env);
    await this.resumeWorker();
  }

  async tearDown(): Promise<void> {
    await this.pauseWorker();
    await this.env?.teardown();
  }

  /**
   * Stops the worker, as when the worker process goes down: due timers wait until a worker is back. Only on the dev
   * server: the time-skipping server has no sticky schedule-to-start timeout, so the stopped worker's sticky queue
   * would keep a case's next workflow task from any other worker for ever.
   */
  async pauseWorker(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    running.worker.shutdown();
    await running.done;
  }

  /** Starts a worker again (a new one, as a restarted worker process would). */
  async resumeWorker(): Promise<void> {
    if (this.running) return;
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: this.bundle,
      activities: this.fakes.activities,
      dataConverter: testDataConverter,
      // A real server hands a stopped worker's sticky tasks to the task queue after this long.
      stickyQueueScheduleToStartTimeout: '1 second',
    });
    this.running = { worker, done: worker.run() };
  }

  /**
   * Ends the cases a test left running, so their timers and messages do not wake during a later test's sleep. A case
   * is terminated only once none of its workflow tasks or activities is in flight: the time-skipping server keeps its
   * clock locked for a task of a terminated case until the task's timeout has passed in real time (about a minute).
   */
  async endCases(): Promise<void> {
    const handles = this.cases.splice(0);
    for (const handle of handles) {
      for (let attempt = 1; ; attempt++) {
        // The simulated second passes only once every workflow task and activity in flight has finished.
        await this.settle();
        const { raw, status } = await handle.describe();
        if (status.name !== 'RUNNING') break;
        if ((raw.pendingActivities?.length ?? 0) === 0 || attempt === 5) {
          await handle.terminate('the test is over');
          break;
        }
      }
    }
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /** Lets simulated time pass (timers fire, activities run) without real waiting. */
  sleep(ms: number): Promise<void> {
    return this.env.sleep(ms);
  }

  /**
   * Lets the messages an action started run: an update answers once its audit events are written, and its messages
   * go on their own. One simulated second passes, which the time-skipping server lets pass only once they are done.
   */
  settle(): Promise<void> {
    return this.env.sleep(1000);
  }

  async sleepUntil(atMs: number): Promise<void> {
    const now = await this.now();
    if (atMs > now) await this.env.sleep(atMs - now);
  }

  async referral(caseNumber: string, overrides: Partial<Referral> = {}): Promise<Referral> {
    const now = await this.now();
    return {
      caseNumber,
      court: 'superior-court-1',
      jurisdiction: 'county-1',
      chargingDeadlineMs: now + 400 * DAY,
      chargesFiled: false,
      offence: { code: 'PC-594', category: 'vandalism', severity: 'misdemeanor' },
      responsiblePartyId: `rp-${caseNumber}`,
      victimIds: [`victim-${caseNumber}`],
      coordinatorId: COORDINATOR.id,
      prosecutorId: PROSECUTOR.id,
      referralDateMs: now,
      ...overrides,
    };
  }

  async start(referral: Referral, input: Partial<DiversionCaseInput> = {}): Promise<CaseHandle> {
    const handle = await this.env.client.workflow.start<typeof diversionCaseWorkflow>(DIVERSION_CASE_WORKFLOW_TYPE, {
      taskQueue: this.taskQueue,
      workflowId: diversionCaseWorkflowId(referral.caseNumber),
      args: [
        {
          referral,
          policy: DEFAULT_POLICY,
          ...input,
          options: { upsertSearchAttributes: this.searchAttributesRegistered, ...input.options },
        },
      ],
    });
    this.cases.push(handle);
    return handle;
  }

  /**
   * Runs an update as the API does (CaseActionsService): the request id is the Idempotency-Key, and the update id adds
   * a hash of the action and its fields, so a retry of the same request joins the first one while a different
   * request under the same key reaches the workflow's validator.
   */
  async act<T extends ActionBase>(
    handle: CaseHandle,
    update: UpdateDefinition<CaseView, [T]>,
    body: ActionBody<T>,
  ): Promise<CaseView> {
    const requestId = body.requestId ?? `req-${++this.requestSeq}`;
    const arg = { actor: COORDINATOR, ...body, requestId } as unknown as T;
    const { requestId: _key, ...fields } = arg as unknown as Record<string, unknown>;
    const fingerprint = createHash('sha256')
      .update(canonicalJson({ action: update.name, ...fields }))
      .digest('hex');
    const updateId = `${requestId}#${fingerprint.slice(0, 32)}`;
    // The Java time-skipping server can lose an update that races the workflow's continue-as-new (the real server
    // moves it to the new run). Like any caller with an idempotency key, retry with the same id: it applies once.
    for (let attempt = 1; ; attempt++) {
      const outcome = handle.executeUpdate(update, { args: [arg], updateId });
      const answered = await Promise.race([outcome, sleepReal(UPDATE_ANSWER_MS).then((): typeof LOST => LOST)]);
      if (answered !== LOST) return answered;
      outcome.catch(() => undefined);
      if (attempt === 3) throw new Error(`update ${requestId} got no answer in ${attempt} attempts`);
    }
  }

  /**
   * Starts a case and takes it to MONITORING with the obligations built from the plan start; returns the handle and
   * the plan start. `day` is the policy's day (a compressed policy's is shorter).
   */
  async toMonitoring(
    caseNumber: string,
    obligations: (planStartMs: number) => ObligationInput[],
    input: Partial<DiversionCaseInput> = {},
    day = DAY,
  ): Promise<{ handle: CaseHandle; planStart: number }> {
    const handle = await this.start(await this.referral(caseNumber), input);
    await this.act(handle, decideScreening, { decision: 'accept' });
    await this.act(handle, recordParticipantResponse, { response: 'accept', acknowledgesResponsibility: true });
    await this.act(handle, recordVictimResponse, { victimId: `victim-${caseNumber}`, response: 'participate' });
    const at = (await this.now()) + day;
    await this.act(handle, scheduleConference, { atMs: at, location: 'room-1' });
    await this.sleepUntil(at + day / 24);
    await this.act(handle, recordConferenceOutcome, { outcome: 'held' });
    const planStart = await this.now();
    await this.act(handle, recordAgreement, { obligations: obligations(planStart) });
    return { handle, planStart };
  }

  view(handle: CaseHandle): Promise<CaseView> {
    return handle.query(getCase);
  }
}

const UPDATE_ANSWER_MS = 15_000;
const LOST = Symbol('lost');
const sleepReal = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

// temporal.api.enums.v1.IndexedValueType
const INDEXED_VALUE_TYPE: Record<string, number> = { Keyword: 2, Bool: 5, Datetime: 6 };

/** Registers the case's search attributes on the test server, as the dev-server launcher does. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<boolean> {
  const searchAttributes = Object.fromEntries(
    Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED_VALUE_TYPE[type] ?? 0]),
  );
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes,
    });
    return true;
  } catch (error) {
    console.warn(`time-skipping server did not register search attributes: ${(error as Error).message}`);
    return false;
  }
}

/** The message of a rejected update (validator failure). */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  throw new Error('expected the update to be rejected');
}

/** How a rejected update was refused: its message and the validator's kind (`conflict`, `invalid`, `request_reused`). */
export async function refusal(promise: Promise<unknown>): Promise<{ message: string } & Partial<ActionRejection>> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (!(cause instanceof ApplicationFailure) || cause.type !== CASE_ACTION_REJECTED) throw error;
    return { message: cause.message, ...(cause.details?.[0] as ActionRejection | undefined) };
  }
  throw new Error('expected the update to be rejected');
}

export function setUpHarness(taskQueue: string, server: HarnessServer = 'time-skipping'): DiversionCaseHarness {
  const harness = new DiversionCaseHarness(taskQueue, server);
  // Starting the server and bundling take a few seconds on two cores; a simulated six-month case a few more.
  jest.setTimeout(60_000);
  beforeAll(() => harness.setUp());
  afterEach(() => harness.endCases());
  afterAll(() => harness.tearDown());
  return harness;
}
