import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApi } from '../../src/api';
import { TemporalWorkerService } from '../../src/worker/temporal-worker.service';
import { WorkerModule } from '../../src/worker/worker.module';

Runtime.install({ logger: new DefaultLogger('WARN') });

export interface RunningApi {
  app: INestApplication;
  url: string;
}

/** The real HTTP API, wired exactly as in production, listening on a free port (or the one given). */
export async function startApi(port = 0): Promise<RunningApi> {
  const app = await createApi('error');
  await app.listen(port, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

export interface RunningWorker {
  app: INestApplicationContext;
  stopped: Promise<void>;
}

/** The real worker (its Nest context, activities and workflow code) polling the e2e task queue. */
export async function startWorker(): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
  const stopped = app.get(TemporalWorkerService).run();
  return { app, stopped };
}

export async function stopWorker(worker: RunningWorker | undefined): Promise<void> {
  if (!worker) return;
  // As in production: the worker drains its activities first, then the context closes their connections.
  await worker.app.get(TemporalWorkerService).onApplicationShutdown();
  await worker.stopped;
  await worker.app.close();
}
