import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readOrCreateDevSecret } from './auth/dev-secret';
import { childProcessEnvironment, loadEnvironment } from './config/load-environment';
import type { Environment } from './config/environment';
import { startEmbeddedPostgres } from './embedded/embedded-postgres';
import { startServerProcess, waitForHttpOk } from './embedded/server-processes';
import { Supervisor } from './embedded/supervisor';
import { startTemporalDevServer } from './embedded/temporal-dev-server';
import { embeddedCodecEnvironment } from './temporal/dev-payload-key';
import { SEARCH_ATTRIBUTES } from './temporal/search-attributes';

/**
 * `npm start`: everything on one machine. Starts what is not configured — a Temporal dev server persisted under
 * DATA_DIR and an embedded PostgreSQL — runs the migrations, then the API and the worker as supervised child processes
 * (a crashed one is restarted with backoff while the rest keep running). Ctrl-C or SIGTERM stops them all in reverse
 * order, also when start-up fails half way.
 */
class EmbeddedLauncher {
  private readonly stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  private shuttingDown: Promise<void> | undefined;

  constructor(private readonly environment: Environment) {}

  async start(): Promise<void> {
    const started = Date.now();
    const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const { embedded, app } = this.environment;
    fs.mkdirSync(embedded.dataDir, { recursive: true });
    fs.mkdirSync(this.environment.mail.outboxDir, { recursive: true });
    log(`data in ${embedded.dataDir}`);
    // Both start in parallel; both settle before either result is used, so a failure of one never leaves the other
    // running unregistered.
    const starting = [this.temporal(), this.database()] as const;
    await Promise.allSettled(starting);
    // TypeORM with every entity and migration, and the token signer, load while the two servers boot.
    const [{ runMigrations }, { seedDevStaff }, { devTokensPerRole }] = await Promise.all([
      import('./database/migrate.js'),
      import('./staff/dev-staff.js'),
      import('./auth/dev-token.js'),
    ]);
    const [temporalAddress, databaseUrl] = [await starting[0], await starting[1]];
    if (this.shuttingDown) return;
    log(`Temporal and PostgreSQL up at ${since()}`);
    const applied = await runMigrations(databaseUrl);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);

