/**
 * The HTTP chain end to end over a real socket: bodies cut short, malformed JSON, dropped
 * connections and error statuses, against a fake server, through `run`.
 */
import { compile } from '@cloverql/dsl';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { Progress } from '../progress/progress.js';
import { collect, run } from '../run/run.js';
import { instantClock } from '../testing/test-clocks.js';
import { failure } from '../testing/test-failure.js';
import { type FakeReply, type FakeServer, startFakeServer } from '../testing/test-fake-server.js';
import type { HttpRequest } from './http-types.js';
import { BODY_TOO_LARGE_CODE, createTransport, REQUEST_TIMEOUT_CODE } from './transport.js';

const now = Date.UTC(2026, 0, 7, 12);
const plan = compile('refunds where amount > 1', { now });
const page = {
  elements: [
    { id: 'R1', amount: 5 },
    { id: 'R2', amount: 7 },
  ],
};
let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Serves `script` in order (the last reply repeats). */
async function serve(script: FakeReply[], maxAttempts = 4) {
  let n = 0;
  fake = await startFakeServer(() => script[Math.min(n++, script.length - 1)]!);
  const progress: Progress[] = [];
  const clock = instantClock({ start: now });
  const options = {
    baseUrl: fake.url,
    token: 'secret',
    merchantId: 'M',
    clock,
    random: () => 0.5,
    onProgress: (p: Progress) => progress.push(p),
    retry: { maxAttempts },
  };
  return { options, progress, clock };
}

describe('the HTTP chain over a socket', () => {
  it('retries a body cut short, malformed JSON and a dropped connection, then returns the page', async () => {
    const { options, progress } = await serve(
      [
        { body: page, truncate: true },
        { body: '{"elements": [{"id": "R1"' },
        { drop: true },
        { status: 503, body: { message: 'Service Unavailable' } },
        { body: page },
      ],
      5,
    );
    const got = await collect(plan, options);
    expect(got.map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(fake!.requests).toHaveLength(5);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', requests: 5, retries: 4, records: 2 });
    const labels = progress.flatMap((p) => (p.lastRetry ? [p.lastRetry.status] : []));
    expect(new Set(labels)).toEqual(new Set(['UND_ERR_SOCKET', 'malformed body', 503]));
  });

  it('sends the bearer token, paging params and a JSON accept header', async () => {
    const { options } = await serve([{ body: page }]);
    await collect(plan, options);
    const req = fake!.requests[0]!;
    expect(req.headers.authorization).toBe('Bearer secret');
    expect(req.url.searchParams.getAll('filter')).toEqual(['amount>1']);
    expect(req.url.searchParams.get('limit')).toBe('1000');
    expect(req.url.searchParams.get('offset')).toBe('0');
  });

  it('fails with AUTH at once on 401, quoting Clover, without retrying', async () => {
    const { options, progress } = await serve([
      { status: 401, body: { message: 'Unauthorized', details: 'Invalid token' } },
    ]);
    const e = await failure(collect(plan, options));
    expect(e).toMatchObject({ code: 'AUTH', status: 401, window: 0 });
    expect(e.message).toContain('Unauthorized: Invalid token');
    expect(e.request).toBe('GET /v3/merchants/M/refunds?filter=amount>1&limit=1000&offset=0');
    expect(fake!.requests).toHaveLength(1);
    expect(progress.at(-1)?.retries).toBe(0);
  });

  it('gives up after maxAttempts with the code of the last failure', async () => {
    const { options } = await serve([{ status: 502, body: 'Bad Gateway' }]);
    const e = await failure(collect(plan, options));
    expect(e).toMatchObject({ code: 'UNAVAILABLE', status: 502, attempts: 4 });
    expect(e.message).toContain('Clover said: Bad Gateway');
    expect(fake!.requests).toHaveLength(4);
  });

  it('closes its own Agent when the run ends, and leaves a caller-provided dispatcher open', async () => {
    const { options } = await serve([{ body: page }]);
    const it1 = run(plan, options);
    await collect(plan, options);
    for await (const _ of it1) {
      // drain
    }
    expect(it1.stats.closed).toBe(true);
    const { Agent } = await import('undici');
    const agent = new Agent();
    await collect(plan, { ...options, dispatcher: agent });
    expect(agent.closed).toBe(false);
    await agent.close();
  });
});

describe('createTransport bounds', () => {
  const settings = { token: 't', userAgent: 'test', requestTimeoutMs: 5_000, maxBodyBytes: 1_000 };
  const get = (url: string): HttpRequest => ({
    method: 'GET',
    url: new URL(`${url}/v3/merchants/M/refunds`),
    auth: true,
    describe: 'GET /v3/merchants/M/refunds',
  });
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.destroy();
    agent = undefined;
  });

  it('reads a body of exactly maxBodyBytes and refuses one byte more by its content-length', async () => {
    const size = { n: 1_000 };
    fake = await startFakeServer(() => ({ body: 'x'.repeat(size.n) }));
    agent = new Agent();
    const send = createTransport(agent, settings);
    const signal = new AbortController().signal;
    expect((await send(get(fake.url), signal)).body).toHaveLength(1_000);
    size.n = 1_001;
    await expect(send(get(fake.url), signal)).rejects.toMatchObject({
      code: BODY_TOO_LARGE_CODE,
      message: expect.stringContaining('its content-length is 1001 bytes'),
    });
  });

  it('fails an attempt whose headers never come at its deadline', async () => {
    fake = await startFakeServer(() => new Promise<never>(() => {}));
    agent = new Agent();
    const send = createTransport(agent, { ...settings, requestTimeoutMs: 50 });
    await expect(send(get(fake.url), new AbortController().signal)).rejects.toMatchObject({
      code: REQUEST_TIMEOUT_CODE,
      message: 'no complete response within 50 ms (requestTimeoutMs)',
    });
  });

  it("reports the run's own abort as such, not as a timeout", async () => {
    const controller = new AbortController();
    fake = await startFakeServer(() => {
      controller.abort(new Error('run stopped'));
      return new Promise<never>(() => {});
    });
    agent = new Agent();
    const send = createTransport(agent, { ...settings, requestTimeoutMs: 60_000 });
    const e = await send(get(fake.url), controller.signal).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeDefined();
    expect((e as { code?: string }).code).not.toBe(REQUEST_TIMEOUT_CODE);
  });
});
