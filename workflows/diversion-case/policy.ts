/** One real day in milliseconds. */
export const DAY_MS = 86_400_000;
/** One real hour in milliseconds. */
export const HOUR_MS = 3_600_000;

/** What a victim's withdrawal before the agreement leads to. */
export type VictimWithdrawalAction = 'reopen_victim_consent' | 'review';

/**
 * A versioned policy: every deadline, reminder offset, cap and rule a case follows. It is copied into the workflow
 * input when a case starts, so a running case never changes behaviour under it.
 */
export interface Policy {
  version: string;
  officeName: string;
  /** IANA zone of the jurisdiction, e.g. 'America/Los_Angeles'. */
  timeZone: string;
  /** 'YYYY-MM-DD' local dates in timeZone. */
  holidays: string[];
  /**
   * Length of one policy day in ms. DAY_MS in production; a compressed policy (demos, e2e tests) uses e.g. 2_000.
   * When dayMs !== DAY_MS, business days are plain elapsed days (no weekends/holidays) and quiet hours are off.
   */
  dayMs: number;
  deadlines: {
    screeningBusinessDays: number;
    participantConsentDays: number;
    victimContactBusinessDays: number;
    victimAnswerDays: number;
    conferenceHeldDays: number;
    agreementDaysAfterConference: number;
    closureReviewReminderBusinessDays: number;
  };
  reminders: {
    participantInvitationDaysAfter: number[];
    conferenceHoursBefore: number[];
    obligationDaysBefore: number[];
    overdueNoticeDaysAfterDue: number;
    /** Review opens this many days after the due date. */
    obligationGraceDays: number;
    chargingDeadlineAlertDaysBefore: number[];
    /** A reminder woken later than this (an outage) is skipped, not sent late; policy hours. */
    lateToleranceHours: number;
  };
  caps: {
    maxConferenceReschedules: number;
    maxResponsiblePartyNoShows: number;
    planWindowDays: number;
    maxPlanDays: number;
    extensionsPerObligation: number;
  };
  /** SMS allowed from startHour:00 (inclusive) to endHour:00 (exclusive), recipient time. */
  quietHours: { startHour: number; endHour: number };
  eligibility: {
    excludedOffenceCategories: string[];
    priorDiversionLookbackYears: number;
    allowOverride: boolean;
  };
  /** Victim veto: a decline opens a review. */
  victimDeclineAction: 'review';
  victimWithdrawalAction: VictimWithdrawalAction;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The default production policy (frozen; use {@link clonePolicy} or {@link compressedPolicy} to derive one). */
export const DEFAULT_POLICY: Policy = deepFreeze<Policy>({
  version: 'default-2026-11',
  officeName: 'Restorative Justice Diversion Program',
  timeZone: 'America/Los_Angeles',
  // US federal holidays as observed (a Saturday holiday is observed on the Friday, a Sunday one on the Monday).
  holidays: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-10-12',
    '2026-11-11',
    '2026-11-26',
    '2026-12-25',
    '2027-01-01',
    '2027-01-18',
    '2027-02-15',
    '2027-05-31',
    '2027-06-18',
    '2027-07-05',
    '2027-09-06',
    '2027-10-11',
    '2027-11-11',
    '2027-11-25',
    '2027-12-24',
  ],
  dayMs: DAY_MS,
  deadlines: {
    screeningBusinessDays: 2,
    participantConsentDays: 14,
    victimContactBusinessDays: 7,
    victimAnswerDays: 21,
    conferenceHeldDays: 45,
    agreementDaysAfterConference: 7,
    closureReviewReminderBusinessDays: 3,
  },
  reminders: {
    participantInvitationDaysAfter: [3, 7],
    conferenceHoursBefore: [168, 72, 24, 2],
    obligationDaysBefore: [7, 3, 1],
    overdueNoticeDaysAfterDue: 1,
    obligationGraceDays: 14,
    chargingDeadlineAlertDaysBefore: [45, 30],
    lateToleranceHours: 12,
  },
  caps: {
    maxConferenceReschedules: 2,
    maxResponsiblePartyNoShows: 1,
    planWindowDays: 183,
    maxPlanDays: 365,
    extensionsPerObligation: 1,
  },
  quietHours: { startHour: 9, endHour: 20 },
  eligibility: {
    excludedOffenceCategories: [
      'domestic_violence',
      'dating_violence',
      'sexual_assault',
      'stalking',
      'child_abuse',
      'firearm',
    ],
    priorDiversionLookbackYears: 3,
    allowOverride: true,
  },
  victimDeclineAction: 'review',
  victimWithdrawalAction: 'reopen_victim_consent',
});

