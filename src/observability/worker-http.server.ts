import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { observabilityConfig, type ObservabilityConfig } from '../config/configuration';
import { TemporalWorkerService } from '../worker/temporal-worker.service';
import { DomainMetrics } from './domain-metrics';

const CHECK_TIMEOUT_MS = 2000;

type Check = () => Promise<void>;

/**
 * The worker's small HTTP port: `/metrics` (the domain metrics, then the Temporal SDK's own from its loopback
 * exporter), `/health/live` and `/health/ready` (PostgreSQL and Temporal answer, and the worker is polling).
 */
@Injectable()
export class WorkerHttpServer implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpServer.name);
  private server: http.Server | undefined;

  constructor(
    @Inject(observabilityConfig.KEY) private readonly settings: ObservabilityConfig,
    private readonly metrics: DomainMetrics,
    private readonly database: DataSource,
    private readonly temporal: Connection,
    private readonly worker: TemporalWorkerService,
  ) {}

  /** Listens on WORKER_HTTP_PORT (0: a free port); resolves with the port. */
  async listen(): Promise<number> {
    const server = http.createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings.workerHttpPort, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.logger.log(`Worker metrics and probes on http://localhost:${port} (/metrics, /health/live, /health/ready)`);
    return port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    try {
      if (request.method !== 'GET') return send(response, 405, 'text/plain', 'GET only\n');
      if (path === '/metrics') return send(response, 200, this.metrics.registry.contentType, await this.scrape());
      if (path === '/health/live') return json(response, 200, { status: 'ok' });
      if (path === '/health/ready' || path === '/health') return await this.ready(response);
      return json(response, 404, { message: `no route ${path}; try /metrics, /health/live or /health/ready` });
    } catch (error) {
      send(response, 500, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  private async scrape(): Promise<string> {
    const domain = await this.metrics.registry.metrics();
    const sdk = await fetch(`http://127.0.0.1:${this.settings.temporalMetricsPort}/metrics`, {
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    })
      .then((answer) => (answer.ok ? answer.text() : ''))
      .catch(() => '');
    return `${domain.trimEnd()}\n${sdk}`;
  }

  private async ready(response: http.ServerResponse): Promise<void> {
    const checks: Record<string, Check> = {
      database: async () => void (await this.database.query('SELECT 1')),
      temporal: async () =>
        void (await this.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          this.temporal.workflowService.getSystemInfo({}),
        )),
      worker: () => {
        const state = this.worker.state();
        return state === 'RUNNING' ? Promise.resolve() : Promise.reject(new Error(`worker is ${state}, not polling`));
      },
    };
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return [name, { status: 'up' }] as const;
        } catch (error: unknown) {
          const message = error instanceof Error ? error.message : String(error);
          return [name, { status: 'down', message }] as const;
        }
      }),
    );
    const details: Record<string, { status: string; message?: string }> = {};
    for (const [name, result] of results) details[name] = result;
    const ok = results.every(([, result]) => result.status === 'up');
    json(response, ok ? 200 : 503, { status: ok ? 'ok' : 'error', details });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(response: http.ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
