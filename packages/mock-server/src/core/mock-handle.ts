import type { CounterSnapshot } from '../counters/request-counters.js';
import { type FaultConfig, resolveFaults } from '../faults/fault-config.js';
import type { FaultCounts } from '../faults/fault-injector.js';
import type { JournalEntry } from '../journal/request-journal.js';
import type { FaultOptions } from '../options/mock-options.js';
import type { ResolvedOptions } from '../options/resolve-options.js';
import type { OverrideInfo, OverrideSpec } from '../overrides/override-table.js';
import type { MockStore } from '../store/mock-store.js';
import type { WebhookStats } from '../webhooks/webhook-sender.js';
import type { MockCore } from './mock-core.js';

/** The virtual clock, as tests drive it. */
export interface MockClock {
  /** Virtual now, UTC ms. */
  now(): number;
  /** Jumps to `ms`. */
  set(ms: number): void;
  /** Moves forward by `ms` (not negative). */
  advance(ms: number): void;
  /** Stops time (it then moves only through set/advance). */
  freeze(): void;
  /** Lets time run again. */
  resume(): void;
  readonly frozen: boolean;
}

/** Fault control, as tests drive it. */
export interface MockFaults {
  /** Replaces the fault configuration (same shape as `options.faults`); restarts its sequence. */
  set(options: FaultOptions): void;
  /** Switches all faults off. */
  clear(): void;
  /** The active configuration with defaults filled in. */
  readonly config: FaultConfig;
  /** How many faults were injected since start or the last counter reset. */
  readonly injected: FaultCounts;
}

/** Request counters. */
export interface MockCounters {
  snapshot(): CounterSnapshot;
  reset(): void;
}

/** An active one-off override. */
export interface OverrideHandle {
  /** Its id, as `GET /_mock/overrides` lists it. */
  readonly id: number;
  /** Removes it; false when it was already gone (used up, removed or reset). */
  remove(): boolean;
}

/** Webhook delivery, as tests observe it. */
export interface MockWebhooks {
  /** Counts and state of delivery since start or the last reset. */
  readonly stats: WebhookStats;
  /**
   * Sends the changes waiting for the batching window now and resolves when every POST so far
   * (the verification one included) has been answered, failed or timed out.
   */
  flush(): Promise<WebhookStats>;
  /** Stops sending (no further changes are queued) and waits for POSTs already out. */
  close(): Promise<void>;
}

/** What tests and tools control a mock through, in-process. */
export interface MockHandle {
  readonly clock: MockClock;
  readonly faults: MockFaults;
  /** Ground truth: `store.records(merchantId, 'orders' | 'payments' | 'refunds')`. */
  readonly store: MockStore;
  readonly counters: MockCounters;
  /** The options in force, with every default filled in. */
  readonly options: ResolvedOptions;
  /**
   * Adds a one-off override in front of the others (MSW's `server.use`): requests matching
   * `method` and `path` get `reply` instead of the real answer, `times` times or until removed.
   * Throws `MockError('INVALID_ARGUMENT')` on a bad spec.
   *
   * @example
   * const once = mock.override({ method: 'GET', path: '/v3/merchants/:mId/orders', times: 1, reply: { status: 500 } });
   */
  override(spec: OverrideSpec): OverrideHandle;
  /** Removes every override. */
  resetOverrides(): void;
  /** The active overrides, newest first. */
  overrides(): OverrideInfo[];
  /** Recent requests (API and export files, never `/_mock/`), oldest first. */
  journal(): JournalEntry[];
  /** Forgets the requests in the journal. */
  clearJournal(): void;
  /** Webhook delivery when `webhooks` is configured, else `null`. */
  readonly webhooks: MockWebhooks | null;
  /**
   * Back to the state at start, for the next test: data (re-seeded when `seed` is given), the
   * clock, exports, rate-limit buckets, overrides, journal, counters, and the configured faults
   * with their sequence restarted; webhook changes not yet sent are dropped.
   */
  reset(options?: { readonly seed?: number }): void;
}

function webhooksOf(core: MockCore): MockWebhooks | null {
  const sender = core.webhooks;
  if (sender === null) return null;
  return {
    get stats() {
      return sender.stats;
    },
    flush: () => sender.flush(),
    close: () => sender.close(),
  };
}

/** The in-process control surface over a core. */
export function mockHandle(core: MockCore): MockHandle {
  return {
    clock: core.clock,
    faults: {
      set: (options) => core.faults.set(resolveFaults(options)),
      clear: () => core.faults.clear(),
      get config() {
        return core.faults.config;
      },
      get injected() {
        return core.faults.injected;
      },
    },
    store: core.store,
    counters: {
      snapshot: () => core.counters.snapshot(),
      reset: () => {
        core.counters.reset();
        core.faults.resetCounts();
      },
    },
    options: core.options,
    override: (spec) => {
      const id = core.overrides.add(spec);
      return { id, remove: () => core.overrides.remove(id) };
    },
    resetOverrides: () => core.overrides.clear(),
    overrides: () => core.overrides.list(),
    journal: () => core.journal.entries(),
    clearJournal: () => core.journal.clear(),
    webhooks: webhooksOf(core),
    reset: (options) => core.reset(options?.seed),
  };
}
