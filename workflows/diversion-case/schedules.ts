import { policyDays, policyHours, type Policy } from './policy';

/** One timer to set: what it is for and when it fires. */
export interface ScheduledInstant {
  /** e.g. '7d', '3d', '1d', '2h', 'overdue', 'review', '45d'. */
  label: string;
  atMs: number;
}

/** Keeps instants strictly after now, earliest first (ties by label, so the order never depends on input order). */
function upcoming(instants: ScheduledInstant[], nowMs: number): ScheduledInstant[] {
  return instants
    .filter((instant) => instant.atMs > nowMs)
    .sort((a, b) => a.atMs - b.atMs || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** '168' hours reads as '7d', '2' as '2h'. */
function hoursLabel(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}

/** Conference reminders policy.reminders.conferenceHoursBefore before the conference (labels '7d','3d','1d','2h'). */
export function conferenceReminders(policy: Policy, conferenceAtMs: number, nowMs: number): ScheduledInstant[] {
  const instants = policy.reminders.conferenceHoursBefore.map((hours) => ({
    label: hoursLabel(hours),
    atMs: conferenceAtMs - policyHours(policy, hours),
  }));
  return upcoming(instants, nowMs);
}

/**
 * Obligation: reminders obligationDaysBefore the due date ('7d','3d','1d'), then 'overdue' overdueNoticeDaysAfterDue
 * after, then 'review' obligationGraceDays after the due date. Days are elapsed policy days (policyDays).
 */
export function obligationSchedule(policy: Policy, dueMs: number, nowMs: number): ScheduledInstant[] {
  const { obligationDaysBefore, overdueNoticeDaysAfterDue, obligationGraceDays } = policy.reminders;
  const instants = [
    ...obligationDaysBefore.map((days) => ({ label: `${days}d`, atMs: dueMs - policyDays(policy, days) })),
    { label: 'overdue', atMs: dueMs + policyDays(policy, overdueNoticeDaysAfterDue) },
    { label: 'review', atMs: dueMs + policyDays(policy, obligationGraceDays) },
  ];
  return upcoming(instants, nowMs);
}

/** Charging-deadline alerts ('45d','30d') before the charging deadline. */
export function chargingDeadlineAlerts(policy: Policy, chargingDeadlineMs: number, nowMs: number): ScheduledInstant[] {
  const instants = policy.reminders.chargingDeadlineAlertDaysBefore.map((days) => ({
    label: `${days}d`,
    atMs: chargingDeadlineMs - policyDays(policy, days),
  }));
  return upcoming(instants, nowMs);
}

/** Invitation reminders participantInvitationDaysAfter the invitation ('3d','7d'). */
export function invitationReminders(policy: Policy, invitedAtMs: number, nowMs: number): ScheduledInstant[] {
  const instants = policy.reminders.participantInvitationDaysAfter.map((days) => ({
    label: `${days}d`,
    atMs: invitedAtMs + policyDays(policy, days),
  }));
  return upcoming(instants, nowMs);
}
