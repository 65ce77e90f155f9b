import { Client, Connection } from '@temporalio/client';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_CHECK_WORKFLOW_TYPE, systemCheckWorkflowId } from '../../workflows/system-check/system-check.contract';
import type { systemCheckWorkflow } from '../../workflows/system-check/system-check.workflow';
import { readOrCreateDevSecret } from '../../src/auth/dev-secret';
import { mintDevToken } from '../../src/auth/dev-token';
import { readDevPayloadKeys } from '../../src/temporal/dev-payload-key';
import { call, caseNumber, referral } from '../cases/case-api';
import { builtEntry } from '../support/build';
import { configuredDataConverter } from '../support/codec';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { getJson } from '../support/http';

interface Ports {
  api: number;
  temporal: number;
  temporalUi: number;
  postgres: number;
  temporalMetrics: number;
}

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** The embedded default exactly as `npm start` runs it, in its own data folder and on free ports. */
function launch(dataDir: string, ports: Ports): Launch {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(ports.api),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.temporalUi),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
    WORKER_HTTP_PORT: '0',
    TEMPORAL_METRICS_PORT: String(ports.temporalMetrics),
    LOG_LEVEL: 'warn',
  };
  for (const key of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'OUTBOX_DIR', 'PAYLOAD_CODEC_KEYS']) delete env[key];
  const child = spawn(process.execPath, [builtEntry('embedded')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, output: () => output, exited };
}

