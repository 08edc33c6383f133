import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyValue } from './literals.js';

/** A money token's text, decoded the way moneyValue did with slices and Number(). */
function centsBySlicing(image: string): number {
  const dot = image.indexOf('.');
  const dollars = dot < 0 ? image.slice(1) : image.slice(1, dot);
  const frac = dot < 0 ? '' : image.slice(dot + 1);
  return Number(dollars) * 100 + Number(frac.padEnd(2, '0'));
}

function cents(image: string, sign = false): number {
  const minus = sign ? { image: '-', startOffset: 0 } : undefined;
  const v = moneyValue(minus, { image, startOffset: sign ? 1 : 0 });
  if (v.kind !== 'money') throw new Error(`not money: ${v.kind}`);
  return v.cents;
}

describe('moneyValue', () => {
  it('reads dollars and one or two decimals as whole cents', () => {
    expect(cents('$0')).toBe(0);
    expect(cents('$12')).toBe(1200);
    expect(cents('$12.5')).toBe(1250);
    expect(cents('$12.05')).toBe(1205);
    expect(cents('$0.99')).toBe(99);
    expect(cents('$007.1')).toBe(710);
    expect(cents('$12.5', true)).toBe(-1250);
  });

  it('gives what slicing and Number() give, for up to 30 digits of dollars', () => {
    // Lengths drawn evenly, so the long amounts (16 digits and more) are as common as short ones.
    const digits = (max: number) =>
      fc
        .integer({ min: 1, max })
        .chain((n) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }))
        .map((d) => d.join(''));
    fc.assert(
      fc.property(digits(30), fc.option(digits(2), { nil: undefined }), (d, f) => {
        const image = f === undefined ? `$${d}` : `$${d}.${f}`;
        expect(cents(image)).toBe(centsBySlicing(image));
      }),
      { numRuns: 5000 },
    );
  });
});
