import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

function limiter(config: Partial<ConstructorParameters<typeof RateLimiter>[0]> = {}) {
  let t = 0;
  const l = new RateLimiter(
    { tokenPerSecond: 16, appPerSecond: 50, tokenConcurrent: 5, appConcurrent: 10, ...config },
    { now: () => t },
  );
  return { l, tick: (ms: number) => (t += ms) };
}

describe('rate limits ("API usage and rate limits")', () => {
  it('admits 16 new requests per second per token, then 429 tokenLimit, refilling with time', () => {
    const { l, tick } = limiter({ tokenConcurrent: 0, appConcurrent: 0 });
    for (let i = 0; i < 16; i++) expect(l.admit('a').ok).toBe(true);
    expect(l.admit('a')).toMatchObject({
      ok: false,
      limit: 'tokenLimit',
      value: 16,
      retryAfterSeconds: null,
    });
    tick(62.5);
    expect(l.admit('a').ok).toBe(true);
    expect(l.admit('a').ok).toBe(false);
    tick(1000);
    for (let i = 0; i < 16; i++) expect(l.admit('a').ok).toBe(true);
  });

  it('admits 50 per second for the whole app across tokens (crossTokenLimit)', () => {
    const { l } = limiter({ tokenConcurrent: 0, appConcurrent: 0 });
    let admitted = 0;
    for (let i = 0; i < 60; i++) if (l.admit(`t${i % 4}`).ok) admitted++;
    expect(admitted).toBe(50);
    expect(l.admit('fresh')).toMatchObject({ ok: false, limit: 'crossTokenLimit', value: 50 });
  });

  it('allows 5 in flight per token with Retry-After, released when done', () => {
    const { l } = limiter();
    const held = Array.from({ length: 5 }, () => l.admit('a'));
    expect(held.every((a) => a.ok)).toBe(true);
    expect(l.admit('a')).toMatchObject({
      ok: false,
      limit: 'tokenConcurrentLimit',
      value: 5,
      retryAfterSeconds: 1,
    });
    const first = held[0];
    if (first?.ok) {
      first.release();
      first.release();
    }
    expect(l.admit('a').ok).toBe(true);
    expect(l.admit('a').ok).toBe(false);
  });

  it('allows 10 in flight for the app (crossTokenConcurrentLimit)', () => {
    const { l } = limiter();
    for (let i = 0; i < 10; i++) expect(l.admit(`t${i % 3}`).ok).toBe(true);
    expect(l.appConcurrency).toBe(10);
    expect(l.admit('t9')).toMatchObject({
      ok: false,
      limit: 'crossTokenConcurrentLimit',
      value: 10,
      retryAfterSeconds: 1,
    });
  });

  it('consumes nothing for a refused request and is switched off by zeros', () => {
    const off = limiter({
      tokenPerSecond: 0,
      appPerSecond: 0,
      tokenConcurrent: 0,
      appConcurrent: 0,
    }).l;
    for (let i = 0; i < 1000; i++) expect(off.admit('a').ok).toBe(true);
    const { l } = limiter({ tokenPerSecond: 2, tokenConcurrent: 0, appConcurrent: 0 });
    l.admit('a');
    l.admit('a');
    for (let i = 0; i < 10; i++) expect(l.admit('a').ok).toBe(false);
    expect(l.admit('b').ok).toBe(true);
  });
});
