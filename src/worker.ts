import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadServerEnvironment } from './config/configuration';
import { logLevelsUpTo } from './config/environment';
import { TemporalWorkerService } from './worker/temporal-worker.service';
import { WorkerModule } from './worker/worker.module';

/** The worker process: a Nest application context (no HTTP) that runs the Temporal worker until it is stopped. */
async function bootstrap(): Promise<void> {
  const { app: settings } = loadServerEnvironment();
  // The SDK logs at INFO by default, including the whole workflow bundle's build output; keep that for debugging.
  const verbose = settings.logLevel === 'debug' || settings.logLevel === 'verbose';
  Runtime.install({ logger: new DefaultLogger(verbose ? 'INFO' : 'WARN') });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: logLevelsUpTo(settings.logLevel) });
  try {
    // Returns once the SDK's signal handling (SIGINT/SIGTERM) has shut the worker down.
    await app.get(TemporalWorkerService).run();
  } finally {
    await app.close();
  }
}

bootstrap().catch((error: unknown) => {
  new Logger('Worker').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
