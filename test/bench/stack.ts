import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { runMigrations } from '../../src/database/migrate';
import { startTemporalDevServer, stopChild } from '../../src/embedded/temporal-dev-server';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { buildProject, builtEntry, PROJECT_ROOT, WORKFLOW_BUNDLE } from '../support/build';
import { freshDatabase } from '../support/e2e-global-setup';
import { freePort } from '../support/free-port';
import { temporalBinaries } from '../support/temporal-binaries';
import { TwilioStandIn } from '../notifications/fake-providers';

export const BENCH_JWT_SECRET = 'bench-secret-for-npm-run-bench-0123456789abcdef';
export const SERVICE_QUEUE = `bench-service-${process.pid}`;
export const BARE_QUEUE = `bench-bare-${process.pid}`;

/**
 * An SMTP server that keeps only what the bench counts: each message's Message-ID and when it arrived (parsing whole
 * messages in the bench process would take the CPU the service needs).
 */
export class SmtpSink {
  readonly arrivals = new Map<string, number[]>();
  received = 0;
  port = 0;
  private server!: SMTPServer;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const arrived = Date.now();
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 8192) head += chunk.toString('latin1');
        });
        stream.on('end', () => {
          const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)';
          this.arrivals.set(id, [...(this.arrivals.get(id) ?? []), arrived]);
          this.received += 1;
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Resident set size of a process and its children, in MiB (from /proc). */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  const pids = [pid, ...descendants(pid)];
  let kib = 0;
  for (const p of pids) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}

