import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';

/** Temporal is healthy when its frontend answers a cheap system-info call. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly connection: Connection,
  ) {}

  isReachable(key: 'temporal', timeoutMs: number) {
    return this.health
      .check(key)
      .attempt(async () => {
        await this.connection.withDeadline(Date.now() + timeoutMs, () =>
          this.connection.workflowService.getSystemInfo({}),
        );
      })
      .withTimeout(timeoutMs);
  }
}
