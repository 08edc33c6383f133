import type { Clock, MonotonicSource } from './clock.js';

/**
 * A real, monotonic clock for rate limiting. Token buckets must refill with real time even when
 * a test freezes the virtual clock, and must not jump when the virtual clock is set.
 *
 * @example const clock = monotonicClock(() => performance.now());
 */
export function monotonicClock(source: MonotonicSource): Clock {
  return { now: () => source() };
}
