import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadServerEnvironment } from './config/configuration';
import { logLevelsUpTo } from './config/environment';
import { TemporalWorkerService } from './worker/temporal-worker.service';
import { WorkerModule } from './worker/worker.module';

/** The worker process: a Nest application context (no HTTP) that runs the Temporal worker until it is stopped. */
async function bootstrap(): Promise<void> {
  const { app: settings } = loadServerEnvironment();
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
