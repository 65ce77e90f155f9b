import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker, type State } from '@temporalio/worker';
import path from 'node:path';
import v8 from 'node:v8';
import { codecConfig, temporalConfig, type CodecConfig, type TemporalConfig } from '../config/configuration';
import { encryptingDataConverter } from '../temporal/data-converter';
import { ActivityObserver } from '../observability/activity-observer';
import { observedWorkerOptions } from '../observability/temporal-interceptors';
import { WorkerActivities } from './worker-activities';

/**
 * Owns the Temporal worker. `run()` is called by the worker entry point, never from a lifecycle hook. The SDK's own
 * signal handling stops the worker on SIGINT/SIGTERM; Nest's shutdown only stops it when it is still running, so the
 * two never both shut it down.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker: Worker | undefined;
  private connection: NativeConnection | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(temporalConfig.KEY) private readonly temporal: TemporalConfig,
    private readonly activities: WorkerActivities,
    @Inject(codecConfig.KEY) private readonly codec: CodecConfig,
    private readonly observer: ActivityObserver,
  ) {}

  /** Connects, creates the worker and runs it until it is shut down; resolves when it has stopped. */
  async run(): Promise<void> {
    const capacity = this.temporal.worker;
    this.connection = await NativeConnection.connect({ address: this.temporal.address });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.temporal.namespace,
      taskQueue: this.temporal.taskQueue,
      activities: this.activities.functions,
      dataConverter: encryptingDataConverter(this.codec),
      maxCachedWorkflows: capacity.maxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: capacity.maxConcurrentWorkflowTasks,
      maxConcurrentActivityTaskExecutions: capacity.maxConcurrentActivities,
      maxConcurrentLocalActivityExecutions: capacity.maxConcurrentLocalActivities,
      ...this.workflowSource(),
      ...observedWorkerOptions(this.observer, this.temporal.workflowBundlePath !== undefined),
    });
    this.logger.log(`Worker polling task queue "${this.temporal.taskQueue}" on ${this.temporal.address}`);
    const heapMb = Math.round(v8.getHeapStatistics().heap_size_limit / 1024 / 1024);
    this.logger.log(
      `Worker capacity: ${capacity.maxCachedWorkflows} cached cases, ${capacity.maxConcurrentWorkflowTasks} workflow ` +
        `tasks, ${capacity.maxConcurrentActivities} activities at once; heap limit ${heapMb} MiB`,
    );
    // The limit is a Node flag, fixed when the process starts: say so when the configured one did not reach it.
    if (
      capacity.maxHeapMb !== undefined &&
      Math.abs(heapMb - capacity.maxHeapMb) > Math.max(64, capacity.maxHeapMb * 0.1)
    ) {
      this.logger.warn(
        `WORKER_MAX_HEAP_MB=${capacity.maxHeapMb} is not in effect (start the worker with --max-old-space-size=` +
          `${capacity.maxHeapMb}, as npm start does)`,
      );
    }
    this.running = this.worker.run();
    try {
      await this.running;
    } finally {
      await this.connection.close();
    }
  }

  /** The worker's state for the readiness probe: RUNNING means polling. */
  state(): State | 'STARTING' {
    return this.worker?.getState() ?? 'STARTING';
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
  }

  private workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
    if (this.temporal.workflowBundlePath) return { workflowBundle: { codePath: this.temporal.workflowBundlePath } };
    return { workflowsPath: require.resolve(path.join(__dirname, '../../workflows')) };
  }
}
