import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { LimitOptions } from '../options/mock-options.js';
import { createMockApp } from '../server/create-mock-app.js';
import { AUTH, api, M } from '../testing/test-app.js';
import { TEST_NOW, testEnvironment } from '../testing/test-fixtures.js';

function limited(limits: LimitOptions, sleep?: (ms: number) => Promise<void>) {
  const env = { ...testEnvironment(), ...(sleep ? { sleep } : {}) };
  const app = createMockApp(
    {
      clock: { start: TEST_NOW, frozen: true },
      merchants: [
        { id: M, token: 'test-token', orders: 50, payments: 0, refunds: 0 },
        { id: 'MERCHANT00002', token: 'second', orders: 5, payments: 0, refunds: 0 },
      ],
      limits,
    },
    env,
  );
  return { app, env };
}

describe('rate limits over HTTP (real monotonic time, injected here)', () => {
  it('429s the 17th request within a second with X-RateLimit-tokenLimit, and recovers', async () => {
    const { app, env } = limited({});
    for (let i = 0; i < 16; i++)
      expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
    const res = await request(app).get(api('/orders?limit=1')).set(AUTH);
    expect(res.status).toBe(429);
    expect(res.headers['x-ratelimit-tokenlimit']).toBe('16');
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.body.message).toBe('Too Many Requests');
    expect(
      (
        await request(app)
          .get(api('/orders?limit=1', 'MERCHANT00002'))
          .set('Authorization', 'Bearer second')
      ).status,
    ).toBe(200);
    env.tick(1000);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
  });

  it('keeps refilling while the virtual clock is frozen', async () => {
    const { app, env } = limited({ rateLimitPerSecond: 2 });
    await request(app).get(api('/orders?limit=1')).set(AUTH);
    await request(app).get(api('/orders?limit=1')).set(AUTH);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(429);
    expect(app.mock.clock.frozen).toBe(true);
    env.tick(500);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
  });

  it('refills when the virtual clock moves forward (a client waiting in virtual time), never back', async () => {
    const { app } = limited({ rateLimitPerSecond: 2 });
    await request(app).get(api('/orders?limit=1')).set(AUTH);
    await request(app).get(api('/orders?limit=1')).set(AUTH);
    app.mock.clock.set(TEST_NOW - 60_000);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(429);
    app.mock.clock.advance(500);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(429);
  });

  it('429s the app limit across tokens with X-RateLimit-crossTokenLimit', async () => {
    const { app } = limited({ appRateLimitPerSecond: 3 });
    await request(app).get(api('/orders?limit=1')).set(AUTH);
    await request(app).get(api('/orders?limit=1')).set(AUTH);
    await request(app)
      .get(api('/orders?limit=1', 'MERCHANT00002'))
      .set('Authorization', 'Bearer second');
    const res = await request(app)
      .get(api('/orders?limit=1', 'MERCHANT00002'))
      .set('Authorization', 'Bearer second');
    expect(res.status).toBe(429);
    expect(res.headers['x-ratelimit-crosstokenlimit']).toBe('3');
  });

  it('429s a 6th request in flight with X-RateLimit-tokenConcurrentLimit and Retry-After', async () => {
    const waiting: (() => void)[] = [];
    // Resolved when the fifth request is held in the gate: the test waits for that event.
    let fiveHeld!: () => void;
    const allHeld = new Promise<void>((resolve) => {
      fiveHeld = resolve;
    });
    const gate = () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 5) fiveHeld();
      });
    const { app } = limited({}, gate);
    app.mock.faults.set({ latencyMs: 1 });
    const server = app.listen(0, '127.0.0.1');
    try {
      const held = Array.from({ length: 5 }, () =>
        request(server)
          .get(api('/orders?limit=1'))
          .set(AUTH)
          .then((r) => r.status),
      );
      await allHeld;
      const refused = await request(server).get(api('/orders?limit=1')).set(AUTH);
      expect(refused.status).toBe(429);
      expect(refused.headers['x-ratelimit-tokenconcurrentlimit']).toBe('5');
      expect(refused.headers['retry-after']).toBe('1');
      for (const release of waiting) release();
      expect(await Promise.all(held)).toEqual([200, 200, 200, 200, 200]);
    } finally {
      server.close();
    }
  });

  it('is switched off with rateLimits: false or zero limits', async () => {
    for (const limits of [
      { rateLimits: false },
      { rateLimitPerSecond: 0, appRateLimitPerSecond: 0 },
    ]) {
      const { app } = limited(limits);
      for (let i = 0; i < 40; i++) {
        expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
      }
    }
  });
});