/** A deep, mutable copy of a policy (policies are plain data). */
export function clonePolicy(policy: Policy): Policy {
  return {
    ...policy,
    holidays: [...policy.holidays],
    deadlines: { ...policy.deadlines },
    reminders: {
      ...policy.reminders,
      participantInvitationDaysAfter: [...policy.reminders.participantInvitationDaysAfter],
      conferenceHoursBefore: [...policy.reminders.conferenceHoursBefore],
      obligationDaysBefore: [...policy.reminders.obligationDaysBefore],
      chargingDeadlineAlertDaysBefore: [...policy.reminders.chargingDeadlineAlertDaysBefore],
    },
    caps: { ...policy.caps },
    quietHours: { ...policy.quietHours },
    eligibility: {
      ...policy.eligibility,
      excludedOffenceCategories: [...policy.eligibility.excludedOffenceCategories],
    },
  };
}

/** Every "day" becomes dayMs long; everything else as DEFAULT_POLICY unless overridden. */
export function compressedPolicy(dayMs: number, overrides?: Partial<Policy>): Policy {
  return clonePolicy({
    ...DEFAULT_POLICY,
    version: `${DEFAULT_POLICY.version}-compressed-${dayMs}ms`,
    ...overrides,
    dayMs,
  });
}

/** days × policy.dayMs (rounded to whole milliseconds). */
export function policyDays(policy: Policy, days: number): number {
  return Math.round(days * policy.dayMs);
}

/** hours × policy.dayMs / 24 (rounded to whole milliseconds, since a compressed hour is rarely whole). */
export function policyHours(policy: Policy, hours: number): number {
  return Math.round((hours * policy.dayMs) / 24);
}

