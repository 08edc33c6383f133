import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, realClock, sleepInSteps } from './clock.js';

describe('sleepInSteps', () => {
  const recording = () => {
    const steps: number[] = [];
    return { steps, timer: async (ms: number) => void steps.push(ms) };
  };

  it('splits a wait longer than one Node timer into steps no timer overflows on', async () => {
    const { steps, timer } = recording();
    const forty = 40 * 86_400_000;
    await sleepInSteps(forty, undefined, timer);
    expect(steps).toEqual([MAX_TIMER_MS, forty - MAX_TIMER_MS]);
    expect(Math.max(...steps)).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('waits in one step when it fits, and not at all for 0, negative or NaN', async () => {
    const { steps, timer } = recording();
    await sleepInSteps(1500, undefined, timer);
    await sleepInSteps(0, undefined, timer);
    await sleepInSteps(-5, undefined, timer);
    await sleepInSteps(Number.NaN, undefined, timer);
    expect(steps).toEqual([1500]);
  });

  it('stops between steps when the signal aborts', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const timer = async (ms: number) => {
      steps.push(ms);
      controller.abort(new Error('stop'));
    };
    await expect(
      sleepInSteps(3 * MAX_TIMER_MS, controller.signal, async (ms, s) => {
        await timer(ms);
        s?.throwIfAborted();
      }),
    ).rejects.toThrow('stop');
    expect(steps).toEqual([MAX_TIMER_MS]);
  });
});

describe('realClock.sleep', () => {
  it('does not overflow a Node timer on a 3 000 000 s wait (no TimeoutOverflowWarning)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const sleeping = realClock.sleep(3_000_000_000, controller.signal);
      // Node emits the overflow warning on the next tick after creating the timer.
      await new Promise<void>((r) => setImmediate(r));
      controller.abort(new Error('done waiting'));
      await expect(sleeping).rejects.toThrow();
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
