import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAMP_MS, DAY_MS, EXPORT_MAX_MS } from '../limits/clover-limits.js';
import type { TimeWindow } from './plan-types.js';
import { splitExportWindows, splitWindows } from './windows.js';

const RUNS = process.env.CLOVERQL_LONG ? 5_000 : 300;

const contains = (w: TimeWindow, x: number) =>
  (w.startInclusive ? x >= w.start : x > w.start) && (w.endInclusive ? x <= w.end : x < w.end);
const firstIn = (r: TimeWindow) => (r.startInclusive ? r.start : r.start + 1);
const lastIn = (r: TimeWindow) => (r.endInclusive ? r.end : r.end - 1);
const closed = (start: number, end: number): TimeWindow => ({
  start,
  end,
  startInclusive: true,
  endInclusive: true,
});

/**
 * Non-empty integer ranges: any ends, any inclusivity, zero-width closed ones, and ranges that are
 * exact multiples of the window size. Values stay small enough that the window count is bounded.
 */
const scenario = fc
  .record({
    start: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    max: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 100_000 })),
    windows: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
    extra: fc.oneof(
      fc.constantFrom(-1, 0, 1),
      fc.integer({ min: -50, max: 50 }),
      fc.integer({ min: 0, max: 1_000_000 }),
    ),
    startInclusive: fc.boolean(),
    endInclusive: fc.boolean(),
  })
  .map(({ start, max, windows, extra, startInclusive, endInclusive }) => ({
    range: { start, end: start + windows * max + extra, startInclusive, endInclusive },
    max,
  }))
  .filter(
    ({ range, max }) => firstIn(range) <= lastIn(range) && (range.end - range.start) / max < 300,
  );

/** Edges of the range, edges of every window and a few random points. */
function probes(range: TimeWindow, windows: readonly TimeWindow[], randoms: readonly number[]) {
  const xs = new Set<number>([range.start - 1, range.start, range.start + 1]);
  for (const x of [range.end - 1, range.end, range.end + 1]) xs.add(x);
  for (const w of windows)
    for (const x of [w.start - 1, w.start, w.start + 1, w.end - 1, w.end, w.end + 1]) xs.add(x);
  const width = range.end - range.start;
  for (const f of randoms) xs.add(range.start + Math.floor(f * (width + 1)));
  return xs;
}

