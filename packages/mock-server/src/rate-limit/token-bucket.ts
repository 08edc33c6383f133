/**
 * A token bucket: `ratePerSecond` tokens per second, holding at most one second's worth, so a
 * client may burst `ratePerSecond` requests and then sustain that rate.
 *
 * @example
 * const b = new TokenBucket(16, now);
 * if (b.available(now) >= 1) b.take(now);
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perMs: number;

  constructor(ratePerSecond: number, now: number) {
    this.capacity = ratePerSecond;
    this.perMs = ratePerSecond / 1000;
    this.tokens = ratePerSecond;
    this.last = now;
  }

  /** Tokens available at `now` (after refilling). */
  available(now: number): number {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
      this.last = now;
    }
    return this.tokens;
  }

  /** Takes one token (call after `available` showed one). */
  take(now: number): void {
    this.available(now);
    this.tokens -= 1;
  }
}
