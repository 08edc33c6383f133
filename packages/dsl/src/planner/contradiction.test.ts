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
});
