import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

const DAY_MS = 86_400_000;

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

function isCalendarDate(year: string, month: string, day: string): boolean {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1;
}

/**
 * An RFC 3339 full-date (2027-06-30) or date-time (2027-06-30T17:00:00Z): exactly the OpenAPI `date` and
 * `date-time` formats the document declares, so what the document calls invalid the API refuses.
 */
export function isDateOrDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const date = FULL_DATE.exec(value);
  if (date) return isCalendarDate(date[1] ?? '', date[2] ?? '', date[3] ?? '');
  const time = DATE_TIME.exec(value);
  if (!time || !isCalendarDate(time[1] ?? '', time[2] ?? '', time[3] ?? '')) return false;
  const [hours, minutes, seconds] = [Number(time[4]), Number(time[5]), Number(time[6])];
  const offsetOk = time[9] === undefined || (Number(time[9]) <= 23 && Number(time[10]) <= 59);
  return hours <= 23 && minutes <= 59 && seconds <= 59 && offsetOk;
}

/** The name the OpenAPI contract (openapi-contract.ts) declares as `date` or `date-time`. */
export const IS_DATE_OR_DATE_TIME = 'isDateOrDateTime';

export function IsDateOrDateTime(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: IS_DATE_OR_DATE_TIME,
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a valid ISO 8601 date (2027-06-30) or date-time (2027-06-30T17:00:00Z)`,
        ...options,
      },
      validator: { validate: (value: unknown) => isDateOrDateTime(value) },
    });
}

/** The name the OpenAPI contract reads a date window from. */
export const IS_DATE_WITHIN = 'isDateWithin';

/** The window a date must fall in, relative to now or to another date field of the same body. */
export interface DateWindow {
  /** Days before the anchor the date may fall (0: not before it). */
  pastDays: number;
  /** Days after the anchor the date may fall. */
  futureDays: number;
  /** Another ISO date field of the body to measure from (now when absent or not a date), and what to call it. */
  from?: { field: string; name: string };
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function bounds(
  window: DateWindow,
  body: Record<string, unknown>,
): { earliest: number; latest: number; anchor: string } {
  const other = window.from ? body[window.from.field] : undefined;
  const anchorMs = typeof other === 'string' && !Number.isNaN(Date.parse(other)) ? Date.parse(other) : Date.now();
  const anchor = window.from && typeof other === 'string' ? `the ${window.from.name}` : 'today';
  return { earliest: anchorMs - window.pastDays * DAY_MS, latest: anchorMs + window.futureDays * DAY_MS, anchor };
}

/**
 * A date inside a window of now (or of another date of the body), so no date far in the past or future is stored.
 * Runs after the ISO 8601 check; the message names the field and the allowed range.
 */
export function IsDateWithin(window: DateWindow, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: IS_DATE_WITHIN,
      constraints: [window],
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) => {
          const { earliest, latest, anchor } = bounds(window, args.object as Record<string, unknown>);
          return `${args.property} must be between ${day(earliest)} and ${day(latest)} (${window.pastDays} days before to ${window.futureDays} days after ${anchor})`;
        },
        ...options,
      },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (!isDateOrDateTime(value)) return true; // the format check reports it
          const ms = Date.parse(value.toUpperCase());
          if (Number.isNaN(ms)) return true;
          const { earliest, latest } = bounds(window, args.object as Record<string, unknown>);
          return ms >= earliest && ms <= latest;
        },
      },
    });
}
