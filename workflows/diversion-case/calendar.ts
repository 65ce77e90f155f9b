import { isCompressed, isValidTimeZone, type Policy } from './policy';

/** Local calendar fields of an instant in a time zone (month 1-12, weekday 0 = Sunday). */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Local wall clock of an instant with seconds, and the same wall clock expressed as if it were UTC ("wall ms"). */
function wallClock(atMs: number, timeZone: string): LocalParts & { second: number; wallMs: number } {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(atMs)) fields[part.type] = part.value;
  const year = Number(fields.year);
  const month = Number(fields.month);
  const day = Number(fields.day);
  // Some engines print midnight as 24 even with h23.
  const hour = Number(fields.hour) % 24;
  const minute = Number(fields.minute);
  const second = Number(fields.second);
  const weekday = WEEKDAYS[fields.weekday ?? ''] ?? new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const subSecond = ((atMs % 1000) + 1000) % 1000;
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, subSecond);
  return { year, month, day, hour, minute, second, weekday, wallMs };
}

/** Local year, month (1-12), day, hour, minute and weekday (0 = Sunday) of an instant in an IANA zone. */
export function localParts(atMs: number, timeZone: string): LocalParts {
  const { year, month, day, hour, minute, weekday } = wallClock(atMs, timeZone);
  return { year, month, day, hour, minute, weekday };
}

/** UTC offset (local minus UTC, ms) in force at an instant. */
function offsetAt(atMs: number, timeZone: string): number {
  return wallClock(atMs, timeZone).wallMs - atMs;
}

/**
 * The instant a local wall clock ("wall ms": the wall time written as if it were UTC) names in a zone. Like
 * Temporal's 'compatible' disambiguation: a time repeated when clocks fall back resolves to the earlier instant, a time
 * skipped when clocks spring forward moves forward by the gap (02:30 becomes 03:30).
 */
function wallToInstant(timeZone: string, wallMs: number): number {
  // The offsets a day either side bracket any transition near this wall time (zones change offset at most once a day).
  const offsetBefore = offsetAt(wallMs - 86_400_000, timeZone);
  const offsetAfter = offsetAt(wallMs + 86_400_000, timeZone);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter].filter(
    (instant) => offsetAt(instant, timeZone) === wallMs - instant,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  // In a spring-forward gap: read the wall time with the offset from before the jump.
  return wallMs - offsetBefore;
}

/**
 * The instant at which the local wall clock in `timeZone` reads year-month-day hour:minute (month 1-12). Out-of-range
 * fields roll over like Date.UTC. In a DST gap the time moves forward by the gap; a repeated time takes the earlier
 * instant.
 */
export function fromLocal(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  return wallToInstant(timeZone, Date.UTC(year, month - 1, day, hour, minute));
}

/** 'YYYY-MM-DD' of a wall-ms date. */
function isoDate(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

function isBusinessWallDay(policy: Policy, wallMs: number): boolean {
  const weekday = new Date(wallMs).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !policy.holidays.includes(isoDate(wallMs));
}

/** Mon–Fri in policy.timeZone and not one of policy.holidays. Every day is a business day under a compressed policy. */
export function isBusinessDay(policy: Policy, atMs: number): boolean {
  if (isCompressed(policy)) return true;
  return isBusinessWallDay(policy, wallClock(atMs, policy.timeZone).wallMs);
}

/**
 * The same local time of day on the `days`-th following business day in policy.timeZone (weekends and holidays
 * skipped; a negative count goes back). The start day itself never counts, so one business day from Friday 10:00 is
 * Monday 10:00. With a compressed policy: atMs + days × dayMs.
 */
export function addBusinessDays(policy: Policy, atMs: number, days: number): number {
  if (!Number.isInteger(days)) throw new RangeError(`addBusinessDays needs a whole number of days (got ${days})`);
  if (isCompressed(policy)) return atMs + days * policy.dayMs;
  if (days === 0) return atMs;
  const step = days > 0 ? 86_400_000 : -86_400_000;
  let wallMs = wallClock(atMs, policy.timeZone).wallMs;
  for (let remaining = Math.abs(days); remaining > 0;) {
    wallMs += step;
    if (isBusinessWallDay(policy, wallMs)) remaining--;
  }
  return wallToInstant(policy.timeZone, wallMs);
}

/**
 * When an SMS due at `atMs` may go out: `atMs` itself when inside policy.quietHours in the recipient's zone, otherwise
 * the next startHour:00 local time in that zone. Compressed policy: atMs unchanged. An unknown recipient zone falls
 * back to policy.timeZone, so a bad contact record delays nothing and never fails the workflow.
 */
export function nextSmsSendTime(policy: Policy, atMs: number, recipientTimeZone: string): number {
  if (isCompressed(policy)) return atMs;
  const zone = isValidTimeZone(recipientTimeZone) ? recipientTimeZone : policy.timeZone;
  const { year, month, day, hour } = wallClock(atMs, zone);
  const { startHour, endHour } = policy.quietHours;
  if (hour >= startHour && hour < endHour) return atMs;
  const dayOffset = hour < startHour ? 0 : 1;
  return fromLocal(zone, year, month, day + dayOffset, startHour, 0);
}
