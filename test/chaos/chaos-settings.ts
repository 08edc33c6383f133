/** What both chaos suites share: every kind of fault at once, and a clock that skips waits. */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '@cloverql/client';
import type { FaultOptions } from '@cloverql/mock-server';
import type { Mock } from '../support/mock-fixture.js';

/** Latency, 5xx and 429/503 bursts, drops and cut bodies, often enough that most queries meet several. */
export function chaosFaults(seed: number): FaultOptions {
  return {
    seed,
    latencyMs: 1,
    latencyJitterMs: 4,
    errorRate: 0.08,
    errorStatuses: [429, 503, 500, 502, 504],
    burstLength: 3,
    dropRate: 0.04,
    truncateRate: 0.04,
  };
}

/** Backoffs and Retry-After advance the mock's clock instead of waiting in real time. */
export function fastForward(mock: Mock): Clock {
  return {
    now: () => mock.clock.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      if (ms > 0) mock.clock.advance(ms);
      await delay(Math.min(Math.max(ms, 0), 2), undefined, signal ? { signal } : {});
    },
  };
}
