import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [1500, '1.5 s'],
    [59_999, '60 s'],
    [300_000, '5 min'],
    [3_660_000, '1 h 1 min'],
    [86_400_000, '1 day'],
    [999_999_000, '11 days 13 h'],
    [2 * 86_400_000 + 60_000, '2 days'],
    [3_000_000_000, '34 days 17 h'],
    [Date.UTC(9999, 11, 31) - Date.UTC(2026, 0, 1), '7973 years'],
    [Number.POSITIVE_INFINITY, 'for ever'],
  ])('%d ms is %s', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });
});
