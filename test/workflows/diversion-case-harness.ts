import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type {
  CaseEventRecord,
  CompletionNoticeRequest,
  DiversionCaseActivities,
  NotifyRequest,
  ReturnNoticeRequest,
} from '../../workflows/diversion-case/diversion-case.contract';
import {
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  getCase,
  type ActionBase,
  type Actor,
  type CaseView,
  type DiversionCaseInput,
  type Referral,
} from '../../workflows/diversion-case/diversion-case.contract';
import type { diversionCaseWorkflow } from '../../workflows/diversion-case/diversion-case.workflow';
import { DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { bundleWorkflows, createTimeSkippingEnvironment } from '../support/time-skipping';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const COORDINATOR: Actor = { id: 'coord-1', role: 'coordinator' };
export const PROSECUTOR: Actor = { id: 'pros-1', role: 'prosecutor' };

/** Something an activity fake was asked, at the simulated instant the server scheduled it. */
export interface Recorded<T> {
  atMs: number;
  value: T;
}

/** Typed fakes: record what the workflow asked, with the simulated time, and do nothing else. */
export class FakeCaseActivities {
  readonly notifications: Recorded<NotifyRequest>[] = [];
  readonly events: Recorded<CaseEventRecord>[] = [];
  readonly completionNotices: Recorded<CompletionNoticeRequest>[] = [];
  readonly returnNotices: Recorded<ReturnNoticeRequest>[] = [];

  private static now(): number {
    return Context.current().info.currentAttemptScheduledTimestampMs;
  }

  /** Recipients whose messages the fake provider refuses for good (the activity's non-retryable failure). */
  readonly refusedRecipients = new Set<string>();

  readonly activities: DiversionCaseActivities = {
    notify: (request) =>
      this.refusedRecipients.has(request.recipient.id)
        ? Promise.reject(ApplicationFailure.nonRetryable('email permanently refused (550)', 'PermanentDeliveryFailure'))
        : this.push(this.notifications, request),
    recordCaseEvent: (event) => this.push(this.events, event),
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
      .sort((a, b) => sequenceOf(a.value.eventKey) - sequenceOf(b.value.eventKey))
      .map((e) => e.value.type);
  }
}

const isDeferredSms = (request: NotifyRequest): boolean =>
  request.channels.length === 1 && request.channels[0] === 'sms';

const sequenceOf = (eventKey: string): number => Number(eventKey.split(':').at(-1));

/** An update's argument without the parts the harness fills in (distributes over unions such as Withdrawal). */
export type ActionBody<T> = T extends unknown
  ? Omit<T, 'requestId' | 'actor'> & { actor?: Actor; requestId?: string }
  : never;

export type CaseHandle = WorkflowHandle<typeof diversionCaseWorkflow>;

/** One time-skipping server, one bundle and one running worker per test file. */
export class DiversionCaseHarness {
  readonly fakes = new FakeCaseActivities();
  env!: TestWorkflowEnvironment;
  bundle!: WorkflowBundleWithSourceMap;
  private worker!: Worker;
  private running!: Promise<void>;
  private requestSeq = 0;
  /** Whether the test server accepted our search attributes; if not, cases run with upserts off. */
  searchAttributesRegistered = false;

  constructor(readonly taskQueue: string) {}

  async setUp(): Promise<void> {
    [this.env, this.bundle] = await Promise.all([createTimeSkippingEnvironment(), bundleWorkflows()]);
    this.searchAttributesRegistered = await registerSearchAttributes(this.env);
    this.worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: this.bundle,
      activities: this.fakes.activities,
    });
    this.running = this.worker.run();
  }

  async tearDown(): Promise<void> {
    if (this.worker) {
      this.worker.shutdown();
      await this.running;
    }
    await this.env?.teardown();
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /** Lets simulated time pass (timers fire, activities run) without real waiting. */
  sleep(ms: number): Promise<void> {
    return this.env.sleep(ms);
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
    return this.env.client.workflow.start<typeof diversionCaseWorkflow>(DIVERSION_CASE_WORKFLOW_TYPE, {
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
  }

  /** Runs an update as the API would: the request id is the update id. */
  async act<T extends ActionBase>(
    handle: CaseHandle,
    update: UpdateDefinition<CaseView, [T]>,
    body: ActionBody<T>,
  ): Promise<CaseView> {
    const requestId = body.requestId ?? `req-${++this.requestSeq}`;
    const arg = { actor: COORDINATOR, ...body, requestId } as unknown as T;
    // The Java time-skipping server can lose an update that races the workflow's continue-as-new (the real server
    // moves it to the new run). Like any caller with an idempotency key, retry with the same id: it applies once.
    for (let attempt = 1; ; attempt++) {
      const outcome = handle.executeUpdate(update, { args: [arg], updateId: requestId });
      const answered = await Promise.race([outcome, sleepReal(UPDATE_ANSWER_MS).then((): typeof LOST => LOST)]);
      if (answered !== LOST) return answered;
      outcome.catch(() => undefined);
      if (attempt === 3) throw new Error(`update ${requestId} got no answer in ${attempt} attempts`);
    }
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

export function setUpHarness(taskQueue: string): DiversionCaseHarness {
  const harness = new DiversionCaseHarness(taskQueue);
  // Starting the server and bundling take a few seconds on two cores; a simulated six-month case a few more.
  jest.setTimeout(60_000);
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());
  return harness;
}
