import { compile } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { groupRequests } from './groups.js';

const now = Date.UTC(2026, 0, 1);

describe('groupRequests', () => {
  it('gives each window of a single stream its own group, in time order', () => {
    const plan = compile('payments where createdTime >= 2025-01-01', { now });
    const groups = groupRequests(plan);
    expect(plan.requests).toHaveLength(5);
    expect(groups.map((g) => g.requests)).toEqual([[0], [1], [2], [3], [4]]);
    expect(groups.map((g) => g.start)).toEqual(
      [...groups.map((g) => g.start)].sort((a, b) => a - b),
    );
  });

  it('pairs each orders window with its `state IS NULL` twin', () => {
    const plan = compile('orders where createdTime >= 2025-06-01', { now });
    const groups = groupRequests(plan);
    const n = plan.requests.length / 2;
    expect(groups).toHaveLength(n);
    for (const g of groups) {
      expect(g.requests).toHaveLength(2);
      const [a, b] = g.requests.map((i) => plan.requests[i]!);
      expect(plan.windows[a!.window]).toEqual(plan.windows[b!.window]);
      expect(a!.stream).not.toBe(b!.stream);
    }
  });

  it('merges overlapping or-streams and keeps disjoint ones apart', () => {
    const overlapping = compile(
      "payments where (createdTime >= 2025-01-01 and amount > 100) or (createdTime >= 2025-03-01 and tender.label = 'Cash' and amount < 5)",
      { now },
    );
    const g1 = groupRequests(overlapping);
    expect(g1.flatMap((g) => g.requests).sort((a, b) => a - b)).toEqual(
      overlapping.requests.map((_, i) => i),
    );
    // Disjoint groups really are disjoint in time.
    for (let i = 1; i < g1.length; i++) expect(g1[i]!.start).toBeGreaterThanOrEqual(g1[i - 1]!.end);
  });

  it('puts unwindowed requests (refunds without a time bound) in one group', () => {
    const plan = compile("refunds where amount > 100 or reason = 'x'", { now });
    const groups = groupRequests(plan);
    expect(groups).toHaveLength(1);
  });

  it('returns no groups for an empty plan', () => {
    expect(groupRequests(compile('payments where createdTime >= 2030-01-01', { now }))).toEqual([]);
  });
});
