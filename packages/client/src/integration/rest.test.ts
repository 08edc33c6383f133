/**
 * REST plans against the real mock (issue #4): exact ground truth for long ranges, `or`, `in`
 * and residual queries, orders' hidden null-state twin streams, unwindowed refunds, `limit` and
 * `order by`, memory behaviour, abort and auth failures. Ground truth is computed from
 * `mock.store.records` with plain predicates written here, never with the dsl's evaluator.
 */
import { DAY_MS } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import type { Progress } from '../progress/progress.js';
import { collect, run } from '../run/run.js';
import { failure } from '../testing/test-failure.js';
import {
  clientOptions,
  compileAt,
  idsOf,
  NOW,
  startTestMock,
  truth,
} from '../testing/test-mock.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startTestMock({ orders: 2000, payments: 3000, refunds: 300 });
});
afterAll(() => mock.close());

/** Start of the UTC day of NOW, as the compiler reads `today`. */
const TODAY = Math.floor(NOW / DAY_MS) * DAY_MS;
const YEAR_AGO = TODAY - 364 * DAY_MS;
const SINCE = new Date(YEAR_AGO).toISOString().slice(0, 10);
const t = (r: ClientRecord) => r.createdTime as number;
const inYear = (r: ClientRecord) => t(r) >= YEAR_AGO && t(r) <= NOW;
const obj = (r: ClientRecord, k: string) => (r[k] ?? {}) as Record<string, unknown>;