    // Without a configured key, sign development tokens with a secret generated once into DATA_DIR.
    const { auth } = this.environment;
    const devSecret = auth.jwtSecret || auth.jwksUrl ? undefined : readOrCreateDevSecret(embedded.dataDir);
    if (devSecret) await seedDevStaff(databaseUrl);
    const env = childProcessEnvironment({
      TEMPORAL_ADDRESS: temporalAddress,
      DATABASE_URL: databaseUrl,
      OUTBOX_DIR: this.environment.mail.outboxDir,
      ...(devSecret ? { AUTH_JWT_SECRET: devSecret } : {}),
      ...prebuiltWorkflowBundle(this.environment),
      ...embeddedCodecEnvironment(this.environment, this.temporalUi),
    });
    for (const [name, entry] of [
      ['worker', 'worker'],
      ['api', 'main'],
    ] as const) {
      const launch = (onExit: (code: number | null, signal: NodeJS.Signals | null) => void) =>
        startServerProcess(
          name,
          entry,
          env,
          (_name, code, signal) => onExit(code, signal),
          name === 'worker' ? this.environment.temporal.worker.maxHeapMb : undefined,
        );
      const server = new Supervisor(name, launch, log, (exited) => this.onServerGaveUp(exited));
      server.start();
      this.stops.push({ name, stop: () => server.stop() });
    }
    const apiUrl = `http://localhost:${app.port}`;
    const aborted = () => this.shuttingDown !== undefined;
    const { workerHttpPort } = this.environment.observability;
    await Promise.all([
      waitForHttpOk(`${apiUrl}/health`, 60_000, aborted),
      // Ready means the worker polls its task queue (its readiness probe), not only that the API answers.
      workerHttpPort > 0 ? waitForHttpOk(`http://localhost:${workerHttpPort}/health/ready`, 60_000, aborted) : null,
    ]);
    if (this.shuttingDown) return;
    log(`ready at ${since()}: the API answers and the worker polls`);
    const secret = devSecret ?? auth.jwtSecret;
    const tokens = secret && !auth.jwksUrl ? await devTokensPerRole(secret) : [];
    printBanner(apiUrl, this.temporalUi, this.environment.mail.outboxDir, databaseUrl, tokens);
  }

  /** Stops everything started so far, newest first; idempotent. */
  shutdown(reason: string): Promise<void> {
    this.shuttingDown ??= (async () => {
      log(`stopping (${reason})`);
      for (const { name, stop } of [...this.stops].reverse()) {
        await stop().catch((error: unknown) => log(`stopping ${name} failed: ${String(error)}`));
      }
      log('stopped');
    })();
    return this.shuttingDown;
  }

  private temporalUi: string | undefined;

  private async temporal(): Promise<string> {
    const { temporal, embedded } = this.environment;
    if (temporal.address) return temporal.address;
    const server = await startTemporalDevServer({
      cliPath: embedded.temporalCliPath ?? temporalCliFromProjectScript(),
      port: embedded.temporalPort,
      uiPort: embedded.temporalUiPort,
      uiCodecEndpoint: `http://localhost:${this.environment.app.port}/codec`,
      dbFile: path.join(embedded.dataDir, 'temporal.db'),
      namespace: temporal.namespace,
      searchAttributes: SEARCH_ATTRIBUTES,
      log: (line) => process.stderr.write(`[temporal] ${line}\n`),
    });
    this.stops.push({ name: 'temporal', stop: () => server.stop() });
    this.temporalUi = server.uiUrl;
    return server.address;
  }

  private async database(): Promise<string> {
    const { database, embedded } = this.environment;
    if (database.url) return database.url;
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(embedded.dataDir, 'postgres'),
      port: embedded.postgresPort,
      database: 'diversion',
    });
    this.stops.push({ name: 'postgres', stop: () => postgres.stop() });
    return postgres.url;
  }

  /** A crash loop the supervisor could not end: stop everything and exit non-zero, loudly. */
  private onServerGaveUp(name: string): void {
    if (this.shuttingDown) return;
    log(`${name} keeps crashing; stopping everything`);
    process.exitCode = 1;
    void this.shutdown(`${name} keeps crashing`);
  }
}

/**
 * The workflow bundle `npm run build` wrote beside this file (rebuilt whenever the sources change), so the worker
 * starts without running webpack; a configured WORKFLOW_BUNDLE_PATH wins.
 */
function prebuiltWorkflowBundle(environment: Environment): { WORKFLOW_BUNDLE_PATH?: string } {
  if (environment.temporal.workflowBundlePath) return {};
  const bundle = path.resolve(__dirname, '..', 'workflow-bundle.js');
  return fs.existsSync(bundle) ? { WORKFLOW_BUNDLE_PATH: bundle } : {};
}

function temporalCliFromProjectScript(): string {
  const script = path.resolve(__dirname, '../../scripts/temporal-binaries.js');
  const found = JSON.parse(execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' })) as { cli: string };
  return found.cli;
}

function printBanner(
  apiUrl: string,
  temporalUi: string | undefined,
  outboxDir: string,
  databaseUrl: string,
  tokens: Array<[string, string, string]>,
): void {
  const lines = [
    `API            ${apiUrl}`,
    `OpenAPI docs   ${apiUrl}/docs`,
    `Staff pages    ${apiUrl}/app`,
    `Health         ${apiUrl}/health`,
    `Temporal UI    ${temporalUi ?? '(external Temporal server)'}`,
    `Outbox         ${outboxDir}`,
    `Database       ${databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`,
    ...(tokens.length > 0 ? ['Dev tokens (12 h; `npm run token` mints more):'] : []),
    ...tokens.map(([role, sub, token]) => `  ${`${role} (${sub})`.padEnd(20)} ${token}`),
    'Ctrl-C stops everything.',
  ];
  process.stdout.write(`\nDiversion orchestrator is running\n${lines.map((line) => `  ${line}`).join('\n')}\n\n`);
}

function log(message: string): void {
  process.stderr.write(`[embedded] ${message}\n`);
}

async function main(): Promise<void> {
  const launcher = new EmbeddedLauncher(loadEnvironment());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void launcher.shutdown(signal));
  }
  try {
    await launcher.start();
  } catch (error) {
    log(`start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    await launcher.shutdown('start-up failed');
  }
}

void main();
