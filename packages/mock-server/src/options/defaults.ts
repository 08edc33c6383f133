import { DAY_MS, RATE_LIMITS } from '@cloverql/dsl';

/**
 * The defaults of every option, in one frozen object, so the CLI's embedded mode and the docs use
 * the same values as the server.
 *
 * @example startMockServer({ merchants: [{ ...MOCK_DEFAULTS.merchant, orders: 100 }] });
 */
export const MOCK_DEFAULTS = Object.freeze({
  seed: 42,
  region: 'sandbox',
  port: 0,
  host: '127.0.0.1',
  acceptQueryToken: false,
  merchant: Object.freeze({
    id: 'MERCHANT00001',
    token: 'test-token',
    orders: 5000,
    payments: 5000,
    refunds: 300,
  }),
  /** A merchant's data spans this long before its `to` unless `from` is given. */
  spanMs: 365 * DAY_MS,
  limits: Object.freeze({
    rateLimitPerSecond: RATE_LIMITS.tokenPerSecond,
    appRateLimitPerSecond: RATE_LIMITS.appPerSecond,
    maxConcurrentPerToken: RATE_LIMITS.tokenConcurrent,
    maxConcurrentPerApp: RATE_LIMITS.appConcurrent,
    maxConcurrentExports: 3,
    exportDurationMs: 10_000,
    /** Fraction of `exportDurationMs` spent PENDING unless `exportPendingMs` is given. */
    exportPendingFraction: 0.2,
    maxBodyBytes: 64 * 1024,
  }),
  journalSize: 1000,
  webhooks: Object.freeze({
    appId: 'MOCKAPP000001',
    batchMs: 1000,
    timeoutMs: 5000,
    /** Changes waiting for a batch beyond this are dropped (and counted), so a dead URL cannot grow memory. */
    maxPending: 100_000,
  }),
  faults: Object.freeze({
    seed: 0,
    errorStatuses: Object.freeze([500, 502, 503]),
    burstLength: 1,
  }),
} as const);
