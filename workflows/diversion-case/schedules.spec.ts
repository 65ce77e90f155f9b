import { compressedPolicy, DEFAULT_POLICY } from './policy';
import { chargingDeadlineAlerts, conferenceReminders, invitationReminders, obligationSchedule } from './schedules';

const H = 3_600_000;
const D = 24 * H;
const policy = DEFAULT_POLICY;
const conference = Date.UTC(2026, 11, 10, 18); // Thu Dec 10 2026 10:00 in Los Angeles
const due = Date.UTC(2027, 0, 15, 8); // Fri Jan 15 2027 00:00 in Los Angeles

describe('conferenceReminders', () => {
  it('reminds 7 days, 3 days, 1 day and 2 hours before the conference, earliest first', () => {
    expect(conferenceReminders(policy, conference, conference - 30 * D)).toEqual([
      { label: '7d', atMs: conference - 7 * D },
      { label: '3d', atMs: conference - 3 * D },
      { label: '1d', atMs: conference - D },
      { label: '2h', atMs: conference - 2 * H },
    ]);
  });

  it('skips reminders that are already past', () => {
    expect(conferenceReminders(policy, conference, conference - 2 * D).map((r) => r.label)).toEqual(['1d', '2h']);
  });

  it('skips a reminder due exactly now', () => {
    expect(conferenceReminders(policy, conference, conference - D).map((r) => r.label)).toEqual(['2h']);
    expect(conferenceReminders(policy, conference, conference - 2 * H)).toEqual([]);
  });

  it('comes out sorted even when the policy lists offsets the other way round', () => {
    const custom = compressedPolicy(policy.dayMs, {
      reminders: { ...policy.reminders, conferenceHoursBefore: [2, 48] },
    });
    expect(conferenceReminders(custom, conference, 0)).toEqual([
      { label: '2d', atMs: conference - 2 * D },
      { label: '2h', atMs: conference - 2 * H },
    ]);
  });

  it('compresses hours with the policy day', () => {
    const compressed = compressedPolicy(2_400);
    expect(conferenceReminders(compressed, 100_000, 0)).toEqual([
      { label: '7d', atMs: 100_000 - 16_800 },
      { label: '3d', atMs: 100_000 - 7_200 },
      { label: '1d', atMs: 100_000 - 2_400 },
      { label: '2h', atMs: 100_000 - 200 },
    ]);
  });
});

describe('obligationSchedule', () => {
  it('reminds before the due date, sends an overdue notice the day after and opens a review after the grace period', () => {
    expect(obligationSchedule(policy, due, due - 60 * D)).toEqual([
      { label: '7d', atMs: due - 7 * D },
      { label: '3d', atMs: due - 3 * D },
      { label: '1d', atMs: due - D },
      { label: 'overdue', atMs: due + D },
      { label: 'review', atMs: due + 14 * D },
    ]);
  });

  it('keeps only what is still ahead once the due date has passed', () => {
    expect(obligationSchedule(policy, due, due + 2 * D)).toEqual([{ label: 'review', atMs: due + 14 * D }]);
    expect(obligationSchedule(policy, due, due + 14 * D)).toEqual([]);
  });

  it('runs on compressed days', () => {
    expect(obligationSchedule(compressedPolicy(1_000), 50_000, 45_000)).toEqual([
      { label: '3d', atMs: 47_000 },
      { label: '1d', atMs: 49_000 },
      { label: 'overdue', atMs: 51_000 },
      { label: 'review', atMs: 64_000 },
    ]);
  });
});

describe('chargingDeadlineAlerts', () => {
  const deadline = Date.UTC(2027, 5, 1, 7);

  it('alerts 45 and 30 days before the charging deadline', () => {
    expect(chargingDeadlineAlerts(policy, deadline, deadline - 90 * D)).toEqual([
      { label: '45d', atMs: deadline - 45 * D },
      { label: '30d', atMs: deadline - 30 * D },
    ]);
  });

  it('skips an alert already past when the case starts late', () => {
    expect(chargingDeadlineAlerts(policy, deadline, deadline - 40 * D)).toEqual([
      { label: '30d', atMs: deadline - 30 * D },
    ]);
    expect(chargingDeadlineAlerts(policy, deadline, deadline - 10 * D)).toEqual([]);
  });
});

describe('invitationReminders', () => {
  const invitedAt = Date.UTC(2026, 10, 2, 18);

  it('reminds 3 and 7 days after the invitation', () => {
    expect(invitationReminders(policy, invitedAt, invitedAt)).toEqual([
      { label: '3d', atMs: invitedAt + 3 * D },
      { label: '7d', atMs: invitedAt + 7 * D },
    ]);
  });

  it('skips the first reminder after it has gone out', () => {
    expect(invitationReminders(policy, invitedAt, invitedAt + 3 * D)).toEqual([
      { label: '7d', atMs: invitedAt + 7 * D },
    ]);
  });

  it('runs on compressed days', () => {
    expect(invitationReminders(compressedPolicy(2_000), 10_000, 10_000)).toEqual([
      { label: '3d', atMs: 16_000 },
      { label: '7d', atMs: 24_000 },
    ]);
  });
});
