import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import type { Plan } from '../planner/plan-types.js';
import { createAggregator, type Row } from './aggregator.js';
import { projectRecord, rowColumns } from './project.js';

const NOW = Date.UTC(2025, 5, 1);
const SINCE = 'payments where createdTime >= 2025-01-01';

function run(query: string, records: readonly unknown[], tz = 'UTC'): Row[] {
  const agg = createAggregator(compile(query, { now: NOW, tz }));
  for (const r of records) agg.add(r);
  return agg.result();
}

const at = (iso: string) => Date.parse(iso);
const pay = (o: {
  id: string;
  amount?: number | null;
  label?: string | null;
  time?: string;
  result?: string;
}) => ({
  id: o.id,
  ...(o.amount === undefined ? {} : { amount: o.amount }),
  ...(o.label === undefined ? {} : { tender: { label: o.label } }),
  createdTime: at(o.time ?? '2025-02-03T10:00:00Z'),
  result: o.result ?? 'SUCCESS',
});

const PAYMENTS = [
  pay({ id: 'a', amount: 1000, label: 'Cash', time: '2025-01-15T10:00:00Z' }),
  pay({ id: 'b', amount: 250, label: 'Card', time: '2025-01-20T10:00:00Z' }),
  pay({ id: 'c', amount: 4000, label: 'Card', time: '2025-02-01T00:00:00Z' }),
  pay({ id: 'd', amount: 1, label: 'Cash', time: '2025-02-28T23:59:59.999Z' }),
  pay({ id: 'e', amount: null, label: null, time: '2025-02-10T10:00:00Z' }),
  pay({ id: 'f', label: 'Card', time: '2025-03-01T00:00:00Z' }),
];

