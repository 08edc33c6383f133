/**
 * A misbehaving server never keeps a run going for ever nor fills memory (issue 8): each mode of
 * the hostile server ends the run with its own code and a message naming the window and the
 * request. Waits the client chooses (backoff, Retry-After) run on a virtual clock; only the
 * request deadline is real time, kept to a few hundred ms.
 */
import { ClientError, type Clock, collect, type RunOptions, run } from '@cloverql/client';
import { compile, type Plan } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import { type HostileMode, type HostileServer, startHostileServer } from './hostile-server.js';
import { virtualClock } from './virtual-clock.js';

const now = Date.UTC(2026, 0, 7, 12);
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(mode: HostileMode, extra: Partial<RunOptions> = {}) {
  server = await startHostileServer(mode);
  const clock = virtualClock(now);
  const options: RunOptions = {
    baseUrl: server.url,
    token: 't',
    merchantId: 'M',
    rateLimit: 0,
    random: () => 0.5,
    clock,
    ...extra,
  };
  return { server, clock, options };
}

async function failure(plan: Plan, options: RunOptions): Promise<ClientError> {
  try {
    await collect(plan, options);
  } catch (e) {
    if (e instanceof ClientError) return e;
    throw e;
  }
  throw new Error('the run should have failed');
}

const day = compile('payments where createdTime >= 2026-01-01 and createdTime < 2026-01-02', {
  now,
  pageSize: 5,
});
const hour = compile(
  'payments where createdTime >= 2026-01-01 and createdTime < 2026-01-01T01:00',
  {
    now,
    pageSize: 2,
  },
);
const refunds = compile('refunds where amount > 0', { now, pageSize: 5 });

/** The message names the plan's first window and the request that failed. */
function expectNamed(e: ClientError, windowed: boolean, path = 'payments'): void {
  expect(e.window).toBe(0);
  expect(e.message).toContain(
    windowed ? 'window #0 [2026-01-01T00:00:00.000Z' : 'window #0 all records',
  );
  expect(e.request).toMatch(new RegExp(`^GET /v3/merchants/M/${path}\\?`));
  expect(e.message).toContain(`request ${e.request}`);
}

describe('the hostile server, normal mode', () => {
  it('pages to the short page and returns every record', async () => {
    const { options } = await start({ kind: 'normal', records: 12 });
    const got = await collect(day, options);
    expect(got.map((r) => r.id)).toHaveLength(12);
    expect(new Set(got.map((r) => r.id)).size).toBe(12);
    expect(server!.requests.map((u) => u.searchParams.get('offset'))).toEqual(['0', '5', '10']);
  });
});

describe('a server that ignores offset (same-ids)', () => {
  it('fails with PROTOCOL at the second full page that brought no new id', async () => {
    const { options } = await start({ kind: 'same-ids' });
    const e = await failure(day, options);
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toMatch(
      /the page at offset 5 is full but holds only records of the previous pages: the server ignores offset/,
    );
    expectNamed(e, true);
    expect(e.request).toContain('offset=5');
    expect(server!.requests).toHaveLength(2);
  });

  it('ends run() the same way and releases the run', async () => {
    const { options } = await start({ kind: 'same-ids' });
    const it = run(refunds, options);
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const r of it) seen.push(r.id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('PROTOCOL');
    expectNamed(error as ClientError, false, 'refunds');
    expect(seen).toHaveLength(5);
    expect(it.stats.closed).toBe(true);
  });
});

describe('a server whose every page is full of new ids (endless-pages)', () => {
  it('stops a windowed request at the pages its window can hold', async () => {
    // 1 h at 0.01 records/s: 36 records, 18 full pages of 2 and one to end: 19 pages.
    const { options } = await start(
      { kind: 'endless-pages' },
      { paging: { maxRecordsPerSecond: 0.01 } },
    );
    const e = await failure(hour, options);
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toMatch(
      /sent 19 full pages of 2 records and no last page; a window this long holds at most 19 pages/,
    );
    expectNamed(e, true);
    expect(server!.requests).toHaveLength(19);
  });

  it('stops an unwindowed request at paging.maxPages', async () => {
    const { options } = await start({ kind: 'endless-pages' }, { paging: { maxPages: 4 } });
    const e = await failure(refunds, options);
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toMatch(/a request holds at most 4 pages/);
    expectNamed(e, false, 'refunds');
    expect(server!.requests).toHaveLength(4);
  });
});

