import { TokenTable } from '../auth/token-table.js';
import { ChangeFeed } from '../changes/change-feed.js';
import { monotonicClock } from '../clock/monotonic-clock.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { RequestCounters } from '../counters/request-counters.js';
import { ExportRegistry } from '../exports/export-registry.js';
import { FaultInjector } from '../faults/fault-injector.js';
import { RequestJournal } from '../journal/request-journal.js';
import { MOCK_DEFAULTS } from '../options/defaults.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import { OverrideTable } from '../overrides/override-table.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { MockStore } from '../store/mock-store.js';
import type { MockEnvironment } from '../system/environment.js';
import { postWebhook } from '../webhooks/post-webhook.js';
import { WebhookSender } from '../webhooks/webhook-sender.js';

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
  /** One-off overrides (`mock.override`). */
  readonly overrides: OverrideTable;
  /** The most recent API and export-file requests. */
  readonly journal: RequestJournal;
  /** The webhook sender when `webhooks` is configured (started by the app), else `null`. */
  readonly webhooks: WebhookSender | null;
  /**
   * Back to the state at start: data (re-seeded when `seed` is given), clock (start time and
   * frozen or running as configured), exports, rate-limit buckets, overrides, journal, counters,
   * faults (the configured ones, their sequence restarted) and webhook changes not yet sent.
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
    // Buckets refill with real time (a frozen clock does not starve them) and also when a test
    // moves the virtual clock forward, so a client waiting out a 429 in virtual time is let in.
    monotonicClock(() => env.monotonicNow() + clock.skippedMs),
  );
  const faults = new FaultInjector(options.faults);
  const counters = new RequestCounters();
  const overrides = new OverrideTable();
  const journal = new RequestJournal(options.journalSize);
  const webhooks =
    options.webhooks === null
      ? null
      : new WebhookSender({
          config: options.webhooks,
          changes,
          faults: () => faults.config,
          sleep: env.sleep,
          post: env.postWebhook ?? postWebhook,
          maxPending: MOCK_DEFAULTS.webhooks.maxPending,
        });
  return {
    options,
    env,
    clock,
    store,
    exports,
    limiter,
    faults,
    counters,
    tokens: new TokenTable(options.merchants, options.acceptQueryToken),
    changes,
    overrides,
    journal,
    webhooks,
    reset(seed) {
      // The clock first: the living merchant's activity replays up to the clock's now.
      if (options.clockFrozen) {
        clock.freeze();
        clock.set(options.clockStart);
      } else {
        clock.set(options.clockStart);
        clock.resume();
      }
      store.reset(seed);
      exports.clear();
      limiter.reset();
      overrides.clear();
      journal.clear();
      counters.reset();
      faults.set(options.faults);
      faults.resetCounts();
      webhooks?.reset();
    },
  };
}
