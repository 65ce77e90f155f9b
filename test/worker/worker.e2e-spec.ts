import { Client, Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SYSTEM_CHECK_WORKFLOW_TYPE, systemCheckWorkflowId } from '../../workflows/system-check/system-check.contract';
import type { systemCheckWorkflow } from '../../workflows/system-check/system-check.workflow';
import { builtEntry, WORKFLOW_BUNDLE } from '../support/build';
import { freePort } from '../support/free-port';
import { startWorker, stopWorker, type RunningWorker } from '../support/servers';
import { configuredDataConverter } from '../support/codec';

/** Runs the system-check workflow and returns what it answered plus the kinds of events its history holds. */
async function runSystemCheck(client: Client, taskQueue: string, token: string) {
  const output = await client.workflow.execute<typeof systemCheckWorkflow>(SYSTEM_CHECK_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: systemCheckWorkflowId(token),
    args: [{ token, sleepMs: 500 }],
  });
  const history = await client.workflow.getHandle(systemCheckWorkflowId(token)).fetchHistory();
  const events = history.events ?? [];
  return {
    output,
    timerFired: events.some((event) => event.timerFiredEventAttributes),
    activityCompleted: events.some((event) => event.activityTaskCompletedEventAttributes),
  };
}

describe('the worker on the Temporal dev server', () => {
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: configuredDataConverter() });
  });

  afterAll(async () => {
    await connection?.close();
  });

  describe('in development (bundles workflows/ at start-up)', () => {
    let worker: RunningWorker;

    beforeAll(async () => {
      worker = await startWorker();
    });

    afterAll(async () => {
      await stopWorker(worker);
    });

    it('runs a workflow end to end: workflow code, an activity and a durable timer', async () => {
      const token = `dev-${Date.now()}`;

      const result = await runSystemCheck(client, 'diversion-cases', token);

      expect(result).toEqual({
        output: { echoed: `echo:${token}`, sleptMs: 500 },
        timerFired: true,
        activityCompleted: true,
      });
    });
  });

  it('in production runs as its own process from the prebuilt workflow bundle and stops on SIGTERM', async () => {
    const taskQueue = `bundle-${Date.now()}`;
    const child = spawn(process.execPath, [builtEntry('worker')], {
      env: {
        ...process.env,
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKFLOW_BUNDLE_PATH: WORKFLOW_BUNDLE,
        WORKER_HTTP_PORT: '0',
        TEMPORAL_METRICS_PORT: String(await freePort()),
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const token = `bundle-${Date.now()}`;

      const result = await runSystemCheck(client, taskQueue, token);

      expect(result.output.echoed).toBe(`echo:${token}`);
      expect(output).not.toContain('Workflow bundle created');
    } finally {
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    }
  });
});
