import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { historyPages } from '../support/history';
import type { LifecyclePlan } from './bare.workflows';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

const timeMs = (event: HistoryEvent): number =>
  Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);

/** A workflow's whole history (events only: payloads stay encrypted, the bench reads no payload). */
export async function historyOf(connection: Connection, workflowId: string): Promise<HistoryEvent[]> {
  return (await historyPages(connection, workflowId)).flatMap((page) => page.history?.events ?? []);
}

/** Resolves when the workflow has closed (a long poll for its close event). */
export async function closed(connection: Connection, workflowId: string): Promise<void> {
  for (;;) {
    const page = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      waitNewEvent: true,
      historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
    });
    if ((page.history?.events ?? []).length > 0) return;
  }
}

/** What a workflow did, counted from its history: updates accepted, timers, activities and local activities. */
export function planOf(events: HistoryEvent[]): LifecyclePlan {
  const count = (type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type).length;
  return {
    updates: count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
    timers: count(EventType.EVENT_TYPE_TIMER_STARTED),
    activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    localActivities: count(EventType.EVENT_TYPE_MARKER_RECORDED),
  };
}

/** Where one update's time went, from the server's event times around it (ms). */
export interface UpdateSegments {
  updateId: string;
  /** Workflow task scheduled → started: the task waiting for the worker's poll. */
  queued: number;
  /** Workflow task started → completed: the worker's activation, workflow code and any local activity in the task. */
  worker: number;
  scheduledMs: number;
  completedMs: number;
}

/** For each accepted update, the workflow task that accepted it. */
export function updateSegments(events: HistoryEvent[]): UpdateSegments[] {
  const found: UpdateSegments[] = [];
  events.forEach((event, index) => {
    if (event.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) return;
    const updateId = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ?? '';
    const before = events.slice(0, index).reverse();
    const completed = before.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const started = before.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const scheduled = before.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    if (!completed || !started || !scheduled) return;
    found.push({
      updateId,
      queued: timeMs(started) - timeMs(scheduled),
      worker: timeMs(completed) - timeMs(started),
      scheduledMs: timeMs(scheduled),
      completedMs: timeMs(completed),
    });
  });
  return found;
}

/** Where one reminder's time went, from the server's event times (ms), up to the activity that sends it. */
export interface ReminderSegments {
  /**
   * The timer's task started → the timer started. A timer is a duration from the workflow's clock, which is the time
   * its task started, but it runs from the task's completion, so it fires late by this much.
   */
  drift: number;
  /** Due → the timer fired. */
  timer: number;
  /** The timer fired → its workflow task started: the task waiting for the worker's poll. */
  queued: number;
  /** That task started → completed: for a case out of the cache, its replay from the start, then the workflow code. */
  worker: number;
  /** Task completed (the `notify` activity scheduled) → the email at the SMTP server: queue, claim, render, send. */
  activity: number;
}

/** For a case whose reminder was due at `dueMs` and arrived at `arrivedMs`: the segments of its first `notify`. */
export function reminderSegments(
  events: HistoryEvent[],
  dueMs: number,
  arrivedMs: number,
): ReminderSegments | undefined {
  const index = events.findIndex(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify' &&
      timeMs(e) >= dueMs - 1000,
  );
  if (index < 0) return undefined;
  const before = events.slice(0, index).reverse();
  const completed = before.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const started = before.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const fired = before.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
  if (!completed || !started || !fired) return undefined;
  const timerStartedId = String(fired.timerFiredEventAttributes?.startedEventId ?? '');
  const timerStarted = events.findIndex((e) => String(e.eventId) === timerStartedId);
  const setBy = events
    .slice(0, Math.max(0, timerStarted))
    .reverse()
    .find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  return {
    drift: timerStarted >= 0 && setBy ? timeMs(events[timerStarted]!) - timeMs(setBy) : NaN,
    timer: timeMs(fired) - dueMs,
    queued: timeMs(started) - timeMs(fired),
    worker: timeMs(completed) - timeMs(started),
    activity: arrivedMs - timeMs(completed),
  };
}
