import { describe, expect, it } from 'vitest';
import { FILTER_LENGTH_MAX, parseFilter } from './parse-filter.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'no error';
};

describe('parseFilter (wire contract: filter= syntax)', () => {
  it('splits field op value with the longest operator and the value verbatim', () => {
    expect(parseFilter('total>1000')).toMatchObject({ field: 'total', op: '>', value: '1000' });
    expect(parseFilter('createdTime>=1704067200000')).toMatchObject({
      op: '>=',
      value: '1704067200000',
    });
    expect(parseFilter('payType!=FULL')).toMatchObject({
      field: 'payType',
      op: '!=',
      value: 'FULL',
    });
    expect(parseFilter('total<=5')).toMatchObject({ op: '<=' });
    expect(parseFilter('total<5')).toMatchObject({ op: '<' });
    expect(parseFilter('note=a>b')).toMatchObject({ field: 'note', op: '=', value: 'a>b' });
    expect(parseFilter('employee.id=ABC')).toMatchObject({ field: 'employee.id', value: 'ABC' });
    expect(parseFilter('note=')).toMatchObject({ field: 'note', op: '=', value: '' });
    expect(parseFilter('total >= 5')).toMatchObject({ field: 'total', op: '>=', value: ' 5' });
  });

  it('reads in-lists with quoted strings, doubled quotes and bare numbers', () => {
    expect(parseFilter("id in ('A1','B2')")).toMatchObject({
      kind: 'in',
      field: 'id',
      items: [
        { text: 'A1', quoted: true },
        { text: 'B2', quoted: true },
      ],
    });
    expect(parseFilter("note IN ( 'it''s' , 'a,b' )")).toMatchObject({
      items: [
        { text: "it's", quoted: true },
        { text: 'a,b', quoted: true },
      ],
    });
    expect(parseFilter('total in (100,200)')).toMatchObject({
      items: [
        { text: '100', quoted: false },
        { text: '200', quoted: false },
      ],
    });
  });

  it('reads IS NULL and IS NOT NULL, also in the spelling Clover writes in href', () => {
    expect(parseFilter('state IS NOT NULL')).toMatchObject({
      kind: 'isNull',
      field: 'state',
      negated: true,
    });
    expect(parseFilter('stateIS NOT NULL')).toMatchObject({
      kind: 'isNull',
      field: 'state',
      negated: true,
    });
    expect(parseFilter('note is null')).toMatchObject({
      kind: 'isNull',
      field: 'note',
      negated: false,
    });
    expect(parseFilter('isVatIS NULL')).toMatchObject({ kind: 'isNull', field: 'isVat' });
    expect(parseFilter('note=IS NULL')).toMatchObject({ kind: 'comparison', value: 'IS NULL' });
  });

  it('rejects text without a field or an operator', () => {
    expect(code(() => parseFilter(''))).toBe('BAD_FILTER_OPERATOR');
    expect(code(() => parseFilter('total'))).toBe('BAD_FILTER_OPERATOR');
    expect(code(() => parseFilter('=5'))).toBe('BAD_FILTER_OPERATOR');
    expect(code(() => parseFilter('total~5'))).toBe('BAD_FILTER_OPERATOR');
    expect(code(() => parseFilter("id in ('A"))).toBe('BAD_FILTER_OPERATOR');
    expect(code(() => parseFilter("id in ('A' 'B')"))).toBe('BAD_FILTER_OPERATOR');
    expect(code(() => parseFilter('id in (1,,2)'))).toBe('BAD_FILTER_OPERATOR');
  });

  it('rejects an in-list of more than 100 values', () => {
    const values = Array.from({ length: 101 }, (_, i) => `'V${i}'`).join(',');
    expect(code(() => parseFilter(`id in (${values})`))).toBe('BAD_FILTER_VALUE');
    expect(parseFilter(`id in (${values.split(',').slice(0, 100).join(',')})`).kind).toBe('in');
  });

  it('names the filter in its error, shortened', () => {
    expect(() => parseFilter(`x${'y'.repeat(500)}`)).toThrow(/Invalid filter "xy+…"/);
  });

  it(`rejects a value longer than ${FILTER_LENGTH_MAX} characters, and takes one that long`, () => {
    const longest = `note=${'x'.repeat(FILTER_LENGTH_MAX - 5)}`;
    expect(parseFilter(longest)).toMatchObject({ field: 'note', op: '=' });
    expect(code(() => parseFilter(`${longest}x`))).toBe('BAD_FILTER_VALUE');
    expect(() => parseFilter(' '.repeat(FILTER_LENGTH_MAX + 1))).toThrow(
      `longer than ${FILTER_LENGTH_MAX} characters`,
    );
  });

  it('takes time linear in the length, even on long runs of whitespace', () => {
    // Inputs that made the old regex parser quadratic (a `+` in a URL is a space). Time for 8n
    // against n, best of several interleaved runs: linear is ~8x, quadratic ~64x. The bound is
    // generous and a fast absolute time always passes, so a loaded machine cannot fail it.
    const shapes = (n: number) => [
      ' '.repeat(n),
      `total${' '.repeat(n)}`,
      `total${' '.repeat(n)}x`,
      `total${' '.repeat(n)}IS`,
      `id in (${' '.repeat(n)}`,
      `id in ('${' '.repeat(n)}`,
      `note${' '.repeat(n)}NOT NULL`,
    ];
    const small = shapes(FILTER_LENGTH_MAX / 8 - 20);
    const large = shapes(FILTER_LENGTH_MAX - 20);
    const time = (inputs: readonly string[]) => {
      const start = performance.now();
      for (let rep = 0; rep < 10; rep++) for (const s of inputs) code(() => parseFilter(s));
      return performance.now() - start;
    };
    let bestSmall = Number.POSITIVE_INFINITY;
    let bestLarge = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 5; run++) {
      bestSmall = Math.min(bestSmall, time(small));
      bestLarge = Math.min(bestLarge, time(large));
    }
    expect(bestLarge).toBeLessThan(Math.max(30 * bestSmall, 25));
  });
});
