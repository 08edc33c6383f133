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
 * The longest delay one Node timer takes (2^31 - 1 ms, about 24.8 days). A longer one overflows:
 * Node warns (`TimeoutOverflowWarning`) and fires it after 1 ms.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` on `timer` in steps no longer than {@link MAX_TIMER_MS}, so a long wait is as long
 * as asked instead of overflowing into an immediate one. `Infinity` waits until the signal
 * aborts. Exported for its test, which injects a recording timer.
 *
 * @example await sleepInSteps(40 * 86_400_000, signal, (ms, s) => delay(ms, undefined, { signal: s }));
 */
export async function sleepInSteps(
  ms: number,
  signal: AbortSignal | undefined,
  timer: (ms: number, signal: AbortSignal | undefined) => Promise<unknown>,
): Promise<void> {
  signal?.throwIfAborted();
  let left = Number.isNaN(ms) ? 0 : ms;
  while (left > 0) {
    const step = Math.min(left, MAX_TIMER_MS);
    await timer(step, signal);
    left -= step;
  }
}

/**
 * The system clock: `Date.now()` and real timers.
 *
 * @example run(plan, { token, merchantId, clock: realClock });
 */
export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    sleepInSteps(ms, signal, (step, s) => delay(step, undefined, s ? { signal: s } : {})),
});
