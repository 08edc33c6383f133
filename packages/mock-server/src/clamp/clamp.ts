import { CLAMP_MS, type TimeRange } from '@cloverql/dsl';

/**
 * Clover's 90-day clamp on one time field (the Clover docs page "Apply filters to API requests", "Example query results"), in ms as the
 * wire contract fixes it, against the virtual `now`:
 *
 * - no bound at all: `[now - 90d, now]` (the most recent 90 days);
 * - lower bound only: `[L, L + 90d)`, keeping the request's `>` or `>=` on `L`;
 * - an upper bound after `now` becomes `now` (inclusive): it counts from the current time;
 * - upper bound only: `[U - 90d, U]`, keeping the request's `<` or `<=` on `U`;
 * - both, `U - L > 90d`: `L` becomes `U - 90d` (inclusive), so the most recent 90 days remain.
 *   `U - L` compares the bound values alone: a closed `[a, a + 90d]` is not clamped.
 *
 * A pure function: the same range and `now` always give the same result.
 *
 * @example
 * const jan1 = Date.UTC(2024, 0, 1);
 * clampRange({ lower: null, upper: { value: jan1, inclusive: false } }, Date.UTC(2025, 0, 1));
 * // { lower: { value: Date.UTC(2023, 9, 3), inclusive: true }, upper: { value: jan1, inclusive: false } }
 */
export function clampRange(range: TimeRange, now: number): TimeRange {
  if (range.lower === null && range.upper === null) {
    return {
      lower: { value: now - CLAMP_MS, inclusive: true },
      upper: { value: now, inclusive: true },
    };
  }
  let { lower, upper } = range;
  if (upper === null && lower !== null) upper = { value: lower.value + CLAMP_MS, inclusive: false };
  if (upper !== null && upper.value > now) upper = { value: now, inclusive: true };
  if (upper !== null && (lower === null || upper.value - lower.value > CLAMP_MS)) {
    lower = { value: upper.value - CLAMP_MS, inclusive: true };
  }
  return { lower, upper };
}
