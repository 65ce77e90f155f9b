import { record, type Case } from './case';
import type { DueItem } from './diversion-case.contract';
import { policyHours } from './policy';

/** Why a reminder that has come due is not sent: a later one of its series is due too, its event has come, or it is late. */
export type SkipReason = 'superseded' | 'event_passed' | 'late';

/** A reminder's series: its key without the label (`obligation:letter@1767225600000`, `conference:s2`, ...). */
const seriesOf = (key: string): string => key.slice(0, key.lastIndexOf(':'));

/**
 * Whether a reminder that has come due should go out. After an outage the case wakes with every missed reminder due
 * at once: only the latest of a series goes, never one for an event that has already come, and none later than the
 * policy's tolerance.
 */
export function reminderSkipReason(
  c: Case,
  item: DueItem,
  nowMs: number,
  eventAtMs: number | undefined,
): SkipReason | undefined {
  if (eventAtMs !== undefined && eventAtMs <= nowMs) return 'event_passed';
  const series = seriesOf(item.key);
  const later = c.state.dueItems.some(
    (d) => d.kind === item.kind && seriesOf(d.key) === series && d.atMs > item.atMs && d.atMs <= nowMs,
  );
  if (later) return 'superseded';
  return nowMs - item.atMs > policyHours(c.policy, c.policy.reminders.lateToleranceHours) ? 'late' : undefined;
}

/** Sends a reminder through `send`, or records `reminder_skipped` with the reason instead. */
export function remind(c: Case, item: DueItem, nowMs: number, eventAtMs: number | undefined, send: () => void): void {
  const reason = reminderSkipReason(c, item, nowMs, eventAtMs);
  if (reason === undefined) {
    send();
    return;
  }
  record(c, 'reminder_skipped', nowMs, undefined, {
    reminder: item.kind,
    label: item.label,
    dueAtMs: item.atMs,
    reason,
    ...(item.obligationId ? { obligationId: item.obligationId } : {}),
  });
}
