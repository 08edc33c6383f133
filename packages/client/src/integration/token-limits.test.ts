/**
 * Clover's limits are per token, so runs on one token must share them (issue #8): two runs back
 * to back, and two at once, against the mock with Clover's rate limits on (16 new requests per
 * second and 5 in flight per token) draw no 429 at all.
 */
import { DAY_MS } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { collect } from '../run/run.js';
import {
  compileAt,
  idsOf,
  MERCHANT,
  NOW,
  startTestMock,
  TOKEN,
  truth,
} from '../testing/test-mock.js';

const SINCE_MS = Math.floor(NOW / DAY_MS) * DAY_MS - 364 * DAY_MS;
const SINCE = new Date(SINCE_MS).toISOString().slice(0, 10);
const inYear = (r: ClientRecord) => (r.createdTime as number) >= SINCE_MS;

/** What one run of the query sends (checked, so the test keeps its teeth if the data changes). */
const REQUESTS_PER_RUN = 16;

let limited: MockServer;
beforeAll(async () => {
  // Warm the client and mock code up on a mock without limits, so that the runs below are fast
  // enough to reach the limits at all on a busy machine.
  const warm = await startTestMock({ orders: 10, payments: 260, refunds: 10 });
  try {
    const plan = compileAt(warm, `payments where createdTime >= ${SINCE}`, { pageSize: 20 });
    for (let i = 0; i < 3; i++) await collect(plan, { ...optionsFor(warm), rateLimit: 0 });
  } finally {
    await warm.close();
  }
});
beforeEach(async () => {
  // Exactly 16 requests a run (five 90-day windows, pages of 20): one run is one full burst of
  // the per-second allowance, so a second run right after it, or beside it, is over the limit
  // unless it waits for the first one's starts to leave the window.
  limited = await startTestMock({ orders: 10, payments: 260, refunds: 10, rateLimits: true });
  // The mock's limits run on real time, so the client does too (its default clock).
  limited.clock.resume();
});
afterEach(() => limited.close());

function query() {
  const plan = compileAt(limited, `payments where createdTime >= ${SINCE}`, { pageSize: 20 });
  // Default concurrency (5) and rate limit (16 per second), as in the REPL.
  return collect(plan, optionsFor(limited));
}

function optionsFor(mock: MockServer) {
  return { baseUrl: mock.url, token: TOKEN, merchantId: MERCHANT };
}

function statuses() {
  return limited.counters.snapshot().byRoute['GET /v3/merchants/{mId}/payments'] ?? {};
}

describe('runs on one token share its limits', () => {
  it('two runs back to back draw no 429', async () => {
    const first = await query();
    const second = await query();
    const expected = truth(limited, 'payments', inYear);
    expect(idsOf(first)).toEqual(expected);
    expect(idsOf(second)).toEqual(expected);
    expect(statuses()['200']).toBe(2 * REQUESTS_PER_RUN);
    expect(statuses()['429'] ?? 0).toBe(0);
  }, 20_000);

  it('two runs at once draw no 429', async () => {
    const [a, b] = await Promise.all([query(), query()]);
    const expected = truth(limited, 'payments', inYear);
    expect(idsOf(a)).toEqual(expected);
    expect(idsOf(b)).toEqual(expected);
    expect(statuses()['200']).toBe(2 * REQUESTS_PER_RUN);
    expect(statuses()['429'] ?? 0).toBe(0);
  }, 20_000);
});
