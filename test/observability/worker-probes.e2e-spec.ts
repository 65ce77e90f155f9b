import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { WorkerHttpServer } from '../../src/observability/worker-http.server';
import { TemporalWorkerService } from '../../src/worker/temporal-worker.service';
import { WorkerModule } from '../../src/worker/worker.module';
import { eventually } from '../support/eventually';
// Installs the quiet Temporal runtime the e2e tests share.
import '../support/servers';
import { getJson } from '../support/http';

process.env.TEMPORAL_TASK_QUEUE = `worker-probes-${process.pid}`;
process.env.WORKER_HTTP_PORT = '0';

describe("the worker's probes", () => {
  let app: INestApplicationContext;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
    url = `http://127.0.0.1:${await app.get(WorkerHttpServer).listen()}`;
  });

  afterAll(async () => {
    await app?.get(TemporalWorkerService).onApplicationShutdown();
    await app?.close();
  });

  it('is alive but not ready until the worker polls, then ready with PostgreSQL, Temporal and the worker up', async () => {
    expect(await getJson(`${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    const before = await getJson(`${url}/health/ready`);
    expect(before).toMatchObject({
      status: 503,
      body: {
        status: 'error',
        details: {
          database: { status: 'up' },
          temporal: { status: 'up' },
          worker: { status: 'down', message: 'worker is STARTING, not polling' },
        },
      },
    });

    const running = app.get(TemporalWorkerService).run();
    try {
      const after = await eventually(async () => {
        const answer = await getJson(`${url}/health/ready`);
        if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
        return answer;
      }, 60_000);
      expect(after.body).toEqual({
        status: 'ok',
        details: { database: { status: 'up' }, temporal: { status: 'up' }, worker: { status: 'up' } },
      });
      expect((await getJson(`${url}/nowhere`)).status).toBe(404);
    } finally {
      await app.get(TemporalWorkerService).onApplicationShutdown();
      await running;
    }
  });
});
