import './observability/register-tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadServerEnvironment } from './config/configuration';
import { installTemporalRuntime } from './observability/temporal-runtime';
import { stopTracing } from './observability/tracing';
import { useStructuredLogs } from './observability/use-structured-logs';
import { WorkerHttpServer } from './observability/worker-http.server';
import { TemporalWorkerService } from './worker/temporal-worker.service';
import { WorkerModule } from './worker/worker.module';

/** The worker process: a Nest application context (no HTTP) that runs the Temporal worker until it is stopped. */
async function bootstrap(): Promise<void> {
  const environment = loadServerEnvironment();
  installTemporalRuntime(environment);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  useStructuredLogs(app, environment.app.logLevel);
  try {
    await app.get(WorkerHttpServer).listen();
    // Returns once the SDK's signal handling (SIGINT/SIGTERM) has shut the worker down.
    await app.get(TemporalWorkerService).run();
  } finally {
    await app.close();
    await stopTracing();
  }
}

bootstrap().catch((error: unknown) => {
  new Logger('Worker').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
