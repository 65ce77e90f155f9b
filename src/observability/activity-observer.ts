import { Injectable } from '@nestjs/common';
import type { Context as ActivityContext } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInterceptorsFactory } from '@temporalio/worker';
import { PinoLogger } from 'nestjs-pino';
import { DomainMetrics, type NotifyAttemptResult } from './domain-metrics';

interface CaseRequest {
  key?: unknown;
  caseNumber?: unknown;
  event?: unknown;
  dueAtMs?: unknown;
}

/**
 * Runs every activity inside a logging context carrying its workflow id, run id, activity type and case number, so
 * whatever the activity logs through Nest can be followed back to the case; and records how each `notify` attempt
 * ended, with the delivery latency when it delivered.
 */
@Injectable()
export class ActivityObserver {
  constructor(
    private readonly logger: PinoLogger,
    private readonly metrics: DomainMetrics,
  ) {}

  readonly interceptors: ActivityInterceptorsFactory = (ctx) => {
    let caseNumber: string | undefined;
    return {
      inbound: {
        execute: (input, next) => {
          caseNumber = caseNumberOf(input);
          return this.execute(ctx, input, () => next(input));
        },
      },
      // The SDK's own activity log lines (started, completed, failed) name the case too.
      outbound: {
        getLogAttributes: (input, next) => next(caseNumber ? { ...input, caseNumber } : input),
      },
    };
  };

  private execute(ctx: ActivityContext, input: ActivityExecuteInput, run: () => Promise<unknown>): Promise<unknown> {
    const { info } = ctx;
    const request = (input.args[0] ?? {}) as CaseRequest;
    const bindings = {
      workflowId: info.workflowExecution?.workflowId,
      runId: info.workflowExecution?.runId,
      activityType: info.activityType,
      attempt: info.attempt,
      ...(caseNumberOf(input) ? { caseNumber: caseNumberOf(input) } : {}),
    };
    return this.logger.runInContext(() => (info.activityType === 'notify' ? this.observeNotify(request, run) : run()), {
      bindings,
    });
  }

  private async observeNotify(request: CaseRequest, run: () => Promise<unknown>): Promise<unknown> {
    const attempt = {
      requestKey: typeof request.key === 'string' ? request.key : '',
      event: typeof request.event === 'string' ? request.event : 'unknown',
      dueAtMs: typeof request.dueAtMs === 'number' ? request.dueAtMs : undefined,
      startedAtMs: Date.now(),
    };
    let result: NotifyAttemptResult = 'delivered';
    try {
      return await run();
    } catch (error) {
      result = attemptResult(error);
      throw error;
    } finally {
      // Metrics never fail a delivery.
      await this.metrics.notifyAttempt({ ...attempt, result }).catch(() => undefined);
    }
  }
}

function caseNumberOf(input: ActivityExecuteInput): string | undefined {
  const caseNumber = ((input.args[0] ?? {}) as CaseRequest).caseNumber;
  return typeof caseNumber === 'string' ? caseNumber : undefined;
}

function attemptResult(error: unknown): NotifyAttemptResult {
  if (error instanceof ApplicationFailure && error.type === 'QuietHours') return 'held_quiet_hours';
  if (error instanceof ApplicationFailure && error.nonRetryable) return 'refused';
  return 'retrying';
}
