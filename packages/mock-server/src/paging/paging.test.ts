import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDER, parseOrderBy } from './order-by.js';
import { parsePaging } from './paging.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'no error';
};

describe('parsePaging ("Add pagination requests")', () => {
  it('defaults to limit 100, offset 0', () => {
    expect(parsePaging({ limit: [], offset: [] })).toEqual({
      limit: 100,
      offset: 0,
      offsetGiven: false,
    });
  });

  it('accepts limit 1..1000 and any non-negative offset', () => {
    expect(parsePaging({ limit: ['1000'], offset: ['2500'] })).toEqual({
      limit: 1000,
      offset: 2500,
      offsetGiven: true,
    });
    expect(parsePaging({ limit: ['1'], offset: ['0'] }).limit).toBe(1);
  });

  it('400s a limit above 1000 instead of capping it silently', () => {
    expect(code(() => parsePaging({ limit: ['1001'], offset: [] }))).toBe('BAD_PAGING');
    expect(code(() => parsePaging({ limit: ['99999999999999999999'], offset: [] }))).toBe(
      'BAD_PAGING',
    );
  });

  it('400s limit 0, negative or non-integer values, and repeated parameters', () => {
    for (const limit of ['0', '-1', '1.5', 'ten', '', ' 5', '1e3']) {
      expect(
        code(() => parsePaging({ limit: [limit], offset: [] })),
        limit,
      ).toBe('BAD_PAGING');
    }
    for (const offset of ['-1', '0.5', 'x', '']) {
      expect(
        code(() => parsePaging({ limit: [], offset: [offset] })),
        offset,
      ).toBe('BAD_PAGING');
    }
    expect(code(() => parsePaging({ limit: ['10', '10'], offset: [] }))).toBe('BAD_PAGING');
    expect(code(() => parsePaging({ limit: [], offset: ['0', '100'] }))).toBe('BAD_PAGING');
  });
});

describe('parseOrderBy', () => {
  it('defaults to newest first by createdTime', () => {
    expect(parseOrderBy([], 'orders')).toBe(DEFAULT_ORDER);
    expect(DEFAULT_ORDER).toEqual([{ field: 'createdTime', direction: 'desc' }]);
  });

  it('reads several comma-separated keys, direction ASC by default, any case', () => {
    expect(parseOrderBy(['total DESC, createdTime asc,id'], 'orders')).toEqual([
      { field: 'total', direction: 'desc' },
      { field: 'createdTime', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ]);
    expect(parseOrderBy(['tender.label'], 'payments')).toEqual([
      { field: 'tender.label', direction: 'asc' },
    ]);
  });

  it('400s unknown fields, bad directions, duplicates and repeats', () => {
    expect(code(() => parseOrderBy(['colour'], 'orders'))).toBe('BAD_ORDER_BY');
    expect(code(() => parseOrderBy(['total UP'], 'orders'))).toBe('BAD_ORDER_BY');
    expect(code(() => parseOrderBy(['total,total'], 'orders'))).toBe('BAD_ORDER_BY');
    expect(code(() => parseOrderBy([''], 'orders'))).toBe('BAD_ORDER_BY');
    expect(code(() => parseOrderBy(['total', 'id'], 'orders'))).toBe('BAD_ORDER_BY');
    expect(code(() => parseOrderBy(['__proto__'], 'orders'))).toBe('BAD_ORDER_BY');
  });
});
