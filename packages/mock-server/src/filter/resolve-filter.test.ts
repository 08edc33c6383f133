import { fieldSpec } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { parseFilter } from './parse-filter.js';
import { coerceValue, resolveFilter } from './resolve-filter.js';

const resolve = (text: string, resource: 'orders' | 'payments' | 'refunds' = 'orders') =>
  resolveFilter(parseFilter(text), resource);
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a failure');
};

describe('resolveFilter against the shared catalogue', () => {
  it('types values: time and money as integers, booleans, enums canonical in any case', () => {
    expect(resolve('total>1000')).toMatchObject({ value: 1000 });
    expect(resolve('createdTime>=1704067200000')).toMatchObject({ value: 1704067200000 });
    expect(resolve('testMode=TRUE')).toMatchObject({ value: true });
    expect(resolve('state=PAID')).toMatchObject({ value: 'paid' });
    expect(resolve('payType=full')).toMatchObject({ value: 'FULL' });
    expect(resolve("state in ('OPEN','locked')")).toMatchObject({ values: ['open', 'locked'] });
    expect(resolve('note=héllo ✓ 😀')).toMatchObject({ value: 'héllo ✓ 😀' });
  });

  it('400s an unknown field, naming it', () => {
    const err = failure(() => resolve('colour=red'));
    expect(err.code).toBe('UNKNOWN_FILTER_FIELD');
    expect(err.message).toContain('colour');
    expect(failure(() => resolve('__proto__=1')).code).toBe('UNKNOWN_FILTER_FIELD');
    expect(failure(() => resolve('constructor=1')).code).toBe('UNKNOWN_FILTER_FIELD');
  });

  it('400s a field the server cannot filter on (payment fields removed in May 2023)', () => {
    const err = failure(() => resolve('tipAmount>0', 'payments'));
    expect(err.code).toBe('UNKNOWN_FILTER_FIELD');
    expect(err.message).toContain('tipAmount');
    expect(failure(() => resolve('order.id=ABC', 'payments')).code).toBe('UNKNOWN_FILTER_FIELD');
    expect(failure(() => resolve('currency=USD')).code).toBe('UNKNOWN_FILTER_FIELD');
  });

  it('400s a bad value, naming field and value', () => {
    for (const text of [
      'createdTime>yesterday',
      'createdTime>1.5',
      'total>12.50',
      'total>$5',
      'testMode=yes',
      'state=closed',
      'payType=',
      "total in ('x')",
    ]) {
      const err = failure(() => resolve(text));
      expect(err.code, text).toBe('BAD_FILTER_VALUE');
      expect(err.message).toContain(parseFilter(text).field);
    }
    expect(failure(() => resolve('createdTime>99999999999999999')).code).toBe('BAD_FILTER_VALUE');
  });

  it('requires quotes around strings, ids and enums in an in-list', () => {
    expect(failure(() => resolve('id in (ABC)')).code).toBe('BAD_FILTER_VALUE');
    expect(resolve('total in (100, 200)')).toMatchObject({ values: [100, 200] });
  });

  it('400s an ordering comparison on a boolean', () => {
    expect(failure(() => resolve('testMode>false')).code).toBe('BAD_FILTER_OPERATOR');
  });

  it('coerces number fields as decimals', () => {
    const spec = { ...fieldSpec('orders', 'total')!, type: 'number' as const };
    expect(coerceValue(spec, '2.5')).toBe(2.5);
    expect(() => coerceValue(spec, 'x')).toThrow();
  });
});
