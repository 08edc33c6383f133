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

  it('lets a caller in only while fewer than its own limit are held by anyone', async () => {
    const sem = new Semaphore(4);
    const a = await sem.acquire();
    const b = await sem.acquire();
    const order: string[] = [];
    const strict = sem.acquire(undefined, 2).then((r) => {
      order.push('strict');
      return r;
    });
    // Behind the strict waiter, a lax one waits its turn even though 2 < 4.
    const lax = sem.acquire().then((r) => {
      order.push('lax');
      return r;
    });
    await flush();
    expect(order).toEqual([]);
    expect(sem.waiting).toBe(2);
    a();
    await flush();
    expect(order).toEqual(['strict', 'lax']);
    expect(sem.inUse).toBe(3);
    for (const r of [b, await strict, await lax]) r();
    expect(sem.inUse).toBe(0);
  });

  it('lets the next waiter in when a stricter one ahead of it aborts', async () => {
    const sem = new Semaphore(4);
    const held = await sem.acquire();
    const ac = new AbortController();
    const strict = sem.acquire(ac.signal, 1);
    let laxIn = false;
    const lax = sem.acquire().then((r) => {
      laxIn = true;
      return r;
    });
    await flush();
    expect(laxIn).toBe(false);
    ac.abort(new Error('stop'));
    await expect(strict).rejects.toThrow('stop');
    await flush();
    expect(laxIn).toBe(true);
    (await lax)();
    held();
    expect(sem.inUse).toBe(0);
    expect(sem.waiting).toBe(0);
  });
});