describe('splitWindows (REST)', () => {
  it('covers the range exactly once with consecutive windows no wider than the maximum', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
        ({ range, max }, randoms) => {
          const ws = splitWindows(range, max);
          expect(ws.length).toBeGreaterThan(0);
          // First and last keep the range's own ends.
          expect(ws[0]!.start).toBe(range.start);
          expect(ws[0]!.startInclusive).toBe(range.startInclusive);
          expect(ws.at(-1)!.end).toBe(range.end);
          expect(ws.at(-1)!.endInclusive).toBe(range.endInclusive);
          for (const [i, w] of ws.entries()) {
            // The clamp compares end - start alone, so that is what must stay within the maximum.
            expect(w.end - w.start).toBeLessThanOrEqual(max);
            // Only a 1 ms window with an exclusive start, (a, a + 1), can hold no millisecond.
            if (max > 1) expect(firstIn(w)).toBeLessThanOrEqual(lastIn(w));
            const prev = ws[i - 1];
            if (prev) {
              // Adjacent: each window starts where the previous ended, with the other inclusivity.
              expect(w.start).toBe(prev.end);
              expect(w.startInclusive).toBe(!prev.endInclusive);
            }
          }
          for (const x of probes(range, ws, randoms)) {
            const hits = ws.filter((w) => contains(w, x)).length;
            expect(hits, `ms ${x}`).toBe(contains(range, x) ? 1 : 0);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('splits [0, 100] into [0,40) [40,80) [80,100] as the doc comment says', () => {
    expect(splitWindows(closed(0, 100), 40)).toEqual([
      { start: 0, end: 40, startInclusive: true, endInclusive: false },
      { start: 40, end: 80, startInclusive: true, endInclusive: false },
      { start: 80, end: 100, startInclusive: true, endInclusive: true },
    ]);
  });

  it('keeps a zero-width closed range as one window', () => {
    expect(splitWindows(closed(7, 7), 1)).toEqual([closed(7, 7)]);
  });

  it('keeps a range of exactly 90 days, ends included, as one window', () => {
    const a = Date.UTC(2024, 0, 1);
    expect(splitWindows(closed(a, a + CLAMP_MS), CLAMP_MS)).toEqual([closed(a, a + CLAMP_MS)]);
  });

  it('splits 90 days and 1 ms into two windows', () => {
    const a = Date.UTC(2024, 0, 1);
    expect(splitWindows(closed(a, a + CLAMP_MS + 1), CLAMP_MS)).toEqual([
      { start: a, end: a + CLAMP_MS, startInclusive: true, endInclusive: false },
      closed(a + CLAMP_MS, a + CLAMP_MS + 1),
    ]);
  });

  it('puts the millisecond at a window edge in exactly one window', () => {
    const a = Date.UTC(2024, 0, 1);
    const ws = splitWindows(closed(a, a + 3 * CLAMP_MS), CLAMP_MS);
    expect(ws).toHaveLength(3);
    for (const edge of [a + CLAMP_MS, a + 2 * CLAMP_MS]) {
      expect(ws.filter((w) => contains(w, edge))).toHaveLength(1);
      expect(ws.filter((w) => contains(w, edge - 1))).toHaveLength(1);
    }
  });

  it('keeps an exclusive start on the first window only', () => {
    const ws = splitWindows({ start: 0, end: 30, startInclusive: false, endInclusive: false }, 10);
    expect(ws.map((w) => [w.startInclusive, w.endInclusive])).toEqual([
      [false, false],
      [true, false],
      [true, false],
    ]);
  });

  it('rejects a window size under 1 ms', () => {
    expect(() => splitWindows(closed(0, 1), 0)).toThrow(RangeError);
    expect(() => splitWindows(closed(0, 1), Number.NaN)).toThrow(RangeError);
  });
});

describe('splitExportWindows', () => {
  it('covers the range exactly once with inclusive windows spanning at most the maximum', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
        ({ range, max }, randoms) => {
          const ws = splitExportWindows(range, max);
          expect(ws.length).toBeGreaterThan(0);
          expect(ws[0]!.start).toBe(firstIn(range));
          expect(ws.at(-1)!.end).toBe(lastIn(range));
          for (const [i, w] of ws.entries()) {
            expect(w.startInclusive && w.endInclusive).toBe(true);
            expect(w.start).toBeLessThanOrEqual(w.end);
            // startTime..endTime inclusive holds at most `max` milliseconds.
            expect(w.end - w.start).toBeLessThanOrEqual(max - 1);
            const prev = ws[i - 1];
            if (prev) expect(w.start).toBe(prev.end + 1);
          }
          for (const x of probes(range, ws, randoms)) {
            const hits = ws.filter((w) => contains(w, x)).length;
            expect(hits, `ms ${x}`).toBe(contains(range, x) ? 1 : 0);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('writes a half-open 30-day window as startTime = a, endTime = next start - 1', () => {
    const a = Date.UTC(2024, 3, 1);
    const ws = splitExportWindows(
      { start: a, end: a + 2 * EXPORT_MAX_MS, startInclusive: true, endInclusive: false },
      EXPORT_MAX_MS,
    );
    expect(ws).toEqual([
      closed(a, a + EXPORT_MAX_MS - 1),
      closed(a + EXPORT_MAX_MS, a + 2 * EXPORT_MAX_MS - 1),
    ]);
    expect(ws.every((w) => w.end - w.start <= 30 * DAY_MS)).toBe(true);
  });

  it('turns exclusive ends into inclusive ones', () => {
    expect(
      splitExportWindows({ start: 10, end: 20, startInclusive: false, endInclusive: false }, 100),
    ).toEqual([closed(11, 19)]);
  });

  it('keeps a single millisecond as one window', () => {
    expect(splitExportWindows(closed(5, 5), EXPORT_MAX_MS)).toEqual([closed(5, 5)]);
  });

  it('rejects a window size under 1 ms', () => {
    expect(() => splitExportWindows(closed(0, 1), 0.5)).toThrow(RangeError);
  });
});
