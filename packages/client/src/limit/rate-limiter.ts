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

const isOn = (limit: number) => limit > 0 && Number.isFinite(limit);

/**
 * Callers are served one at a time in arrival order; each is granted at the first instant at
 * which fewer than its limit of grants lie in the preceding `windowMs`, and that instant is
 * recorded. A caller may bring its own limit: several runs sharing one limiter each stay under
 * their own figure counted over everyone's starts, so the total never exceeds the largest.
 *
 * @example
 * const limiter = new RateLimiter({ limit: 16, clock: realClock });
 * await limiter.acquire(signal); // then start the request at once
 */
export class RateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  /** Grant times inside the window, oldest first; never longer than the largest limit asked. */
  private readonly starts: number[] = [];
  private turn: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(options: RateLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 1000;
    this.clock = options.clock;
  }

  /** Whether the limiter does anything with its own limit. */
  get enabled(): boolean {
    return isOn(this.limit);
  }

  /**
   * True when nobody waits and no grant lies in the current window: forgetting the limiter now
   * loses nothing.
   */
  get idle(): boolean {
    const last = this.starts.at(-1);
    return this.queued === 0 && (last === undefined || last + this.windowMs <= this.clock.now());
  }

  /**
   * Waits until a request may start; rejects with the signal's reason on abort. `limit`
   * (default: the limiter's own) applies to this caller only; 0 or Infinity lets it through at
   * once, unrecorded.
   */
  acquire(signal?: AbortSignal, limit: number = this.limit): Promise<void> {
    if (!isOn(limit)) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    this.queued++;
    const mine = this.turn.then(() => this.grant(signal, limit));
    // The next caller waits for this one whether it is granted or aborted.
    this.turn = mine.then(
      () => {
        this.queued--;
      },
      () => {
        this.queued--;
      },
    );
    return mine;
  }

  private async grant(signal: AbortSignal | undefined, limit: number): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      while (this.starts.length > 0 && this.starts[0]! + this.windowMs <= now) this.starts.shift();
      if (this.starts.length < limit) {
        this.starts.push(now);
        return;
      }
      // Fewer than `limit` remain once the one `limit` places from the newest leaves the window.
      const wait = this.starts[this.starts.length - limit]! + this.windowMs - now;
      await this.clock.sleep(wait, signal);
    }
  }
}
