import { HOUR_MS } from '@cloverql/dsl';
import type { Prng } from '../random/prng.js';

/** Relative trade by UTC hour: quiet nights, a lunch peak and an evening peak. */
const HOUR_WEIGHTS = [
  0.05, 0.04, 0.03, 0.03, 0.03, 0.05, 0.12, 0.25, 0.4, 0.5, 0.65, 0.85, 1, 0.95, 0.7, 0.6, 0.7,
  0.85, 0.95, 0.9, 0.7, 0.45, 0.25, 0.1,
];

/** A time range and how many instants to draw from it. */
export interface TimeDraw {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * `count` integer instants in `[from, to]`, ascending, weighted by hour of day (rejection
 * sampling, so the range bounds are exact).
 *
 * @example sampleSortedTimes(rng, { from, to, count: 1000 })
 */
export function sampleSortedTimes(rng: Prng, draw: TimeDraw): Float64Array {
  const { from, to, count } = draw;
  const span = to - from + 1;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let t = from;
    for (let tries = 0; tries < 64; tries++) {
      t = from + Math.floor(rng.next() * span);
      const hour = Math.floor((((t % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS);
      if (rng.next() < (HOUR_WEIGHTS[hour] as number)) break;
    }
    out[i] = t;
  }
  return out.sort();
}
