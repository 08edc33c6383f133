/**
 * One seeded mock Clover for the cross-package suites: a 5-year dataset on a frozen clock, rate
 * limits off (the suites measure correctness, not politeness), exports instant.
 */
import type { ResourceName } from '@cloverql/dsl';
import { type MockServerOptions, startMockServer } from '@cloverql/mock-server';

export const DAY = 86_400_000;
export const MERCHANT = 'MERCHANTDIFF1';
export const TOKEN = 'differential-token';
/** The dataset spans five years up to TO; the clock is frozen just after. */
export const FROM = Date.UTC(2021, 5, 1);
export const TO = Date.UTC(2026, 5, 1);
export const NOW = TO + 60_000;
/** Passed as `earliest`, a day before the data so no bound default can cut a record off. */
export const EARLIEST = FROM - DAY;

export type Mock = Awaited<ReturnType<typeof startMockServer>>;

export async function startFixtureMock(overrides: Partial<MockServerOptions> = {}): Promise<Mock> {
  return startMockServer({
    port: 0,
    host: '127.0.0.1',
    seed: 20261123,
    region: 'sandbox',
    merchants: [
      {
        id: MERCHANT,
        token: TOKEN,
        orders: 3000,
        payments: 3000,
        refunds: 600,
        from: FROM,
        to: TO,
      },
    ],
    clock: { start: NOW, frozen: true },
    limits: { rateLimits: false, exportDurationMs: 0 },
    ...overrides,
  });
}

export type AnyRecord = Record<string, unknown> & { id: string };

export function groundTruth(mock: Mock, resource: ResourceName): AnyRecord[] {
  return mock.store.records(MERCHANT, resource) as unknown as AnyRecord[];
}

/** The deleted orders, which only a request filtering on deletedTime sees. */
export function deletedTruth(mock: Mock): AnyRecord[] {
  return mock.store.deleted(MERCHANT, 'orders') as unknown as AnyRecord[];
}

/** The first few differences between two id lists, for a failure message. */
export function idDiff(got: readonly string[], want: readonly string[]): string {
  const g = new Set(got);
  const w = new Set(want);
  const missing = want.filter((id) => !g.has(id));
  const extra = got.filter((id) => !w.has(id));
  const dups = got.length - g.size;
  return `missing ${missing.length} [${missing.slice(0, 8).join(', ')}], extra ${extra.length} [${extra.slice(0, 8).join(', ')}], duplicates ${dups}`;
}
