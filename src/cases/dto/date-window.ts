import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

const DAY_MS = 86_400_000;

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
      name: 'isDateWithin',
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
          if (typeof value !== 'string') return true; // the format check reports it
          const ms = Date.parse(value);
          if (Number.isNaN(ms)) return true;
          const { earliest, latest } = bounds(window, args.object as Record<string, unknown>);
          return ms >= earliest && ms <= latest;
        },
      },
    });
}
