import type { Clock } from '../clock/clock.js';
import { TokenBucket } from './token-bucket.js';

/** Clover's four limits; 0 switches one off. */
export interface RateLimitConfig {
  readonly tokenPerSecond: number;
  readonly appPerSecond: number;
  readonly tokenConcurrent: number;
  readonly appConcurrent: number;
}

/**
 * Which limit refused a request, named as in Clover's `X-RateLimit-*` headers ("API usage and
 * rate limits").
 */
export type RateLimitName =
  | 'tokenLimit'
  | 'crossTokenLimit'
  | 'tokenConcurrentLimit'
  | 'crossTokenConcurrentLimit';

/** The limiter's answer to one request. */
export type Admission =
  | { readonly ok: true; readonly release: () => void }
  | {
      readonly ok: false;
      readonly limit: RateLimitName;
      /** The configured value of the limit that was hit. */
      readonly value: number;
      /** Seconds to wait; set for the concurrency limits only, as Clover does. */
      readonly retryAfterSeconds: number | null;
    };

/**
 * Clover's rate limits on a real monotonic clock: new requests per second per token and per app
 * (token buckets), and requests in flight per token and per app. All tokens of one mock are one
 * app. A refused request consumes nothing.
 *
 * @example
 * const a = limiter.admit('token');
 * if (a.ok) { try { ... } finally { a.release(); } }
 */
export class RateLimiter {
  private readonly config: RateLimitConfig;
  private readonly clock: Clock;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly inFlight = new Map<string, number>();
  private appBucket: TokenBucket | null;
  private appInFlight = 0;

  constructor(config: RateLimitConfig, clock: Clock) {
    this.config = config;
    this.clock = clock;
    this.appBucket =
      config.appPerSecond > 0 ? new TokenBucket(config.appPerSecond, clock.now()) : null;
  }

  /** Admits a request of `token` or says which limit refuses it. */
  admit(token: string): Admission {
    const c = this.config;
    const now = this.clock.now();
    const flying = this.inFlight.get(token) ?? 0;
    if (c.tokenConcurrent > 0 && flying >= c.tokenConcurrent) {
      return {
        ok: false,
        limit: 'tokenConcurrentLimit',
        value: c.tokenConcurrent,
        retryAfterSeconds: 1,
      };
    }
    if (c.appConcurrent > 0 && this.appInFlight >= c.appConcurrent) {
      return {
        ok: false,
        limit: 'crossTokenConcurrentLimit',
        value: c.appConcurrent,
        retryAfterSeconds: 1,
      };
    }
    let bucket: TokenBucket | undefined;
    if (c.tokenPerSecond > 0) {
      bucket = this.buckets.get(token) ?? new TokenBucket(c.tokenPerSecond, now);
      this.buckets.set(token, bucket);
      if (bucket.available(now) < 1) {
        return { ok: false, limit: 'tokenLimit', value: c.tokenPerSecond, retryAfterSeconds: null };
      }
    }
    if (this.appBucket && this.appBucket.available(now) < 1) {
      return {
        ok: false,
        limit: 'crossTokenLimit',
        value: c.appPerSecond,
        retryAfterSeconds: null,
      };
    }
    bucket?.take(now);
    this.appBucket?.take(now);
    this.inFlight.set(token, flying + 1);
    this.appInFlight++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.appInFlight--;
        const left = (this.inFlight.get(token) ?? 1) - 1;
        if (left > 0) this.inFlight.set(token, left);
        else this.inFlight.delete(token);
      },
    };
  }

  /** Requests in flight for the whole app. */
  get appConcurrency(): number {
    return this.appInFlight;
  }

  /** Forgets buckets (full again); requests in flight stay counted until released. */
  reset(): void {
    this.buckets.clear();
    this.appBucket =
      this.config.appPerSecond > 0
        ? new TokenBucket(this.config.appPerSecond, this.clock.now())
        : null;
  }
}
