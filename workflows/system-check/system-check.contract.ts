/** Input of the system-check workflow: a round trip through the worker, its activities and a durable timer. */
export interface SystemCheckInput {
  /** Echoed back by the activity, proving the worker ran it. */
  token: string;
  /** How long the workflow sleeps before answering (durable timer), in milliseconds. */
  sleepMs: number;
}

/** Output of the system-check workflow. */
export interface SystemCheckOutput {
  echoed: string;
  sleptMs: number;
}

export const SYSTEM_CHECK_WORKFLOW_TYPE = 'systemCheckWorkflow';

export function systemCheckWorkflowId(token: string): string {
  return `system-check-${token}`;
}

/** The activities the system-check workflow calls; implemented in `activities/system-check/system-check.activities.ts`. */
export interface SystemCheckActivityContract {
  echo(token: string): Promise<string>;
}
