/**
 * Result rows against the real mock (issue #10): a select list, and grouped queries whose rows
 * must equal a grouping computed here with plain JS over `mock.store.records` (never with the
 * dsl's aggregator), over REST and over the Export API.
 */
import { DAY_MS, type Row } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import type { Progress } from '../progress/progress.js';
import { collect } from '../run/run.js';
import {
  clientOptions,
  compileAt,
  MERCHANT,
  NOW,
  startTestMock,
  truth,
} from '../testing/test-mock.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startTestMock({ orders: 1500, payments: 2500, refunds: 50 });
});
afterAll(() => mock.close());

const SINCE = '2025-01-01';
const SINCE_MS = Date.UTC(2025, 0, 1);
const TODAY = Math.floor(NOW / DAY_MS) * DAY_MS;

function records(resource: 'orders' | 'payments', ids: readonly string[]): ClientRecord[] {
  const byId = new Map(
    (mock.store.records(MERCHANT, resource) as unknown as ClientRecord[]).map((r) => [r.id, r]),
  );
  return ids.map((id) => byId.get(id)!);
}
const t = (r: ClientRecord) => r.createdTime as number;
const label = (r: ClientRecord) =>
  ((r.tender ?? {}) as Record<string, unknown>).label as string | undefined;
const monthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const sumOf = (rows: readonly Row[], key: string) =>
  rows.reduce((s, r) => s + (r[key] as number), 0);

describe('result rows against the mock', () => {
  it('projects each record of a select list to exactly the selected columns', async () => {
    const plan = compileAt(
      mock,
      `payments where createdTime >= ${SINCE} select id, amount, tender.label`,
    );
    const progress: Progress[] = [];
    const got = await collect<Row>(
      plan,
      clientOptions(mock, { onProgress: (p) => progress.push(p) }),
    );
    const want = records(
      'payments',
      truth(mock, 'payments', (r) => t(r) >= SINCE_MS),
    );
    expect(want.length).toBeGreaterThan(1000);
    const sorted = [...got].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(sorted).toEqual(
      want.map((r) => ({ id: r.id, amount: r.amount, 'tender.label': label(r) ?? null })),
    );
    expect(progress.at(-1)?.records).toBe(want.length);
  });

  it('groups payments by month and tender, top 5 by sum, equal to a plain grouping of the ground truth', async () => {
    const q = `payments where createdTime >= ${SINCE} group by month(createdTime), tender.label select count(), sum(amount) order by sum(amount) desc limit 5`;
    const plan = compileAt(mock, q);
    expect(plan.tz).toBe('UTC');
    const progress: Progress[] = [];
    const got = await collect<Row>(
      plan,
      clientOptions(mock, { onProgress: (p) => progress.push(p) }),
    );

    const matched = records(
      'payments',
      truth(mock, 'payments', (r) => t(r) >= SINCE_MS),
    );
    const groups = new Map<string, Record<string, string | number | null>>();
    for (const r of matched) {
      const key = `${monthStart(t(r))}|${label(r) ?? ''}`;
      const g = groups.get(key) ?? {
        'month(createdTime)': monthStart(t(r)),
        'tender.label': label(r) ?? null,
        'count()': 0,
        'sum(amount)': 0,
      };
      g['count()'] = (g['count()'] as number) + 1;
      g['sum(amount)'] = (g['sum(amount)'] as number) + (r.amount as number);
      groups.set(key, g);
    }
    const want = [...groups.values()]
      .sort((a, b) => (b['sum(amount)'] as number) - (a['sum(amount)'] as number))
      .slice(0, 5);
    expect(groups.size).toBeGreaterThan(5);
    expect(got).toEqual(want);
    expect(Object.keys(got[0]!)).toEqual([
      'month(createdTime)',
      'tender.label',
      'count()',
      'sum(amount)',
    ]);
    // Every matched record is read and counted, though only five rows come out.
    expect(progress.at(-1)?.records).toBe(matched.length);

    // Without the limit, the counts over all groups add up to the ungrouped query's records.
    const all = await collect<Row>(compileAt(mock, q.replace(' limit 5', '')), clientOptions(mock));
    const ungrouped = await collect(
      compileAt(mock, `payments where createdTime >= ${SINCE}`),
      clientOptions(mock),
    );
    expect(all).toHaveLength(groups.size);
    expect(sumOf(all, 'count()')).toBe(ungrouped.length);
    expect(sumOf(all, 'sum(amount)')).toBe(ungrouped.reduce((s, r) => s + (r.amount as number), 0));
  });

  it('groups the last 30 days of orders by day with an exact average of money', async () => {
    const q =
      'orders where createdTime >= today - 30d group by day(createdTime) select count(), avg(total)';
    const got = await collect<Row>(compileAt(mock, q), clientOptions(mock));
    const ungrouped = await collect(
      compileAt(mock, 'orders where createdTime >= today - 30d'),
      clientOptions(mock),
    );
    const from = TODAY - 30 * DAY_MS;
    // The same ids as the ungrouped query: grouping reads exactly the records the query matches.
    const matched = records(
      'orders',
      ungrouped.map((r) => r.id),
    );
    expect(matched.every((r) => t(r) >= from && t(r) <= NOW)).toBe(true);
    const days = new Map<number, { n: number; sum: number }>();
    for (const r of matched) {
      const day = Math.floor(t(r) / DAY_MS) * DAY_MS;
      const d = days.get(day) ?? { n: 0, sum: 0 };
      d.n++;
      d.sum += r.total as number;
      days.set(day, d);
    }
    const want = [...days.entries()]
      .sort(([a], [b]) => a - b)
      .map(([day, d]) => ({
        'day(createdTime)': day,
        'count()': d.n,
        // Half away from zero, to whole cents (totals are positive here).
        'avg(total)': Math.round(d.sum / d.n),
      }));
    expect(want.length).toBeGreaterThan(20);
    expect(got).toEqual(want);
    expect(sumOf(got, 'count()')).toBe(ungrouped.length);
  });
});

describe('result rows of an export plan', () => {
  it('groups the records an export reads', async () => {
    const from = NOW - 20 * DAY_MS;
    const m = await startTestMock({
      orders: 10,
      payments: 600,
      refunds: 10,
      from,
      extra: {
        clock: { start: NOW, frozen: true },
        limits: { exportDurationMs: 10_000, exportPendingMs: 2000 },
      },
    });
    try {
      const since = new Date(from).toISOString();
      const plan = compileAt(
        m,
        `export payments where createdTime >= ${since} group by tender.label select count(), sum(amount)`,
      );
      expect(plan.kind).toBe('export');
      const got = await collect<Row>(plan, clientOptions(m));
      const matched = (m.store.records(MERCHANT, 'payments') as unknown as ClientRecord[]).filter(
        (r) => t(r) >= from && t(r) <= NOW,
      );
      const want = new Map<string | null, { n: number; sum: number }>();
      for (const r of matched) {
        const g = want.get(label(r) ?? null) ?? { n: 0, sum: 0 };
        g.n++;
        g.sum += r.amount as number;
        want.set(label(r) ?? null, g);
      }
      expect(got).toEqual(
        [...want.entries()]
          .sort(([a], [b]) => String(a).localeCompare(String(b)))
          .map(([l, g]) => ({ 'tender.label': l, 'count()': g.n, 'sum(amount)': g.sum })),
      );
      expect(sumOf(got, 'count()')).toBe(matched.length);
    } finally {
      await m.close();
    }
  });
});
