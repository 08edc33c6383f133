import type { MockClock } from '../core/mock-handle.js';

/**
 * A clock shaped like `@cloverql/client`'s `Clock` (`now` and `sleep`), structurally, so the
 * mock does not depend on the client.
 */
export interface LinkedClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A client clock tied to an in-process mock's virtual clock: `now()` is the mock's virtual now,
 * and `sleep(ms)` moves the mock's clock forward by `ms` instead of waiting, then yields once to
 * the event loop so sockets make progress. Pass it as `clock` to `run()`/`collect()` so polling
 * an export, backing off and waiting for export hours take no real time against a frozen mock.
 * The mock's rate limits count virtual waits as time passed, so a 429 waited out this way clears.
 *
 * @example
 * const mock = await startMockServer({ clock: { frozen: true } });
 * await collect(compile('export payments where createdTime >= today - 7d', { now: mock.clock.now() }),
 *   { baseUrl: mock.url, token: 'test-token', merchantId: 'MERCHANT00001', clock: virtualClientClock(mock) });
 */
export function virtualClientClock(mock: { readonly clock: MockClock }): LinkedClock {
  return {
    now: () => mock.clock.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      if (ms > 0) mock.clock.advance(Math.ceil(ms));
      await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    },
  };
}
