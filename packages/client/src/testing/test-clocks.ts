/** Clocks for tests: a manual fake clock and an instant clock that jumps on every sleep. */
import type { Clock } from '../clock/clock.js';

interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
}

/** Time moves only through `advance`; sleepers wake in time order. */
export class ManualClock implements Clock {
  private t: number;
  private sleepers: Sleeper[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Sleeps currently waiting. */
  get waiting(): number {
    return this.sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.t + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Moves time forward, waking sleepers (and letting their continuations run) in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const next = this.sleepers.filter((s) => s.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.t = Math.max(this.t, next.at);
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.resolve();
    }
    this.t = end;
    await flush();
  }
}

/** Lets pending promise continuations run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A clock whose sleeps take no real time: each moves virtual time forward by its length (and
 * calls `onSleep`, e.g. to advance a mock server's clock in step).
 */
export function instantClock(options: {
  readonly start: number;
  readonly onSleep?: (ms: number) => void;
  readonly now?: () => number;
}): Clock & { readonly slept: number[] } {
  let t = options.start;
  const slept: number[] = [];
  return {
    slept,
    now: () => options.now?.() ?? t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      if (ms > 0) {
        t += ms;
        options.onSleep?.(ms);
      }
      await new Promise<void>((r) => setImmediate(r));
      signal?.throwIfAborted();
    },
  };
}
