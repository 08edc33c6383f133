/**
 * Clover ids: 13 upper-case characters of Crockford's base 32 (e.g. `8WAD6KV8D90KR`). The mock
 * packs an id into 64 bits (4 in the first character, 5 in each of the other 12), so a column of
 * ids is two `Uint32Array`s, and string order equals numeric order of `(hi, lo)`.
 */

/** Crockford's base-32 alphabet, in ASCII order. */
export const CLOVER_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < CLOVER_ID_ALPHABET.length; i++) DIGIT[CLOVER_ID_ALPHABET.charCodeAt(i)] = i;

/** Length of every Clover id. */
export const CLOVER_ID_LENGTH = 13;

/**
 * Encodes a 64-bit value, given as two unsigned 32-bit halves, as a 13-character id.
 *
 * @example encodeCloverId(0, 0) // '0000000000000'
 */
export function encodeCloverId(hi: number, lo: number): string {
  const first = hi >>> 28;
  // The remaining 60 bits as two 30-bit halves, six characters each.
  const a = (((hi & 0x0fffffff) << 2) | (lo >>> 30)) >>> 0;
  const b = lo & 0x3fffffff;
  let s = CLOVER_ID_ALPHABET[first] as string;
  for (let shift = 25; shift >= 0; shift -= 5) s += CLOVER_ID_ALPHABET[(a >>> shift) & 31];
  for (let shift = 25; shift >= 0; shift -= 5) s += CLOVER_ID_ALPHABET[(b >>> shift) & 31];
  return s;
}

/**
 * Decodes an id produced by {@link encodeCloverId}; null for anything that is not one (wrong
 * length, a character outside the alphabet, lower case, a first character beyond `F`).
 */
export function decodeCloverId(id: string): { hi: number; lo: number } | null {
  if (id.length !== CLOVER_ID_LENGTH) return null;
  const digits: number[] = [];
  for (let i = 0; i < CLOVER_ID_LENGTH; i++) {
    const c = id.charCodeAt(i);
    const d = c < 128 ? (DIGIT[c] as number) : -1;
    if (d < 0) return null;
    digits.push(d);
  }
  const first = digits[0] as number;
  if (first > 15) return null;
  let a = 0;
  let b = 0;
  for (let i = 1; i <= 6; i++) a = a * 32 + (digits[i] as number);
  for (let i = 7; i <= 12; i++) b = b * 32 + (digits[i] as number);
  const hi = ((first << 28) | (a >>> 2)) >>> 0;
  const lo = (((a & 3) << 30) | b) >>> 0;
  return { hi, lo };
}