function descendants(pid: number): number[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of listing.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (child === undefined || parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

/** The process listening on a TCP port (the dev server's frontend), found through `ps` by its command line. */
function pidByArgs(fragment: string): number | undefined {
  const listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const line = listing.split('\n').find((l) => l.includes(fragment) && !l.includes('ps -eo'));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

export async function waitForOk(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: its process exited with ${child.exitCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Everything the bench runs on: one dev server, one database, the providers, the service's two processes, the bare worker. */
export class BenchStack {
  readonly stops: Array<() => Promise<void>> = [];
  temporalAddress = '';
  temporalPid: number | undefined;
  databaseUrl = '';
  apiUrl = '';
  smtp = new SmtpSink();
  twilio = new TwilioStandIn();
  api: ServerProcess | undefined;
  worker: ServerProcess | undefined;
  bare: ServerProcess | undefined;
  workerHttpPort = 0;
  private readonly codecKeys = `bench-${process.pid}:${randomBytes(32).toString('base64')}`;
  private readonly logDir = fs.mkdtempSync('/tmp/diversion-bench-logs-');

  async start(): Promise<void> {
    const binaries = temporalBinaries();
    const port = await freePort();
    const holder = { stop: [] as Array<() => Promise<void>> };
    const [temporal, databaseUrl] = await Promise.all([
      startTemporalDevServer({
        cliPath: binaries.cli,
        port,
        namespace: 'default',
        searchAttributes: SEARCH_ATTRIBUTES,
      }),
      freshDatabase(holder),
    ]);
    this.stops.push(() => temporal.stop(), ...holder.stop);
    this.temporalAddress = temporal.address;
    this.temporalPid = pidByArgs(`--port ${port}`);
    this.databaseUrl = databaseUrl;
    await runMigrations(databaseUrl);
    await Promise.all([this.smtp.start(), this.twilio.start()]);
    this.stops.push(
      () => this.smtp.stop(),
      () => this.twilio.stop(),
    );
  }

  /** The environment both service processes read, as a deployment would set it. */
  serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: SERVICE_QUEUE,
      WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE,
      DATABASE_URL: this.databaseUrl,
      DATABASE_MIGRATE_ON_START: 'false',
      SMTP_URL: `smtp://127.0.0.1:${this.smtp.port}`,
      TWILIO_BASE_URL: this.twilio.url,
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'bench-auth-token',
      TWILIO_FROM: '+15550009999',
      AUTH_JWT_SECRET: BENCH_JWT_SECRET,
      ALLOW_POLICY_OVERRIDE: 'true',
      PAYLOAD_CODEC_KEYS: this.codecKeys,
      OUTBOX_DIR: path.join(this.logDir, 'outbox'),
      ...extra,
    };
  }

  async startApi(): Promise<void> {
    const port = await freePort();
    this.api = this.spawn('api', [builtEntry('main')], this.serviceEnv({ PORT: String(port) }));
    this.apiUrl = `http://127.0.0.1:${port}`;
    await waitForOk(`${this.apiUrl}/health`, 60_000, this.api.child);
  }

  /**
   * The service's worker; `settings` are the worker's memory settings (WORKER_MAX_*), passed through as env, and
   * `nodeFlags` are flags for its Node process (a profiler's, say, which NODE_OPTIONS may not carry).
   */
  async startWorker(settings: Record<string, string> = {}, nodeFlags: string[] = []): Promise<void> {
    this.workerHttpPort = await freePort();
    const env = this.serviceEnv({
      WORKER_HTTP_PORT: String(this.workerHttpPort),
      TEMPORAL_METRICS_PORT: String(await freePort()),
      ...settings,
    });
    // The old-space limit is a Node flag, given at the process's start as the launcher gives it.
    const heap = settings.WORKER_MAX_HEAP_MB ? [`--max-old-space-size=${settings.WORKER_MAX_HEAP_MB}`] : [];
    this.worker = this.spawn('worker', [...heap, ...nodeFlags, builtEntry('worker')], env);
    await waitForOk(`http://127.0.0.1:${this.workerHttpPort}/health/ready`, 90_000, this.worker.child);
  }

  async restartWorker(settings: Record<string, string>): Promise<void> {
    await this.worker?.stop();
    await this.startWorker(settings);
  }

  async startBareWorker(bundle: string): Promise<void> {
    const env = {
      PATH: process.env.PATH ?? '',
      BENCH_TEMPORAL_ADDRESS: this.temporalAddress,
      BENCH_TASK_QUEUE: BARE_QUEUE,
      BENCH_BUNDLE: bundle,
    };
    this.bare = this.spawn('bare-worker', [path.join(PROJECT_ROOT, 'scripts', 'bench.js'), 'bare-worker'], env);
    const deadline = Date.now() + 60_000;
    while (!fs.readFileSync(path.join(this.logDir, 'bare-worker.log'), 'utf8').includes('polling')) {
      if (this.bare.child.exitCode !== null || Date.now() > deadline) throw new Error(this.logTail('bare-worker'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Throws, with the log's end, once the API or the worker has exited: a phase waiting on them would wait for ever. */
  assertRunning(): void {
    for (const server of [this.api, this.worker]) {
      if (server && (server.child.exitCode !== null || server.child.signalCode !== null)) {
        throw new Error(
          `the ${server.name} exited (${server.child.exitCode ?? server.child.signalCode})\n${this.logTail(server.name)}`,
        );
      }
    }
  }

  logTail(name: string): string {
    const text = fs.readFileSync(path.join(this.logDir, `${name}.log`), 'utf8');
    return `${name} log (${path.join(this.logDir, `${name}.log`)}):\n${text.slice(-3000)}`;
  }

  /** PostgreSQL: the database's size in bytes, and each table's with its indexes. */
  async databaseSize(): Promise<{ total: number; tables: Record<string, number> }> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const total = await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
      const tables = await client.query<{ name: string; size: string }>(
        `SELECT relname AS name, pg_total_relation_size(c.oid) AS size FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
      );
      return {
        total: Number(total.rows[0]?.size ?? 0),
        tables: Object.fromEntries(tables.rows.map((r) => [r.name, Number(r.size)])),
      };
    } finally {
      await client.end();
    }
  }

  private pool: Pool | undefined;

  async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.pool ??= new Pool({ connectionString: this.databaseUrl, max: 4 });
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async stop(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
    this.pool = undefined;
    for (const process of [this.api, this.worker, this.bare]) await process?.stop().catch(() => undefined);
    for (const stop of this.stops.reverse())
      await stop().catch((error: unknown) => console.error('bench stop:', error));
    this.stops.length = 0;
  }

  private spawn(name: string, args: string[], env: Record<string, string>): ServerProcess {
    const log = fs.openSync(path.join(this.logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    return { name, child, env, stop: () => stopChild(child, 10_000) };
  }
}

/** Histogram means (sum and count per metric, over every label set) from a Prometheus text page. */
export type HistogramTotals = Record<string, { sum: number; count: number }>;

export async function histogramTotals(url: string, names: readonly string[]): Promise<HistogramTotals> {
  const text = await fetch(url, { signal: AbortSignal.timeout(5000) })
    .then((r) => r.text())
    .catch(() => '');
  const totals: HistogramTotals = Object.fromEntries(names.map((n) => [n, { sum: 0, count: 0 }]));
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)_(sum|count)(?:\{([^}]*)\})? ([0-9.eE+-]+)$/.exec(line);
    if (!match) continue;
    const [, name, part, labels, value] = match;
    const total = totals[name ?? ''];
    if (!total) continue;
    // Local activities are labelled by activity type: keep the record write apart from the rest.
    if (labels?.includes('activity_type=') && !labels.includes('recordCaseEvents')) continue;
    total[part === 'sum' ? 'sum' : 'count'] += Number(value);
  }
  return totals;
}

/** Mean per histogram between two snapshots, in ms (the SDK's Prometheus histograms are in seconds). */
export function meansBetween(before: HistogramTotals, after: HistogramTotals): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after).map((name) => {
      const count = (after[name]?.count ?? 0) - (before[name]?.count ?? 0);
      const sum = (after[name]?.sum ?? 0) - (before[name]?.sum ?? 0);
      return [name, count > 0 ? Math.round((sum / count) * 10_000) / 10 : NaN];
    }),
  );
}

/**
 * The bench's single-figure tools (`node scripts/bench.js action`, `memory`): builds the project, runs `work` on a
 * fresh stack (dev server, database, SMTP sink, Twilio stand-in), stops the stack and exits, 1 on an error.
 */
export function runOnBenchStack(work: (stack: BenchStack) => Promise<void>): void {
  const run = async () => {
    buildProject();
    const stack = new BenchStack();
    await stack.start();
    try {
      await work(stack);
    } finally {
      await stack.stop();
    }
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
