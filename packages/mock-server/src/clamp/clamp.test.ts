import { CLAMP_MS, DAY_MS } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { clampRange } from './clamp.js';

// the Clover docs page "Apply filters to API requests", "Example query results": {date1} is Jan 1, 2024.
const date1 = Date.UTC(2024, 0, 1);
const now = Date.UTC(2025, 5, 15, 12);
const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const incl = (value: number) => ({ value, inclusive: true });
const excl = (value: number) => ({ value, inclusive: false });

/** Whether instant t lies inside the clamped range. */
function contains(range: ReturnType<typeof clampRange>, t: number): boolean {
  const { lower, upper } = range;
  if (lower && (lower.inclusive ? t < lower.value : t <= lower.value)) return false;
  if (upper && (upper.inclusive ? t > upper.value : t >= upper.value)) return false;
  return true;
}

describe('the 90-day clamp, one test per row of the table in the Clover docs page "Apply filters to API requests"', () => {
  it('>{date1}: all payments from Jan 2, 2024 until Mar 30, 2024', () => {
    const r = clampRange({ lower: excl(date1), upper: null }, now);
    expect(r).toEqual({ lower: excl(date1), upper: excl(date1 + CLAMP_MS) });
    expect(date1 + CLAMP_MS).toBe(at(2024, 3, 31));
    expect(contains(r, date1)).toBe(false);
    expect(contains(r, at(2024, 1, 2))).toBe(true);
    expect(contains(r, at(2024, 3, 30) + DAY_MS - 1)).toBe(true);
    expect(contains(r, at(2024, 3, 31))).toBe(false);
  });

  it('>={date1}: all payments from Jan 1, 2024 until Mar 30, 2024', () => {
    const r = clampRange({ lower: incl(date1), upper: null }, now);
    expect(r).toEqual({ lower: incl(date1), upper: excl(at(2024, 3, 31)) });
    expect(contains(r, date1)).toBe(true);
    expect(contains(r, at(2024, 3, 30) + DAY_MS - 1)).toBe(true);
    expect(contains(r, at(2024, 3, 31))).toBe(false);
  });

  it('<{date1}: all payments from Dec 31, 2023 back to Oct 3, 2023', () => {
    const r = clampRange({ lower: null, upper: excl(date1) }, now);
    expect(r).toEqual({ lower: incl(at(2023, 10, 3)), upper: excl(date1) });
    expect(contains(r, date1)).toBe(false);
    expect(contains(r, at(2023, 12, 31))).toBe(true);
    expect(contains(r, at(2023, 10, 3))).toBe(true);
    expect(contains(r, at(2023, 10, 3) - 1)).toBe(false);
  });

  it('<={date1}: all payments from Jan 1, 2024 back to Oct 3, 2023', () => {
    const r = clampRange({ lower: null, upper: incl(date1) }, now);
    expect(r).toEqual({ lower: incl(at(2023, 10, 3)), upper: incl(date1) });
    expect(contains(r, date1)).toBe(true);
    expect(contains(r, at(2023, 10, 3))).toBe(true);
    expect(contains(r, at(2023, 10, 2))).toBe(false);
  });

  it('<={future date}: all payments back 90 days from the current time', () => {
    const future = now + 400 * DAY_MS;
    const r = clampRange({ lower: null, upper: incl(future) }, now);
    expect(r).toEqual({ lower: incl(now - CLAMP_MS), upper: incl(now) });
  });
});

describe('the 90-day clamp on date ranges ("the results can be extrapolated")', () => {
  it('a range wider than 90 days keeps its most recent 90 days', () => {
    const r = clampRange({ lower: incl(at(2023, 1, 1)), upper: excl(date1) }, now);
    expect(r).toEqual({ lower: incl(date1 - CLAMP_MS), upper: excl(date1) });
  });

  it('an upper bound in the future counts from now, then the range is cut to 90 days', () => {
    const r = clampRange({ lower: excl(at(2024, 1, 1)), upper: excl(now + DAY_MS) }, now);
    expect(r).toEqual({ lower: incl(now - CLAMP_MS), upper: incl(now) });
  });

  it('an upper bound in the future with a recent lower bound keeps the lower bound', () => {
    const r = clampRange({ lower: incl(now - 10 * DAY_MS), upper: incl(now + DAY_MS) }, now);
    expect(r).toEqual({ lower: incl(now - 10 * DAY_MS), upper: incl(now) });
  });

  it('a lower bound within the last 90 days ends at now', () => {
    const r = clampRange({ lower: incl(now - DAY_MS), upper: null }, now);
    expect(r).toEqual({ lower: incl(now - DAY_MS), upper: incl(now) });
  });

  it('compares U - L on the bound values: a closed [a, a + 90d] is not clamped', () => {
    const a = at(2024, 2, 1);
    expect(clampRange({ lower: incl(a), upper: incl(a + CLAMP_MS) }, now)).toEqual({
      lower: incl(a),
      upper: incl(a + CLAMP_MS),
    });
    expect(clampRange({ lower: incl(a), upper: incl(a + CLAMP_MS + 1) }, now).lower).toEqual(
      incl(a + 1),
    );
  });

  it('no bound at all gives the most recent 90 days', () => {
    expect(clampRange({ lower: null, upper: null }, now)).toEqual({
      lower: incl(now - CLAMP_MS),
      upper: incl(now),
    });
  });
});
