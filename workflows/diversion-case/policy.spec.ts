import {
  clonePolicy,
  compressedPolicy,
  DAY_MS,
  DEFAULT_POLICY,
  HOUR_MS,
  isIsoDate,
  type Policy,
  policyDays,
  policyHours,
  policyProblems,
} from './policy';

const withChanges = (change: (policy: Policy) => void): Policy => {
  const policy = clonePolicy(DEFAULT_POLICY);
  change(policy);
  return policy;
};

describe('DEFAULT_POLICY', () => {
  it('is valid', () => {
    expect(policyProblems(DEFAULT_POLICY)).toEqual([]);
  });

  it('runs on real days in Los Angeles with the documented deadlines', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
    expect(HOUR_MS).toBe(60 * 60 * 1000);
    expect(DEFAULT_POLICY).toMatchObject({
      timeZone: 'America/Los_Angeles',
      dayMs: 24 * 60 * 60 * 1000,
      deadlines: { screeningBusinessDays: 2, participantConsentDays: 14, victimAnswerDays: 21, conferenceHeldDays: 45 },
      reminders: { conferenceHoursBefore: [168, 72, 24, 2], obligationGraceDays: 14 },
      quietHours: { startHour: 9, endHour: 20 },
      victimWithdrawalAction: 'reopen_victim_consent',
    });
  });

  it('lists holidays only on weekdays', () => {
    for (const holiday of DEFAULT_POLICY.holidays) {
      const weekday = new Date(`${holiday}T12:00:00Z`).getUTCDay();
      expect([holiday, weekday !== 0 && weekday !== 6]).toEqual([holiday, true]);
    }
  });

  it('cannot be changed by accident', () => {
    expect(() => {
      DEFAULT_POLICY.deadlines.participantConsentDays = 1;
    }).toThrow(TypeError);
    expect(() => DEFAULT_POLICY.holidays.push('2027-12-31')).toThrow(TypeError);
  });
});

describe('compressedPolicy', () => {
  it('shortens the day and keeps every other default', () => {
    const policy = compressedPolicy(2_000);
    expect(policy.dayMs).toBe(2_000);
    expect(policy.deadlines).toEqual(DEFAULT_POLICY.deadlines);
    expect(policy.reminders).toEqual(DEFAULT_POLICY.reminders);
    expect(policy.version).not.toBe(DEFAULT_POLICY.version);
    expect(policyProblems(policy)).toEqual([]);
  });

  it('applies overrides, but the day length argument wins', () => {
    const policy = compressedPolicy(5_000, { officeName: 'Test Office', dayMs: 1, victimWithdrawalAction: 'review' });
    expect(policy).toMatchObject({ officeName: 'Test Office', dayMs: 5_000, victimWithdrawalAction: 'review' });
  });

  it('returns a copy that can be changed without touching the default', () => {
    const policy = compressedPolicy(2_000);
    policy.holidays.push('2027-12-31');
    policy.reminders.obligationDaysBefore.pop();
    expect(DEFAULT_POLICY.holidays).not.toContain('2027-12-31');
    expect(DEFAULT_POLICY.reminders.obligationDaysBefore).toEqual([7, 3, 1]);
  });
});

describe('policyDays and policyHours', () => {
  it('measure real days and hours under the default policy', () => {
    expect(policyDays(DEFAULT_POLICY, 14)).toBe(14 * 24 * 3_600_000);
    expect(policyHours(DEFAULT_POLICY, 168)).toBe(7 * 24 * 3_600_000);
    expect(policyHours(DEFAULT_POLICY, 2)).toBe(7_200_000);
  });

  it('scale with a compressed day', () => {
    const policy = compressedPolicy(2_400);
    expect(policyDays(policy, 14)).toBe(33_600);
    expect(policyHours(policy, 2)).toBe(200);
    expect(policyHours(policy, 168)).toBe(16_800);
  });

  it('round a compressed hour to whole milliseconds', () => {
    // 2 hours of a 2-second day are 166.67 ms.
    expect(policyHours(compressedPolicy(2_000), 2)).toBe(167);
  });
});

describe('policyProblems', () => {
  const cases: [string, (policy: Policy) => void, string][] = [
    ['a zero day length', (p) => (p.dayMs = 0), 'dayMs'],
    ['a negative deadline', (p) => (p.deadlines.victimAnswerDays = -1), 'deadlines.victimAnswerDays'],
    ['a fractional business-day deadline', (p) => (p.deadlines.screeningBusinessDays = 1.5), 'screeningBusinessDays'],
    ['an unknown time zone', (p) => (p.timeZone = 'Mars/Olympus_Mons'), 'timeZone'],
    ['unsorted conference offsets', (p) => (p.reminders.conferenceHoursBefore = [72, 168, 24, 2]), 'sorted'],
    ['duplicate obligation offsets', (p) => (p.reminders.obligationDaysBefore = [7, 3, 3]), 'duplicate'],
    ['unsorted invitation offsets', (p) => (p.reminders.participantInvitationDaysAfter = [7, 3]), 'sorted'],
    ['a zero reminder offset', (p) => (p.reminders.chargingDeadlineAlertDaysBefore = [45, 0]), 'positive'],
    ['an impossible holiday date', (p) => p.holidays.push('2027-02-29'), '2027-02-29'],
    ['a holiday that is not a date', (p) => p.holidays.push('next friday'), 'next friday'],
    ['a holiday listed twice', (p) => p.holidays.push('2026-12-25'), 'twice'],
    ['quiet hours that end before they start', (p) => (p.quietHours = { startHour: 20, endHour: 9 }), 'quietHours'],
    ['a plan window longer than the plan cap', (p) => (p.caps.planWindowDays = 400), 'planWindowDays'],
    ['a negative cap', (p) => (p.caps.maxConferenceReschedules = -1), 'maxConferenceReschedules'],
    [
      'a grace period shorter than the overdue notice',
      (p) => (p.reminders.obligationGraceDays = 1),
      'obligationGraceDays',
    ],
    ['an invitation reminder after the consent deadline', (p) => (p.deadlines.participantConsentDays = 7), 'before'],
    ['an empty office name', (p) => (p.officeName = ' '), 'officeName'],
  ];

  it.each(cases)('reports %s', (_name, change, expected) => {
    const problems = policyProblems(withChanges(change));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('reports every problem at once', () => {
    const policy = withChanges((p) => {
      p.timeZone = 'Nowhere';
      p.dayMs = -5;
      p.holidays = ['2026-13-01'];
    });
    expect(policyProblems(policy)).toHaveLength(3);
  });

  it('accepts another valid zone and a review on victim withdrawal', () => {
    const policy = withChanges((p) => {
      p.timeZone = 'America/New_York';
      p.victimWithdrawalAction = 'review';
    });
    expect(policyProblems(policy)).toEqual([]);
  });
});

describe('isIsoDate', () => {
  it('accepts real dates and leap days only in leap years', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-1-05')).toBe(false);
  });
});
