import { describe, expect, it } from 'vitest';
import { flush } from '../testing/test-clocks.js';
import { Channel } from './channel.js';
import { taskPool } from './task-pool.js';

describe('Channel', () => {
  it('makes producers wait while it is full and hands items over in order', async () => {
    const ch = new Channel<number>(2);
    const signal = new AbortController().signal;
    const pushed: number[] = [];
    const producer = (async () => {
      for (let i = 0; i < 5; i++) {
        await ch.push(i, signal);
        pushed.push(i);
      }
      ch.close();
    })();
    await flush();
    expect(pushed).toEqual([0, 1]);
    const got: number[] = [];
    for await (const n of ch) got.push(n);
    await producer;
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it('ends the consumer with the first failure', async () => {
    const ch = new Channel<number>(4);
    await ch.push(1, new AbortController().signal);
    ch.fail(new Error('first'));
    ch.fail(new Error('second'));
    await expect(
      (async () => {
        for await (const _ of ch) {
          /* drain */
        }
      })(),
    ).rejects.toThrow('first');
  });
});

describe('taskPool', () => {
  it('runs at most `concurrency` tasks at once and streams what they emit', async () => {
    let running = 0;
    let peak = 0;
    const out: number[] = [];
    for await (const n of taskPool<number>({
      tasks: [0, 1, 2, 3, 4, 5, 6],
      concurrency: 3,
      capacity: 2,
      signal: new AbortController().signal,
      work: async (task, emit) => {
        running++;
        peak = Math.max(peak, running);
        await flush();
        await emit(task * 10);
        await emit(task * 10 + 1);
        running--;
      },
    })) {
      out.push(n);
    }
    expect(peak).toBe(3);
    expect(out.sort((a, b) => a - b)).toEqual([
      0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61,
    ]);
  });

  it('stops every task when one fails and reports that failure', async () => {
    const stopped: number[] = [];
    const pool = taskPool<number>({
      tasks: [0, 1, 2],
      concurrency: 3,
      capacity: 2,
      signal: new AbortController().signal,
      work: async (task, _emit, signal) => {
        if (task === 1) throw new Error('task 1 broke');
        await new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () => {
            stopped.push(task);
            reject(signal.reason);
          }),
        );
      },
    });
    await expect(
      (async () => {
        for await (const _ of pool) {
          /* drain */
        }
      })(),
    ).rejects.toThrow('task 1 broke');
    expect(stopped.sort()).toEqual([0, 2]);
  });

  it('stops the tasks and waits for them when the consumer stops early', async () => {
    let settled = 0;
    const pool = taskPool<number>({
      tasks: [0, 1],
      concurrency: 2,
      capacity: 1,
      signal: new AbortController().signal,
      work: async (task, emit) => {
        try {
          for (let i = 0; ; i++) await emit(task * 100 + i);
        } finally {
          settled++;
        }
      },
    });
    for await (const n of pool) {
      if (n >= 0) break;
    }
    expect(settled).toBe(2);
  });

  it('stops when the outer signal aborts', async () => {
    const ac = new AbortController();
    const pool = taskPool<number>({
      tasks: [0],
      concurrency: 1,
      capacity: 1,
      signal: ac.signal,
      work: (_t, _e, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const drained = (async () => {
      for await (const _ of pool) {
        /* drain */
      }
    })();
    ac.abort(new Error('user abort'));
    await expect(drained).rejects.toThrow('user abort');
  });
});