async function waitForHealthy(url: string, launched: Launch, timeoutMs = 90_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (launched.child.exitCode !== null) throw new Error(`launcher exited early:\n${launched.output()}`);
    const health = await getJson(`${url}/health`).catch(() => undefined);
    if (health?.status === 200 && launched.output().includes('Ctrl-C stops everything')) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not healthy within ${timeoutMs} ms:\n${launched.output()}`);
}

/** Every process still running whose command line mentions the folder (postgres -D, temporal --db-filename). */
function processesUsing(dataDir: string): string[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

function childrenOf(pid: number): string[] {
  const listing = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid]) => Number(ppid) === pid)
    .map((parts) => parts.join(' '));
}

async function stopAndMeasure(launched: Launch, signal: NodeJS.Signals): Promise<number> {
  const started = Date.now();
  launched.child.kill(signal);
  await launched.exited;
  return Date.now() - started;
}

async function freePorts(): Promise<Ports> {
  return {
    api: await freePort(),
    temporal: await freePort(),
    temporalUi: await freePort(),
    postgres: await freePort(),
    temporalMetrics: await freePort(),
  };
}

describe('the embedded default (npm start)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diversion-embedded-'));
    fs.chmodSync(dataDir, 0o777);
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts everything, keeps its data across restarts, and a signal leaves no process behind', async () => {
    const ports = await freePorts();
    const url = `http://127.0.0.1:${ports.api}`;
    const first = launch(dataDir, ports);
    const startMs = await waitForHealthy(url, first);
    console.log(`embedded default: healthy ${startMs} ms after start (fresh data folder)`);
    expect(first.output()).toContain(`Temporal UI    http://localhost:${ports.temporalUi}`);
    expect(first.output()).toContain('applied migrations');

    const token = `embedded-${Date.now()}`;
    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    try {
      // The result is encrypted under the development key the launcher generated into the data folder.
      const dataConverter = configuredDataConverter({ PAYLOAD_CODEC_KEYS: readDevPayloadKeys(dataDir) });
      const output = await new Client({ connection, dataConverter }).workflow.execute<typeof systemCheckWorkflow>(
        SYSTEM_CHECK_WORKFLOW_TYPE,
        { taskQueue: 'diversion-cases', workflowId: systemCheckWorkflowId(token), args: [{ token, sleepMs: 100 }] },
      );
      expect(output.echoed).toBe(`echo:${token}`);
    } finally {
      await connection.close();
    }
    const launcherPid = first.child.pid ?? -1;
    expect(childrenOf(launcherPid)).toHaveLength(4);

    const stopMs = await stopAndMeasure(first, 'SIGINT');
    console.log(`embedded default: stopped ${stopMs} ms after SIGINT`);
    expect(processesUsing(dataDir)).toEqual([]);
    expect(childrenOf(launcherPid)).toEqual([]);

    const second = launch(dataDir, ports);
    await waitForHealthy(url, second);
    expect(second.output()).not.toContain('applied migrations');
    const reconnection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    try {
      const handle = new Client({ connection: reconnection }).workflow.getHandle(systemCheckWorkflowId(token));
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    } finally {
      await reconnection.close();
    }
    await stopAndMeasure(second, 'SIGTERM');
    expect(processesUsing(dataDir)).toEqual([]);
  });

  // Defect: `kill -9` of the worker made the launcher log "worker exited unexpectedly" and stop the whole stack.
  it('restarts a worker killed with SIGKILL while Temporal and PostgreSQL keep running, and the case goes on', async () => {
    const crashDir = fs.mkdtempSync(path.join(dataDir, 'crash-'));
    fs.chmodSync(crashDir, 0o777);
    const ports = await freePorts();
    const url = `http://127.0.0.1:${ports.api}`;
    const launched = launch(crashDir, ports);
    try {
      await waitForHealthy(url, launched);
      const secret = readOrCreateDevSecret(crashDir);
      const as = {
        admin: await mintDevToken(secret, { sub: 'ada', roles: ['admin'] }),
        coordinator: await mintDevToken(secret, { sub: 'alice', roles: ['coordinator'] }),
      };
      const number = caseNumber('CRASH');
      expect((await call(url, 'POST', '/cases', { token: as.admin, body: referral(number) })).status).toBe(201);
      const launcherPid = launched.child.pid ?? -1;
      const before = childrenOf(launcherPid);
      const worker = before.find((line) => line.includes('worker.js'));
      const others = before.filter((line) => line !== worker);
      expect(worker).toBeDefined();

      process.kill(Number(worker!.split(' ')[0]), 'SIGKILL');

      await eventually(() => {
        if (!launched.output().includes('worker exited unexpectedly (signal SIGKILL); restarting in')) {
          return Promise.reject(new Error('no restart logged yet'));
        }
        const now = childrenOf(launcherPid);
        if (!now.some((line) => line.includes('worker.js') && line !== worker)) {
          return Promise.reject(new Error('no new worker yet'));
        }
        return Promise.resolve();
      }, 30_000);
      // The API, Temporal and PostgreSQL were never restarted.
      expect(childrenOf(launcherPid).filter((line) => !line.includes('worker.js'))).toEqual(others);
      // Until the new worker takes the case (its task waits out the dead worker's sticky queue first), the action can
      // answer 503 with the key to repeat it with: repeated, it is applied once.
      const screen = () =>
        call(url, 'POST', `/cases/${number}/screening`, {
          token: as.coordinator,
          body: { decision: 'accept' },
          idempotencyKey: `screen-${number}`,
        });
      let screened = await screen();
      for (let tries = 1; screened.status === 503 && tries < 5; tries += 1) screened = await screen();
      expect({ status: screened.status, stage: screened.body.stage }).toEqual({
        status: 200,
        stage: 'PARTICIPANT_CONSENT',
      });
      expect(launched.child.exitCode).toBeNull();
    } finally {
      await stopAndMeasure(launched, 'SIGINT');
    }
    expect(processesUsing(crashDir)).toEqual([]);
  });

  it('stops what it had started when start-up fails half way (the Temporal port is taken)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const failingDir = fs.mkdtempSync(path.join(dataDir, 'failing-'));
    fs.chmodSync(failingDir, 0o777);
    try {
      const launched = launch(failingDir, {
        ...(await freePorts()),
        temporal: (blocker.address() as net.AddressInfo).port,
      });

      const [code] = await launched.exited;

      expect({ code, output: launched.output() }).toMatchObject({ code: 1 });
      expect(launched.output()).toContain('start-up failed');
      expect(processesUsing(failingDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
