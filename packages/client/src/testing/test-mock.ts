/**
 * Helpers for integration tests against the real mock server: a started mock with a frozen
 * virtual clock, a client clock driven by it, and ground truth from `mock.store`.
 */
import { type CompileOptions, compile, DAY_MS, type Plan } from '@cloverql/dsl';
import { type MockServer, type MockServerOptions, startMockServer } from '@cloverql/mock-server';
import type { Clock } from '../clock/clock.js';
import type { ClientRecord } from '../dedupe/record-gate.js';
import type { RunOptions } from '../options/run-options.js';

export const MERCHANT = 'MERCHANT00001';
export const TOKEN = 'test-token';
/** Virtual "now" of the mocks: a Wednesday, 12:00 UTC (the US Export API is open). */
export const NOW = Date.UTC(2026, 0, 7, 12, 0, 0);
/** Where generated data starts. */
export const DATA_FROM = NOW - 365 * DAY_MS;

/** Starts a mock with a frozen clock at `NOW`, one merchant and rate limits off unless asked. */
export async function startTestMock(
  o: {
    readonly orders?: number;
    readonly payments?: number;
    readonly refunds?: number;
    readonly rateLimits?: boolean;
    /** Earliest generated time (default `DATA_FROM`). */
    readonly from?: number;
    readonly extra?: Partial<MockServerOptions>;
  } = {},
): Promise<MockServer> {
  const { extra = {} } = o;
  return startMockServer({
    seed: 7,
    region: 'sandbox',
    ...extra,
    merchants: [
      {
        id: MERCHANT,
        token: TOKEN,
        orders: o.orders ?? 2000,
        payments: o.payments ?? 3000,
        refunds: o.refunds ?? 200,
        from: o.from ?? DATA_FROM,
        to: NOW,
      },
    ],
    clock: { start: NOW, frozen: true, ...extra.clock },
    limits: { rateLimits: o.rateLimits ?? false, exportDurationMs: 0, ...extra.limits },
  });
}

/**
 * A client clock over the mock's virtual clock: sleeping advances the mock's time, so waits
 * (backoff, polling, export opening hours) take no real time.
 */
export function mockClock(mock: MockServer): Clock & { readonly slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    now: () => mock.clock.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      if (ms > 0) mock.clock.advance(Math.ceil(ms));
      await new Promise<void>((r) => setImmediate(r));
      signal?.throwIfAborted();
    },
  };
}

/** Client options for a mock: its URL, token and merchant, the virtual clock, no rate limit. */
export function clientOptions(
  mock: MockServer,
  extra: Partial<RunOptions> = {},
): RunOptions & { readonly clock: Clock & { readonly slept: number[] } } {
  return {
    baseUrl: mock.url,
    token: TOKEN,
    merchantId: MERCHANT,
    clock: mockClock(mock),
    random: () => 0.5,
    rateLimit: 0,
    ...extra,
  } as RunOptions & { readonly clock: Clock & { readonly slept: number[] } };
}

/** Compiles a query against the mock's clock and dataset start. */
export function compileAt(mock: MockServer, query: string, options: CompileOptions = {}): Plan {
  return compile(query, { now: mock.clock.now(), earliest: DATA_FROM, ...options });
}

/** The ids of `records`, sorted. */
export function idsOf(records: readonly { readonly id: string }[]): string[] {
  return records.map((r) => r.id).sort();
}

/** Ground truth: the ids of the records of `resource` that satisfy `predicate`, sorted. */
export function truth(
  mock: MockServer,
  resource: 'orders' | 'payments' | 'refunds',
  predicate: (r: ClientRecord) => boolean,
): string[] {
  return idsOf(
    (mock.store.records(MERCHANT, resource) as unknown as ClientRecord[]).filter(predicate),
  );
}
