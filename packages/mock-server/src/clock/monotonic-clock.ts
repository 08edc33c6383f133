import type { Clock, MonotonicSource } from './clock.js';

/**
 * A monotonic clock for rate limiting. Token buckets must refill with real time even when a test
 * freezes the virtual clock, and must never go back when the virtual clock is set back.
 *
 * @example const clock = monotonicClock(() => performance.now());
 */
export function monotonicClock(source: MonotonicSource): Clock {
  return { now: () => source() };
}
