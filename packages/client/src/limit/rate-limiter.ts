/**
 * A sliding-window rate limiter: no more than `limit` request starts in any window of
 * `windowMs`, on the injected clock. A sliding window is stricter than both a fixed per-second
 * counter and a token bucket of the same rate, so a run that obeys it stays inside Clover's
 * per-second limit however the server counts.
 */
import type { Clock } from '../clock/clock.js';

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Starts allowed per window; 0 or Infinity switches the limiter off. */
  readonly limit: number;
  /** Window length in ms (default 1000). */
  readonly windowMs?: number;
  readonly clock: Clock;
}

/**
 * Callers are served one at a time in arrival order; each is granted at the first instant at
 * which fewer than `limit` grants lie in the preceding `windowMs`, and that instant is recorded.
 *
 * @example
 * const limiter = new RateLimiter({ limit: 16, clock: realClock });
 * await limiter.acquire(signal); // then start the request at once
 */
export class RateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  /** Grant times, oldest first; never longer than `limit`. */
  private readonly starts: number[] = [];
  private turn: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 1000;
    this.clock = options.clock;
  }

  /** Whether the limiter does anything. */
  get enabled(): boolean {
    return this.limit > 0 && Number.isFinite(this.limit);
  }

  /** Waits until a request may start; rejects with the signal's reason on abort. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    const mine = this.turn.then(() => this.grant(signal));
    // The next caller waits for this one whether it is granted or aborted.
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async grant(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      const oldest = this.starts[0]!;
      const wait = oldest + this.windowMs - now;
      if (wait <= 0) {
        this.starts.shift();
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(wait, signal);
    }
  }
}
