import { mix32 } from '../random/hash.js';

const ROUNDS = 4;

function round(x: number, key: number): number {
  return mix32(key, x);
}

/**
 * A keyed bijection on 64-bit values (a 4-round Feistel network over two 32-bit halves). Record
 * `n` of a table gets id `permute(0, n)`: unique without a set, random-looking, and invertible,
 * so an id is looked up without any map from id strings to records.
 *
 * @example
 * const p = new IdPermutation(1234);
 * const [hi, lo] = p.forward(0, 7);
 * p.inverse(hi, lo); // [0, 7]
 */
export class IdPermutation {
  private readonly keys: readonly number[];

  constructor(key: number) {
    const keys: number[] = [];
    for (let i = 0; i < ROUNDS; i++) keys.push(mix32(key, i + 1));
    this.keys = keys;
  }

  /** The image of `(hi, lo)`. */
  forward(hi: number, lo: number): [number, number] {
    let l = hi >>> 0;
    let r = lo >>> 0;
    for (let i = 0; i < ROUNDS; i++) {
      const next = (l ^ round(r, this.keys[i] as number)) >>> 0;
      l = r;
      r = next;
    }
    return [l, r];
  }

  /** The preimage of `(hi, lo)`: `inverse(...forward(a, b))` is `[a, b]`. */
  inverse(hi: number, lo: number): [number, number] {
    let l = hi >>> 0;
    let r = lo >>> 0;
    for (let i = ROUNDS - 1; i >= 0; i--) {
      const prev = (r ^ round(l, this.keys[i] as number)) >>> 0;
      r = l;
      l = prev;
    }
    return [l, r];
  }
}
