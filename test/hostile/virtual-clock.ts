import type { Clock } from '@cloverql/client';

/**
 * A clock whose sleeps take no real time: each jumps the clock forward and is recorded in
 * `slept`, then yields once to the event loop so that sockets and timers can make progress.
 */
export function virtualClock(start: number): Clock & { readonly slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      if (ms > 0) t += ms;
      await new Promise<void>((r) => setImmediate(r));
      signal?.throwIfAborted();
    },
  };
}