describe('createAggregator', () => {
  it('answers the monthly example of issue #10: one row per group, keyed as written', () => {
    const rows = run(
      'payments where createdTime >= 2025-01-01 group by month(createdTime), tender.label select count(), sum(amount) order by sum(amount) desc limit 5',
      PAYMENTS,
    );
    expect(rows).toEqual([
      {
        'month(createdTime)': at('2025-02-01'),
        'tender.label': 'Card',
        'count()': 1,
        'sum(amount)': 4000,
      },
      {
        'month(createdTime)': at('2025-01-01'),
        'tender.label': 'Cash',
        'count()': 1,
        'sum(amount)': 1000,
      },
      {
        'month(createdTime)': at('2025-01-01'),
        'tender.label': 'Card',
        'count()': 1,
        'sum(amount)': 250,
      },
      {
        'month(createdTime)': at('2025-02-01'),
        'tender.label': 'Cash',
        'count()': 1,
        'sum(amount)': 1,
      },
      // Sums of no values are null, and null sorts last in both directions.
      {
        'month(createdTime)': at('2025-02-01'),
        'tender.label': null,
        'count()': 1,
        'sum(amount)': null,
      },
    ]);
  });

  it('skips nulls like SQL: count(field) counts values, a null key is its own group', () => {
    const rows = run(
      `${SINCE} group by tender.label select count(), count(amount), count(distinct amount), min(amount), max(amount)`,
      PAYMENTS,
    );
    expect(rows).toEqual([
      {
        'tender.label': 'Card',
        'count()': 3,
        'count(amount)': 2,
        'count(distinct amount)': 2,
        'min(amount)': 250,
        'max(amount)': 4000,
      },
      {
        'tender.label': 'Cash',
        'count()': 2,
        'count(amount)': 2,
        'count(distinct amount)': 2,
        'min(amount)': 1,
        'max(amount)': 1000,
      },
      {
        'tender.label': null,
        'count()': 1,
        'count(amount)': 0,
        'count(distinct amount)': 0,
        'min(amount)': null,
        'max(amount)': null,
      },
    ]);
  });

  it('orders groups by their keys when there is no order by (nulls last)', () => {
    const rows = run(`${SINCE} group by tender.label select count()`, [...PAYMENTS].reverse());
    expect(rows.map((r) => r['tender.label'])).toEqual(['Card', 'Cash', null]);
  });

  it('counts distinct values per group with one set each', () => {
    const rows = run(
      `${SINCE} group by result select count(distinct tender.label) as tenders`,
      PAYMENTS,
    );
    expect(rows).toEqual([{ result: 'SUCCESS', tenders: 2 }]);
  });

  it('averages money exactly, rounding half away from zero to whole cents', () => {
    const rows = run(`${SINCE} select avg(amount), sum(amount)`, [
      pay({ id: 'a', amount: 1 }),
      pay({ id: 'b', amount: 2 }),
    ]);
    expect(rows).toEqual([{ 'avg(amount)': 2, 'sum(amount)': 3 }]);
    const negative = run(`${SINCE} select avg(amount)`, [
      pay({ id: 'a', amount: -1 }),
      pay({ id: 'b', amount: -2 }),
      pay({ id: 'c', amount: 0 }),
    ]);
    expect(negative).toEqual([{ 'avg(amount)': -1 }]);
    const third = run(`${SINCE} select avg(amount)`, [
      pay({ id: 'a', amount: 1 }),
      pay({ id: 'b', amount: 0 }),
      pay({ id: 'c', amount: 0 }),
    ]);
    expect(third).toEqual([{ 'avg(amount)': 0 }]);
  });

  it('sums money exactly beyond 2^53 cents, as a decimal string', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const rows = run(`${SINCE} select sum(amount), avg(amount)`, [
      pay({ id: 'a', amount: big }),
      pay({ id: 'b', amount: big }),
      pay({ id: 'c', amount: 3 }),
    ]);
    expect(rows).toEqual([
      { 'sum(amount)': (2n * BigInt(big) + 3n).toString(), 'avg(amount)': 6004799503160662 },
    ]);
    // And back into the safe range, it is a number again.
    const back = run(`${SINCE} select sum(amount)`, [
      pay({ id: 'a', amount: big }),
      pay({ id: 'b', amount: 10 }),
      pay({ id: 'c', amount: -20 }),
    ]);
    expect(back).toEqual([{ 'sum(amount)': big - 10 }]);
  });

  it('counts any non-null value, but sums only whole cents', () => {
    const rows = run(`${SINCE} select count(amount), sum(amount)`, [
      { id: 'a', createdTime: 1, amount: '12' },
      { id: 'b', createdTime: 1, amount: 12.5 },
      { id: 'c', createdTime: 1, amount: 7 },
    ]);
    expect(rows).toEqual([{ 'count(amount)': 3, 'sum(amount)': 7 }]);
  });

  it('gives one row for select count() of no records, with null sums', () => {
    expect(run(`${SINCE} select count(), sum(amount)`, [])).toEqual([
      { 'count()': 0, 'sum(amount)': null },
    ]);
    expect(run(`${SINCE} group by tender.label select count()`, [])).toEqual([]);
  });

  it('filters groups with having (unknown is false), then orders, then limits', () => {
    const q = `${SINCE} group by tender.label having sum(amount) > $2 or tender.label is null select count() as n order by n desc limit 2`;
    expect(run(q, PAYMENTS)).toEqual([
      { 'tender.label': 'Card', n: 3 },
      { 'tender.label': 'Cash', n: 2 },
    ]);
    const none = `${SINCE} group by tender.label having not (sum(amount) > $0) select count()`;
    // Card and Cash sum > 0; the null group's sum is null, so `not unknown` is unknown.
    expect(run(none, PAYMENTS)).toEqual([]);
    const nulls = `${SINCE} group by tender.label having tender.label is null select count()`;
    expect(run(nulls, PAYMENTS)).toEqual([{ 'tender.label': null, 'count()': 1 }]);
  });

  it('compares bucket keys in having with dates of the query time zone', () => {
    const q = `${SINCE} group by day(createdTime) having day(createdTime) >= 2025-02-01 select count()`;
    expect(run(q, PAYMENTS).map((r) => r['day(createdTime)'])).toEqual([
      at('2025-02-01'),
      at('2025-02-10'),
      at('2025-02-28'),
      at('2025-03-01'),
    ]);
  });

  it('cuts days in the query time zone; the bucket value is its start in UTC ms', () => {
    const rows = run(
      `${SINCE} group by day(createdTime) select count()`,
      PAYMENTS,
      'America/New_York',
    );
    // 2025-02-01T00:00Z is still January 31st in New York.
    expect(rows.map((r) => r['day(createdTime)'])).toContain(at('2025-01-31T05:00:00Z'));
  });

  it('starts weeks on Monday, or on the day named', () => {
    // 2025-02-05 is a Wednesday.
    const rec = [pay({ id: 'a', amount: 1, time: '2025-02-05T12:00:00Z' })];
    expect(run(`${SINCE} group by week(createdTime) select count()`, rec)).toEqual([
      { 'week(createdTime)': at('2025-02-03'), 'count()': 1 },
    ]);
    expect(run(`${SINCE} group by week(createdTime, sunday) select count()`, rec)).toEqual([
      { 'week(createdTime,sunday)': at('2025-02-02'), 'count()': 1 },
    ]);
  });

  it('groups by hour and year, and a missing time is a null key', () => {
    const rec = [pay({ id: 'a', time: '2025-02-05T12:34:56Z' }), { id: 'b', amount: 1 }];
    expect(
      run(`${SINCE} group by hour(createdTime), year(createdTime) select count()`, rec),
    ).toEqual([
      {
        'hour(createdTime)': at('2025-02-05T12:00:00Z'),
        'year(createdTime)': at('2025-01-01'),
        'count()': 1,
      },
      { 'hour(createdTime)': null, 'year(createdTime)': null, 'count()': 1 },
    ]);
  });

  it('takes min and max of a time field', () => {
    expect(run(`${SINCE} select min(createdTime), max(createdTime)`, PAYMENTS)).toEqual([
      { 'min(createdTime)': at('2025-01-15T10:00:00Z'), 'max(createdTime)': at('2025-03-01') },
    ]);
  });

  it('tells 1 from "1" as group keys', () => {
    const rows = run(`${SINCE} group by tender.label select count()`, [
      { tender: { label: '1' } },
      { tender: { label: 1 } },
    ]);
    expect(rows).toHaveLength(2);
  });

  it('refuses a plan without aggregates', () => {
    expect(() => createAggregator(compile(`${SINCE} select id`, { now: NOW }))).toThrow(TypeError);
  });

  it('accepts the aggregate spec itself', () => {
    const p: Plan = compile(`${SINCE} select count()`, { now: NOW });
    const agg = createAggregator(p.aggregate!);
    agg.add({});
    expect(agg.result()).toEqual([{ 'count()': 1 }]);
  });
});

