import { compile } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientError } from '../errors/client-error.js';
import { collect } from '../run/run.js';
import { ManualClock } from '../testing/test-clocks.js';
import { type FakeServer, startFakeServer } from '../testing/test-fake-server.js';
import type { AttemptOutcome, SharedLimiter } from './shared-limiter.js';
import { tokenKeyOf } from './token-limits.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const plan = compile('payments where createdTime >= 2026-01-01', { now: NOW });

/** A limiter that records what it is asked and told. */
function recordingLimiter(gate: Promise<void> = Promise.resolve()) {
  const log: Array<{ kind: 'acquire'; tokenKey: string } | { kind: 'release'; o: AttemptOutcome }> =
    [];
  let held = 0;
  const limiter: SharedLimiter = {
    async acquire({ tokenKey, signal }) {
      log.push({ kind: 'acquire', tokenKey });
      await Promise.race([
        gate,
        new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      ]);
      held++;
      return (o) => {
        held--;
        log.push({ kind: 'release', o });
      };
    },
  };
  return { limiter, log, held: () => held };
}

describe('a run with a shared limiter', () => {
  let fake: FakeServer | undefined;
  afterEach(() => fake?.close());

  it('asks it before every attempt and tells it each status and the X-RateLimit headers', async () => {
    let n = 0;
    fake = await startFakeServer(() => {
      n++;
      if (n === 1)
        return { status: 429, headers: { 'x-ratelimit-crosstokenlimit': '50' }, body: {} };
      return { body: { elements: [] } };
    });
    const { limiter, log, held } = recordingLimiter();
    const rows = await collect(plan, {
      baseUrl: fake.url,
      token: 'tok',
      merchantId: 'M',
      clock: new ManualClock(NOW),
      random: () => 0,
      sharedLimiter: limiter,
    });
    expect(rows).toEqual([]);
    const acquires = log.filter((e) => e.kind === 'acquire');
    const releases = log.flatMap((e) => (e.kind === 'release' ? [e.o] : []));
    expect(acquires).toHaveLength(fake.requests.length);
    expect(fake.requests).toHaveLength(2);
    expect(acquires[0]).toEqual({ kind: 'acquire', tokenKey: tokenKeyOf(fake.url, 'tok') });
    expect(releases.map((o) => o.status)).toEqual([429, 200]);
    expect(releases[0]?.headers?.['x-ratelimit-crosstokenlimit']).toBe('50');
    expect(held()).toBe(0);
    // The key never holds the token itself.
    expect(acquires[0]?.tokenKey).not.toContain('tok ');
  });

  it('sends nothing while the limiter holds, and an abort while waiting ends the run', async () => {
    fake = await startFakeServer(() => ({ body: { elements: [] } }));
    const { limiter, log } = recordingLimiter(new Promise(() => {}));
    const ac = new AbortController();
    const done = collect(plan, {
      baseUrl: fake.url,
      token: 'tok',
      merchantId: 'M',
      clock: new ManualClock(NOW),
      signal: ac.signal,
      sharedLimiter: limiter,
    }).catch((e: unknown) => e);
    await expect.poll(() => log.length).toBe(1);
    ac.abort(new Error('stop'));
    const e = await done;
    expect(e).toBeInstanceOf(ClientError);
    expect((e as ClientError).code).toBe('ABORTED');
    expect(fake.requests).toHaveLength(0);
  });

  it('releases with no status when no response came', async () => {
    fake = await startFakeServer(() => ({ drop: true }));
    const { limiter, log, held } = recordingLimiter();
    const e = await collect(plan, {
      baseUrl: fake.url,
      token: 'tok',
      merchantId: 'M',
      clock: new ManualClock(NOW),
      random: () => 0,
      retry: { maxAttempts: 2 },
      sharedLimiter: limiter,
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ClientError);
    const releases = log.flatMap((x) => (x.kind === 'release' ? [x.o] : []));
    expect(releases).toEqual([{}, {}]);
    expect(held()).toBe(0);
  });

  it('rejects a limiter without acquire as an invalid option', async () => {
    const e = await collect(plan, {
      token: 'tok',
      merchantId: 'M',
      sharedLimiter: {} as SharedLimiter,
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ClientError);
    expect((e as ClientError).code).toBe('INVALID_OPTIONS');
    expect((e as ClientError).message).toContain('sharedLimiter');
  });
});
