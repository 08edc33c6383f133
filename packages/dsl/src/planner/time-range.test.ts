import { describe, expect, it } from 'vitest';
import {
  type Bound,
  firstInside,
  hull,
  intersect,
  isEmpty,
  type TimeRange,
  toWindow,
  UNBOUNDED,
} from './time-range.js';

const incl = (value: number): Bound => ({ value, inclusive: true });
const excl = (value: number): Bound => ({ value, inclusive: false });
const range = (lower: Bound | null, upper: Bound | null): TimeRange => ({ lower, upper });

describe('firstInside', () => {
  it('is the bound itself when inclusive, the next integer inward when exclusive', () => {
    expect(firstInside(incl(5), 'lower')).toBe(5);
    expect(firstInside(excl(5), 'lower')).toBe(6);
    expect(firstInside(incl(5), 'upper')).toBe(5);
    expect(firstInside(excl(5), 'upper')).toBe(4);
  });
});

describe('intersect', () => {
  it('keeps the tighter bound on each side', () => {
    expect(intersect(range(incl(1), incl(10)), range(incl(3), excl(8)))).toEqual(
      range(incl(3), excl(8)),
    );
    expect(intersect(UNBOUNDED, range(null, excl(8)))).toEqual(range(null, excl(8)));
    expect(intersect(range(incl(2), null), UNBOUNDED)).toEqual(range(incl(2), null));
  });

  it('prefers the exclusive bound at the same value', () => {
    expect(intersect(range(incl(5), null), range(excl(5), null)).lower).toEqual(excl(5));
    expect(intersect(range(null, incl(5)), range(null, excl(5))).upper).toEqual(excl(5));
  });

  it('compares bounds on integers: >= 6 is as tight as > 5', () => {
    const r = intersect(range(excl(5), null), range(incl(6), null));
    expect(firstInside(r.lower!, 'lower')).toBe(6);
  });
});

describe('hull', () => {
  it('keeps the looser bound on each side, and an open end wins', () => {
    expect(hull(range(incl(1), incl(4)), range(incl(3), excl(8)))).toEqual(range(incl(1), excl(8)));
    expect(hull(range(incl(1), incl(4)), range(null, incl(2)))).toEqual(range(null, incl(4)));
    expect(hull(range(incl(1), incl(4)), range(incl(0), null))).toEqual(range(incl(0), null));
  });
});

describe('isEmpty', () => {
  it('is true only when no integer lies inside a fully bounded range', () => {
    expect(isEmpty(range(incl(5), incl(5)))).toBe(false);
    expect(isEmpty(range(incl(5), excl(5)))).toBe(true);
    expect(isEmpty(range(excl(5), excl(6)))).toBe(true);
    expect(isEmpty(range(excl(5), excl(7)))).toBe(false);
    expect(isEmpty(range(incl(6), incl(5)))).toBe(true);
    expect(isEmpty(range(null, incl(5)))).toBe(false);
    expect(isEmpty(UNBOUNDED)).toBe(false);
  });
});

describe('toWindow', () => {
  it('copies both ends', () => {
    expect(toWindow(range(excl(1), incl(9)))).toEqual({
      start: 1,
      end: 9,
      startInclusive: false,
      endInclusive: true,
    });
  });

  it('needs both ends', () => {
    expect(() => toWindow(range(incl(1), null))).toThrow(TypeError);
  });
});
