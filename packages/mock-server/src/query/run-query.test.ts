import type { TimeRange } from '@cloverql/dsl';
import { DAY_MS, fieldPath, type ResourceName, readPath } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { compareValue } from '../filter/evaluate.js';
import type { Condition } from '../filter/filter-types.js';
import { parseFilter } from '../filter/parse-filter.js';
import { resolveFilter } from '../filter/resolve-filter.js';
import { DEFAULT_ORDER, parseOrderBy, type SortKey } from '../paging/order-by.js';
import type { FieldAccessor, ResourceTable } from '../store/resource-table.js';
import { TEST_NOW, testData } from '../testing/test-fixtures.js';
import { runQuery } from './run-query.js';

type Rec = Record<string, unknown>;

/** Direct evaluation over materialised records: the reference runQuery must agree with. */
function brute(
  table: ResourceTable,
  spec: {
    conditions: Condition[];
    ranges: Map<string, TimeRange>;
    orderBy: readonly SortKey[];
    offset: number;
    limit: number;
  },
) {
  const value = (r: Rec, field: string) =>
    (readPath(r, fieldPath(table.resource, field)) ?? null) as string | number | boolean | null;
  const rows = Array.from({ length: table.count }, (_, pos) => ({
    pos,
    r: table.record(pos) as Rec,
  }));
  const kept = rows.filter(({ r }) => {
    for (const [field, range] of spec.ranges) {
      const v = value(r, field) as number;
      if (range.lower && !compareValue(v, range.lower.inclusive ? '>=' : '>', range.lower.value))
        return false;
      if (range.upper && !compareValue(v, range.upper.inclusive ? '<=' : '<', range.upper.value))
        return false;
    }
    return spec.conditions.every((c) => {
      const v = value(r, c.field.name);
      if (c.kind === 'comparison') return compareValue(v, c.op, c.value);
      if (c.kind === 'in') return v !== null && c.values.includes(v);
      return c.negated ? v !== null : v === null;
    });
  });
  kept.sort((a, b) => {
    for (const k of spec.orderBy) {
      const va = value(a.r, k.field);
      const vb = value(b.r, k.field);
      if (va === vb) continue;
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * (k.direction === 'desc' ? -1 : 1);
    }
    const ida = a.r.id as string;
    const idb = b.r.id as string;
    return (ida < idb ? -1 : 1) * (spec.orderBy[0]?.direction === 'desc' ? -1 : 1);
  });
  return kept.slice(spec.offset, spec.offset + spec.limit).map((x) => x.pos);
}

const cond = (resource: ResourceName, text: string) => resolveFilter(parseFilter(text), resource);
const range = (lower: number | null, upper: number | null): TimeRange => ({
  lower: lower === null ? null : { value: lower, inclusive: true },
  upper: upper === null ? null : { value: upper, inclusive: false },
});

