/**
 * Time buckets of `group by hour(…)`, `day(…)`, `week(…)`, `month(…)`, `year(…)`: the start, in UTC
 * ms, of the calendar period in the query's time zone that contains an instant. Uses the same
 * wall-clock conversion as date literals, so `day(createdTime) = 2024-03-10` and
 * `createdTime = 2024-03-10` mean the same day.
 */
import { HOUR_MS } from '../limits/clover-limits.js';
import { addDays, startOfDay, toWallTime } from '../normalize/time-zone.js';
import type { BucketUnit, Weekday } from '../planner/plan-types.js';
import { assertNever } from '../predicate/predicate.js';

/** Day numbers as `Date#getUTCDay` counts them (Sunday 0). */
const DAY_NUMBER: Readonly<Record<Weekday, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

/** How to cut time into buckets. */
export interface BucketRule {
  readonly unit: BucketUnit;
  /** First day of a week; only `week` reads it (default Monday). */
  readonly weekStart?: Weekday | null;
  readonly tz: string;
}

/**
 * The bucket `[start, end)` containing instant `ms`, or null when `ms` is not a valid instant.
 * A day is midnight to midnight in the zone (23 or 25 hours across a DST change); an hour is
 * 60 minutes of real time starting at a whole wall-clock hour.
 *
 * @example bucketOf(Date.UTC(2024, 4, 15, 13), { unit: 'month', tz: 'UTC' }).start // Date.UTC(2024, 4, 1)
 */
export function bucketOf(ms: number, rule: BucketRule): { start: number; end: number } | null {
  const w = toWallTime(ms, rule.tz);
  if (Number.isNaN(w.year)) return null;
  const date = { year: w.year, month: w.month, day: w.day };
  switch (rule.unit) {
    case 'hour': {
      // Counted back from the instant, so the repeated hour of a DST change is its own bucket.
      const start = ms - ((w.minute * 60 + w.second) * 1000 + w.millisecond);
      return { start, end: start + HOUR_MS };
    }
    case 'day':
      return { start: startOfDay(date, rule.tz), end: startOfDay(addDays(date, 1), rule.tz) };
    case 'week': {
      const first = DAY_NUMBER[rule.weekStart ?? 'monday'];
      const dow = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
      const monday = addDays(date, -((dow - first + 7) % 7));
      return {
        start: startOfDay(monday, rule.tz),
        end: startOfDay(addDays(monday, 7), rule.tz),
      };
    }
    case 'month': {
      const next =
        date.month === 12
          ? { year: date.year + 1, month: 1 }
          : { year: date.year, month: date.month + 1 };
      return {
        start: startOfDay({ year: date.year, month: date.month, day: 1 }, rule.tz),
        end: startOfDay({ ...next, day: 1 }, rule.tz),
      };
    }
    case 'year':
      return {
        start: startOfDay({ year: date.year, month: 1, day: 1 }, rule.tz),
        end: startOfDay({ year: date.year + 1, month: 1, day: 1 }, rule.tz),
      };
    default:
      return assertNever(rule.unit);
  }
}

/**
 * A bucketing function for one rule that remembers the last bucket it computed: records mostly
 * arrive in time order, so most calls cost a comparison instead of a time-zone conversion.
 */
export function createBucketer(rule: BucketRule): (ms: number) => number | null {
  let last: { start: number; end: number } | null = null;
  return (ms) => {
    if (last && ms >= last.start && ms < last.end) return last.start;
    const b = bucketOf(ms, rule);
    // Only a bucket that contains the instant may be reused (a DST gap could break that).
    last = b && ms >= b.start && ms < b.end ? b : null;
    return b ? b.start : null;
  };
}
