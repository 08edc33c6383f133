import { mix32 } from './hash.js';

/**
 * A fast seeded pseudo-random generator (sfc32, seeded through a hash) for bulk data: a million
 * records need tens of millions of draws, which faker's Mersenne Twister is too slow for. Same
 * seed, same sequence, on every platform (only 32-bit integer arithmetic).
 *
 * @example
 * const rng = new Prng(42);
 * rng.int(1, 6); // a die roll
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = mix32(0x6a09e667, seed);
    this.b = mix32(0xbb67ae85, seed);
    this.c = mix32(0x3c6ef372, seed);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** The next unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in `[0, 1)`. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in `[min, max]` (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: ArrayLike<T>): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An exponentially distributed value with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}
