/**
 * Faults against the real mock (issue #4): 429 and 503 bursts, dropped connections and
 * truncated bodies injected, and the result is still exactly the ground truth; with the mock's
 * rate limits on, the client's defaults see no 429 at all; a window wider than the clamp trips
 * the tripwire instead of returning a short result.
 */
import { DAY_MS } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { ClientError } from '../errors/client-error.js';
import type { Progress } from '../progress/progress.js';
import { collect } from '../run/run.js';
import {
  clientOptions,
  compileAt,
  idsOf,
  MERCHANT,
  NOW,
  startTestMock,
  TOKEN,
  truth,
} from '../testing/test-mock.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startTestMock({ orders: 1500, payments: 2500, refunds: 100 });
});
afterAll(() => mock.close());

const SINCE_MS = Math.floor(NOW / DAY_MS) * DAY_MS - 364 * DAY_MS;
const SINCE = new Date(SINCE_MS).toISOString().slice(0, 10);
const inYear = (r: ClientRecord) => (r.createdTime as number) >= SINCE_MS;

describe('faults', () => {
  it.each([
    ['429 bursts', { errorRate: 0.15, errorStatuses: [429], burstLength: 3 }],
    ['503 bursts', { errorRate: 0.15, errorStatuses: [503], burstLength: 3 }],
    ['other 5xx', { errorRate: 0.15, errorStatuses: [500, 502] }],
    ['dropped connections', { dropRate: 0.15 }],
    ['truncated bodies', { truncateRate: 0.15 }],
    [
      'everything at once',
      {
        errorRate: 0.1,
        errorStatuses: [429, 503, 500],
        burstLength: 2,
        dropRate: 0.05,
        truncateRate: 0.05,
      },
    ],
  ])('survives %s with exactly the ground truth', async (_name, faults) => {
    mock.faults.set({ seed: 11, ...faults });
    mock.counters.reset();
    try {
      const progress: Progress[] = [];
      const plan = compileAt(mock, `orders where createdTime >= ${SINCE}`, { pageSize: 100 });
      const got = await collect(plan, clientOptions(mock, { onProgress: (p) => progress.push(p) }));
      const injected = mock.faults.injected;
      expect(injected.errors + injected.drops + injected.truncations).toBeGreaterThan(0);
      expect(idsOf(got)).toEqual(truth(mock, 'orders', inYear));
      expect(progress.at(-1)!.retries).toBeGreaterThan(0);
    } finally {
      mock.faults.clear();
    }
  });

  it('honours Retry-After on injected 429s and 503s', async () => {
    mock.faults.set({ seed: 5, errorRate: 0.3, errorStatuses: [429, 503], burstLength: 2 });
    try {
      const options = clientOptions(mock, { random: () => 0 });
      const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`, { pageSize: 250 });
      const clock = options.clock;
      const got = await collect(plan, options);
      expect(idsOf(got)).toEqual(truth(mock, 'payments', inYear));
      // random() = 0 makes the jitter 0, so every wait is the mock's `Retry-After: 1`.
      expect(clock.slept.length).toBeGreaterThan(0);
      expect(clock.slept.every((ms) => ms === 1000)).toBe(true);
    } finally {
      mock.faults.clear();
    }
  });

  it('ends with RETRY_BUDGET when the run-wide budget is spent', async () => {
    mock.faults.set({ seed: 2, errorRate: 1, errorStatuses: [503] });
    try {
      const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`);
      const e = await collect(plan, clientOptions(mock, { retry: { budget: 6 } })).catch(
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(ClientError);
      expect((e as ClientError).code).toBe('RETRY_BUDGET');
      expect((e as ClientError).message).toMatch(/window #\d/);
    } finally {
      mock.faults.clear();
    }
  });

  it("keeps inside the mock's default rate limits with default options: no 429 at all", async () => {
    const limited = await startTestMock({
      orders: 10,
      payments: 3000,
      refunds: 10,
      rateLimits: true,
    });
    try {
      limited.clock.resume();
      const plan = compileAt(limited, `payments where createdTime >= ${SINCE}`, { pageSize: 100 });
      // Real clock, default concurrency (5) and rate limit (16 per second).
      const got = await collect(plan, { baseUrl: limited.url, token: TOKEN, merchantId: MERCHANT });
      expect(idsOf(got)).toEqual(truth(limited, 'payments', inYear));
      const counts = limited.counters.snapshot().byRoute['GET /v3/merchants/{mId}/payments'] ?? {};
      expect(counts['200']).toBeGreaterThan(30);
      expect(counts['429'] ?? 0).toBe(0);
    } finally {
      await limited.close();
    }
  }, 20_000);
});

describe('tripwire against the mock', () => {
  it('fails with TRUNCATED when a window is wider than the clamp (the mock clamps it)', async () => {
    const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`);
    const first = plan.requests[0]!;
    // Widen the first window to 120 days by hand: the mock keeps only its most recent 90.
    // Both forms change: the rendered query is what is sent, the structured filters what the
    // tripwire compares the server's echo with.
    const start = plan.windows[0]!.start - 30 * DAY_MS;
    const lower = `createdTime>=${start}`;
    if (first.kind !== 'rest') throw new Error('expected a REST request');
    const widened = {
      ...plan,
      requests: [
        {
          ...first,
          query: first.query.map(([k, v]) =>
            k === 'filter' && v.startsWith('createdTime>=')
              ? ([k, lower] as const)
              : ([k, v] as const),
          ),
          filters: first.filters.map((f) =>
            f.kind === 'comparison' && f.field === 'createdTime' && f.op === '>='
              ? { ...f, value: start }
              : f,
          ),
        },
      ],
    };
    const e = await collect(widened, clientOptions(mock)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ClientError);
    expect((e as ClientError).code).toBe('TRUNCATED');
    expect((e as ClientError).message).toMatch(/clamped the range/);
    expect((e as ClientError).request).toContain(lower);
  });
});
