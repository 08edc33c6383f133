import { describe, expect, it } from 'vitest';
import type { HttpRequest, RawResponse, Send } from '../http/http-types.js';
import { type Progress, ProgressTracker } from '../progress/progress.js';
import { instantClock } from '../testing/test-clocks.js';
import { failure } from '../testing/test-failure.js';
import { RetryBudget } from './retry-budget.js';
import { BadBodyError, withRetry } from './with-retry.js';

const req: HttpRequest = {
  method: 'GET',
  url: new URL('http://x.invalid/v3/merchants/M/payments?limit=10'),
  auth: true,
  describe: 'GET /v3/merchants/M/payments?limit=10',
  window: { index: 2, text: '[a, b)' },
};

const res = (status: number, body = '{}', headers: Record<string, string> = {}): RawResponse => ({
  status,
  headers,
  body: Buffer.from(body),
});
const netErr = (code: string) => Object.assign(new Error(`socket ${code}`), { code });

/** A Send that plays back `script` (responses or errors) and counts calls. */
function scripted(script: (RawResponse | Error)[]): Send & { calls: number } {
  const send = (async () => {
    const next = script[Math.min(send.calls++, script.length - 1)]!;
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as Send & { calls: number };
  send.calls = 0;
  return send;
}

function setup(
  options: {
    maxAttempts?: number;
    budget?: number;
    random?: () => number;
    maxRetryAfterMs?: number;
  } = {},
) {
  const clock = instantClock({ start: 0 });
  const progress: Progress[] = [];
  const ctx = {
    policy: {
      maxAttempts: options.maxAttempts ?? 8,
      baseDelayMs: 250,
      maxDelayMs: 30_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 300_000,
    },
    budget: new RetryBudget(options.budget ?? 500),
    clock,
    random: options.random ?? (() => 0.5),
    progress: new ProgressTracker((p) => progress.push(p), { phase: 'rest', windowsTotal: 1 }),
  };
  return { ctx, clock, progress };
}

const json = (raw: RawResponse) => JSON.parse(raw.body.toString()) as unknown;
const signal = new AbortController().signal;

describe('withRetry', () => {
  it('retries 429, 5xx and socket errors with growing jittered delays, then succeeds', async () => {
    const { ctx, clock, progress } = setup();
    const send = scripted([
      res(429),
      res(503),
      netErr('ECONNRESET'),
      res(500),
      res(200, '{"ok":1}'),
    ]);
    const reply = await withRetry(send, ctx)(req, json, signal);
    expect(reply).toMatchObject({ ok: true, value: { ok: 1 } });
    expect(send.calls).toBe(5);
    expect(clock.slept).toEqual([125, 250, 500, 1000]);
    expect(progress.at(-1)).toMatchObject({
      retries: 4,
      lastRetry: { status: 500, delayMs: 1000, request: req.describe },
    });
    expect(progress.map((p) => p.lastRetry?.status)).toEqual([429, 503, 'ECONNRESET', 500]);
  });

  it('waits at least Retry-After (seconds or HTTP-date)', async () => {
    const { ctx, clock } = setup({ random: () => 0 });
    const send = scripted([
      res(429, '{}', { 'retry-after': '3' }),
      res(503, '{}', { 'retry-after': new Date(10_000).toUTCString() }),
      res(200),
    ]);
    await withRetry(send, ctx)(req, json, signal);
    expect(clock.slept).toEqual([3000, 7000]);
  });

  it('fails at once with RETRY_AFTER_TOO_LONG when Retry-After passes maxRetryAfterMs', async () => {
    for (const header of ['999999', '3000000', 'Fri, 31 Dec 9999 23:59:59 GMT']) {
      const { ctx, clock } = setup();
      const send = scripted([res(429, '{}', { 'retry-after': header }), res(200)]);
      const e = await failure(withRetry(send, ctx)(req, json, signal));
      expect(e.code).toBe('RETRY_AFTER_TOO_LONG');
      expect(e.message).toContain(`Retry-After: ${header}`);
      expect(e.message).toMatch(/wait \d+ (days|years)/);
      expect(e.message).toContain('window #2');
      expect(e.message).toContain(req.describe);
      expect(send.calls).toBe(1);
      expect(clock.slept).toEqual([]);
    }
  });

  it('waits a Retry-After up to the cap, and any with maxRetryAfterMs Infinity', async () => {
    const atCap = setup({ maxRetryAfterMs: 300_000 });
    await withRetry(scripted([res(503, '{}', { 'retry-after': '300' }), res(200)]), atCap.ctx)(
      req,
      json,
      signal,
    );
    expect(atCap.clock.slept).toEqual([300_000]);
    const any = setup({ maxRetryAfterMs: Number.POSITIVE_INFINITY });
    await withRetry(scripted([res(429, '{}', { 'retry-after': '999999' }), res(200)]), any.ctx)(
      req,
      json,
      signal,
    );
    expect(any.clock.slept).toEqual([999_999_000]);
  });

  it('retries an attempt past its deadline and ends with TIMEOUT', async () => {
    const { ctx } = setup({ maxAttempts: 2 });
    const send = scripted([netErr('CLOVERQL_REQUEST_TIMEOUT')]);
    const e = await failure(withRetry(send, ctx)(req, json, signal));
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/^the request timed out/);
    expect(send.calls).toBe(2);
  });

  it('does not retry a body over the size cap: BODY_TOO_LARGE', async () => {
    const { ctx } = setup();
    const send = scripted([netErr('CLOVERQL_BODY_TOO_LARGE'), res(200)]);
    const e = await failure(withRetry(send, ctx)(req, json, signal));
    expect(e.code).toBe('BODY_TOO_LARGE');
    expect(e.message).toMatch(/^the response was too large/);
    expect(send.calls).toBe(1);
  });

  it('retries a body that does not parse, then gives up with BAD_RESPONSE', async () => {
    const { ctx } = setup({ maxAttempts: 3 });
    const send = scripted([res(200, '{"elements": [')]);
    const e = await failure(withRetry(send, ctx)(req, json, signal));
    expect(send.calls).toBe(3);
    expect(e.code).toBe('BAD_RESPONSE');
    expect(e.attempts).toBe(3);
    expect(e.message).toContain('cut off or malformed');
  });

  it('retries a parse function that throws BadBodyError', async () => {
    const { ctx } = setup();
    let n = 0;
    const parse = () => {
      if (n++ === 0) throw new BadBodyError('no elements');
      return 'fine';
    };
    const reply = await withRetry(scripted([res(200)]), ctx)(req, parse, signal);
    expect(reply).toMatchObject({ ok: true, value: 'fine' });
  });

  it.each([
    [400, 'BAD_REQUEST'],
    [401, 'AUTH'],
    [403, 'AUTH'],
    [404, 'NOT_FOUND'],
  ] as const)(
    'fails at once on %i with %s, quoting Clover, the window and the request',
    async (status, code) => {
      const { ctx, clock } = setup();
      const send = scripted([
        res(status, '{"message":"Nope","details":"Unknown filter field: colour"}'),
      ]);
      const e = await failure(withRetry(send, ctx)(req, json, signal));
      expect(send.calls).toBe(1);
      expect(clock.slept).toEqual([]);
      expect(e).toMatchObject({ code, status, window: 2, request: req.describe });
      expect(e.message).toContain('Nope: Unknown filter field: colour');
      expect(e.message).toContain('window #2 [a, b)');
      expect(e.message).toContain(req.describe);
    },
  );

  it.each([
    [res(429), 'RATE_LIMITED'],
    [res(502), 'UNAVAILABLE'],
    [netErr('UND_ERR_SOCKET'), 'NETWORK'],
    [netErr('UND_ERR_RES_CONTENT_LENGTH_MISMATCH'), 'BAD_RESPONSE'],
  ] as const)('ends with the right code when the attempts run out (%#)', async (outcome, code) => {
    const { ctx } = setup({ maxAttempts: 4 });
    const send = scripted([outcome]);
    const e = await failure(withRetry(send, ctx)(req, json, signal));
    expect(send.calls).toBe(4);
    expect(e.code).toBe(code);
  });

  it('shares one retry budget across requests and fails with RETRY_BUDGET', async () => {
    const { ctx } = setup({ budget: 3 });
    const fetcher = withRetry(scripted([res(503), res(503), res(200), res(503), res(503)]), ctx);
    await fetcher(req, json, signal);
    const e = await failure(fetcher(req, json, signal));
    expect(e.code).toBe('RETRY_BUDGET');
    expect(ctx.budget.spent).toBe(3);
  });

  it('hands back pass-through statuses without retrying', async () => {
    const { ctx } = setup();
    const send = scripted([res(410, '{"message":"Gone"}')]);
    const reply = await withRetry(send, ctx)({ ...req, passStatuses: [404, 410] }, json, signal);
    expect(reply).toMatchObject({ ok: false, status: 410 });
    expect(send.calls).toBe(1);
  });

  it('does not retry unknown errors', async () => {
    const { ctx } = setup();
    const send = scripted([new TypeError('invalid URL')]);
    const e = await failure(withRetry(send, ctx)(req, json, signal));
    expect(send.calls).toBe(1);
    expect(e.code).toBe('NETWORK');
  });

  it('ends with ABORTED when the signal aborts during an attempt or a backoff', async () => {
    const { ctx } = setup();
    const ac = new AbortController();
    const send: Send = async () => {
      ac.abort(new Error('user stop'));
      throw Object.assign(new Error('aborted'), { code: 'UND_ERR_ABORTED' });
    };
    const e = await failure(withRetry(send, ctx)(req, json, ac.signal));
    expect(e.code).toBe('ABORTED');

    const ac2 = new AbortController();
    const sleeping = {
      ...ctx,
      clock: {
        now: () => 0,
        sleep: async (_ms: number, s?: AbortSignal) => {
          ac2.abort();
          s?.throwIfAborted();
        },
      },
    };
    const e2 = await failure(withRetry(scripted([res(503)]), sleeping)(req, json, ac2.signal));
    expect(e2.code).toBe('ABORTED');
  });
});
