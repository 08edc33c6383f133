import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/catalogue.js';
import { IN_LIST_MAX } from '../limits/clover-limits.js';
import type { Literal } from '../predicate/normal-forms.js';
import { comparison, inList, isNull } from '../predicate/predicate.js';
import { renderFilter } from './pushdown.js';

const payments = (lit: Literal, timeField = 'createdTime') =>
  renderFilter(lit, { resource: CATALOGUE.payments, timeField });
const orders = (lit: Literal) =>
  renderFilter(lit, { resource: CATALOGUE.orders, timeField: 'createdTime' });

describe('renderFilter: the wire syntax', () => {
  it('writes comparisons as field, operator and value with no spaces', () => {
    expect(payments(comparison('amount', '>', 1000))).toBe('amount>1000');
    expect(payments(comparison('amount', '<=', -5))).toBe('amount<=-5');
    expect(payments(comparison('result', '!=', 'SUCCESS'))).toBe('result!=SUCCESS');
    expect(payments(comparison('offline', '=', false))).toBe('offline=false');
    expect(payments(comparison('employee.id', '=', 'E1'))).toBe('employee.id=E1');
    expect(orders(comparison('state', '=', 'open'))).toBe('state=open');
  });

  it('writes values verbatim after the operator', () => {
    expect(payments(comparison('externalPaymentId', '=', "a>b it's"))).toBe(
      "externalPaymentId=a>b it's",
    );
  });

  it('writes time comparisons on the plan time field in epoch ms', () => {
    expect(payments(comparison('createdTime', '>=', 1704067200000))).toBe(
      'createdTime>=1704067200000',
    );
    expect(payments(comparison('createdTime', '!=', 5))).toBe('createdTime!=5');
    expect(payments(comparison('modifiedTime', '<', 7), 'modifiedTime')).toBe('modifiedTime<7');
  });

  it('writes is null and is not null', () => {
    expect(payments(isNull('device.id'))).toBe('device.id IS NULL');
    expect(orders(isNull('state', true))).toBe('state IS NOT NULL');
  });

  it('writes in lists with quoted strings, doubled quotes and bare numbers', () => {
    expect(payments(inList('result', ['FAIL', 'VOIDED']))).toBe("result in ('FAIL','VOIDED')");
    expect(payments(inList('amount', [100, 200]))).toBe('amount in (100,200)');
    expect(payments(inList('employee.id', ["O'Brien"]))).toBe("employee.id in ('O''Brien')");
    expect(payments(inList('createdTime', [1, 2]))).toBe('createdTime in (1,2)');
  });

  it(`pushes in lists of up to ${IN_LIST_MAX} values`, () => {
    const values = Array.from({ length: IN_LIST_MAX }, (_, i) => i);
    expect(payments(inList('amount', values))).toBe(`amount in (${values.join(',')})`);
  });
});

describe('renderFilter: what stays client-side', () => {
  it('fields the server cannot filter', () => {
    expect(payments(comparison('tender.label', '=', 'Cash'))).toBeNull();
    expect(payments(isNull('voidReason'))).toBeNull();
    expect(payments(inList('order.id', ['A']))).toBeNull();
    expect(orders(comparison('currency', '=', 'USD'))).toBeNull();
  });

  it('not in lists, lists over the limit and in on booleans', () => {
    expect(payments(inList('result', ['FAIL'], true))).toBeNull();
    const values = Array.from({ length: IN_LIST_MAX + 1 }, (_, i) => i);
    expect(payments(inList('amount', values))).toBeNull();
    expect(payments(inList('offline', [true]))).toBeNull();
  });

  it('order comparisons on text and ids', () => {
    expect(payments(comparison('externalPaymentId', '>', 'a'))).toBeNull();
    expect(payments(comparison('employee.id', '<=', 'a'))).toBeNull();
    expect(orders(comparison('note', '>=', 'a'))).toBeNull();
  });

  it('comparisons and in lists on a time field other than the plan time field', () => {
    expect(payments(comparison('modifiedTime', '>=', 1))).toBeNull();
    expect(payments(comparison('createdTime', '>=', 1), 'modifiedTime')).toBeNull();
    expect(orders(comparison('deletedTime', '<', 1))).toBeNull();
    expect(payments(inList('clientCreatedTime', [1]))).toBeNull();
  });

  it('empty strings, strings with outer spaces and strings with line breaks', () => {
    expect(payments(comparison('externalPaymentId', '=', ''))).toBeNull();
    expect(payments(comparison('externalPaymentId', '=', ' x'))).toBeNull();
    expect(payments(comparison('externalPaymentId', '!=', 'x '))).toBeNull();
    expect(payments(comparison('externalPaymentId', '=', 'a\nb'))).toBeNull();
    expect(payments(comparison('externalPaymentId', '=', 'a\rb'))).toBeNull();
    expect(payments(inList('employee.id', ['ok', ' padded']))).toBeNull();
    expect(payments(inList('employee.id', ['']))).toBeNull();
  });

  it('spaces outside ASCII at either end, as trim() sees them', () => {
    expect(payments(comparison('externalPaymentId', '=', '\u00a0x'))).toBeNull();
    expect(payments(comparison('externalPaymentId', '=', 'x\u3000'))).toBeNull();
    expect(payments(comparison('externalPaymentId', '=', '\tx'))).toBeNull();
    expect(payments(comparison('externalPaymentId', '=', '\u00e9t\u00e9'))).toBe(
      'externalPaymentId=\u00e9t\u00e9',
    );
  });

  it('renders in lists as joining and quoting each value would', () => {
    // The list is joined as it goes, and quotes doubled only where there are some: compare with
    // the plain way of writing it.
    const plain = (values: string[]) =>
      values.some((v) => v.length === 0 || v.trim() !== v || /[\r\n]/.test(v))
        ? null
        : `employee.id in (${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')})`;
    const char = fc.constantFrom(
      'a',
      'Z',
      ' ',
      '\t',
      '\n',
      '\r',
      "'",
      '\u00a0',
      '\u2028',
      '\u00e9',
      ',',
    );
    const value = fc.array(char, { maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
        expect(payments(inList('employee.id', values))).toBe(plain(values));
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers that would print in exponent form', () => {
    expect(payments(comparison('amount', '>', 1e21))).toBeNull();
    expect(payments(inList('amount', [1, 1e21]))).toBeNull();
  });

  it('a boolean value on a field that is not boolean', () => {
    expect(payments(comparison('amount', '=', true))).toBeNull();
  });

  it('fields unknown to the catalogue', () => {
    expect(payments(comparison('nope', '=', 1))).toBeNull();
  });
});
