import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/test-clocks.js';
import { ExportDeadline, formatDuration } from './export-deadline.js';

describe('ExportDeadline', () => {
  // The deadline only reads the clock, so the test moves time by hand: nothing sleeps or waits.
  it('has no end before it starts, then counts down on the clock, pushed back by excluded time', async () => {
    const clock = new ManualClock(1000);
    const d = new ExportDeadline(clock, 10_000);
    expect(d.remaining()).toBe(Number.POSITIVE_INFINITY);
    d.exclude(5000);
    expect(d.remaining()).toBe(Number.POSITIVE_INFINITY);
    d.start();
    await clock.advance(4000);
    d.start(); // a second start keeps the first
    expect(d.remaining()).toBe(6000);
    d.exclude(3000);
    expect(d.remaining()).toBe(9000);
    await clock.advance(20_000);
    expect(d.remaining()).toBe(0);
  });
});

describe('formatDuration', () => {
  it.each([
    [7_200_000, '2 h'],
    [5_400_000, '1.5 h'],
    [300_000, '5 min'],
    [10_000, '10 s'],
    [250, '250 ms'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
