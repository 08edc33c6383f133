import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, type ResourceSpec } from '../catalogue/catalogue.js';
import type { Literal } from '../predicate/normal-forms.js';
import { comparison, inList, isNull } from '../predicate/predicate.js';
import { isUnsatisfiable } from './contradiction.js';

const unsat = (...lits: Literal[]) => isUnsatisfiable(lits, CATALOGUE.payments);

describe('isUnsatisfiable', () => {
  it('finds empty numeric ranges', () => {
    expect(unsat(comparison('amount', '>', 5), comparison('amount', '<', 3))).toBe(true);
    expect(unsat(comparison('amount', '>=', 5), comparison('amount', '<=', 5))).toBe(false);
    expect(unsat(comparison('amount', '>', 5), comparison('amount', '<=', 5))).toBe(true);
    expect(unsat(comparison('amount', '=', 3), comparison('amount', '>', 5))).toBe(true);
  });

  it('knows that cents and milliseconds are whole numbers', () => {
    expect(unsat(comparison('amount', '>', 5), comparison('amount', '<', 6))).toBe(true);
    expect(unsat(comparison('amount', '>', 5), comparison('amount', '<', 7))).toBe(false);
    expect(unsat(comparison('createdTime', '>=', 10), comparison('createdTime', '<', 10))).toBe(
      true,
    );
  });

  it('does not assume whole numbers for plain number fields', () => {
    const spec: ResourceSpec = {
      ...CATALOGUE.payments,
      fields: [{ name: 'rate', type: 'number', filterable: true, nullable: false, doc: '' }],
    };
    const lits = [comparison('rate', '>', 5), comparison('rate', '<', 6)];
    expect(isUnsatisfiable(lits, spec)).toBe(false);
    expect(isUnsatisfiable([comparison('rate', '>', 5), comparison('rate', '<', 5)], spec)).toBe(
      true,
    );
  });

  it('finds two different equalities and an equality with its negation', () => {
    expect(unsat(comparison('result', '=', 'FAIL'), comparison('result', '=', 'AUTH'))).toBe(true);
    expect(unsat(comparison('result', '=', 'FAIL'), comparison('result', '=', 'FAIL'))).toBe(false);
    expect(unsat(comparison('result', '=', 'FAIL'), comparison('result', '!=', 'FAIL'))).toBe(true);
    expect(unsat(comparison('result', '!=', 'FAIL'), comparison('result', '!=', 'AUTH'))).toBe(
      false,
    );
  });

  it('finds null checks that contradict each other or a comparison', () => {
    expect(unsat(isNull('device.id'), isNull('device.id', true))).toBe(true);
    expect(unsat(isNull('device.id'), comparison('device.id', '=', 'D'))).toBe(true);
    expect(unsat(isNull('device.id'), comparison('device.id', '!=', 'D'))).toBe(true);
    // Under three-valued logic even `not in` is unknown on null.
    expect(unsat(isNull('device.id'), inList('device.id', ['D'], true))).toBe(true);
    expect(unsat(isNull('device.id'), isNull('tender.id'))).toBe(false);
    expect(unsat(isNull('device.id', true), comparison('device.id', '=', 'D'))).toBe(false);
  });

  it('finds an empty in list', () => {
    expect(unsat(inList('amount', []))).toBe(true);
    expect(unsat(inList('amount', [], true))).toBe(false);
  });

  it('keeps fields apart and is false for the empty conjunction', () => {
    expect(unsat(comparison('amount', '>', 5), comparison('tipAmount', '<', 3))).toBe(false);
    expect(unsat()).toBe(false);
  });

  it('finds `=` a fraction on a whole-number field, which no record satisfies', () => {
    expect(unsat(comparison('amount', '=', 2.5))).toBe(true);
    expect(unsat(comparison('amount', '=', 2))).toBe(false);
    expect(unsat(comparison('amount', '>', 2.5))).toBe(false);
  });

  it('answers the same for a short conjunction as with facts kept for every field', () => {
    // Short conjunctions keep facts only for fields named twice; past 32 literals every field
    // gets facts. Padding with 33 satisfiable literals on fields of their own takes the long
    // path without changing the answer.
    const pad = Array.from({ length: 33 }, (_, i) => comparison(`pad${i}`, '>', 0));
    const field = fc.constantFrom('amount', 'createdTime', 'result', 'device.id', 'tipAmount');
    const literal: fc.Arbitrary<Literal> = fc.oneof(
      fc
        .tuple(
          field,
          fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const),
          fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(2.5, 'FAIL', 'AUTH')),
        )
        .map(([f, op, v]) => comparison(f, op, v)),
      fc.tuple(field, fc.boolean()).map(([f, neg]) => isNull(f, neg)),
      fc
        .tuple(field, fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }), fc.boolean())
        .map(([f, vs, neg]) => inList(f, vs, neg)),
    );
    fc.assert(
      fc.property(fc.array(literal, { maxLength: 6 }), (lits) => {
        expect(unsat(...lits)).toBe(unsat(...lits, ...pad));
      }),
      { numRuns: 2000 },
    );
  });
});
