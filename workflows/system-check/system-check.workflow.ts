import { proxyActivities, sleep } from '@temporalio/workflow';
import type { SystemCheckActivityContract } from './system-check.contract';
import type { SystemCheckInput, SystemCheckOutput } from './system-check.contract';

const { echo } = proxyActivities<SystemCheckActivityContract>({ startToCloseTimeout: '10 seconds' });

/**
 * Proves the wiring end to end: the worker runs workflow code, calls an activity, and keeps a durable timer.
 * Used by the health e2e test and by operators after a deployment.
 */
export async function systemCheckWorkflow(input: SystemCheckInput): Promise<SystemCheckOutput> {
  await sleep(input.sleepMs);
  return { echoed: await echo(input.token), sleptMs: input.sleepMs };
}
