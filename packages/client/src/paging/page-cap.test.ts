import { describe, expect, it } from 'vitest';
import { inclusiveRange } from '../tripwire/time-bounds.js';
import { maxPagesOf } from './page-cap.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const defaults = { maxRecordsPerSecond: 100, maxPages: 10_000 };

describe('maxPagesOf', () => {
  it('allows the full pages a window can hold at maxRecordsPerSecond, plus the last one', () => {
    // 1 h at 100/s: 360 000 records, 360 full pages of 1000 and one to end.
    expect(maxPagesOf(inclusiveRange(0, HOUR - 1), 1000, defaults)).toBe(361);
    expect(maxPagesOf(inclusiveRange(0, HOUR - 1), 100, defaults)).toBe(3601);
    expect(maxPagesOf(inclusiveRange(0, 59_999), 1000, defaults)).toBe(7);
    // A single millisecond still gets a page and the page that ends it.
    expect(maxPagesOf(inclusiveRange(5, 5), 1000, defaults)).toBe(2);
  });

  it('caps long windows and unwindowed requests at maxPages', () => {
    expect(maxPagesOf(inclusiveRange(0, 90 * DAY - 1), 1000, defaults)).toBe(10_000);
    expect(maxPagesOf(undefined, 1000, defaults)).toBe(10_000);
    expect(maxPagesOf({ lower: { value: 0, inclusive: true }, upper: null }, 1000, defaults)).toBe(
      10_000,
    );
    expect(
      maxPagesOf({ lower: null, upper: { value: 5, inclusive: true } }, 10, {
        ...defaults,
        maxPages: 3,
      }),
    ).toBe(3);
  });

  it('follows the option values', () => {
    expect(
      maxPagesOf(inclusiveRange(0, HOUR - 1), 2, { maxRecordsPerSecond: 0.01, maxPages: 100 }),
    ).toBe(19);
  });
});
