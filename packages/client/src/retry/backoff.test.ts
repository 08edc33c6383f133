import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const policy = { baseDelayMs: 250, maxDelayMs: 30_000 };

describe('backoffDelay (full jitter)', () => {
  it('is random() × min(cap, base × 2^retry)', () => {
    expect(backoffDelay(policy, { retry: 0, random: () => 0.5 })).toBe(125);
    expect(backoffDelay(policy, { retry: 3, random: () => 0.5 })).toBe(1000);
    expect(backoffDelay(policy, { retry: 3, random: () => 0.999 })).toBe(1998);
    expect(backoffDelay(policy, { retry: 0, random: () => 0 })).toBe(0);
  });

  it('stops growing at the cap, even for huge retry numbers', () => {
    expect(backoffDelay(policy, { retry: 20, random: () => 0.5 })).toBe(15_000);
    expect(backoffDelay(policy, { retry: 5000, random: () => 1 })).toBe(30_000);
  });

  it('is never shorter than Retry-After', () => {
    expect(backoffDelay(policy, { retry: 0, random: () => 0.5, retryAfterMs: 2000 })).toBe(2000);
    expect(backoffDelay(policy, { retry: 10, random: () => 0.9, retryAfterMs: 1000 })).toBe(27_000);
  });

  it('keeps a misbehaving random source inside the range', () => {
    expect(backoffDelay(policy, { retry: 1, random: () => 7 })).toBe(500);
    expect(backoffDelay(policy, { retry: 1, random: () => -1 })).toBe(0);
    expect(backoffDelay(policy, { retry: 1, random: () => Number.NaN })).toBe(0);
  });
});
