import { describe, expect, it } from 'vitest';
import { TimeIndex } from './time-index.js';

const keys = Float64Array.of(30, 10, 20, 20, 40, 10);
// Ids decide ties: position 3 has the smaller id of the two 20s, 5 the smaller of the two 10s.
const ids = { idHi: Uint32Array.of(0, 9, 5, 1, 0, 2), idLo: new Uint32Array(6) };

describe('TimeIndex', () => {
  const index = TimeIndex.build(keys, ids);
  const ranks = (r: { start: number; end: number }) =>
    Array.from({ length: r.end - r.start }, (_, i) => index.at(r.start + i));

  it('orders positions by time, then id', () => {
    expect(ranks({ start: 0, end: 6 })).toEqual([5, 1, 3, 2, 0, 4]);
  });

  it('answers inclusive and exclusive bounds by binary search', () => {
    const incl = (value: number) => ({ value, inclusive: true });
    const excl = (value: number) => ({ value, inclusive: false });
    expect(ranks(index.range(incl(20), incl(30)))).toEqual([3, 2, 0]);
    expect(ranks(index.range(excl(20), incl(30)))).toEqual([0]);
    expect(ranks(index.range(incl(20), excl(30)))).toEqual([3, 2]);
    expect(ranks(index.range(null, excl(20)))).toEqual([5, 1]);
    expect(ranks(index.range(excl(40), null))).toEqual([]);
    expect(ranks(index.range(incl(35), incl(15)))).toEqual([]);
    expect(index.range(null, null)).toEqual({ start: 0, end: 6 });
  });

  it('uses positions as ranks when the table is stored in the index order', () => {
    const identity = new TimeIndex(Float64Array.of(1, 2, 2, 3), null);
    expect(identity.isIdentity).toBe(true);
    expect(identity.range({ value: 2, inclusive: true }, { value: 2, inclusive: true })).toEqual({
      start: 1,
      end: 3,
    });
    expect(identity.at(3)).toBe(3);
  });
});
