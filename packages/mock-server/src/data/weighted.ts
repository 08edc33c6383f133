import type { Prng } from '../random/prng.js';

/**
 * A picker of indexes in proportion to `weights`.
 *
 * @example const pick = weightedPicker([3, 1]); pick(rng) // 0 three times as often as 1
 */
export function weightedPicker(weights: readonly number[]): (rng: Prng) => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    cumulative.push(sum);
  }
  return (rng) => {
    const x = rng.next() * sum;
    for (let i = 0; i < cumulative.length; i++) if (x < (cumulative[i] as number)) return i;
    return cumulative.length - 1;
  };
}
