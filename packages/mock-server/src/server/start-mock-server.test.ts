import { afterEach, describe, expect, it } from 'vitest';
import { isMockError } from '../errors/mock-error.js';
import { MOCK_DEFAULTS } from '../options/defaults.js';
import { TEST_NOW, testEnvironment } from '../testing/test-fixtures.js';
import { createMockApp } from './create-mock-app.js';
import { type MockServer, startMockServer } from './start-mock-server.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startMockServer', () => {
  it('listens on 127.0.0.1 at a free port with the default merchant and closes cleanly', async () => {
    server = await startMockServer({ clock: { start: TEST_NOW, frozen: true } }, testEnvironment());
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`${server.url}/v3/merchants/MERCHANT00001/orders?limit=3`, {
      headers: { Authorization: 'Bearer test-token', Connection: 'keep-alive' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { elements: unknown[] }).elements).toHaveLength(3);
    const deleted = server.store.deleted('MERCHANT00001', 'orders').length;
    expect(server.store.count('MERCHANT00001', 'orders') + deleted).toBe(5000);
    expect(server.store.count('MERCHANT00001', 'payments')).toBe(5000);
    expect(server.store.count('MERCHANT00001', 'refunds')).toBe(300);
    const url = server.url;
    await server.close();
    server = undefined;
    await expect(fetch(`${url}/v3/merchants/MERCHANT00001/orders`)).rejects.toThrow();
  });

  it('exposes clock, faults, store and reset in-process', async () => {
    server = await startMockServer(
      {
        clock: { start: TEST_NOW, frozen: true },
        merchants: [{ id: 'MERCHANT00001', token: 't', orders: 20, payments: 20, refunds: 2 }],
      },
      testEnvironment(),
    );
    server.clock.advance(1000);
    expect(server.clock.now()).toBe(TEST_NOW + 1000);
    server.faults.set({ errorRate: 1, errorStatuses: [502] });
    expect(
      (
        await fetch(`${server.url}/v3/merchants/MERCHANT00001/orders`, {
          headers: { Authorization: 'Bearer t' },
        })
      ).status,
    ).toBe(502);
    server.faults.clear();
    const before = server.store.records('MERCHANT00001', 'orders');
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(before[0]?.employee)).toBe(true);
    server.reset({ seed: 99 });
    expect(server.store.records('MERCHANT00001', 'orders')[0]?.id).not.toBe(before[0]?.id);
    expect(server.options.seed).toBe(MOCK_DEFAULTS.seed);
  });

  it('defaults: the clock starts at the real time and data ends there', () => {
    const env = { ...testEnvironment(), wallNow: () => Date.UTC(2030, 0, 1) };
    const app = createMockApp(
      { merchants: [{ id: 'M', token: 't', orders: 10, payments: 0, refunds: 0 }] },
      env,
    );
    expect(app.mock.options.clockStart).toBe(Date.UTC(2030, 0, 1));
    expect(app.mock.options.merchants[0]).toMatchObject({
      to: Date.UTC(2030, 0, 1),
      from: Date.UTC(2029, 0, 1),
    });
    expect(app.mock.options).toMatchObject({
      region: 'sandbox',
      seed: 42,
      adminToken: null,
      acceptQueryToken: false,
    });
  });

  it('produces the same bytes for the same seed and clock start', () => {
    const make = () =>
      createMockApp({ seed: 3, clock: { start: TEST_NOW } }, testEnvironment()).mock.store;
    expect(JSON.stringify(make().records('MERCHANT00001', 'payments'))).toBe(
      JSON.stringify(make().records('MERCHANT00001', 'payments')),
    );
  });

  it('rejects bad options with INVALID_OPTIONS naming them', () => {
    const bad: [unknown, RegExp][] = [
      [{ seed: 1.5 }, /seed/],
      [{ clock: { start: 1e308 } }, /clock\.start.*1970 to year 9999/],
      [{ clock: { start: new Date(-1) } }, /clock\.start/],
      [{ faults: { seed: 2 ** 60 } }, /faults\.seed/],
      [{ region: 'mars' }, /region/],
      [{ merchants: [{ id: '', token: 't' }] }, /id/],
      [
        {
          merchants: [
            { id: 'A', token: 't' },
            { id: 'A', token: 'u' },
          ],
        },
        /duplicate/,
      ],
      [
        {
          merchants: [
            { id: 'A', token: 't' },
            { id: 'B', token: 't' },
          ],
        },
        /token/,
      ],
      [{ merchants: [{ id: 'A', token: 't', orders: -1 }] }, /orders/],
      [{ merchants: [{ id: 'A', token: 't', from: 10, to: 5 }] }, /from/],
      [{ limits: { rateLimitPerSecond: -1 } }, /rateLimitPerSecond/],
      [{ limits: { exportDurationMs: 10, exportPendingMs: 20 } }, /exportPendingMs/],
      [{ faults: { dropRate: 1.5 } }, /dropRate/],
      [{ clock: { start: 'soon' } }, /clock.start/],
      [{ adminToken: '' }, /adminToken/],
    ];
    for (const [options, message] of bad) {
      try {
        createMockApp(options as never, testEnvironment());
        expect.unreachable(JSON.stringify(options));
      } catch (err) {
        expect(isMockError(err, 'INVALID_OPTIONS'), JSON.stringify(options)).toBe(true);
        expect((err as Error).message).toMatch(message);
      }
    }
  });

  it('rejects a port in use', async () => {
    server = await startMockServer(
      { merchants: [{ id: 'M', token: 't', orders: 1, payments: 0, refunds: 0 }] },
      testEnvironment(),
    );
    await expect(
      startMockServer(
        {
          port: server.port,
          merchants: [{ id: 'M', token: 't', orders: 1, payments: 0, refunds: 0 }],
        },
        testEnvironment(),
      ),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
