/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
 * Jitter"): the delay before retry `n` (0-based) is uniform in `[0, min(cap, base * 2^n))`, and
 * never shorter than what the server asked for with `Retry-After`.
 */

/** Backoff parameters. */
export interface BackoffPolicy {
  /** Base delay in ms (default 250). */
  readonly baseDelayMs: number;
  /** Upper bound of the exponential part in ms (default 30 000). */
  readonly maxDelayMs: number;
}

/**
 * The delay in ms before retry number `retry` (0 for the first retry).
 *
 * @example backoffDelay({ baseDelayMs: 250, maxDelayMs: 30_000 }, { retry: 2, random: () => 0.5 }) // 500
 */
export function backoffDelay(
  policy: BackoffPolicy,
  at: { readonly retry: number; readonly random: () => number; readonly retryAfterMs?: number },
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(at.retry, 52));
  const r = at.random();
  const jitter = Math.floor((Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0) * exp);
  return Math.max(jitter, at.retryAfterMs ?? 0);
}
