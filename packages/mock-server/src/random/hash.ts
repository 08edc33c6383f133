/**
 * Small integer hashes for deriving seeds: every stream of randomness in the dataset is derived
 * from the user's seed and a label, so adding a merchant or a column never shifts another one.
 */

/** Mixes `x` into the 32-bit hash `h` (murmur3-style rounds); returns an unsigned 32-bit int. */
export function mix32(h: number, x: number): number {
  let k = Math.imul(x | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let r = (h ^ k) | 0;
  r = (r << 13) | (r >>> 19);
  r = (Math.imul(r, 5) + 0xe6546b64) | 0;
  return fmix32(r);
}

/** The murmur3 finaliser: a bijection on 32-bit integers with good avalanche. */
export function fmix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over the UTF-16 code units of `s`, finalised. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * A 32-bit seed derived from a numeric seed and labels.
 *
 * @example deriveSeed(42, 'MERCHANT00001', 'orders')
 */
export function deriveSeed(seed: number, ...labels: readonly string[]): number {
  // Seeds may be any safe integer: fold the high bits in too.
  let h = mix32(0x9e3779b9, seed >>> 0);
  h = mix32(h, Math.floor(seed / 2 ** 32) >>> 0);
  for (const label of labels) h = mix32(h, hashString(label));
  return h;
}
