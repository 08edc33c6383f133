/**
 * @cloverql/mock-server/vitest — one mock Clover per test file, reset before each test.
 *
 * @example
 * import { useMockClover } from '@cloverql/mock-server/vitest';
 * const clover = useMockClover({ seed: 7, clock: { start: Date.UTC(2024, 5, 1), frozen: true } });
 * it('reads orders', async () => {
 *   const res = await fetch(`${clover.url}/v3/merchants/${clover.merchantId}/orders`, {
 *     headers: { Authorization: `Bearer ${clover.token}` },
 *   });
 *   expect(res.status).toBe(200);
 * });
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { MockError } from './errors/mock-error.js';
import { MOCK_DEFAULTS } from './options/defaults.js';
import type { MockServerOptions } from './options/mock-options.js';
import { type MockServer, startMockServer } from './server/start-mock-server.js';

/** The mock of a test file: the running server's handle plus the first merchant's id and token. */
export interface MockClover extends MockServer {
  /** The first merchant's id (`MERCHANT00001` by default). */
  readonly merchantId: string;
  /** The first merchant's bearer token (`test-token` by default). */
  readonly token: string;
}

/**
 * Starts one mock for the calling test file in `beforeAll`, calls `reset()` before each test
 * (data, clock, overrides, journal, limits, counters and faults back to the start) and closes it
 * in `afterAll`. Returns the handle at once; it may be used inside tests and hooks, and throws
 * `MockError('NOT_STARTED')` when touched before `beforeAll` ran (at the top level of the file).
 *
 * @example const clover = useMockClover({ merchants: [{ id: 'MERCHANT00001', token: 'tok', orders: 50 }] });
 */
export function useMockClover(options: MockServerOptions = {}): MockClover {
  let server: MockClover | null = null;
  beforeAll(async () => {
    const started = await startMockServer(options);
    const first = started.options.merchants[0];
    server = {
      ...started,
      merchantId: first?.id ?? MOCK_DEFAULTS.merchant.id,
      token: first?.token ?? MOCK_DEFAULTS.merchant.token,
    };
  });
  beforeEach(() => {
    server?.reset();
  });
  afterAll(async () => {
    await server?.close();
    server = null;
  });
  return new Proxy({} as MockClover, {
    get(_target, prop) {
      if (server === null) {
        throw new MockError(
          'NOT_STARTED',
          `useMockClover: the mock starts in beforeAll; read .${String(prop)} inside a test or hook`,
        );
      }
      return Reflect.get(server, prop);
    },
    has: (_target, prop) => server !== null && prop in server,
  });
}
