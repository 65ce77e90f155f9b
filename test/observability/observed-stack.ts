import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import { TEST_JWT_SECRET } from '../cases/case-api';
import { builtEntry, WORKFLOW_BUNDLE } from '../support/build';
import { adminQuery } from '../support/e2e-global-setup';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';

export interface ServerProcess {
  child: ChildProcess;
  /** Every line the process wrote to stdout, and to stderr. */
  stdout: string[];
  stderr: string[];
}

export interface ObservedStack {
  apiUrl: string;
  workerUrl: string;
  databaseUrl: string;
  api: ServerProcess;
  worker: ServerProcess;
  spans: ExportedSpan[];
  close(): Promise<void>;
}

export interface ExportedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

/**
 * The API and the worker as their production processes (built entry points, the prebuilt workflow bundle, JSON logs),
 * on a database of their own so every count they report is this file's, with an OTLP/HTTP receiver for their traces.
 */
export async function startObservedStack(taskQueue: string): Promise<ObservedStack> {
  const databaseUrl = await freshDatabase();
  const receiver = await otlpReceiver();
  const [apiPort, workerPort, sdkMetricsPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diversion-obs-outbox-'));
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    ALLOW_POLICY_OVERRIDE: 'true',
    OUTBOX_DIR: outboxDir,
    LOG_FORMAT: 'json',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  };
  const worker = start('worker', {
    ...env,
    LOG_LEVEL: 'debug',
    WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE,
    WORKER_HTTP_PORT: String(workerPort),
    TEMPORAL_METRICS_PORT: String(sdkMetricsPort),
  });
  const api = start('main', { ...env, LOG_LEVEL: 'log', PORT: String(apiPort) });
  const stack: ObservedStack = {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    workerUrl: `http://127.0.0.1:${workerPort}`,
    databaseUrl,
    api,
    worker,
    spans: receiver.spans,
    async close() {
      await Promise.all([stop(api.child), stop(worker.child)]);
      await receiver.close();
      await dropDatabase(databaseUrl);
      fs.rmSync(outboxDir, { recursive: true, force: true });
    },
  };
  try {
    for (const url of [stack.apiUrl, stack.workerUrl]) {
      await eventually(async () => {
        const response = await fetch(`${url}/health/ready`);
        if (response.status !== 200) throw new Error(`${url}/health/ready answered ${response.status}`);
      }, 60_000);
    }
  } catch (error) {
    await stack.close();
    throw new Error(
      `${String(error)}\nworker stderr:\n${worker.stderr.join('\n')}\napi stderr:\n${api.stderr.join('\n')}`,
    );
  }
  return stack;
}

/** Stops a process with SIGTERM and waits until it has exited (its last lines are then in stdout). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function start(entry: 'main' | 'worker', env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(process.execPath, [builtEntry(entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const running: ServerProcess = { child, stdout: [], stderr: [] };
  collectLines(child.stdout, running.stdout);
  collectLines(child.stderr, running.stderr);
  return running;
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    into.push(...lines.filter((line) => line.length > 0));
  });
  stream.on('end', () => {
    if (rest) into.push(rest);
  });
}

async function freshDatabase(): Promise<string> {
  const admin = process.env.DATABASE_URL ?? '';
  const name = `diversion_obs_${Date.now()}_${process.pid}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return url.toString();
}

async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(process.env.DATABASE_URL ?? '', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{
        name: string;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}
interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; boolValue?: boolean };
}

/** A minimal OTLP/HTTP JSON receiver: what the processes' exporters post to /v1/traces. */
async function otlpReceiver(): Promise<{ url: string; spans: ExportedSpan[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = String(attributes(resourceSpans.resource?.attributes)['service.name']);
          for (const span of (resourceSpans.scopeSpans ?? []).flatMap((scope) => scope.spans ?? [])) {
            spans.push({
              service,
              name: span.name,
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              attributes: attributes(span.attributes),
            });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attributes(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (list ?? []).map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue]),
  );
}
