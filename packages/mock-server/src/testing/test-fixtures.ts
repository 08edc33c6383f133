import { DAY_MS } from '@cloverql/dsl';
import { generateMerchant, type MerchantData } from '../data/generate-merchant.js';
import type { MockRegion } from '../options/mock-options.js';
import type { ResolvedMerchant } from '../options/resolve-options.js';
import type { MockEnvironment } from '../system/environment.js';

/** A fixed "now" for tests: Saturday 2024-06-01 12:00 UTC (inside US export hours). */
export const TEST_NOW = Date.UTC(2024, 5, 1, 12);

/** A resolved merchant spanning the year before {@link TEST_NOW}. */
export function testMerchant(overrides: Partial<ResolvedMerchant> = {}): ResolvedMerchant {
  return {
    id: 'MERCHANT00001',
    token: 'test-token',
    orders: 2000,
    payments: 2000,
    refunds: 150,
    from: TEST_NOW - 365 * DAY_MS,
    to: TEST_NOW,
    ...overrides,
  };
}

/** Generates a test merchant's data. */
export function testData(
  overrides: Partial<ResolvedMerchant> = {},
  ctx: { seed?: number; region?: MockRegion } = {},
): MerchantData {
  return generateMerchant(testMerchant(overrides), {
    seed: ctx.seed ?? 42,
    region: ctx.region ?? 'us',
  });
}

/**
 * A test environment: a hand-driven monotonic clock, counted secrets and no real sleeping
 * (latency is recorded instead).
 */
export function testEnvironment(): MockEnvironment & {
  tick(ms: number): void;
  readonly slept: number[];
} {
  let t = 0;
  let secrets = 0;
  const slept: number[] = [];
  return {
    wallNow: () => TEST_NOW,
    monotonicNow: () => t,
    randomSecret: () => `secret${String(++secrets).padStart(26, '0')}`,
    sleep: async (ms) => {
      slept.push(ms);
    },
    tick: (ms) => {
      t += ms;
    },
    slept,
  };
}
