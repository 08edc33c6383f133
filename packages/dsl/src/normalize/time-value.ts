/**
 * Resolves time literals to UTC: a date (or `today`, `yesterday`, `today - 2w`) is a whole day in
 * the query's zone, `[start, end)`; a datetime, unix ms or `now - 36h` is an instant.
 */
import type { DateTimeValue, DateValue, RelativeValue } from '../ast/nodes.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../limits/clover-limits.js';
import { assertNever } from '../predicate/predicate.js';
import { addDays, fromWallTime, isUtc, startOfDay, toWallTime } from './time-zone.js';

/** A resolved time: an instant, or a whole day `[start, end)`. */
export type TimeValue =
  | { readonly kind: 'instant'; readonly ms: number }
  | { readonly kind: 'day'; readonly start: number; readonly end: number };

type CalendarDate = { year: number; month: number; day: number };
type Cursor =
  | { readonly kind: 'date'; readonly date: CalendarDate }
  | { readonly kind: 'instant'; readonly ms: number };

const EXACT_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: SECOND_MS,
  m: MINUTE_MS,
  h: HOUR_MS,
};

/** Resolves a time literal against `now` in zone `tz`. */
export function resolveTime(
  v: DateValue | DateTimeValue | RelativeValue | { kind: 'number'; value: number },
  ctx: { now: number; tz: string },
): TimeValue {
  switch (v.kind) {
    case 'number':
      return { kind: 'instant', ms: v.value };
    case 'date':
      return dayOf(v, ctx.tz);
    case 'datetime': {
      const wall = {
        year: v.year,
        month: v.month,
        day: v.day,
        hour: v.hour,
        minute: v.minute,
        second: v.second,
        millisecond: v.millisecond,
      };
      if (v.offset === null) return { kind: 'instant', ms: fromWallTime(wall, ctx.tz) };
      const local = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second, v.millisecond);
      const offsetMinutes = v.offset.sign * (v.offset.hours * 60 + v.offset.minutes);
      return { kind: 'instant', ms: local - offsetMinutes * MINUTE_MS };
    }
    case 'relative':
      return relative(v, ctx);
    default:
      return assertNever(v);
  }
}

function dayOf(date: CalendarDate, tz: string): TimeValue {
  const start = startOfDay(date, tz);
  // A UTC day is always 24 hours; elsewhere a day may be 23 or 25 (DST), so its end is the start
  // of the next one.
  const end = isUtc(tz) ? start + DAY_MS : startOfDay(addDays(date, 1), tz);
  return { kind: 'day', start, end };
}

function relative(v: RelativeValue, ctx: { now: number; tz: string }): TimeValue {
  let cur: Cursor;
  if (v.base === 'now') {
    cur = { kind: 'instant', ms: ctx.now };
  } else {
    const w = toWallTime(ctx.now, ctx.tz);
    const today = { year: w.year, month: w.month, day: w.day };
    cur = { kind: 'date', date: v.base === 'today' ? today : addDays(today, -1) };
  }
  for (const step of v.steps) {
    const n = step.sign * step.amount;
    if (step.unit === 'd' || step.unit === 'w') {
      const days = step.unit === 'w' ? n * 7 : n;
      if (cur.kind === 'date') {
        cur = { kind: 'date', date: addDays(cur.date, days) };
      } else {
        // Calendar days in the query's zone: `now - 1d` is the same wall-clock time yesterday.
        // A literal, not `{ ...w, ...date }`: on Node 20 merging two objects by spread takes V8's
        // slow path (about a microsecond).
        const w = toWallTime(cur.ms, ctx.tz);
        const d = addDays(w, days);
        const wall = {
          year: d.year,
          month: d.month,
          day: d.day,
          hour: w.hour,
          minute: w.minute,
          second: w.second,
          millisecond: w.millisecond,
        };
        cur = { kind: 'instant', ms: fromWallTime(wall, ctx.tz) };
      }
    } else {
      const base = cur.kind === 'date' ? startOfDay(cur.date, ctx.tz) : cur.ms;
      cur = { kind: 'instant', ms: base + n * (EXACT_UNITS[step.unit] ?? 1) };
    }
  }
  return cur.kind === 'date' ? dayOf(cur.date, ctx.tz) : cur;
}