describe('REST plans against the mock', () => {
  it('reads a 1-year range in 5 windows of several pages each and returns exactly the ground truth', async () => {
    const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`, { pageSize: 200 });
    expect(plan.windows).toHaveLength(5);
    const progress: Progress[] = [];
    const got = await collect(plan, clientOptions(mock, { onProgress: (p) => progress.push(p) }));
    const want = truth(mock, 'payments', inYear);
    expect(want.length).toBeGreaterThan(2500);
    expect(got).toHaveLength(want.length);
    expect(idsOf(got)).toEqual(want);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({
      phase: 'done',
      windowsDone: 5,
      windowsTotal: 5,
      retries: 0,
      records: want.length,
    });
    // Several pages per window: at least ceil(n / 200) + one short page per window.
    expect(last.requests).toBeGreaterThanOrEqual(Math.ceil(want.length / 200) + 1);
  });

  it('unions `or` streams without duplicates', async () => {
    const plan = compileAt(
      mock,
      `payments where createdTime >= ${SINCE} and (amount > 5000 or result = 'FAIL')`,
    );
    expect(new Set(plan.requests.map((r) => r.stream)).size).toBe(2);
    const got = await collect(plan, clientOptions(mock));
    const want = truth(
      mock,
      'payments',
      (r) => inYear(r) && ((r.amount as number) > 5000 || r.result === 'FAIL'),
    );
    expect(idsOf(got)).toEqual(want);
    expect(new Set(got.map((r) => r.id)).size).toBe(got.length);
  });

  it('applies an `or` the server cannot split as a residual', async () => {
    const plan = compileAt(
      mock,
      `payments where createdTime >= ${SINCE} and (amount > 6000 or tender.label = 'Cash')`,
    );
    expect(plan.residual).not.toBeNull();
    const got = await collect(plan, clientOptions(mock));
    const want = truth(
      mock,
      'payments',
      (r) => inYear(r) && ((r.amount as number) > 6000 || obj(r, 'tender').label === 'Cash'),
    );
    expect(want.length).toBeGreaterThan(0);
    expect(idsOf(got)).toEqual(want);
  });

  it('handles `in` lists, `not` and three-valued residuals', async () => {
    const q = `payments where createdTime >= ${SINCE} and tender.label in ('Cash', 'Check') and not (amount < 1000)`;
    const got = await collect(compileAt(mock, q), clientOptions(mock));
    const want = truth(mock, 'payments', (r) => {
      const label = obj(r, 'tender').label;
      return (
        inYear(r) &&
        (label === 'Cash' || label === 'Check') &&
        typeof r.amount === 'number' &&
        !(r.amount < 1000)
      );
    });
    expect(want.length).toBeGreaterThan(0);
    expect(idsOf(got)).toEqual(want);

    const q2 = `payments where createdTime >= ${SINCE} and cardTransaction.last4 != '5326'`;
    const got2 = await collect(compileAt(mock, q2), clientOptions(mock));
    const want2 = truth(mock, 'payments', (r) => {
      const last4 = obj(r, 'cardTransaction').last4;
      return inYear(r) && typeof last4 === 'string' && last4 !== '5326';
    });
    expect(idsOf(got2)).toEqual(want2);
  });

  it('finds orders whose state is null through the twin stream', async () => {
    const plan = compileAt(mock, `orders where createdTime >= ${SINCE} and total > 3000`);
    const got = await collect(plan, clientOptions(mock));
    const want = truth(mock, 'orders', (r) => inYear(r) && (r.total as number) > 3000);
    expect(want.some((id) => got.find((r) => r.id === id)?.state == null)).toBe(true);
    expect(idsOf(got)).toEqual(want);
  });

  it('reads refunds without a time bound in one unwindowed request stream', async () => {
    const plan = compileAt(mock, "refunds where amount > 2000 or reason = 'Duplicate charge'");
    expect(
      plan.requests.every(
        (r) => !r.query.some(([k, v]) => k === 'filter' && v.startsWith('createdTime')),
      ),
    ).toBe(true);
    const got = await collect(plan, clientOptions(mock));
    const want = truth(
      mock,
      'refunds',
      (r) => (r.amount as number) > 2000 || r.reason === 'Duplicate charge',
    );
    expect(idsOf(got)).toEqual(want);
  });

  describe('limit and order by', () => {
    it('stops after `limit` records that all satisfy the query', async () => {
      const plan = compileAt(
        mock,
        `payments where createdTime >= ${SINCE} and tender.label = 'Cash' limit 25`,
      );
      const it1 = run(plan, clientOptions(mock));
      const got: ClientRecord[] = [];
      for await (const r of it1) got.push(r);
      const want = new Set(
        truth(mock, 'payments', (r) => inYear(r) && obj(r, 'tender').label === 'Cash'),
      );
      expect(got).toHaveLength(25);
      expect(new Set(got.map((r) => r.id)).size).toBe(25);
      for (const r of got) expect(want.has(r.id)).toBe(true);
      expect(it1.stats.closed).toBe(true);
    });

    it('without an order, stops paging once `limit` records are in: one request, not two', async () => {
      const plan = compileAt(mock, 'refunds limit 2');
      const progress: Progress[] = [];
      const got = await collect(plan, clientOptions(mock, { onProgress: (p) => progress.push(p) }));
      expect(got).toHaveLength(2);
      expect(progress.at(-1)!.requests).toBe(1);
    });

    it('returns the newest N by createdTime, reading only what it needs', async () => {
      const plan = compileAt(
        mock,
        `orders where createdTime >= ${SINCE} order by createdTime desc limit 30`,
      );
      const progress: Progress[] = [];
      const got = await collect(plan, clientOptions(mock, { onProgress: (p) => progress.push(p) }));
      const all = (
        mock.store.records('MERCHANT00001', 'orders') as unknown as ClientRecord[]
      ).filter(inYear);
      all.sort((a, b) => t(b) - t(a) || (a.id < b.id ? 1 : -1));
      expect(got.map((r) => r.id)).toEqual(all.slice(0, 30).map((r) => r.id));
      // The newest window and its twin, a page or two each — not the whole year 30 at a time.
      expect(progress.at(-1)!.requests).toBeLessThanOrEqual(8);
    });

    it('returns the oldest N by createdTime ascending', async () => {
      const plan = compileAt(
        mock,
        `payments where createdTime >= ${SINCE} order by createdTime asc limit 40`,
      );
      const got = await collect(plan, clientOptions(mock));
      const all = (
        mock.store.records('MERCHANT00001', 'payments') as unknown as ClientRecord[]
      ).filter(inYear);
      all.sort((a, b) => t(a) - t(b) || (a.id < b.id ? -1 : 1));
      expect(got.map((r) => r.id)).toEqual(all.slice(0, 40).map((r) => r.id));
    });

    it('orders by another field over everything, ties by id, missing values last', async () => {
      const plan = compileAt(
        mock,
        `payments where createdTime >= ${SINCE} order by tipAmount desc limit 50`,
      );
      const progress: Progress[] = [];
      const got = await collect(plan, clientOptions(mock, { onProgress: (p) => progress.push(p) }));
      // Every record has to be read, so the plan keeps full pages.
      expect(plan.requests[0]!.query).toContainEqual(['limit', '1000']);
      expect(progress.at(-1)!.requests).toBeLessThanOrEqual(10);
      const all = (
        mock.store.records('MERCHANT00001', 'payments') as unknown as ClientRecord[]
      ).filter(inYear);
      const tip = (r: ClientRecord) => (typeof r.tipAmount === 'number' ? r.tipAmount : null);
      all.sort((a, b) => {
        const [x, y] = [tip(a), tip(b)];
        if (x === null || y === null) return x === y ? (a.id < b.id ? 1 : -1) : x === null ? 1 : -1;
        return y - x || (a.id < b.id ? 1 : -1);
      });
      expect(got.map((r) => r.id)).toEqual(all.slice(0, 50).map((r) => r.id));
    });
  });

  it('holds at most two pages of ids per window in flight, so memory does not grow with the result', async () => {
    const big = await startTestMock({ orders: 10, payments: 50_000, refunds: 10 });
    try {
      const plan = compileAt(big, `payments where createdTime >= ${SINCE}`, {
        windowDays: 30,
        pageSize: 200,
      });
      expect(plan.windows.length).toBeGreaterThan(10);
      const it1 = run(plan, clientOptions(big));
      let n = 0;
      for await (const r of it1) {
        if (typeof r.id === 'string') n++;
      }
      const total = big.store.count('MERCHANT00001', 'payments');
      expect(n).toBeGreaterThanOrEqual(49_000);
      expect(n).toBeLessThanOrEqual(total);
      const dedupe = it1.stats.dedupe!;
      expect(dedupe).toMatchObject({ scope: 'window', runWide: false, idsHeld: 0 });
      // Only the last two pages of each window in flight: 5 windows × 2 × 200, not 50 000.
      expect(dedupe.peakIdsHeld).toBeLessThanOrEqual(5 * 2 * 200);
    } finally {
      await big.close();
    }
  });

  it('ends with ABORTED when the signal aborts mid-run, and closes its Agent', async () => {
    mock.faults.set({ latencyMs: 20 });
    try {
      const ac = new AbortController();
      const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`, { pageSize: 100 });
      const it1 = run(plan, clientOptions(mock, { signal: ac.signal }));
      let n = 0;
      const e = await failure(
        (async () => {
          for await (const _ of it1) {
            if (++n === 150) ac.abort();
          }
        })(),
      );
      expect(e.code).toBe('ABORTED');
      expect(n).toBe(150);
      expect(it1.stats.closed).toBe(true);
    } finally {
      mock.faults.clear();
    }
  });

  it('stops cleanly when the caller breaks out early', async () => {
    const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`, { pageSize: 100 });
    const it1 = run(plan, clientOptions(mock));
    for await (const _ of it1) break;
    expect(it1.stats.closed).toBe(true);
    expect(it1.stats.progress?.phase).toBe('done');
  });

  it('fails with AUTH at once, without retries, for a token of no merchant', async () => {
    const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`);
    const progress: Progress[] = [];
    const e = await failure(
      collect(plan, clientOptions(mock, { token: 'wrong', onProgress: (p) => progress.push(p) })),
    );
    expect(e.code).toBe('AUTH');
    expect(e.status).toBe(401);
    expect(e.request).toMatch(
      /^GET \/v3\/merchants\/MERCHANT00001\/payments\?filter=createdTime>=/,
    );
    expect(e.message).toMatch(/window #\d \[/);
    expect(progress.at(-1)!.retries).toBe(0);
    expect(progress.at(-1)!.requests).toBeLessThanOrEqual(5);
  });

  it('fails with NOT_FOUND for an unknown merchant and BAD_REQUEST for a bad filter', async () => {
    const plan = compileAt(mock, `payments where createdTime >= ${SINCE}`);
    const e = await failure(collect(plan, clientOptions(mock, { merchantId: 'NOSUCHMERCHANT' })));
    expect(['NOT_FOUND', 'AUTH']).toContain(e.code);
    const bad = {
      ...plan,
      requests: [
        {
          ...plan.requests[0]!,
          query: [...plan.requests[0]!.query, ['filter', 'colour=red'] as const],
        },
      ],
    };
    const e2 = await failure(collect(bad, clientOptions(mock)));
    expect(e2.code).toBe('BAD_REQUEST');
    expect(e2.status).toBe(400);
    expect(e2.message).toContain('colour');
  });
});

describe('a mutable time field', () => {
  it('keeps one run-wide id set for modifiedTime windows and still returns exactly the ground truth', async () => {
    const since = YEAR_AGO + 100 * DAY_MS;
    const plan = compileAt(mock, `payments where modifiedTime >= ${since} and amount > 2000`);
    const it1 = run(plan, clientOptions(mock));
    const got: ClientRecord[] = [];
    for await (const r of it1) got.push(r);
    const want = truth(
      mock,
      'payments',
      (r) => (r.modifiedTime as number) >= since && (r.amount as number) > 2000,
    );
    expect(idsOf(got)).toEqual(want);
    expect(it1.stats.dedupe).toMatchObject({ scope: 'run', runWide: true });
  });
});
