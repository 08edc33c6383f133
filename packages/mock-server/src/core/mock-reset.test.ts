import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MOCK_DEFAULTS } from '../options/defaults.js';
import { createMockApp } from '../server/create-mock-app.js';
import { AUTH, api, M, testApp } from '../testing/test-app.js';
import { TEST_NOW, testEnvironment } from '../testing/test-fixtures.js';

/** CPU ms this process has used: unlike wall time, other processes on a busy box do not inflate it. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

describe('mock.reset()', () => {
  it('restores data, clock, overrides, journal, counters, faults and exports', async () => {
    const { app } = testApp({
      faults: { errorRate: 0.5, seed: 3 },
      merchants: [{ id: M, token: 'test-token', orders: 40, payments: 40, refunds: 4 }],
    });
    const first = await request(app).get(api('/orders?limit=5')).set(AUTH);
    app.mock.clock.advance(86_400_000);
    app.mock.clock.resume();
    app.mock.override({ path: '/v3/*', reply: { status: 500 } });
    app.mock.faults.clear();
    await request(app).get(api('/orders')).set(AUTH);
    expect(app.mock.journal()).toHaveLength(2);

    app.mock.reset();
    expect(app.mock.clock.now()).toBe(TEST_NOW);
    expect(app.mock.clock.frozen).toBe(true);
    expect(app.mock.overrides()).toEqual([]);
    expect(app.mock.journal()).toEqual([]);
    expect(app.mock.counters.snapshot().total).toBe(0);
    expect(app.mock.faults.config.errorRate).toBe(0.5);
    expect(app.mock.faults.injected.errors).toBe(0);
    // The fault sequence restarts too, so the first request after a reset meets the same fate.
    const again = await request(app).get(api('/orders?limit=5')).set(AUTH);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
  });

  it('restores a running clock to its start, still running', () => {
    const env = testEnvironment();
    const app = createMockApp(
      {
        clock: { start: TEST_NOW },
        merchants: [{ id: M, token: 't', orders: 1, payments: 1, refunds: 0 }],
      },
      env,
    );
    env.tick(5000);
    app.mock.clock.freeze();
    expect(app.mock.clock.now()).toBe(TEST_NOW + 5000);
    app.mock.reset();
    expect(app.mock.clock.frozen).toBe(false);
    expect(app.mock.clock.now()).toBe(TEST_NOW);
    env.tick(10);
    expect(app.mock.clock.now()).toBe(TEST_NOW + 10);
  });

  it('takes well under 100 ms of CPU for the default merchant', () => {
    const app = createMockApp({ clock: { start: TEST_NOW, frozen: true } });
    expect(app.mock.options.merchants[0]?.orders).toBe(MOCK_DEFAULTS.merchant.orders);
    app.mock.reset(); // warm up the JIT once
    const rounds = 10;
    const t0 = cpuMs();
    for (let i = 0; i < rounds; i++) app.mock.reset();
    // A generous bound (half the 100 ms budget) on CPU time, so a loaded CI box cannot fail it.
    expect((cpuMs() - t0) / rounds).toBeLessThan(50);
  });
});
