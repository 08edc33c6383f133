/**
 * Clover's limits belong to the token, not to a run: 16 new requests per second and 5 in flight
 * per token, whoever sends them. So the process keeps one semaphore and one rate limiter per
 * (API base URL, token), shared by every run on that token — consecutive runs (a REPL, an
 * embedder running query after query) and concurrent ones alike. A run's own `concurrency` and
 * `rateLimit` are applied inside the shared pair: each of its requests waits until fewer than
 * the run's figure are in flight (or started in the last window) on the whole token. A run thus
 * never exceeds its own caps, and the token never exceeds the largest cap among its runs.
 *
 * The registry is keyed by the clock object first (a WeakMap), so runs on different virtual
 * clocks in tests never share, and by a hash of the token, so the raw token is not kept as a key.
 * Entries nobody holds, waits for or has started a request on within the window are dropped.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { RateLimiter } from './rate-limiter.js';
import { Semaphore } from './semaphore.js';

/** The limits one token shares across runs. */
export interface TokenLimits {
  /** Requests in flight on the token; each caller passes its run's `concurrency`. */
  readonly semaphore: Semaphore;
  /** Request starts on the token; each caller passes its run's `rateLimit`. */
  readonly limiter: RateLimiter;
}

const registry = new WeakMap<Clock, Map<string, TokenLimits>>();

/**
 * The shared limits of `token` at `baseUrl` on `clock`, created on first use.
 *
 * @example
 * const shared = tokenLimits({ baseUrl, token, clock: realClock, windowMs: 1025 });
 * const release = await shared.semaphore.acquire(signal, 5);
 */
export function tokenLimits(key: {
  readonly baseUrl: string;
  readonly token: string;
  readonly clock: Clock;
  /** Rate window of a new entry. */
  readonly windowMs: number;
}): TokenLimits {
  let byToken = registry.get(key.clock);
  if (!byToken) {
    byToken = new Map();
    registry.set(key.clock, byToken);
  }
  const id = tokenKeyOf(key.baseUrl, key.token);
  for (const [other, limits] of byToken) {
    if (other !== id && isIdle(limits)) byToken.delete(other);
  }
  let limits = byToken.get(id);
  if (!limits) {
    limits = {
      // Callers always pass their own limits; these defaults are never used.
      semaphore: new Semaphore(Number.POSITIVE_INFINITY),
      limiter: new RateLimiter({ limit: 0, windowMs: key.windowMs, clock: key.clock }),
    };
    byToken.set(id, limits);
  }
  return limits;
}

/**
 * The name of a token's limits: its base URL and a hash of the token, never the token itself.
 *
 * @example tokenKeyOf('https://api.clover.com', token) // 'https://api.clover.com 3q2+7w…'
 */
export function tokenKeyOf(baseUrl: string, token: string): string {
  return `${baseUrl} ${createHash('sha256').update(token).digest('base64url')}`;
}

/** How many tokens have shared limits on `clock` (for tests). */
export function tokenLimitsCount(clock: Clock): number {
  return registry.get(clock)?.size ?? 0;
}

function isIdle(limits: TokenLimits): boolean {
  return limits.semaphore.inUse === 0 && limits.semaphore.waiting === 0 && limits.limiter.idle;
}
