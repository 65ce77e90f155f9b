import { addBusinessDays, fromLocal, isBusinessDay, localParts, nextSmsSendTime } from './calendar';
import { compressedPolicy, DEFAULT_POLICY } from './policy';

// Los Angeles wall clock to UTC with the offsets written out by hand: PST is UTC-8, PDT is UTC-7.
const pst = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h + 8, min);
const pdt = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h + 7, min);
const policy = DEFAULT_POLICY;
const LA = 'America/Los_Angeles';

describe('localParts', () => {
  it('reads the local date, time and weekday in the given zone', () => {
    expect(localParts(Date.UTC(2026, 10, 2, 18, 30), LA)).toEqual({
      year: 2026,
      month: 11,
      day: 2,
      hour: 10,
      minute: 30,
      weekday: 1,
    });
  });

  it('gives the previous local day when UTC has already moved on', () => {
    expect(localParts(Date.UTC(2026, 10, 7, 3, 0), LA)).toMatchObject({ day: 6, hour: 19, weekday: 5 });
  });

  it('handles half-hour offsets and midnight', () => {
    expect(localParts(Date.UTC(2025, 11, 31, 18, 30), 'Asia/Kolkata')).toEqual({
      year: 2026,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      weekday: 4,
    });
  });
});

describe('fromLocal', () => {
  it('converts a winter and a summer wall time in Los Angeles', () => {
    expect(fromLocal(LA, 2026, 11, 2, 10, 30)).toBe(Date.UTC(2026, 10, 2, 18, 30));
    expect(fromLocal(LA, 2026, 10, 30, 10)).toBe(Date.UTC(2026, 9, 30, 17, 0));
  });

  it('defaults to local midnight', () => {
    expect(fromLocal('Asia/Kolkata', 2026, 1, 1)).toBe(Date.UTC(2025, 11, 31, 18, 30));
  });

  it('moves a wall time skipped by the spring-forward change forward by the gap', () => {
    expect(fromLocal(LA, 2027, 3, 14, 2, 30)).toBe(pdt(2027, 3, 14, 3, 30));
  });

  it('takes the earlier instant for a wall time repeated when clocks fall back', () => {
    expect(fromLocal(LA, 2026, 11, 1, 1, 30)).toBe(pdt(2026, 11, 1, 1, 30));
  });

  it('round-trips every hour across both DST weekends except the repeated hour', () => {
    for (const start of [Date.UTC(2026, 9, 31, 0), Date.UTC(2027, 2, 13, 0)]) {
      for (let t = start; t < start + 72 * 3_600_000; t += 3_600_000) {
        const p = localParts(t, LA);
        const back = fromLocal(LA, p.year, p.month, p.day, p.hour, p.minute);
        const repeated = t === Date.UTC(2026, 10, 1, 9); // 01:00 PST, the second 01:00 of Nov 1 2026
        expect(back).toBe(repeated ? t - 3_600_000 : t);
      }
    }
  });
});

describe('isBusinessDay', () => {
  it('counts a weekday and not a weekend day', () => {
    expect(isBusinessDay(policy, pst(2026, 11, 2, 10))).toBe(true);
    expect(isBusinessDay(policy, pst(2026, 11, 7, 10))).toBe(false);
    expect(isBusinessDay(policy, pst(2026, 11, 8, 10))).toBe(false);
  });

  it('does not count a holiday', () => {
    expect(isBusinessDay(policy, pst(2026, 11, 11, 10))).toBe(false);
  });

  it('judges the day in the jurisdiction zone, not in UTC', () => {
    // Friday 19:00 in Los Angeles is already Saturday in UTC.
    expect(isBusinessDay(policy, pst(2026, 11, 6, 19))).toBe(true);
    // Wednesday 17:00 before Thanksgiving is Thursday (the holiday) in UTC.
    expect(isBusinessDay(policy, pst(2026, 11, 25, 17))).toBe(true);
  });

  it('treats every day as a business day under a compressed policy', () => {
    expect(isBusinessDay(compressedPolicy(2_000), pst(2026, 11, 7, 10))).toBe(true);
  });
});