describe('projectRecord and rowColumns', () => {
  it('keeps exactly the selected fields, keyed as written or by alias', () => {
    const p = compile(
      'payments where createdTime >= 2025-01-01 select id, amount as a, tender.label',
      {
        now: NOW,
      },
    );
    expect(
      projectRecord(p.select!, { id: 'P', amount: 5, tender: { label: 'Cash' }, extra: 1 }),
    ).toEqual({
      id: 'P',
      a: 5,
      'tender.label': 'Cash',
    });
    expect(projectRecord(p.select!, { id: 'Q' })).toEqual({
      id: 'Q',
      a: null,
      'tender.label': null,
    });
    expect(rowColumns(p)).toEqual(['id', 'a', 'tender.label']);
  });

  it('reads a field from its catalogue path', () => {
    const p = compile('orders where createdTime >= 2025-01-01 select orderType', { now: NOW });
    expect(projectRecord(p.select!, { orderType: { id: 'T1' } })).toEqual({ orderType: 'T1' });
  });

  it('lists the columns of aggregate rows, and null for whole records', () => {
    const g = compile(`${SINCE} group by day(createdTime) select count() as n`, { now: NOW });
    expect(rowColumns(g)).toEqual(['day(createdTime)', 'n']);
    expect(rowColumns(compile(SINCE, { now: NOW }))).toBeNull();
  });
});
