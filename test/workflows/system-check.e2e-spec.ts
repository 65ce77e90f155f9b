import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { SystemCheckActivityContract } from '../../workflows/system-check/system-check.contract';
import { SYSTEM_CHECK_WORKFLOW_TYPE, systemCheckWorkflowId } from '../../workflows/system-check/system-check.contract';
import type { systemCheckWorkflow } from '../../workflows/system-check/system-check.workflow';
import { testDataConverter } from '../support/codec';
import { bundleWorkflows, createTimeSkippingEnvironment } from '../support/time-skipping';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

describe('system check on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    [env, workflowBundle] = await Promise.all([createTimeSkippingEnvironment(), bundleWorkflows()]);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('completes a 30-day durable sleep in seconds of wall time', async () => {
    const activities: SystemCheckActivityContract = { echo: (token) => Promise.resolve(`fake:${token}`) };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'system-check-test',
      workflowBundle,
      activities,
      dataConverter: testDataConverter,
    });
    const startedAt = Date.now();
    const simulatedStart = await env.currentTimeMs();

    const output = await worker.runUntil(
      env.client.workflow.execute<typeof systemCheckWorkflow>(SYSTEM_CHECK_WORKFLOW_TYPE, {
        taskQueue: 'system-check-test',
        workflowId: systemCheckWorkflowId('thirty-days'),
        args: [{ token: 'thirty-days', sleepMs: THIRTY_DAYS_MS }],
      }),
    );

    expect(output).toEqual({ echoed: 'fake:thirty-days', sleptMs: THIRTY_DAYS_MS });
    expect((await env.currentTimeMs()) - simulatedStart).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);
    expect(Date.now() - startedAt).toBeLessThan(THIRTY_DAYS_MS / 1000);
  });
});