describe('addBusinessDays', () => {
  it('skips the weekend and keeps the time of day', () => {
    expect(addBusinessDays(policy, pst(2026, 11, 6, 10), 1)).toBe(pst(2026, 11, 9, 10));
  });

  it('skips a Friday holiday and the weekend', () => {
    expect(addBusinessDays(policy, pst(2026, 12, 24, 10), 1)).toBe(pst(2026, 12, 28, 10));
  });

  it('skips a midweek holiday', () => {
    // Seven business days from Monday Nov 9 2026, Veterans Day (Wed Nov 11) skipped.
    expect(addBusinessDays(policy, pst(2026, 11, 9, 9), 7)).toBe(pst(2026, 11, 19, 9));
    expect(addBusinessDays(policy, pst(2026, 11, 25, 15), 2)).toBe(pst(2026, 11, 30, 15));
  });

  it('keeps the local time of day across the November 2026 fall-back change', () => {
    expect(addBusinessDays(policy, pdt(2026, 10, 30, 10), 1)).toBe(pst(2026, 11, 2, 10));
  });

  it('keeps the local time of day across the March 2027 spring-forward change', () => {
    expect(addBusinessDays(policy, pst(2027, 3, 12, 9), 2)).toBe(pdt(2027, 3, 16, 9));
  });

  it('counts from the local date even when UTC is on the next day', () => {
    expect(addBusinessDays(policy, pst(2026, 11, 6, 17), 1)).toBe(pst(2026, 11, 9, 17));
  });

  it('starts counting from a weekend on the next business day', () => {
    expect(addBusinessDays(policy, pst(2026, 11, 7, 11), 1)).toBe(pst(2026, 11, 9, 11));
  });

  it('returns the same instant for zero days and goes back for negative days', () => {
    expect(addBusinessDays(policy, pst(2026, 11, 7, 11), 0)).toBe(pst(2026, 11, 7, 11));
    expect(addBusinessDays(policy, pst(2026, 11, 12, 10), -1)).toBe(pst(2026, 11, 10, 10));
  });

  it('keeps seconds and milliseconds', () => {
    expect(addBusinessDays(policy, pst(2026, 11, 6, 10) + 12_345, 1)).toBe(pst(2026, 11, 9, 10) + 12_345);
  });

  it('adds plain elapsed days under a compressed policy, weekends included', () => {
    const saturday = pst(2026, 11, 7, 10);
    expect(addBusinessDays(compressedPolicy(2_000), saturday, 2)).toBe(saturday + 4_000);
  });

  it('rejects a fractional number of days', () => {
    expect(() => addBusinessDays(policy, pst(2026, 11, 6, 10), 1.5)).toThrow(RangeError);
  });
});

describe('nextSmsSendTime', () => {
  it('holds an SMS due at 22:00 until 09:00 the next morning', () => {
    expect(nextSmsSendTime(policy, pst(2026, 11, 2, 22), LA)).toBe(pst(2026, 11, 3, 9));
  });

  it('holds an SMS due at 07:00 until 09:00 the same day', () => {
    expect(nextSmsSendTime(policy, pst(2026, 11, 3, 7), LA)).toBe(pst(2026, 11, 3, 9));
  });

  it('sends an SMS due at 12:00 at once', () => {
    expect(nextSmsSendTime(policy, pst(2026, 11, 3, 12, 17), LA)).toBe(pst(2026, 11, 3, 12, 17));
  });

  it('allows 09:00 exactly and holds 20:00 exactly', () => {
    expect(nextSmsSendTime(policy, pst(2026, 11, 3, 9), LA)).toBe(pst(2026, 11, 3, 9));
    expect(nextSmsSendTime(policy, pst(2026, 11, 3, 19, 59), LA)).toBe(pst(2026, 11, 3, 19, 59));
    expect(nextSmsSendTime(policy, pst(2026, 11, 3, 20), LA)).toBe(pst(2026, 11, 4, 9));
  });

  it("uses the recipient's zone, not the jurisdiction's", () => {
    // 05:00 in Los Angeles is 08:00 in New York: wait until 09:00 EST (14:00 UTC).
    expect(nextSmsSendTime(policy, Date.UTC(2026, 10, 3, 13), 'America/New_York')).toBe(Date.UTC(2026, 10, 3, 14));
    // 18:00 in Los Angeles is 21:00 in New York: wait until 09:00 EST the next day.
    expect(nextSmsSendTime(policy, Date.UTC(2026, 10, 4, 2), 'America/New_York')).toBe(Date.UTC(2026, 10, 4, 14));
    // 02:00 in Los Angeles is 11:00 in Berlin: send at once.
    expect(nextSmsSendTime(policy, Date.UTC(2026, 10, 3, 10), 'Europe/Berlin')).toBe(Date.UTC(2026, 10, 3, 10));
  });

  it('lands on 09:00 local after the clocks fall back overnight', () => {
    expect(nextSmsSendTime(policy, pdt(2026, 10, 31, 22), LA)).toBe(pst(2026, 11, 1, 9));
  });

  it('ignores weekends: quiet hours are only about the time of day', () => {
    expect(nextSmsSendTime(policy, pst(2026, 11, 7, 12), LA)).toBe(pst(2026, 11, 7, 12));
  });

  it('falls back to the jurisdiction zone for an unknown recipient zone', () => {
    expect(nextSmsSendTime(policy, pst(2026, 11, 3, 7), 'Not/AZone')).toBe(pst(2026, 11, 3, 9));
  });

  it('sends at once under a compressed policy', () => {
    expect(nextSmsSendTime(compressedPolicy(2_000), pst(2026, 11, 3, 3), LA)).toBe(pst(2026, 11, 3, 3));
  });
});
