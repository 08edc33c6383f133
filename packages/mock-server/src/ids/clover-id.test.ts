import { describe, expect, it } from 'vitest';
import { Prng } from '../random/prng.js';
import { CLOVER_ID_ALPHABET, decodeCloverId, encodeCloverId } from './clover-id.js';
import { IdPermutation } from './id-permutation.js';

describe('Clover ids', () => {
  it('are 13 upper-case base-32 characters and round-trip through decode', () => {
    const rng = new Prng(1);
    for (let i = 0; i < 2000; i++) {
      const hi = rng.nextU32();
      const lo = rng.nextU32();
      const id = encodeCloverId(hi, lo);
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
      expect(decodeCloverId(id)).toEqual({ hi, lo });
    }
    expect(encodeCloverId(0, 0)).toBe('0000000000000');
    expect(encodeCloverId(0xffffffff, 0xffffffff)).toBe(`F${'Z'.repeat(12)}`);
  });

  it('sort as strings in the order of their 64-bit values', () => {
    const rng = new Prng(2);
    const pairs = Array.from({ length: 500 }, () => [rng.nextU32(), rng.nextU32()] as const);
    const byValue = [...pairs]
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([h, l]) => encodeCloverId(h, l));
    const byString = pairs.map(([h, l]) => encodeCloverId(h, l)).sort();
    expect(byString).toEqual(byValue);
  });

  it('reject anything that is not one', () => {
    expect(decodeCloverId('')).toBeNull();
    expect(decodeCloverId('000000000000')).toBeNull();
    expect(decodeCloverId('00000000000000')).toBeNull();
    expect(decodeCloverId('abcdefghjkmnp')).toBeNull();
    expect(decodeCloverId('0000000000I00')).toBeNull();
    expect(decodeCloverId('G000000000000')).toBeNull();
    expect(decodeCloverId('ÉÉÉÉÉÉÉÉÉÉÉÉÉ')).toBeNull();
    expect(CLOVER_ID_ALPHABET).toHaveLength(32);
  });
});

describe('IdPermutation', () => {
  it('is invertible and gives distinct ids to distinct slots', () => {
    const p = new IdPermutation(1234);
    const seen = new Set<string>();
    for (let slot = 0; slot < 20_000; slot++) {
      const [hi, lo] = p.forward(0, slot);
      expect(p.inverse(hi, lo)).toEqual([0, slot]);
      seen.add(encodeCloverId(hi, lo));
    }
    expect(seen.size).toBe(20_000);
  });

  it('depends on its key', () => {
    expect(new IdPermutation(1).forward(0, 5)).not.toEqual(new IdPermutation(2).forward(0, 5));
  });
});
