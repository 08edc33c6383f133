import { TokenTable } from '../auth/token-table.js';
import { ChangeFeed } from '../changes/change-feed.js';
import { monotonicClock } from '../clock/monotonic-clock.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { RequestCounters } from '../counters/request-counters.js';
import { ExportRegistry } from '../exports/export-registry.js';
import { FaultInjector } from '../faults/fault-injector.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { MockStore } from '../store/mock-store.js';
import type { MockEnvironment } from '../system/environment.js';

/**
 * Everything a running mock holds, framework-free: the HTTP adapter reads requests into calls
 * on these and writes their answers back.
 */
export interface MockCore {
  readonly options: ResolvedOptions;
  readonly env: MockEnvironment;
  readonly clock: VirtualClock;
  readonly store: MockStore;
  readonly exports: ExportRegistry;
  readonly limiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly counters: RequestCounters;
  readonly tokens: TokenTable;
  /** Every change to the data (writes, living-merchant activity), for webhooks and tests. */
  readonly changes: ChangeFeed;
  /**
   * Drops every change to the data (regenerating it only for a new `seed`) and forgets exports
   * and rate-limit buckets.
   */
  reset(seed?: number): void;
}

/**
 * Builds a mock's state from resolved options. Generates every merchant's data, so it takes
 * about a second per million orders.
 *
 * @example createMockCore(resolveOptions({ seed: 1 }, Date.now), SYSTEM_ENVIRONMENT)
 */
export function createMockCore(options: ResolvedOptions, env: MockEnvironment): MockCore {
  const clock = new VirtualClock({
    start: options.clockStart,
    frozen: options.clockFrozen,
    source: env.monotonicNow,
  });
  const changes = new ChangeFeed();
  const store = new MockStore({
    seed: options.seed,
    region: options.region,
    merchants: options.merchants,
    clock,
    changes,
    activityStart: options.clockStart,
  });
  const exports = new ExportRegistry({
    clock,
    region: options.region,
    store,
    timing: {
      durationMs: options.limits.exportDurationMs,
      pendingMs: options.limits.exportPendingMs,
    },
    maxConcurrent: options.limits.maxConcurrentExports,
    randomSecret: env.randomSecret,
  });
  const limiter = new RateLimiter(
    {
      tokenPerSecond: options.limits.rateLimitPerSecond,
      appPerSecond: options.limits.appRateLimitPerSecond,
      tokenConcurrent: options.limits.maxConcurrentPerToken,
      appConcurrent: options.limits.maxConcurrentPerApp,
    },
    monotonicClock(env.monotonicNow),
  );
  return {
    options,
    env,
    clock,
    store,
    exports,
    limiter,
    faults: new FaultInjector(options.faults),
    counters: new RequestCounters(),
    tokens: new TokenTable(options.merchants, options.acceptQueryToken),
    changes,
    reset(seed) {
      store.reset(seed);
      exports.clear();
      limiter.reset();
    },
  };
}
