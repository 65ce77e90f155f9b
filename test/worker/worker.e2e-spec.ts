import { Client, Connection } from '@temporalio/client';
import { SYSTEM_CHECK_WORKFLOW_TYPE, systemCheckWorkflowId } from '../../workflows/system-check/system-check.contract';
import type { systemCheckWorkflow } from '../../workflows/system-check/system-check.workflow';
import { startWorker, stopWorker, type RunningWorker } from '../support/servers';

describe('the worker on the Temporal dev server', () => {
  let worker: RunningWorker;
  let connection: Connection;

  beforeAll(async () => {
    worker = await startWorker();
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  });

  afterAll(async () => {
    await connection?.close();
    await stopWorker(worker);
  });

  it('runs a workflow end to end: workflow code, an activity and a durable timer', async () => {
    const client = new Client({ connection });
    const token = `e2e-${Date.now()}`;

    const output = await client.workflow.execute<typeof systemCheckWorkflow>(SYSTEM_CHECK_WORKFLOW_TYPE, {
      taskQueue: 'diversion-cases',
      workflowId: systemCheckWorkflowId(token),
      args: [{ token, sleepMs: 500 }],
    });

    expect(output).toEqual({ echoed: `echo:${token}`, sleptMs: 500 });
    const history = await client.workflow.getHandle(systemCheckWorkflowId(token)).fetchHistory();
    const eventTypes = (history.events ?? []).map((event) => event.eventType);
    expect(eventTypes).toEqual(expect.arrayContaining([expect.anything()]));
    expect(history.events?.some((event) => event.timerFiredEventAttributes)).toBe(true);
    expect(history.events?.some((event) => event.activityTaskCompletedEventAttributes)).toBe(true);
  });
});
