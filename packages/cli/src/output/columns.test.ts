import { compile } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { filterFields, outputColumns } from './columns.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const kinds = (q: string, chosen?: string[]) =>
  outputColumns(compile(q, { now: NOW }), chosen)?.map((c) => [c.name, c.kind]) ?? null;

describe('outputColumns', () => {
  it('gives group rows their kinds: bucket dates, field types, counts, money aggregates', () => {
    expect(
      kinds(
        'payments where createdTime >= today group by day(createdTime), tender.label select count(), sum(amount), avg(amount) as a',
      ),
    ).toEqual([
      ['day(createdTime)', 'date'],
      ['tender.label', 'plain'],
      ['count()', 'count'],
      ['sum(amount)', 'money'],
      ['a', 'money'],
    ]);
  });

  it('gives a select list its fields’ kinds, and reads rows by name', () => {
    const cols = outputColumns(
      compile('payments where createdTime >= today select id, amount, createdTime, tender.label', {
        now: NOW,
      }),
    )!;
    expect(cols.map((c) => c.kind)).toEqual(['plain', 'money', 'time', 'plain']);
    expect(cols[3]!.read({ 'tender.label': 'Cash' })).toBe('Cash');
  });

  it('uses chosen columns for raw records only, reading dotted paths', () => {
    expect(kinds('payments where createdTime >= today')).toBeNull();
    const cols = outputColumns(compile('payments where createdTime >= today', { now: NOW }), [
      'id',
      'tender.label',
    ])!;
    expect(cols[1]!.read({ id: 'P', tender: { label: 'Cash' } })).toBe('Cash');
    expect(kinds('payments where createdTime >= today select id', ['amount'])).toEqual([
      ['id', 'plain'],
    ]);
  });
});

describe('filterFields', () => {
  const fields = (q: string) => filterFields(compile(q, { now: NOW }));
  it('lists the time field, then server-filtered and client-side fields, once each', () => {
    expect(fields('payments where createdTime >= today and tipAmount > 500')).toEqual([
      'createdTime',
      'tipAmount',
    ]);
    expect(
      fields('payments where createdTime >= today and (result = "FAIL" or not amount < 100)'),
    ).toEqual(['createdTime', 'result', 'amount']);
  });
  it('names deletedTime for a query on deleted orders', () => {
    expect(fields('orders where deletedTime >= today - 7d')).toContain('deletedTime');
  });
});
