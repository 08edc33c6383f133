/**
 * The options of `createMockApp` and `startMockServer`. Every field is optional; the defaults
 * live in `MOCK_DEFAULTS` and are documented in docs/mock-server.md.
 */

/** A point in time as a `Date` or UTC epoch ms. */
export type TimeInput = Date | number;

/** The Export API region whose availability hours apply; `sandbox` is always open. */
export type MockRegion = 'us' | 'eu' | 'sandbox';

/** One merchant: its id, the one token that may read it, and its generated dataset. */
export interface MerchantOptions {
  /** 13-character merchant id, e.g. `MERCHANT00001`. */
  readonly id: string;
  /** The bearer token that belongs to this merchant. */
  readonly token: string;
  /** Number of orders to generate (default 5000). */
  readonly orders?: number | undefined;
  /** Number of payments (default 5000), each linked to an order when there are orders. */
  readonly payments?: number | undefined;
  /** Number of refunds (default 300), each linked to a successful payment. */
  readonly refunds?: number | undefined;
  /** Earliest `createdTime` of generated data (default one year before `to`). */
  readonly from?: TimeInput | undefined;
  /** Latest time of generated data (default the clock start); no generated time exceeds it. */
  readonly to?: TimeInput | undefined;
  /**
   * A living merchant: records created, updated and deleted as the virtual clock moves, at these
   * rates per virtual day (each default 0: no activity). Deterministic by seed, whatever path
   * the clock takes.
   */
  readonly activity?:
    | {
        readonly ordersPerDay?: number | undefined;
        readonly paymentsPerDay?: number | undefined;
        readonly refundsPerDay?: number | undefined;
        readonly updatesPerDay?: number | undefined;
        readonly deletesPerDay?: number | undefined;
      }
    | undefined;
}

/** The virtual clock. */
export interface ClockOptions {
  /** Virtual time at start (default the real current time). */
  readonly start?: TimeInput | undefined;
  /** Start frozen: time moves only through set/advance (default false). */
  readonly frozen?: boolean | undefined;
}

/** Clover's limits, as the mock enforces them. A limit of 0 switches that limit off. */
export interface LimitOptions {
  /** New requests per second per token (Clover: 16). */
  readonly rateLimitPerSecond?: number | undefined;
  /** New requests per second for the whole app, i.e. all tokens of this mock (Clover: 50). */
  readonly appRateLimitPerSecond?: number | undefined;
  /** Requests in flight per token (Clover: 5). */
  readonly maxConcurrentPerToken?: number | undefined;
  /** Requests in flight for the whole app (Clover: 10). */
  readonly maxConcurrentPerApp?: number | undefined;
  /** `false` switches all four rate limits off at once. */
  readonly rateLimits?: boolean | undefined;
  /** Exports PENDING or IN_PROGRESS at once before a new one gets 503 (default 3). */
  readonly maxConcurrentExports?: number | undefined;
  /** Virtual ms from creating an export to DONE (default 10000); 0 is DONE at the first GET. */
  readonly exportDurationMs?: number | undefined;
  /** Virtual ms an export stays PENDING, within its duration (default 20% of it). */
  readonly exportPendingMs?: number | undefined;
  /** Largest accepted request body in bytes (default 65536); larger gets 413. */
  readonly maxBodyBytes?: number | undefined;
}

/** Injected faults, deterministic from `seed` and the order in which requests arrive. */
export interface FaultOptions {
  /** Seed of the fault sequence (default 0). */
  readonly seed?: number | undefined;
  /** Delay added to every faulted-route request, in real ms. */
  readonly latencyMs?: number | undefined;
  /** Extra random delay in `[0, latencyJitterMs]` real ms. */
  readonly latencyJitterMs?: number | undefined;
  /** Probability in [0, 1] that a request starts an error burst. */
  readonly errorRate?: number | undefined;
  /** Statuses an injected error is drawn from (default [500, 502, 503]). */
  readonly errorStatuses?: readonly number[] | undefined;
  /** Consecutive requests that get the same injected status once a burst starts (default 1). */
  readonly burstLength?: number | undefined;
  /** Probability that the connection is destroyed without a response. */
  readonly dropRate?: number | undefined;
  /** Probability that the response body is cut off halfway and the connection closed. */
  readonly truncateRate?: number | undefined;
}

/** Options of {@link createMockApp}. */
export interface MockAppOptions {
  /** Seed of the dataset (default 42): same seed and times, same data, byte for byte. */
  readonly seed?: number | undefined;
  /** Export API region (default `sandbox`). */
  readonly region?: MockRegion | undefined;
  /** Enables the admin API under `/_mock/`, authorised by `Authorization: Bearer <adminToken>`. */
  readonly adminToken?: string | undefined;
  /** Merchants (default one, `MOCK_DEFAULTS.merchant`). */
  readonly merchants?: readonly MerchantOptions[] | undefined;
  readonly clock?: ClockOptions | undefined;
  readonly limits?: LimitOptions | undefined;
  readonly faults?: FaultOptions | undefined;
  /** Accept `?access_token=` as Clover did in 2016-2019 (default false: 401). */
  readonly acceptQueryToken?: boolean | undefined;
}

/** Options of {@link startMockServer}: the app's options plus where to listen. */
export interface MockServerOptions extends MockAppOptions {
  /** Port to listen on (default 0: any free port). */
  readonly port?: number | undefined;
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string | undefined;
}
