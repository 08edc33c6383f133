import { CLAMP_MS, DAY_MS, type ResourceName } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../filter/parse-filter.js';
import { resolveFilter } from '../filter/resolve-filter.js';
import { isClamped, timeBounds } from './time-ranges.js';

const now = Date.UTC(2024, 5, 1);
const old = Date.UTC(2023, 0, 1);
const conditions = (resource: ResourceName, ...filters: string[]) =>
  filters.map((f) => resolveFilter(parseFilter(f), resource));
const bounds = (resource: ResourceName, ...filters: string[]) =>
  timeBounds({ resource, conditions: conditions(resource, ...filters), now });

describe('which requests Clover clamps (changelog May 2023)', () => {
  it('payments and refunds whenever a time field is filtered', () => {
    expect(isClamped('payments', conditions('payments', `createdTime>=${old}`))).toBe(true);
    expect(isClamped('payments', conditions('payments', `modifiedTime>=${old}`))).toBe(true);
    expect(isClamped('refunds', conditions('refunds', `clientCreatedTime<${now}`))).toBe(true);
    expect(isClamped('payments', conditions('payments', 'amount>5'))).toBe(false);
  });

  it('orders whenever a time field is filtered (the Clover docs page "Apply filters to API requests") or a filter names a clamp trigger', () => {
    expect(isClamped('orders', conditions('orders', 'total>100'))).toBe(true);
    expect(isClamped('orders', conditions('orders', 'state=open'))).toBe(true);
    expect(isClamped('orders', conditions('orders', `createdTime>=${old}`))).toBe(true);
    expect(isClamped('orders', conditions('orders', `modifiedTime>=${old}`))).toBe(true);
    expect(isClamped('orders', conditions('orders', `clientCreatedTime>=${old}`))).toBe(true);
    expect(isClamped('orders', conditions('orders', 'employee.id=ABC'))).toBe(false);
  });

  it('orders bounded only on modifiedTime keep its most recent 90 days', () => {
    const r = bounds('orders', `modifiedTime>=${old}`, `modifiedTime<${now}`);
    expect(r.clamped).toBe(true);
    expect(r.ranges.get('modifiedTime')).toEqual({
      lower: { value: now - CLAMP_MS, inclusive: true },
      upper: { value: now, inclusive: false },
    });
  });

  it('orders bounded on modifiedTime with a trigger are clamped on modifiedTime', () => {
    const r = bounds('orders', `modifiedTime>=${old}`, `modifiedTime<${now}`, 'total>0');
    expect(r.ranges.get('modifiedTime')?.lower).toEqual({ value: now - CLAMP_MS, inclusive: true });
  });

  it('orders and payments with no time filter return only createdTime in [now - 90d, now]', () => {
    for (const resource of ['orders', 'payments'] as const) {
      const r = bounds(resource);
      expect(r.clamped).toBe(true);
      expect([...r.ranges]).toEqual([
        [
          'createdTime',
          {
            lower: { value: now - CLAMP_MS, inclusive: true },
            upper: { value: now, inclusive: true },
          },
        ],
      ]);
    }
    expect(bounds('orders', 'employee.id=X').ranges.get('createdTime')?.upper?.value).toBe(now);
  });

  it('refunds with no time filter are not clamped', () => {
    const r = bounds('refunds', 'amount>1');
    expect(r.clamped).toBe(false);
    expect(r.ranges.size).toBe(0);
  });

  it('folds several bounds on one field into the tightest and keeps other conditions', () => {
    const r = bounds(
      'refunds',
      `createdTime>${now - 10 * DAY_MS}`,
      `createdTime>=${now - 5 * DAY_MS}`,
      `createdTime<=${now - DAY_MS}`,
      `createdTime!=${now - 2 * DAY_MS}`,
      'amount>1',
    );
    expect(r.ranges.get('createdTime')).toEqual({
      lower: { value: now - 5 * DAY_MS, inclusive: true },
      upper: { value: now - DAY_MS, inclusive: true },
    });
    expect(r.rest.map((c) => c.source)).toEqual([`createdTime!=${now - 2 * DAY_MS}`, 'amount>1']);
  });

  it('an equality on a time field is a closed single-instant range', () => {
    expect(bounds('payments', `createdTime=${old}`).ranges.get('createdTime')).toEqual({
      lower: { value: old, inclusive: true },
      upper: { value: old, inclusive: true },
    });
  });

  it('a payments time filter that bounds nothing still gets the recent 90 days', () => {
    const r = bounds('payments', `createdTime!=${old}`);
    expect(r.ranges.get('createdTime')?.lower?.value).toBe(now - CLAMP_MS);
  });
});
