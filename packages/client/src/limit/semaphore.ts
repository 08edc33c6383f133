/**
 * A counting semaphore: at most `limit` holders at once, waiters served first come first served.
 * Bounds the requests a run has in flight (Clover allows 5 per token).
 */

/** A permit to give back exactly once. */
export type Release = () => void;

/**
 * @example
 * const sem = new Semaphore(5);
 * const release = await sem.acquire(signal);
 * try { await send() } finally { release() }
 */
export class Semaphore {
  private held = 0;
  private peak = 0;
  private readonly waiters: { grant: () => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`semaphore limit must be at least 1, got ${limit}`);
  }

  /** Permits currently held. */
  get inUse(): number {
    return this.held;
  }

  /** The most permits ever held at once. */
  get maxInUse(): number {
    return this.peak;
  }

  /** Waits for a permit; rejects with the signal's reason if it aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.held < this.limit && this.waiters.length === 0) {
      return Promise.resolve(this.take());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.take());
        },
        reject,
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private take(): Release {
    this.held++;
    this.peak = Math.max(this.peak, this.held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      const next = this.waiters.shift();
      if (next) next.grant();
    };
  }
}
