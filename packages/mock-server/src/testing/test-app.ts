import type { MockAppOptions } from '../options/mock-options.js';
import { createMockApp, type MockApp } from '../server/create-mock-app.js';
import { TEST_NOW, testEnvironment } from './test-fixtures.js';

/** The merchant of HTTP tests. */
export const M = 'MERCHANT00001';
/** Its token. */
export const TOKEN = 'test-token';
/** Authorization header for {@link M}. */
export const AUTH = Object.freeze({ Authorization: `Bearer ${TOKEN}` });

/** `/v3/merchants/MERCHANT00001` + `path`. */
export const api = (path: string, merchant = M) => `/v3/merchants/${merchant}${path}`;

/**
 * A mock for HTTP tests: frozen at {@link TEST_NOW}, 2000 orders and payments over the year
 * before it, rate limits off, a test environment (hand-driven monotonic clock, counted secrets,
 * no real sleeping). Options override.
 */
export function testApp(options: MockAppOptions = {}): {
  app: MockApp;
  env: ReturnType<typeof testEnvironment>;
} {
  const env = testEnvironment();
  const app = createMockApp(
    {
      seed: 42,
      region: 'sandbox',
      clock: { start: TEST_NOW, frozen: true },
      merchants: [{ id: M, token: TOKEN, orders: 2000, payments: 2000, refunds: 150 }],
      ...options,
      limits: { rateLimits: false, ...options.limits },
    },
    env,
  );
  return { app, env };
}