describe('runQuery agrees with direct evaluation', () => {
  const data = testData();
  const cases: {
    name: string;
    resource: ResourceName;
    filters: string[];
    ranges: [string, TimeRange][];
    orderBy?: string;
    offset?: number;
    limit?: number;
  }[] = [
    {
      name: 'default order in a createdTime range',
      resource: 'orders',
      filters: [],
      ranges: [['createdTime', range(TEST_NOW - 90 * DAY_MS, TEST_NOW)]],
    },
    {
      name: 'offset deep into the range',
      resource: 'orders',
      filters: ['state IS NOT NULL'],
      ranges: [['createdTime', range(TEST_NOW - 200 * DAY_MS, null)]],
      offset: 250,
      limit: 50,
    },
    {
      name: 'filters on money, enum and in-list',
      resource: 'orders',
      filters: ['total>2000', "payType in ('FULL','SPLIT_GUEST')", 'state!=paid'],
      ranges: [['createdTime', range(TEST_NOW - 300 * DAY_MS, TEST_NOW)]],
      limit: 1000,
    },
    {
      name: 'ascending order',
      resource: 'payments',
      filters: ['result=SUCCESS'],
      ranges: [['createdTime', range(TEST_NOW - 60 * DAY_MS, TEST_NOW - 10 * DAY_MS)]],
      orderBy: 'createdTime ASC',
    },
    {
      name: 'clientCreatedTime range, default order',
      resource: 'payments',
      filters: ['offline=false'],
      ranges: [['clientCreatedTime', range(TEST_NOW - 30 * DAY_MS, TEST_NOW)]],
      limit: 1000,
    },
    {
      name: 'modifiedTime index streamed',
      resource: 'orders',
      filters: [],
      ranges: [['modifiedTime', range(TEST_NOW - 100 * DAY_MS, TEST_NOW)]],
      orderBy: 'modifiedTime DESC',
      offset: 3,
      limit: 77,
    },
    {
      name: 'two bounded fields',
      resource: 'orders',
      filters: [],
      ranges: [
        ['createdTime', range(TEST_NOW - 100 * DAY_MS, TEST_NOW)],
        ['modifiedTime', range(TEST_NOW - 50 * DAY_MS, TEST_NOW)],
      ],
      limit: 1000,
    },
    {
      name: 'sort by money then time',
      resource: 'orders',
      filters: [],
      ranges: [['createdTime', range(TEST_NOW - 90 * DAY_MS, TEST_NOW)]],
      orderBy: 'total DESC, createdTime ASC',
      limit: 500,
    },
    {
      name: 'sort by a nullable string',
      resource: 'orders',
      filters: [],
      ranges: [['createdTime', range(TEST_NOW - 90 * DAY_MS, TEST_NOW)]],
      orderBy: 'title ASC',
      limit: 1000,
    },
    {
      name: 'no time range at all',
      resource: 'refunds',
      filters: ['amount>500'],
      ranges: [],
      limit: 1000,
    },
    {
      name: 'no time range, sorted by amount',
      resource: 'refunds',
      filters: [],
      ranges: [],
      orderBy: 'amount ASC',
      offset: 10,
      limit: 20,
    },
    { name: 'offset past the end', resource: 'refunds', filters: [], ranges: [], offset: 5000 },
    {
      name: 'empty range',
      resource: 'orders',
      filters: [],
      ranges: [['createdTime', range(TEST_NOW, TEST_NOW - 1)]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const table = data.tables[c.resource];
      const spec = {
        conditions: c.filters.map((f) => cond(c.resource, f)),
        ranges: new Map(c.ranges),
        orderBy: c.orderBy ? parseOrderBy([c.orderBy], c.resource) : DEFAULT_ORDER,
        offset: c.offset ?? 0,
        limit: c.limit ?? 100,
      };
      const expected = brute(table, spec);
      expect(runQuery(table, spec)).toEqual(expected);
      if (c.name !== 'offset past the end' && c.name !== 'empty range')
        expect(expected.length).toBeGreaterThan(0);
    });
  }
});

/** A table whose accessors count their calls: how many records a query looked at. */
function counting(table: ResourceTable): { table: ResourceTable; reads: () => number } {
  let n = 0;
  const wrapped: ResourceTable = Object.create(table, {
    accessor: {
      value: (field: string): FieldAccessor | undefined => {
        const read = table.accessor(field);
        if (!read) return undefined;
        return (pos: number) => {
          n++;
          return read(pos);
        };
      },
    },
  });
  return { table: wrapped, reads: () => n };
}

describe('time-bounded pages on 100,000 orders use the sorted index, not a scan', () => {
  const data = testData({ orders: 100_000, payments: 0, refunds: 0 });
  const week = range(TEST_NOW - 200 * DAY_MS, TEST_NOW - 193 * DAY_MS);

  it('reads about offset + limit records for a createdTime page, newest first', () => {
    const { table, reads } = counting(data.orders);
    const page = runQuery(table, {
      conditions: [cond('orders', 'total>0')],
      ranges: new Map([['createdTime', week]]),
      orderBy: DEFAULT_ORDER,
      offset: 100,
      limit: 100,
    });
    expect(page).toHaveLength(100);
    expect(reads()).toBeLessThanOrEqual(200);
    const times = page.map((pos) => data.orders.accessor('createdTime')?.(pos) as number);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(week.lower?.value ?? 0);
  });

  it('reads only the records in range for a clientCreatedTime page', () => {
    const { table, reads } = counting(data.orders);
    const page = runQuery(table, {
      conditions: [cond('orders', 'total>0')],
      ranges: new Map([['clientCreatedTime', week]]),
      orderBy: DEFAULT_ORDER,
      offset: 0,
      limit: 1000,
    });
    expect(page.length).toBeGreaterThan(1000 * 0.5);
    expect(reads()).toBeLessThan(100_000 / 20);
  });
});
