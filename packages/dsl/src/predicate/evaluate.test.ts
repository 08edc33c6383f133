import { describe, expect, it } from 'vitest';
import { compileMatcher, evaluate, type Truth } from './evaluate.js';
import { and, comparison, constant, inList, isNull, not, or, type Predicate } from './predicate.js';

/** `amount > 0` on a record whose amount makes it true, false or unknown. */
const AMOUNT_POSITIVE = comparison('amount', '>', 0);
const recordFor = (t: Truth) => ({ amount: t === null ? null : t ? 5 : -5 });
/** A record on which `a` has truth `x` and `b` has truth `y` (b reads tipAmount). */
const pairRecord = (x: Truth, y: Truth) => ({
  amount: recordFor(x).amount,
  tipAmount: y === null ? null : y ? 5 : -5,
});
const A = AMOUNT_POSITIVE;
const B = comparison('tipAmount', '>', 0);
const truths: Truth[] = [true, false, null];
const run = (p: Predicate, record: unknown) => compileMatcher(p, 'payments')(record);

describe('three-valued logic (Kleene)', () => {
  const kleeneAnd = (x: Truth, y: Truth): Truth =>
    x === false || y === false ? false : x === null || y === null ? null : true;
  const kleeneOr = (x: Truth, y: Truth): Truth =>
    x === true || y === true ? true : x === null || y === null ? null : false;

  it('a comparison is true, false, or unknown when the field is null or missing', () => {
    expect(run(A, { amount: 5 })).toBe(true);
    expect(run(A, { amount: -5 })).toBe(false);
    expect(run(A, { amount: null })).toBeNull();
    expect(run(A, {})).toBeNull();
  });

  for (const x of truths) {
    it(`not ${x} is ${x === null ? null : !x}`, () => {
      expect(run(not(A), recordFor(x))).toBe(x === null ? null : !x);
    });
    for (const y of truths) {
      it(`${x} and ${y} is ${kleeneAnd(x, y)}; ${x} or ${y} is ${kleeneOr(x, y)}`, () => {
        const r = pairRecord(x, y);
        expect(run(and([A, B]), r)).toBe(kleeneAnd(x, y));
        expect(run(or([A, B]), r)).toBe(kleeneOr(x, y));
        // The raw node forms, which the factories would not build for every input.
        expect(run({ kind: 'and', operands: [A, B] }, r)).toBe(kleeneAnd(x, y));
        expect(run({ kind: 'or', operands: [A, B] }, r)).toBe(kleeneOr(x, y));
      });
    }
  }

  it('an empty and is true and an empty or is false', () => {
    expect(run({ kind: 'and', operands: [] }, {})).toBe(true);
    expect(run({ kind: 'or', operands: [] }, {})).toBe(false);
  });

  it('constants ignore the record', () => {
    expect(run(constant(true), null)).toBe(true);
    expect(run(constant(false), 'anything')).toBe(false);
  });

  it('p, not p and p-field-is-null partition every record', () => {
    for (const amount of [5, -5, null, undefined]) {
      const r = amount === undefined ? {} : { amount };
      const parts = [run(A, r), run(not(A), r), run(isNull('amount'), r)];
      expect(parts.filter((t) => t === true)).toHaveLength(1);
    }
  });
});

describe('comparisons', () => {
  it('applies every operator to numbers', () => {
    const r = { amount: 5 };
    expect(run(comparison('amount', '=', 5), r)).toBe(true);
    expect(run(comparison('amount', '!=', 5), r)).toBe(false);
    expect(run(comparison('amount', '>', 5), r)).toBe(false);
    expect(run(comparison('amount', '>=', 5), r)).toBe(true);
    expect(run(comparison('amount', '<', 6), r)).toBe(true);
    expect(run(comparison('amount', '<=', 4), r)).toBe(false);
  });

  it('compares strings exactly, case included', () => {
    const r = { tender: { label: 'Cash' } };
    expect(run(comparison('tender.label', '=', 'Cash'), r)).toBe(true);
    expect(run(comparison('tender.label', '=', 'cash'), r)).toBe(false);
    expect(run(comparison('tender.label', '>', 'C'), r)).toBe(true);
  });

  it('compares enum values case-insensitively, as Clover does', () => {
    expect(run(comparison('result', '=', 'SUCCESS'), { result: 'success' })).toBe(true);
    expect(run(comparison('result', '!=', 'SUCCESS'), { result: 'Success' })).toBe(false);
    expect(evaluate(comparison('state', '=', 'paid'), { state: 'PAID' }, 'orders')).toBe(true);
  });

  it('compares booleans', () => {
    expect(run(comparison('offline', '=', true), { offline: true })).toBe(true);
    expect(run(comparison('offline', '!=', true), { offline: false })).toBe(true);
  });

  it('is unknown when the record holds a value of another type', () => {
    expect(run(comparison('amount', '>', 0), { amount: '10' })).toBeNull();
    expect(run(comparison('amount', '!=', 0), { amount: true })).toBeNull();
    expect(run(comparison('tender.label', '=', 'x'), { tender: { label: 5 } })).toBeNull();
  });

  it('treats objects and arrays as no value', () => {
    expect(run(comparison('amount', '=', 0), { amount: { value: 0 } })).toBeNull();
    expect(run(isNull('amount'), { amount: [1] })).toBe(true);
  });
});

