/**
 * Time ranges over integer UTC milliseconds, with explicit inclusive or exclusive ends. An open
 * end is `null`. All arithmetic is on integers, so `> 5 and < 6` is empty.
 */
import type { TimeWindow } from './plan-types.js';

/** One end of a time range in UTC ms: the planner's, the mock's clamp and its time index use it. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** A range of instants; a null end is open. */
export interface TimeRange {
  readonly lower: Bound | null;
  readonly upper: Bound | null;
}

export const UNBOUNDED: TimeRange = { lower: null, upper: null };

/** The tighter of two lower bounds. */
export function maxLower(a: Bound | null, b: Bound | null): Bound | null {
  if (!a) return b;
  if (!b) return a;
  return firstInside(a, 'lower') >= firstInside(b, 'lower') ? a : b;
}

/** The tighter of two upper bounds. */
export function minUpper(a: Bound | null, b: Bound | null): Bound | null {
  if (!a) return b;
  if (!b) return a;
  return firstInside(a, 'upper') <= firstInside(b, 'upper') ? a : b;
}

/** The first (for a lower bound) or last (for an upper bound) integer inside the bound. */
export function firstInside(b: Bound, side: 'lower' | 'upper'): number {
  if (b.inclusive) return b.value;
  return side === 'lower' ? b.value + 1 : b.value - 1;
}

export function intersect(a: TimeRange, b: TimeRange): TimeRange {
  return { lower: maxLower(a.lower, b.lower), upper: minUpper(a.upper, b.upper) };
}

/** The smallest range containing both (an open end wins). */
export function hull(a: TimeRange, b: TimeRange): TimeRange {
  const lower =
    a.lower && b.lower
      ? firstInside(a.lower, 'lower') <= firstInside(b.lower, 'lower')
        ? a.lower
        : b.lower
      : null;
  const upper =
    a.upper && b.upper
      ? firstInside(a.upper, 'upper') >= firstInside(b.upper, 'upper')
        ? a.upper
        : b.upper
      : null;
  return { lower, upper };
}

/** Whether no integer lies in the range (only decidable when both ends are bounded). */
export function isEmpty(r: TimeRange): boolean {
  if (!r.lower || !r.upper) return false;
  return firstInside(r.lower, 'lower') > firstInside(r.upper, 'upper');
}

/** Whether two ranges have the same ends. */
export function sameRange(a: TimeRange, b: TimeRange): boolean {
  return sameBound(a.lower, b.lower) && sameBound(a.upper, b.upper);
}

function sameBound(x: Bound | null, y: Bound | null): boolean {
  return (
    x === y || (x !== null && y !== null && x.value === y.value && x.inclusive === y.inclusive)
  );
}

/** A fully bounded range as a window. */
export function toWindow(r: TimeRange): TimeWindow {
  if (!r.lower || !r.upper) throw new TypeError('toWindow needs both ends');
  return {
    start: r.lower.value,
    end: r.upper.value,
    startInclusive: r.lower.inclusive,
    endInclusive: r.upper.inclusive,
  };
}
