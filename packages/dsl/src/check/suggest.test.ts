import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuMs } from '../testing/test-cpu-time.js';
import { editDistance, suggest } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('amout', 'amount')).toBe(1);
    expect(editDistance('amountt', 'amount')).toBe(1);
    expect(editDistance('amoumt', 'amount')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('stops early once the distance exceeds the maximum, returning more than the maximum', () => {
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('abc', 'abd', 2)).toBe(1);
  });

  it('is a metric: symmetric, zero only on equal strings, and bounded by the longer length', () => {
    const word = fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'b', 'c') });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        const bounded = editDistance(a, b, 2);
        if (d <= 2) expect(bounded).toBe(d);
        else expect(bounded).toBeGreaterThan(2);
      }),
      { numRuns: 200 },
    );
  });
});

describe('suggest', () => {
  const fields = ['createdTime', 'amount', 'result', 'tender.label', 'tender.id', 'employee.id'];

  it('prefers a case-insensitive exact match', () => {
    expect(suggest('CREATEDTIME', fields)).toBe('createdTime');
  });

  it('matches the last segment of a dotted name when only one candidate has it', () => {
    expect(suggest('label', fields)).toBe('tender.label');
    // `id` ends two candidates: no suffix match, and too short for an edit-distance guess.
    expect(suggest('id', fields)).toBeUndefined();
  });

  it('allows about a third of the word in edits, at least one and at most three', () => {
    expect(suggest('amout', fields)).toBe('amount');
    expect(suggest('reslt', fields)).toBe('result');
    expect(suggest('xmount', fields)).toBe('amount');
    expect(suggest('xxount', fields)).toBe('amount');
    expect(suggest('xxxunt', fields)).toBeUndefined();
    expect(suggest('createdTimeXYZ', fields)).toBe('createdTime');
    expect(suggest('createdTimeWXYZ', fields)).toBeUndefined();
  });

  it('picks the closest candidate, the first one on ties', () => {
    expect(suggest('abd', ['abc', 'abd'])).toBe('abd');
    expect(suggest('abx', ['abc', 'abd'])).toBe('abc');
  });

  it('returns undefined for no candidates and far-off words', () => {
    expect(suggest('x', [])).toBeUndefined();
    expect(suggest('customers', ['orders', 'payments', 'refunds'])).toBeUndefined();
  });

  it('suggests the plural for a singular resource name', () => {
    expect(suggest('payment', ['orders', 'payments', 'refunds'])).toBe('payments');
    expect(suggest('order', ['orders', 'payments', 'refunds'])).toBe('orders');
  });

  it('handles very long words quickly', () => {
    const t0 = cpuMs();
    expect(suggest('a'.repeat(100_000), fields)).toBeUndefined();
    expect(cpuMs() - t0).toBeLessThan(500);
  });
});