describe('field paths', () => {
  it('reads dotted paths and treats a missing step as null', () => {
    const p = comparison('employee.id', '=', 'E1');
    expect(run(p, { employee: { id: 'E1' } })).toBe(true);
    expect(run(p, { employee: null })).toBeNull();
    expect(run(p, { employee: {} })).toBeNull();
    expect(run(p, {})).toBeNull();
    expect(run(p, null)).toBeNull();
    expect(run(p, 'not a record')).toBeNull();
  });

  it("reads orders' orderType from orderType.id, as the catalogue's path says", () => {
    const p = comparison('orderType', '=', 'T1');
    expect(evaluate(p, { orderType: { id: 'T1' } }, 'orders')).toBe(true);
    expect(evaluate(p, { orderType: 'T1' }, 'orders')).toBeNull();
    expect(evaluate(isNull('orderType'), { orderType: null }, 'orders')).toBe(true);
  });

  it('does not read inherited properties', () => {
    expect(run(isNull('constructor'), {})).toBe(true);
    expect(run(comparison('toString', '=', 'x'), {})).toBeNull();
  });
});

describe('is null', () => {
  it('is never unknown', () => {
    expect(run(isNull('cashTendered'), { cashTendered: null })).toBe(true);
    expect(run(isNull('cashTendered'), {})).toBe(true);
    expect(run(isNull('cashTendered'), { cashTendered: 0 })).toBe(false);
    expect(run(isNull('cashTendered', true), { cashTendered: 0 })).toBe(true);
    expect(run(isNull('cashTendered', true), {})).toBe(false);
  });
});

describe('in lists', () => {
  it('tests membership, negated or not, and is unknown on null', () => {
    const p = inList('amount', [1, 2]);
    expect(run(p, { amount: 2 })).toBe(true);
    expect(run(p, { amount: 3 })).toBe(false);
    expect(run(p, { amount: null })).toBeNull();
    const q = inList('amount', [1, 2], true);
    expect(run(q, { amount: 2 })).toBe(false);
    expect(run(q, { amount: 3 })).toBe(true);
    expect(run(q, {})).toBeNull();
  });

  it('folds enum case in both the list and the record', () => {
    expect(run(inList('result', ['FAIL', 'VOIDED']), { result: 'voided' })).toBe(true);
    expect(evaluate(inList('state', ['open']), { state: 'OPEN' }, 'orders')).toBe(true);
  });

  it('is unknown when the record holds a value of another type, like a comparison', () => {
    expect(run(inList('amount', [10]), { amount: '10' })).toBeNull();
    expect(run(inList('amount', [10], true), { amount: '10' })).toBeNull();
    expect(run(comparison('amount', '!=', 10), { amount: '10' })).toBeNull();
  });
});

describe('compileMatcher and evaluate', () => {
  it('agree, and a compiled matcher can be reused', () => {
    const p = or([and([A, not(B)]), isNull('result')]);
    const m = compileMatcher(p, 'payments');
    for (const r of [
      { amount: 5, tipAmount: -1 },
      { result: 'X' },
      {},
      { amount: -1, result: 'Y' },
    ]) {
      expect(m(r)).toBe(evaluate(p, r, 'payments'));
    }
  });

  it('reads fields unknown to the catalogue by their name', () => {
    expect(run(comparison('custom.field', '=', 1), { custom: { field: 1 } })).toBe(true);
  });
});
