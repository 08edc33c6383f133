/**
 * Time comes in through a `Clock` so that rate limiting, backoff, export polling and waiting for
 * export opening hours can run on a virtual clock in tests. Only `realClock` touches real timers.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** A source of time: the current instant and a way to wait. */
export interface Clock {
  /** The current time in UTC ms. */
  now(): number;
  /**
   * Resolves after `ms` (immediately for `ms <= 0`); rejects with the signal's reason when the
   * signal aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The system clock: `Date.now()` and real timers.
 *
 * @example run(plan, { token, merchantId, clock: realClock });
 */
export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: async (ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    if (ms <= 0) return;
    await delay(ms, undefined, signal ? { signal } : {});
  },
});
