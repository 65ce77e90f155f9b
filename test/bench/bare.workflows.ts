import {
  condition,
  defineSignal,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { BareActivities } from './bare-activities';

/**
 * The bare-Temporal baselines of `npm run bench`: the least a workflow can do for each figure, on the same dev server
 * as the service. Bench-only: bundled for the bench's own worker on its own task queue, never part of workflows/.
 */
const activities = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });
const localActivities = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '5 seconds' });

/** Baseline A: an update that only changes the workflow's state. */
export const bump = defineUpdate<number, [number]>('bump');
/** Baseline B: an update that awaits one no-op activity. */
export const bumpAfterActivity = defineUpdate<number, [number]>('bumpAfterActivity');
export const finish = defineSignal('finish');

/** A and B: a workflow with one update handler of each kind, open until `finish`. */
export async function bareUpdateWorkflow(): Promise<number> {
  let count = 0;
  let done = false;
  setHandler(bump, (by) => (count += by));
  setHandler(bumpAfterActivity, async (by) => {
    await activities.noop();
    return (count += by);
  });
  setHandler(finish, () => void (done = true));
  await condition(() => done);
  return count;
}

/** What one case's lifecycle did in the service, counted from its history. */
export interface LifecyclePlan {
  updates: number;
  timers: number;
  activities: number;
  localActivities: number;
}

export const step = defineUpdate<number, []>('step');

/**
 * The lifecycle baseline: `updates` updates, each awaiting its share of `localActivities` (the service's record write)
 * and starting its share of `activities` (the service's messages); the main loop sleeps toward a timer between
 * changes as the case does, and the timers left over run as short sleeps before it ends.
 */
export async function bareLifecycleWorkflow(plan: LifecyclePlan): Promise<LifecyclePlan> {
  const done: LifecyclePlan = { updates: 0, timers: 0, activities: 0, localActivities: 0 };
  const share = (total: number, index: number) =>
    Math.floor((total * (index + 1)) / plan.updates) - Math.floor((total * index) / plan.updates);
  let inFlight = 0;
  setHandler(step, async () => {
    const index = done.updates;
    done.updates += 1;
    for (let i = 0; i < share(plan.activities, index); i += 1) {
      inFlight += 1;
      done.activities += 1;
      void activities.noop().finally(() => (inFlight -= 1));
    }
    for (let i = 0; i < share(plan.localActivities, index); i += 1) {
      done.localActivities += 1;
      await localActivities.noop();
    }
    return done.updates;
  });
  while (done.updates < plan.updates || inFlight > 0) {
    const seen = done.updates;
    const settled = inFlight;
    const woken = () => done.updates !== seen || inFlight !== settled;
    if (done.timers < plan.timers) {
      done.timers += 1;
      await condition(woken, '1 day');
    } else {
      await condition(woken);
    }
  }
  for (; done.timers < plan.timers; done.timers += 1) await sleep(1);
  return done;
}

/** The reminder baseline: a timer until `dueMs`, then one no-op activity; returns when the activity ran. */
export async function bareReminderWorkflow(dueMs: number): Promise<number> {
  await sleep(Math.max(1, dueMs - Date.now()));
  return activities.noop();
}
