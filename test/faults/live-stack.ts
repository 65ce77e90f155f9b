import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import { waitForHttpOk } from '../../src/embedded/server-processes';
import { DEFAULT_SUPERVISOR_OPTIONS, Supervisor } from '../../src/embedded/supervisor';
import { startTemporalDevServer, stopChild, type TemporalDevServer } from '../../src/embedded/temporal-dev-server';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { builtEntry, PROJECT_ROOT, WORKFLOW_BUNDLE } from '../support/build';
import { freePort } from '../support/free-port';

const EMBEDDED_POSTGRES_MODULE = path.join(PROJECT_ROOT, 'dist', 'src', 'embedded', 'embedded-postgres.js');

/** Runs the service's own embedded-PostgreSQL start-up (from dist/) until SIGTERM, which stops the cluster. */
const POSTGRES_PROCESS = `
const [, module, dataDir, port, database] = process.argv;
require(module).startEmbeddedPostgres({ dataDir, port: Number(port), database }).then(
  (db) => {
    process.stdout.write('ready\\n');
    process.once('SIGTERM', () => db.stop().then(() => process.exit(0), () => process.exit(1)));
  },
  (error) => {
    process.stderr.write(String(error));
    process.exit(1);
  },
);
`;

/**
 * The parts of the live fault suite that it stops and starts: a PostgreSQL and a Temporal dev server of its own
 * (their state on disk, so a restart keeps it; the machine's shared servers are never touched), and the production
 * worker as a separate OS process under the launcher's supervisor, so a SIGKILL is a real one.
 */
export class LiveStack {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diversion-live-faults-'));
  private postgres: ChildProcess | undefined;
  private temporal: TemporalDevServer | undefined;
  private supervisor: Supervisor | undefined;
  private pgPort = 0;
  private temporalPort = 0;
  private workerPort = 0;
  private metricsPort = 0;
  /** The supervisor's lines (restarts) and the tail of the worker's own output, for a failure's diagnosis. */
  readonly log: string[] = [];
  /** How many times the worker process was started (the first start included). */
  workerStarts = 0;
  gaveUp = false;

  get databaseUrl(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.pgPort}/diversion_live_faults`;
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.temporalPort}`;
  }

  async startServers(): Promise<void> {
    fs.chmodSync(this.dir, 0o777);
    const [pg, temporal, worker, metrics] = await distinctFreePorts(4);
    [this.pgPort, this.temporalPort, this.workerPort, this.metricsPort] = [pg!, temporal!, worker!, metrics!];
    await Promise.all([this.startPostgres(), this.startTemporal()]);
    await runMigrations(this.databaseUrl);
  }

  /** Embedded PostgreSQL in a process of its own: the package is ECMAScript-only and Jest's runtime cannot load it. */
  async startPostgres(): Promise<void> {
    const args = [path.join(this.dir, 'pg'), String(this.pgPort), 'diversion_live_faults'];
    const child = spawn(process.execPath, ['-e', POSTGRES_PROCESS, EMBEDDED_POSTGRES_MODULE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = new Promise<'ready'>((resolve) =>
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve('ready')),
    );
    const outcome = await Promise.race([ready, once(child, 'exit').then(() => 'exited' as const)]);
    if (outcome === 'exited') throw new Error(`embedded PostgreSQL exited during start-up: ${output}`);
    this.postgres = child;
  }

  /** A fast shutdown (pg_ctl stop): connections are cut, the data stays. */
  async stopPostgres(): Promise<void> {
    if (this.postgres) await stopChild(this.postgres, 15_000);
    this.postgres = undefined;
  }

  async startTemporal(): Promise<void> {
    this.temporal = await startTemporalDevServer({
      cliPath: process.env.TEMPORAL_CLI_PATH!,
      port: this.temporalPort,
      dbFile: path.join(this.dir, 'temporal.db'),
      namespace: 'default',
      searchAttributes: SEARCH_ATTRIBUTES,
    });
  }

  async stopTemporal(): Promise<void> {
    await this.temporal?.stop();
    this.temporal = undefined;
  }

  /** Starts the worker under a supervisor that restarts it, after its backoff, whenever it exits unasked. */
  startWorker(env: NodeJS.ProcessEnv): void {
    const workerEnv: NodeJS.ProcessEnv = {
      ...env,
      TEMPORAL_ADDRESS: this.temporalAddress,
      DATABASE_URL: this.databaseUrl,
      WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE,
      WORKER_HTTP_PORT: String(this.workerPort),
      LOG_LEVEL: 'warn',
    };
    const remember = (line: string) => {
      this.log.push(line);
      if (this.log.length > 200) this.log.shift();
    };
    this.supervisor = new Supervisor(
      'worker',
      (onExit) => {
        this.workerStarts += 1;
        const child = spawn(process.execPath, [builtEntry('worker')], {
          env: { ...workerEnv, TEMPORAL_METRICS_PORT: String(this.metricsPort) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        for (const stream of [child.stdout, child.stderr]) {
          stream?.on('data', (chunk: Buffer) => chunk.toString().trimEnd().split('\n').forEach(remember));
        }
        child.once('exit', onExit);
        return { name: 'worker', child, stop: () => stopChild(child, 5000) };
      },
      remember,
      () => (this.gaveUp = true),
      // The launcher's backoff; more restarts allowed, since this suite kills the worker on purpose.
      { ...DEFAULT_SUPERVISOR_OPTIONS, maxRestarts: 20 },
    );
    this.supervisor.start();
  }

  /** SIGKILL: no shutdown hook, no drain; the supervisor notices the exit and starts a new worker. */
  async killWorker(): Promise<void> {
    const pid = this.supervisor?.pid;
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    while (this.supervisor?.pid === pid && !this.gaveUp) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Resolves once a worker answers ready: PostgreSQL and Temporal reachable, and the worker polling. */
  async workerReady(timeoutMs = 60_000): Promise<void> {
    await waitForHttpOk(`http://127.0.0.1:${this.workerPort}/health/ready`, timeoutMs, () => this.gaveUp);
  }

  get workerPid(): number | undefined {
    return this.supervisor?.pid;
  }

  async stop(): Promise<void> {
    await this.supervisor?.stop();
    await this.stopTemporal().catch(() => undefined);
    await this.stopPostgres().catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Free ports, none the same: freePort's probe server is closed again before the next one listens. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
