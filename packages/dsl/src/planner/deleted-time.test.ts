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

  it('a deletedTime bound with a createdTime bound still windows on deletedTime', () => {
    // Clover returns deleted orders only to requests filtering on deletedTime; windows on
    // createdTime would silently return none of them.
    const x = NOW - 20 * DAY_MS;
    const plan = compile(
      `orders where createdTime >= ${NOW - 400 * DAY_MS} and deletedTime >= ${x}`,
      {
        now: NOW,
      },
    );
    expect(plan.timeField).toBe('deletedTime');
    for (const r of plan.requests) {
      expect(r.query.some(([k, v]) => k === 'filter' && v.startsWith('deletedTime>='))).toBe(true);
    }
  });

  it.each([
    ['inside an or', 'orders where deletedTime < 2024-05-01 or total > 500'],
    ['under a not', 'orders where not (deletedTime < 2024-05-01)'],
    ['as is null', 'orders where deletedTime is null and total > 5'],
    ['as is not null', 'orders where deletedTime is not null'],
    ['with !=', 'orders where deletedTime != 2024-05-01'],
    ['in an in list', 'orders where deletedTime in (2024-05-01, 2024-05-02)'],
  ])('deletedTime %s is refused: no plan could fetch what it names', (_what, query) => {
    expect(() => compile(query, { now: NOW })).toThrowError(
      expect.objectContaining({ code: 'UNSUPPORTED_CONDITION' }),
    );
  });

  it('an export of deleted orders is refused: the Export API leaves them out', () => {
    expect(() =>
      compile('export orders where deletedTime >= 2024-05-01', { now: NOW }),
    ).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_CONDITION',
        message: expect.stringMatching(/Export API/),
      }),
    );
  });

  it('the error points at the field and says why', () => {
    try {
      compile('orders where total > 5 or deletedTime >= 2024-05-01', { now: NOW });
      expect.unreachable();
    } catch (e) {
      expect((e as { format(): string }).format()).toMatch(
        /deletedTime can only bound the whole query[\s\S]*\^{11}/,
      );
    }
  });
});
