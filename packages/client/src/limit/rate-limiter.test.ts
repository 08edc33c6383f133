import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/test-clocks.js';
import { RateLimiter } from './rate-limiter.js';

/** Acquires `n` times concurrently and returns the clock time of each grant, in grant order. */
async function grants(
  limiter: RateLimiter,
  clock: ManualClock,
  opts: { n: number; runMs: number },
) {
  const times: number[] = [];
  const all = Array.from({ length: opts.n }, () =>
    limiter.acquire().then(() => times.push(clock.now())),
  );
  await clock.advance(opts.runMs);
  await Promise.all(all);
  return times;
}

/** The most grants in any window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (const t of times)
    best = Math.max(best, times.filter((u) => u >= t && u < t + windowMs).length);
  return best;
}

describe('RateLimiter', () => {
  it('grants a burst of `limit` at once, then one more each time the oldest leaves the window', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ limit: 3, windowMs: 1000, clock });
    const times = await grants(limiter, clock, { n: 7, runMs: 5000 });
    expect(times).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('never grants more than `limit` in any sliding window, whatever the arrival pattern', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ limit: 16, windowMs: 1000, clock });
    const times: number[] = [];
    const pending: Promise<unknown>[] = [];
    // Arrivals in irregular bursts.
    for (const [at, n] of [
      [0, 10],
      [300, 10],
      [950, 5],
      [1100, 20],
      [2500, 3],
      [2600, 30],
    ] as const) {
      await clock.advance(at - clock.now());
      for (let i = 0; i < n; i++)
        pending.push(limiter.acquire().then(() => times.push(clock.now())));
    }
    await clock.advance(20_000);
    await Promise.all(pending);
    expect(times).toHaveLength(78);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(16);
    // Served in arrival order: grant times never go backwards.
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('is off for 0 and Infinity', async () => {
    for (const limit of [0, Number.POSITIVE_INFINITY]) {
      const clock = new ManualClock(0);
      const limiter = new RateLimiter({ limit, clock });
      expect(limiter.enabled).toBe(false);
      const times = await grants(limiter, clock, { n: 100, runMs: 0 });
      expect(times.every((t) => t === 0)).toBe(true);
    }
  });

  it('rejects a waiter whose signal aborts, and the next waiter still gets its turn', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, clock });
    await limiter.acquire();
    const ac = new AbortController();
    const aborted = limiter.acquire(ac.signal);
    const next = limiter.acquire();
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await clock.advance(1000);
    await expect(next).resolves.toBeUndefined();
  });

  it("holds each caller to its own limit counted over everyone's starts", async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ limit: 4, windowMs: 1000, clock });
    const times: [string, number][] = [];
    const ask = (who: string, limit?: number) =>
      limiter.acquire(undefined, limit).then(() => times.push([who, clock.now()]));
    // Three starts by a lax caller (limit 4) fill the window past a strict one's limit of 2.
    const all = [ask('lax'), ask('lax'), ask('lax'), ask('strict', 2), ask('lax')];
    await clock.advance(3000);
    await Promise.all(all);
    // The strict caller waits until only one start is left in its window; the lax one behind it
    // is served after it (arrival order), under its own limit of 4.
    expect(times).toEqual([
      ['lax', 0],
      ['lax', 0],
      ['lax', 0],
      ['strict', 1000],
      ['lax', 1000],
    ]);
  });

  it('lets a caller whose limit is off through at once without recording it', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, clock });
    await limiter.acquire(undefined, 0);
    await limiter.acquire(undefined, Number.POSITIVE_INFINITY);
    expect(limiter.idle).toBe(true);
    await limiter.acquire();
    expect(limiter.idle).toBe(false);
    await clock.advance(1000);
    expect(limiter.idle).toBe(true);
  });
});
