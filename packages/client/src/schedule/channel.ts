/**
 * A bounded queue between the requests of a run and its caller: producers wait while it is
 * full, so a slow caller slows the requests down instead of the run buffering without end.
 */

/**
 * @example
 * const ch = new Channel<number[]>(4);
 * await ch.push([1, 2], signal); ch.close();
 * for await (const batch of ch) use(batch);
 */
export class Channel<T> {
  private readonly items: T[] = [];
  private closed = false;
  private error: { readonly reason: unknown } | null = null;
  private readonly producers: (() => void)[] = [];
  private consumer: (() => void) | null = null;

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1))
      throw new RangeError(`channel capacity must be at least 1, got ${capacity}`);
  }

  /** Items waiting to be taken. */
  get size(): number {
    return this.items.length;
  }

  /** Adds an item, waiting while the channel is full; rejects if `signal` aborts meanwhile. */
  async push(item: T, signal: AbortSignal): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed && !this.error) {
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const i = this.producers.indexOf(wake);
          if (i >= 0) this.producers.splice(i, 1);
          reject(signal.reason);
        };
        const wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.producers.push(wake);
      });
    }
    signal.throwIfAborted();
    if (this.closed || this.error) return;
    this.items.push(item);
    this.wakeConsumer();
  }

  /** No more items will come; the consumer ends after the last one. */
  close(): void {
    this.closed = true;
    this.wakeConsumer();
  }

  /** Ends the consumer with `reason` (the first failure wins), dropping waiting items. */
  fail(reason: unknown): void {
    if (this.error || this.closed) return;
    this.error = { reason };
    this.items.length = 0;
    this.wakeConsumer();
    for (const p of this.producers.splice(0)) p();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.error) throw this.error.reason;
      const item = this.items.shift();
      if (item !== undefined) {
        this.producers.shift()?.();
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.consumer = resolve;
      });
    }
  }

  private wakeConsumer(): void {
    const c = this.consumer;
    this.consumer = null;
    c?.();
  }
}
