/**
 * One clock for mock and client: an export via `collect()` against a frozen sandbox mock. The
 * export only progresses as the mock's virtual clock moves, so with the client on real time it
 * polls at 0% for ever; on `virtualClientClock(mock)` its waits move the mock's clock instead.
 */

import { collect, type Progress } from '@cloverql/client';
import { compile, DAY_MS } from '@cloverql/dsl';
import { type MockServer, startMockServer, virtualClientClock } from '@cloverql/mock-server';
import { afterEach, describe, expect, it } from 'vitest';

const NOW = Date.UTC(2026, 0, 7, 12);
const M = 'MERCHANT00001';
let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('an export against a frozen mock', () => {
  it('finishes on virtualClientClock, waiting no real seconds, with the ground truth', async () => {
    mock = await startMockServer({
      seed: 3,
      region: 'sandbox',
      clock: { start: NOW, frozen: true },
      limits: { exportDurationMs: 60_000 },
      merchants: [{ id: M, token: 'tok', orders: 0, payments: 1500, refunds: 0, to: NOW }],
    });
    const since = NOW - 30 * DAY_MS;
    const plan = compile(`export payments where createdTime >= ${new Date(since).toISOString()}`, {
      now: NOW,
    });
    const progress: Progress[] = [];
    const got = await collect(plan, {
      baseUrl: mock.url,
      token: 'tok',
      merchantId: M,
      clock: virtualClientClock(mock),
      onProgress: (p) => progress.push(p),
    });
    const truth = mock.store
      .records(M, 'payments')
      .filter((p) => (p.createdTime as number) >= since)
      .map((p) => p.id)
      .sort();
    expect(got.map((r) => r.id).sort()).toEqual(truth);
    expect(truth.length).toBeGreaterThan(0);
    // The mock's clock moved by the client's waits: at least the export's 60 s.
    expect(mock.clock.now() - NOW).toBeGreaterThanOrEqual(60_000);
    expect(mock.clock.frozen).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
  });
});

describe('rate limits on the linked clock', () => {
  it("a client waiting out the mock's 429s in virtual time is let in again", async () => {
    mock = await startMockServer({
      seed: 3,
      clock: { start: NOW, frozen: true },
      limits: { rateLimitPerSecond: 1, appRateLimitPerSecond: 1 },
      merchants: [{ id: M, token: 'tok', orders: 0, payments: 3000, refunds: 0, to: NOW }],
    });
    const since = NOW - 360 * DAY_MS;
    const plan = compile(`payments where createdTime >= ${new Date(since).toISOString()}`, {
      now: NOW,
    });
    const got = await collect(plan, {
      baseUrl: mock.url,
      token: 'tok',
      merchantId: M,
      clock: virtualClientClock(mock),
      rateLimit: 50,
    });
    const truth = mock.store
      .records(M, 'payments')
      .filter((p) => (p.createdTime as number) >= since);
    expect(got).toHaveLength(truth.length);
    const byStatus = mock.counters.snapshot().byRoute['GET /v3/merchants/{mId}/payments'] ?? {};
    // The client outran the mock's 1/s (a year is several 90-day windows), was refused, waited (virtually) and got everything.
    expect(byStatus['429']).toBeGreaterThan(0);
    expect(byStatus['200']).toBeGreaterThanOrEqual(4);
  });
});
