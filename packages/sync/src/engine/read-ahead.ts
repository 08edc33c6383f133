/**
 * Reading ahead of the writer: a window's records are pulled from its run into a bounded buffer
 * while the records before them are written, so the requests of the next pages (and of the next
 * windows) are in flight while a batch is being committed, as they are in `collect()`.
 */

/**
 * Records read ahead by the windows after the one being written, in total at most `limit`:
 * shared, so that every window keeps its requests going while the writer is slower than the
 * server only in bursts, and memory stays bounded when it is slower for good.
 */
export class ReadBudget {
  private used = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.used >= this.limit;
  }

  add(n: number): void {
    this.used += n;
  }

  release(n: number): void {
    this.used = Math.max(0, this.used - n);
    if (this.full) return;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w();
  }

  /** Resolves the next time room is released. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.add(resolve));
  }
}

/**
 * Pulls an async iterable into a buffer of at most `capacity` items; {@link take} hands them out
 * in order. The iterable's failure is thrown by the `take` that reaches it, after every item
 * read before it.
 *
 * @example
 * const ahead = new ReadAhead(run(plan, options), { capacity: 4000 });
 * for (let batch = await ahead.take(1000); batch.length; batch = await ahead.take(1000)) write(batch);
 */
export class ReadAhead<T> {
  private buffer: T[] = [];
  private ended = false;
  private failure: { readonly reason: unknown } | null = null;
  private stopped = false;
  private wakeReader: (() => void) | null = null;
  private wakeTaker: (() => void) | null = null;
  private readonly capacity: number;
  private budget: ReadBudget | null;
  private readonly pumping: Promise<void>;

  constructor(
    source: AsyncIterable<T>,
    o: {
      /** Items buffered at most, once promoted (or without a budget). */
      readonly capacity: number;
      /**
       * A budget shared with other read-aheads, which alone bounds this one until
       * {@link promote} is called.
       */
      readonly budget?: ReadBudget | undefined;
      /** Called once the source has ended, failed or been stopped. */
      readonly onEnd?: (() => void) | undefined;
    },
  ) {
    this.capacity = Math.max(1, o.capacity);
    this.budget = o.budget ?? null;
    this.pumping = this.pump(source).finally(() => o.onEnd?.());
  }

  private async pump(source: AsyncIterable<T>): Promise<void> {
    try {
      for await (const item of source) {
        this.buffer.push(item);
        this.budget?.add(1);
        this.wake('taker');
        while (!this.stopped && this.mustWait()) {
          const budget = this.budget;
          await new Promise<void>((resolve) => {
            this.wakeReader = resolve;
            if (budget?.full) void budget.wait().then(() => this.wake('reader'));
          });
        }
        if (this.stopped) return;
      }
    } catch (e) {
      this.failure = { reason: e };
    } finally {
      this.ended = true;
      this.wake('taker');
    }
  }

  /** Counted in a budget: wait while it is full; otherwise while the own buffer is full. */
  private mustWait(): boolean {
    return this.budget ? this.budget.full : this.buffer.length >= this.capacity;
  }

  private wake(who: 'reader' | 'taker'): void {
    const f = who === 'reader' ? this.wakeReader : this.wakeTaker;
    if (who === 'reader') this.wakeReader = null;
    else this.wakeTaker = null;
    f?.();
  }

  /**
   * Up to `max` items, waiting for at least one; an empty array once the source has ended.
   * Throws the source's failure once the items read before it are taken.
   */
  async take(max: number): Promise<T[]> {
    for (;;) {
      if (this.buffer.length > 0) {
        const out =
          this.buffer.length <= max ? this.buffer : this.buffer.slice(0, Math.max(1, max));
        this.buffer = out === this.buffer ? [] : this.buffer.slice(out.length);
        this.budget?.release(out.length);
        this.wake('reader');
        return out;
      }
      if (this.failure) throw this.failure.reason;
      if (this.ended) return [];
      await new Promise<void>((resolve) => {
        this.wakeTaker = resolve;
      });
    }
  }

  /**
   * Takes this read-ahead out of its budget (it is now the one being written: it must never wait
   * for room that only its own taker can free).
   */
  promote(): void {
    if (!this.budget) return;
    this.budget.release(this.buffer.length);
    this.budget = null;
    this.wake('reader');
  }

  /**
   * Stops pulling and waits until the source is released. The caller aborts the source's
   * requests (its signal) first, or this waits for the request in flight.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.promote();
    this.wake('reader');
    await this.pumping;
  }
}
