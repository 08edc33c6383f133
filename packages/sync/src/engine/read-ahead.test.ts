import { describe, expect, it } from 'vitest';
import { ReadAhead, ReadBudget } from './read-ahead.js';

/** An iterable of 0..n-1 that records how far it has been pulled, and can fail after `failAt`. */
function source(n: number, o: { failAt?: number } = {}) {
  const seen = { pulled: 0, released: false };
  const iterable = {
    async *[Symbol.asyncIterator]() {
      try {
        for (let i = 0; i < n; i++) {
          if (i === o.failAt) throw new Error(`failed at ${i}`);
          seen.pulled = i + 1;
          yield i;
        }
      } finally {
        seen.released = true;
      }
    },
  };
  return { iterable, seen };
}

/** Lets the pump run until it waits (it only awaits resolved promises and its own wake-ups). */
const settle = () => new Promise((r) => setImmediate(r));

describe('ReadAhead', () => {
  it('hands out every item in order, in takes of at most max', async () => {
    const { iterable } = source(10);
    const ahead = new ReadAhead(iterable, { capacity: 3 });
    const got: number[][] = [];
    for (let b = await ahead.take(4); b.length; b = await ahead.take(4)) got.push(b);
    expect(got.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...got.map((b) => b.length))).toBeLessThanOrEqual(4);
  });

  it('throws the failure only after the items read before it', async () => {
    const { iterable } = source(10, { failAt: 5 });
    const ahead = new ReadAhead(iterable, { capacity: 100 });
    await settle();
    expect(await ahead.take(100)).toEqual([0, 1, 2, 3, 4]);
    await expect(ahead.take(100)).rejects.toThrow('failed at 5');
  });

  it('stops pulling at its capacity, and goes on when items are taken', async () => {
    const { iterable, seen } = source(100);
    const ahead = new ReadAhead(iterable, { capacity: 10 });
    await settle();
    expect(seen.pulled).toBe(10);
    await ahead.take(4);
    await settle();
    expect(seen.pulled).toBe(14);
    await ahead.stop();
  });

  it('read-aheads on a budget share it, and a promoted one leaves it', async () => {
    const budget = new ReadBudget(12);
    const a = source(100);
    const b = source(100);
    const first = new ReadAhead(a.iterable, { capacity: 5, budget });
    const second = new ReadAhead(b.iterable, { capacity: 5, budget });
    await settle();
    // Together they stop at the budget (each may overshoot by the item that filled it).
    expect(a.seen.pulled + b.seen.pulled).toBeGreaterThanOrEqual(12);
    expect(a.seen.pulled + b.seen.pulled).toBeLessThanOrEqual(13);
    const before = b.seen.pulled;
    // Promoted, the first is bounded by its own capacity only, and its buffered items no longer
    // count: the second gets room and reads on.
    first.promote();
    await settle();
    expect(b.seen.pulled).toBeGreaterThan(before);
    const all: number[] = [];
    for (let x = await first.take(7); x.length; x = await first.take(7)) all.push(...x);
    expect(all).toEqual([...Array(100).keys()]);
    await second.stop();
  });

  it('stop releases the source (its requests end) before it has ended', async () => {
    const { iterable, seen } = source(1000);
    const ahead = new ReadAhead(iterable, { capacity: 10 });
    await settle();
    expect(seen.released).toBe(false);
    await ahead.stop();
    expect(seen.released).toBe(true);
    expect(seen.pulled).toBeLessThan(1000);
  });
});
