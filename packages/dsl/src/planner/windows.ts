/**
 * Window splitting: a range becomes consecutive windows that cover it exactly once — no gap, no
 * overlap — none wider than the maximum, so Clover's clamp can never truncate one.
 */
import type { TimeWindow } from './plan-types.js';

/** The most slots reserved up front for a range's windows. */
const MAX_HINT = 1024;

/**
 * Splits a REST range into half-open windows `[a, a + max)`; the first keeps the range's own
 * start end and the last its own end, so the union is exactly the range. A window's width
 * (`end - start`) never exceeds `maxMs`, which is what Clover's clamp compares.
 *
 * @example splitWindows({ start: 0, end: 100, startInclusive: true, endInclusive: true }, 40)
 * // [0,40) [40,80) [80,100]
 */
export function splitWindows(range: TimeWindow, maxMs: number): TimeWindow[] {
  if (!(maxMs >= 1)) throw new RangeError('window size must be at least 1 ms');
  // Sized for the expected count (an empty array grows to 16 slots on its first push); the loop
  // alone decides the windows, and the length is set to what it made.
  const expected = Math.ceil((range.end - range.start) / maxMs);
  // (`|| 1`: NaN and 0 reserve one slot.)
  const out = new Array<TimeWindow>(Math.min(MAX_HINT, Math.max(1, expected || 1)));
  let n = 0;
  let start = range.start;
  let startInclusive = range.startInclusive;
  while (range.end - start > maxMs) {
    const end = start + maxMs;
    out[n++] = { start, end, startInclusive, endInclusive: false };
    start = end;
    startInclusive = true;
  }
  out[n++] = { start, end: range.end, startInclusive, endInclusive: range.endInclusive };
  if (out.length !== n) out.length = n;
  return out;
}

/**
 * Splits a range into export windows with both ends inclusive (the Export API's `startTime` and
 * `endTime`), each spanning at most `maxMs` (`endTime - startTime <= maxMs - 1`).
 */
export function splitExportWindows(range: TimeWindow, maxMs: number): TimeWindow[] {
  if (!(maxMs >= 1)) throw new RangeError('window size must be at least 1 ms');
  const first = range.startInclusive ? range.start : range.start + 1;
  const last = range.endInclusive ? range.end : range.end - 1;
  const out: TimeWindow[] = [];
  for (let s = first; s <= last; s += maxMs) {
    out.push({
      start: s,
      end: Math.min(s + maxMs - 1, last),
      startInclusive: true,
      endInclusive: true,
    });
  }
  return out;
}