/** Whether the policy is compressed: elapsed days only, no weekends, holidays or quiet hours. */
export function isCompressed(policy: Policy): boolean {
  return policy.dayMs !== DAY_MS;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `date` is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(date: string): boolean {
  const match = ISO_DATE.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** Whether `timeZone` is an IANA zone this runtime's Intl knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function isWholeAtLeast(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

function checkOffsets(name: string, offsets: unknown, order: 'ascending' | 'descending'): string[] {
  if (!Array.isArray(offsets)) return [`${name} must be a list of numbers`];
  const problems: string[] = [];
  offsets.forEach((offset: unknown, i) => {
    if (typeof offset !== 'number' || !Number.isFinite(offset) || offset <= 0) {
      problems.push(`${name}[${i}] must be a positive number (got ${String(offset)})`);
    }
  });
  for (let i = 1; i < offsets.length; i++) {
    const [prev, cur] = [offsets[i - 1] as number, offsets[i] as number];
    if (prev === cur) problems.push(`${name} has a duplicate offset ${cur}`);
    else if (order === 'ascending' ? cur < prev : cur > prev) {
      problems.push(`${name} must be sorted ${order} (${prev} then ${cur})`);
    }
  }
  return problems;
}

function checkWhole(section: string, values: Record<string, unknown>, min: number): string[] {
  const label = min > 0 ? 'a positive whole number' : 'a whole number, zero or more';
  return Object.entries(values)
    .filter(([, value]) => !isWholeAtLeast(value, min))
    .map(([key, value]) => `${section}.${key} must be ${label} (got ${String(value)})`);
}

function holidayProblems(holidays: unknown): string[] {
  if (!Array.isArray(holidays)) return ['holidays must be a list of YYYY-MM-DD dates'];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const holiday of holidays as unknown[]) {
    if (typeof holiday !== 'string' || !isIsoDate(holiday)) {
      problems.push(`holidays: '${String(holiday)}' is not a valid YYYY-MM-DD date`);
    } else if (seen.has(holiday)) {
      problems.push(`holidays: ${holiday} is listed twice`);
    }
    if (typeof holiday === 'string') seen.add(holiday);
  }
  return problems;
}

function scheduleProblems(policy: Policy): string[] {
  const r = policy.reminders;
  const problems = [
    ...checkOffsets('reminders.participantInvitationDaysAfter', r.participantInvitationDaysAfter, 'ascending'),
    ...checkOffsets('reminders.conferenceHoursBefore', r.conferenceHoursBefore, 'descending'),
    ...checkOffsets('reminders.obligationDaysBefore', r.obligationDaysBefore, 'descending'),
    ...checkOffsets('reminders.chargingDeadlineAlertDaysBefore', r.chargingDeadlineAlertDaysBefore, 'descending'),
    ...checkWhole(
      'reminders',
      {
        overdueNoticeDaysAfterDue: r.overdueNoticeDaysAfterDue,
        obligationGraceDays: r.obligationGraceDays,
        lateToleranceHours: r.lateToleranceHours,
      },
      1,
    ),
  ];
  if (r.obligationGraceDays <= r.overdueNoticeDaysAfterDue) {
    problems.push('reminders.obligationGraceDays must be longer than reminders.overdueNoticeDaysAfterDue');
  }
  const invitationReminders = Array.isArray(r.participantInvitationDaysAfter) ? r.participantInvitationDaysAfter : [];
  const lastInvitationReminder = invitationReminders.at(-1);
  if (lastInvitationReminder !== undefined && lastInvitationReminder >= policy.deadlines.participantConsentDays) {
    problems.push('reminders.participantInvitationDaysAfter must all fall before deadlines.participantConsentDays');
  }
  return problems;
}

function capProblems(policy: Policy): string[] {
  const { planWindowDays, maxPlanDays, ...counts } = policy.caps;
  const problems = [...checkWhole('caps', counts, 0), ...checkWhole('caps', { planWindowDays, maxPlanDays }, 1)];
  if (planWindowDays > maxPlanDays) problems.push('caps.planWindowDays must not exceed caps.maxPlanDays');
  return problems;
}

function quietHourProblems(policy: Policy): string[] {
  const { startHour, endHour } = policy.quietHours;
  const ok = isWholeAtLeast(startHour, 0) && isWholeAtLeast(endHour, 1) && startHour < endHour && endHour <= 24;
  return ok ? [] : [`quietHours must be whole hours with 0 <= startHour < endHour <= 24 (got ${startHour}-${endHour})`];
}

function eligibilityProblems(policy: Policy): string[] {
  const e = policy.eligibility;
  const problems = checkWhole('eligibility', { priorDiversionLookbackYears: e.priorDiversionLookbackYears }, 0);
  if (!Array.isArray(e.excludedOffenceCategories) || e.excludedOffenceCategories.some((c) => !c || !c.trim())) {
    problems.push('eligibility.excludedOffenceCategories must be a list of non-empty category names');
  }
  if (typeof e.allowOverride !== 'boolean') problems.push('eligibility.allowOverride must be true or false');
  return problems;
}

/**
 * Problems with a policy object (non-positive durations, unknown time zone, unsorted/duplicate offsets, bad holiday
 * dates...) as human-readable strings; [] when valid. The workflow's start validation uses it.
 */
export function policyProblems(policy: Policy): string[] {
  const problems: string[] = [];
  if (!policy.version?.trim()) problems.push('version must not be empty');
  if (!policy.officeName?.trim()) problems.push('officeName must not be empty');
  if (!isValidTimeZone(policy.timeZone))
    problems.push(`timeZone '${String(policy.timeZone)}' is not a known IANA zone`);
  if (!isWholeAtLeast(policy.dayMs, 1)) problems.push(`dayMs must be a positive whole number (got ${policy.dayMs})`);
  problems.push(...holidayProblems(policy.holidays));
  problems.push(...checkWhole('deadlines', { ...policy.deadlines }, 1));
  problems.push(...scheduleProblems(policy));
  problems.push(...capProblems(policy));
  problems.push(...quietHourProblems(policy));
  problems.push(...eligibilityProblems(policy));
  if (policy.victimDeclineAction !== 'review') problems.push("victimDeclineAction must be 'review'");
  if (!['reopen_victim_consent', 'review'].includes(policy.victimWithdrawalAction)) {
    problems.push("victimWithdrawalAction must be 'reopen_victim_consent' or 'review'");
  }
  return problems;
}
