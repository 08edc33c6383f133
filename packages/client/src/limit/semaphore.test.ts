import { describe, expect, it } from 'vitest';
import { flush } from '../testing/test-clocks.js';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('lets at most `limit` holders in and serves waiters first come first served', async () => {
    const sem = new Semaphore(2);
    const order: number[] = [];
    const a = await sem.acquire();
    const b = await sem.acquire();
    const waiting = [3, 4].map((n) =>
      sem.acquire().then((release) => {
        order.push(n);
        return release;
      }),
    );
    await flush();
    expect(sem.inUse).toBe(2);
    expect(order).toEqual([]);
    b();
    await flush();
    expect(order).toEqual([3]);
    a();
    await flush();
    expect(order).toEqual([3, 4]);
    for (const r of await Promise.all(waiting)) r();
    expect(sem.inUse).toBe(0);
    expect(sem.maxInUse).toBe(2);
  });

  it('ignores a second release of the same permit', async () => {
    const sem = new Semaphore(1);
    const r = await sem.acquire();
    r();
    r();
    expect(sem.inUse).toBe(0);
    const again = await sem.acquire();
    expect(sem.inUse).toBe(1);
    again();
  });

  it('rejects a waiter whose signal aborts and does not give it a permit later', async () => {
    const sem = new Semaphore(1);
    const held = await sem.acquire();
    const ac = new AbortController();
    const waiting = sem.acquire(ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held();
    expect(sem.inUse).toBe(0);
    await expect(sem.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('refuses a limit below 1', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
