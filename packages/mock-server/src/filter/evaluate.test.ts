import { describe, expect, it } from 'vitest';
import { compareValue } from './evaluate.js';

describe('compareValue', () => {
  it('compares numbers and strings', () => {
    expect(compareValue(5, '>', 4)).toBe(true);
    expect(compareValue(5, '>=', 5)).toBe(true);
    expect(compareValue(5, '<', 5)).toBe(false);
    expect(compareValue(5, '<=', 5)).toBe(true);
    expect(compareValue('paid', '=', 'paid')).toBe(true);
    expect(compareValue('paid', '!=', 'open')).toBe(true);
    expect(compareValue('b', '>', 'a')).toBe(true);
  });

  it('is false for a null value whatever the operator, including !=', () => {
    for (const op of ['=', '!=', '>', '>=', '<', '<='] as const) {
      expect(compareValue(null, op, 'FULL')).toBe(false);
    }
  });
});
