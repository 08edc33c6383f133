import { describe, expect, it } from 'vitest';
import { compile } from '../index.js';
import { DAY_MS } from '../limits/clover-limits.js';

const NOW = Date.UTC(2024, 5, 1);

describe('deletedTime on orders (a time field since Clover added the filter in May 2023)', () => {
  it('a bound on deletedTime alone windows on deletedTime', () => {
    const x = NOW - 200 * DAY_MS;
    const plan = compile(`orders where deletedTime >= ${x}`, { now: NOW });
    expect(plan.timeField).toBe('deletedTime');
    expect(plan.requests.length).toBeGreaterThan(1);
    for (const r of plan.requests) {
      const filters = r.query.filter(([k]) => k === 'filter').map(([, v]) => v);
      expect(filters.some((f) => f.startsWith('deletedTime>='))).toBe(true);
      expect(filters.some((f) => f.startsWith('deletedTime<'))).toBe(true);
      expect(filters.some((f) => f.startsWith('createdTime'))).toBe(false);
    }
    expect(plan.windows[0]?.start).toBe(x);
  });

  it('a deletedTime bound inside an or does not window on deletedTime (live orders have none)', () => {
    const x = NOW - 20 * DAY_MS;
    const plan = compile(`orders where deletedTime < ${x} or total > 500`, { now: NOW });
    expect(plan.timeField).toBe('createdTime');
    for (const r of plan.requests) {
      expect(r.query.some(([k, v]) => k === 'filter' && v.startsWith('deletedTime'))).toBe(false);
    }
  });
});