describe('a body that drips (drip)', () => {
  it('times each attempt out over the whole body, retries, then fails with TIMEOUT', async () => {
    // A one-record page at a byte every 50 ms takes seconds; each attempt gets 200 ms.
    const { options } = await start(
      { kind: 'drip', intervalMs: 50 },
      { requestTimeoutMs: 200, retry: { maxAttempts: 2 } },
    );
    const e = await failure(day, options);
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(
      /^the request timed out: no complete response within 200 ms \(requestTimeoutMs\)/,
    );
    expect(e.message).toContain('after 2 attempts');
    expectNamed(e, true);
    expect(server!.requests).toHaveLength(2);
  });
});

describe('a body without end (huge-body)', () => {
  it('drops a chunked body once it passes maxBodyBytes, and does not retry', async () => {
    const cap = 1024 * 1024;
    const { options } = await start({ kind: 'huge-body' }, { maxBodyBytes: cap });
    const e = await failure(day, options);
    expect(e.code).toBe('BODY_TOO_LARGE');
    expect(e.message).toMatch(
      /^the response was too large: the response body is larger than maxBodyBytes \(1048576 bytes\)/,
    );
    expectNamed(e, true);
    expect(server!.requests).toHaveLength(1);
    // What the socket took beyond the cap is bounded by socket buffers, not by the body.
    expect(server!.bytesSent).toBeLessThan(cap + 16 * 1024 * 1024);
  });

  it('refuses a content-length over the default cap (64 MiB) before reading it', async () => {
    const { options } = await start({ kind: 'huge-body', declared: 700_000_000 });
    const e = await failure(day, options);
    expect(e.code).toBe('BODY_TOO_LARGE');
    expect(e.message).toContain('its content-length is 700000000 bytes');
    expect(e.message).toContain('67108864 bytes');
    expectNamed(e, true);
    expect(server!.requests).toHaveLength(1);
  });
});

describe('a server that asks to wait for ages (retry-after)', () => {
  it.each([
    ['999999', '11 days 13 h'],
    ['3000000', '34 days 17 h'],
    ['Fri, 31 Dec 9999 23:59:59 GMT', '7973 years'],
  ])('fails at once with RETRY_AFTER_TOO_LONG on Retry-After: %s', async (value, words) => {
    const { options, clock } = await start({ kind: 'retry-after', value });
    const e = await failure(day, options);
    expect(e.code).toBe('RETRY_AFTER_TOO_LONG');
    expect(e.message).toContain(
      `the server asked to wait ${words} before retrying (Retry-After: ${value})`,
    );
    expect(e.message).toContain('retry.maxRetryAfterMs (5 min)');
    expect(e.status).toBe(429);
    expectNamed(e, true);
    expect(server!.requests).toHaveLength(1);
    expect(clock.slept).toEqual([]);
  });

  it('waits as long as asked when the caller allows it, on the clock it was given', async () => {
    const { options, clock } = await start(
      { kind: 'retry-after', value: '3000000' },
      { retry: { maxRetryAfterMs: Number.POSITIVE_INFINITY, maxAttempts: 2 } },
    );
    const e = await failure(day, options);
    expect(e.code).toBe('RATE_LIMITED');
    expect(clock.slept).toEqual([3_000_000_000]);
  });
});

describe('records without a usable time (tripwire)', () => {
  it.each([
    ['missing', undefined, /no numeric createdTime \(missing\)/],
    ['null', null, /no numeric createdTime \(null\)/],
    ['a string', '2026-01-01', /no numeric createdTime \("2026-01-01"\)/],
  ])(
    'fails a windowed request whose record has its time %s with PROTOCOL',
    async (_, value, message) => {
      const { options } = await start({ kind: 'record-time', value });
      const e = await failure(day, options);
      expect(e.code).toBe('PROTOCOL');
      expect(e.message).toMatch(message);
      expect(e.message).toContain('(record NOTIME000001)');
      expectNamed(e, true);
    },
  );

  it('passes the same record in a request without a time filter', async () => {
    const { options } = await start({ kind: 'record-time', value: undefined });
    expect((await collect(refunds, options)).map((r) => r.id)).toEqual(['NOTIME000001']);
  });
});
