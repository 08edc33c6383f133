import { describe, expect, it } from 'vitest';
import { deriveSeed, hashString } from './hash.js';
import { Prng } from './prng.js';

describe('Prng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const sa = Array.from({ length: 50 }, () => a.nextU32());
    expect(Array.from({ length: 50 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.nextU32())).not.toEqual(sa);
  });

  it('draws integers within inclusive bounds and floats in [0, 1)', () => {
    const rng = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const n = rng.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
      const f = rng.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('derives different seeds for different labels and large seeds', () => {
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(2 ** 40, 'a')).not.toBe(deriveSeed(2 ** 40 + 2 ** 33, 'a'));
    expect(deriveSeed(5, 'x', 'y')).toBe(deriveSeed(5, 'x', 'y'));
    expect(hashString('orders')).not.toBe(hashString('payments'));
  });
});
