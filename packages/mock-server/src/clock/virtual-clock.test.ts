import { describe, expect, it } from 'vitest';
import { isMockError } from '../errors/mock-error.js';
import { monotonicClock } from './monotonic-clock.js';
import { CLOCK_MAX, CLOCK_MIN, VirtualClock } from './virtual-clock.js';

function fakeSource() {
  let t = 1000;
  return { source: () => t, tick: (ms: number) => (t += ms) };
}

describe('VirtualClock', () => {
  it('follows real elapsed time while running', () => {
    const real = fakeSource();
    const clock = new VirtualClock({ start: Date.UTC(2024, 0, 1), source: real.source });
    real.tick(1500.7);
    expect(clock.now()).toBe(Date.UTC(2024, 0, 1) + 1500);
  });

  it('stands still while frozen and moves only by set and advance', () => {
    const real = fakeSource();
    const clock = new VirtualClock({ start: 5_000, frozen: true, source: real.source });
    real.tick(10_000);
    expect(clock.now()).toBe(5_000);
    clock.advance(250);
    expect(clock.now()).toBe(5_250);
    clock.set(1_000_000);
    expect(clock.now()).toBe(1_000_000);
    expect(clock.frozen).toBe(true);
  });

  it('freezes at the current time and resumes from there', () => {
    const real = fakeSource();
    const clock = new VirtualClock({ start: 0, source: real.source });
    real.tick(100);
    clock.freeze();
    real.tick(900);
    expect(clock.now()).toBe(100);
    clock.resume();
    real.tick(50);
    expect(clock.now()).toBe(150);
    expect(clock.frozen).toBe(false);
  });

  it('keeps running after set', () => {
    const real = fakeSource();
    const clock = new VirtualClock({ start: 0, source: real.source });
    clock.set(10_000);
    real.tick(5);
    expect(clock.now()).toBe(10_005);
  });

  it('rejects a negative advance and non-finite times', () => {
    const clock = new VirtualClock({ start: 0, frozen: true, source: () => 0 });
    expect(() => clock.advance(-1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    try {
      clock.set(Number.NaN);
      expect.unreachable();
    } catch (err) {
      expect(isMockError(err, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('keeps to 1970..9999: an out-of-range set, advance or start throws and changes nothing', () => {
    const clock = new VirtualClock({ start: CLOCK_MAX - 10, frozen: true, source: () => 0 });
    const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' });
    expect(() => clock.advance(1e308)).toThrow(invalid);
    expect(() => clock.advance(11)).toThrow(invalid);
    expect(() => clock.set(CLOCK_MAX + 1)).toThrow(invalid);
    expect(() => clock.set(CLOCK_MIN - 1)).toThrow(invalid);
    expect(clock.now()).toBe(CLOCK_MAX - 10);
    clock.advance(10);
    expect(new Date(clock.now()).toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(() => new VirtualClock({ start: -1, source: () => 0 })).toThrow(invalid);
  });
});

describe('monotonicClock', () => {
  it('reads its source', () => {
    const real = fakeSource();
    const clock = monotonicClock(real.source);
    real.tick(42);
    expect(clock.now()).toBe(1042);
  });
});
