import { compile } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientError } from '../errors/client-error.js';
import { collect } from '../run/run.js';
import { ManualClock } from '../testing/test-clocks.js';
import { type FakeServer, startFakeServer } from '../testing/test-fake-server.js';
import { tokenLimits, tokenLimitsCount } from './token-limits.js';

const key = (clock: ManualClock, o: { baseUrl?: string; token?: string } = {}) => ({
  baseUrl: o.baseUrl ?? 'http://127.0.0.1:1',
  token: o.token ?? 'secret',
  clock,
  windowMs: 1000,
});

describe('tokenLimits', () => {
  it('gives every caller with the same base URL, token and clock the same limits', () => {
    const clock = new ManualClock(0);
    const a = tokenLimits(key(clock));
    expect(tokenLimits(key(clock))).toBe(a);
    expect(tokenLimits(key(clock, { token: 'other' }))).not.toBe(a);
    expect(tokenLimits(key(clock, { baseUrl: 'http://127.0.0.1:2' }))).not.toBe(a);
    // Another clock (another test's virtual time) never shares.
    expect(tokenLimits(key(new ManualClock(0)))).not.toBe(a);
  });

  it('keeps a token while a request is held or started within the window, then forgets it', async () => {
    const clock = new ManualClock(0);
    const busy = tokenLimits(key(clock, { token: 'busy' }));
    const release = await busy.semaphore.acquire(undefined, 5);
    await busy.limiter.acquire(undefined, 16);
    tokenLimits(key(clock, { token: 'other' }));
    expect(tokenLimitsCount(clock)).toBe(2);
    release();
    // Its start still counts against the token for a window.
    tokenLimits(key(clock, { token: 'other' }));
    expect(tokenLimitsCount(clock)).toBe(2);
    expect(tokenLimits(key(clock, { token: 'busy' }))).toBe(busy);
    await clock.advance(1000);
    tokenLimits(key(clock, { token: 'other' }));
    expect(tokenLimitsCount(clock)).toBe(1);
  });
});

describe('a run on shared token limits', () => {
  const NOW = Date.UTC(2026, 0, 7, 12);
  // A year: five 90-day windows, so five requests start at once.
  const plan = compile('payments where createdTime >= 2025-01-08', { now: NOW });
  let fake: FakeServer | undefined;
  afterEach(() => fake?.close());

  /** A server that holds every request until `answer` is called, and says when `n` arrived. */
  async function holdingServer(n: number, status: number) {
    let arrived!: () => void;
    const allArrived = new Promise<void>((r) => {
      arrived = r;
    });
    let answer!: () => void;
    const answered = new Promise<void>((r) => {
      answer = r;
    });
    fake = await startFakeServer(async () => {
      if (fake!.requests.length === n) arrived();
      await answered;
      return { status, body: { message: 'no' } };
    });
    return { url: fake.url, allArrived, answer };
  }

  it.each([
    ['is aborted', 200],
    ['fails', 401],
  ])('gives back its in-flight slots on the token when it %s', async (how, status) => {
    const server = await holdingServer(5, status);
    const clock = new ManualClock(NOW);
    const ac = new AbortController();
    const options = {
      baseUrl: server.url,
      token: 'tok',
      merchantId: 'M',
      clock,
      random: () => 0.5,
      signal: ac.signal,
    };
    const shared = tokenLimits({ ...key(clock), baseUrl: server.url, token: 'tok' });
    const done = collect(plan, options).catch((e: unknown) => e);
    await server.allArrived;
    expect(shared.semaphore.inUse).toBe(5);
    if (how === 'is aborted') ac.abort(new Error('stop'));
    server.answer();
    const e = await done;
    expect(e).toBeInstanceOf(ClientError);
    expect((e as ClientError).code).toBe(how === 'is aborted' ? 'ABORTED' : 'AUTH');
    expect(shared.semaphore.inUse).toBe(0);
    expect(shared.semaphore.waiting).toBe(0);
  });
});
