import { afterEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../server/start-mock-server.js';
import { AUTH, api, M } from '../testing/test-app.js';
import { TEST_NOW, testEnvironment } from '../testing/test-fixtures.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults: Record<string, unknown>, adminToken?: string) {
  server = await startMockServer(
    {
      clock: { start: TEST_NOW, frozen: true },
      merchants: [{ id: M, token: 'test-token', orders: 300, payments: 300, refunds: 0 }],
      limits: { rateLimits: false },
      faults,
      ...(adminToken ? { adminToken } : {}),
    },
    testEnvironment(),
  );
  return server;
}

async function outcome(url: string, headers: Record<string, string> = AUTH): Promise<string> {
  try {
    const res = await fetch(url, { headers });
    const text = await res.text();
    JSON.parse(text);
    return String(res.status);
  } catch {
    return 'failed';
  }
}

describe('fault injection over a real listener on 127.0.0.1', () => {
  it('drops connections: the client sees a network error, never a response', async () => {
    const s = await start({ dropRate: 1 });
    await expect(fetch(`${s.url}${api('/orders')}`, { headers: AUTH })).rejects.toThrow();
    expect(s.faults.injected.drops).toBe(1);
    expect(s.counters.snapshot().byRoute['GET /v3/merchants/{mId}/orders']).toEqual({ aborted: 1 });
  });

  it('truncates bodies: headers promise more than arrives', async () => {
    const s = await start({ truncateRate: 1 });
    const res = await fetch(`${s.url}${api('/orders')}`, { headers: AUTH });
    expect(res.status).toBe(200);
    const expected = Number(res.headers.get('content-length'));
    expect(expected).toBeGreaterThan(1000);
    await expect(res.text()).rejects.toThrow();
  });

  it('injects error statuses with Retry-After on 503 and 429, in bursts', async () => {
    const s = await start({ errorRate: 0.2, errorStatuses: [503, 429], burstLength: 3, seed: 11 });
    const statuses: string[] = [];
    for (let i = 0; i < 60; i++) statuses.push(await outcome(`${s.url}${api('/orders?limit=1')}`));
    expect(statuses).toContain('503');
    expect(statuses).toContain('429');
    const runs = statuses.join(',').match(/(?:(?:503|429),?)+/g) ?? [];
    for (const r of runs) expect(r.replace(/,$/, '').split(',').length % 3).toBe(0);
    const res = await fetch(`${s.url}${api('/orders?limit=1')}`, { headers: AUTH });
    if (res.status !== 200) expect(res.headers.get('retry-after')).toBe('1');
  });

  it('is deterministic: the same seed gives the same sequence', async () => {
    const faults = {
      errorRate: 0.3,
      dropRate: 0.1,
      truncateRate: 0.1,
      errorStatuses: [500, 502],
      seed: 5,
    };
    const run = async () => {
      const s = await start(faults);
      const out: string[] = [];
      for (let i = 0; i < 30; i++) out.push(await outcome(`${s.url}${api('/orders?limit=2')}`));
      await s.close();
      server = undefined;
      return out;
    };
    const a = await run();
    expect(new Set(a).size).toBeGreaterThan(2);
    expect(await run()).toEqual(a);
  });

  it('adds latency through the injected sleep', async () => {
    const env = testEnvironment();
    server = await startMockServer(
      {
        clock: { start: TEST_NOW, frozen: true },
        merchants: [{ id: M, token: 'test-token', orders: 5, payments: 0, refunds: 0 }],
        faults: { latencyMs: 25, latencyJitterMs: 5 },
      },
      env,
    );
    expect(await outcome(`${server.url}${api('/orders')}`)).toBe('200');
    expect(env.slept).toHaveLength(1);
    expect(env.slept[0]).toBeGreaterThanOrEqual(25);
    expect(env.slept[0]).toBeLessThanOrEqual(30);
  });

  it('applies to export files but never to /_mock/', async () => {
    const s = await start({ errorRate: 1, errorStatuses: [500] }, 'adm');
    expect(await outcome(`${s.url}/_mock/clock`, { Authorization: 'Bearer adm' })).toBe('200');
    expect(await outcome(`${s.url}/export-files/x/y.json`, {})).toBe('500');
    s.faults.clear();
    expect(await outcome(`${s.url}/export-files/x/y.json`, {})).toBe('404');
    expect(await outcome(`${s.url}${api('/orders')}`)).toBe('200');
  });
});
