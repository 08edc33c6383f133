/**
 * A counting semaphore: at most `limit` holders at once, waiters served first come first served.
 * Bounds the requests in flight (Clover allows 5 per token).
 */

/** A permit to give back exactly once. */
export type Release = () => void;

interface Waiter {
  readonly limit: number;
  readonly grant: () => void;
}

/**
 * A caller may bring its own limit: it is let in only while fewer than that many permits are
 * held by anyone, so callers sharing one semaphore each keep their own cap over the total.
 *
 * @example
 * const sem = new Semaphore(5);
 * const release = await sem.acquire(signal);
 * try { await send() } finally { release() }
 */
export class Semaphore {
  private held = 0;
  private peak = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`semaphore limit must be at least 1, got ${limit}`);
  }

  /** Permits currently held. */
  get inUse(): number {
    return this.held;
  }

  /** Callers waiting for a permit. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** The most permits ever held at once. */
  get maxInUse(): number {
    return this.peak;
  }

  /**
   * Waits for a permit; rejects with the signal's reason if it aborts while waiting. `limit`
   * (default: the semaphore's own) applies to this caller only.
   */
  acquire(signal?: AbortSignal, limit: number = this.limit): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!(limit >= 1))
      return Promise.reject(new RangeError(`semaphore limit must be at least 1, got ${limit}`));
    if (this.held < limit && this.waiters.length === 0) {
      return Promise.resolve(this.take());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        limit,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.take());
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason);
        // A stricter waiter leaving the head may let the next one in.
        this.pump();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Lets in waiters from the head, in order, while the head's own limit allows. */
  private pump(): void {
    for (;;) {
      const next = this.waiters[0];
      if (!next || this.held >= next.limit) return;
      this.waiters.shift();
      next.grant();
    }
  }

  private take(): Release {
    this.held++;
    this.peak = Math.max(this.peak, this.held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      this.pump();
    };
  }
}
