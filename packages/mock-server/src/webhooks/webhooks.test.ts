import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockChange } from '../changes/change-feed.js';
import { createMockCore, type MockCore } from '../core/mock-core.js';
import { resolveFaults } from '../faults/fault-config.js';
import type { MockAppOptions } from '../options/mock-options.js';
import { resolveOptions } from '../options/resolve-options.js';
import { createMockApp } from '../server/create-mock-app.js';
import { startMockServer } from '../server/start-mock-server.js';
import { TEST_NOW, testEnvironment } from '../testing/test-fixtures.js';
import { webhookFate } from './webhook-fate.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** A webhook receiver on 127.0.0.1:0 that records every POST and answers `status`. */
async function receiver(answer: (n: number) => number | 'hang' = () => 200) {
  const got: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      got.push({ headers: req.headers, body: JSON.parse(text) });
      for (const w of waiters.filter((w) => got.length >= w.n)) w.resolve();
      const status = answer(got.length);
      if (status === 'hang') return;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    /** Resolves once `n` POSTs have arrived. */
    seen: (n: number) =>
      new Promise<void>((resolve) => {
        if (got.length >= n) resolve();
        else waiters.push({ n, resolve });
      }),
  };
}

const servers: Server[] = [];
const cores: MockCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.webhooks?.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A core with webhooks and a batching window that opens only when the test says so. */
function hookCore(webhooks: MockAppOptions['webhooks'], extra: MockAppOptions = {}) {
  const windows: (() => void)[] = [];
  const env = {
    ...testEnvironment(),
    sleep: () => new Promise<void>((resolve) => windows.push(resolve)),
  };
  const core = createMockCore(
    resolveOptions(
      {
        seed: 5,
        clock: { start: TEST_NOW, frozen: true },
        merchants: [{ id: 'MERCHANT00001', token: 't', orders: 1, payments: 1, refunds: 0 }],
        webhooks,
        ...extra,
      },
      () => TEST_NOW,
    ),
    env,
  );
  cores.push(core);
  core.webhooks?.start();
  const endWindow = () => {
    for (const w of windows.splice(0)) w();
  };
  return { core, endWindow };
}

/** A change of `merchantId` at `ts` (default the test's now). */
const change = (
  merchantId: string,
  objectId: string,
  type: MockChange['type'],
): MockChange & { at(ts: number): MockChange } => ({
  merchantId,
  objectId,
  type,
  ts: TEST_NOW,
  at: (ts) => ({ merchantId, objectId, type, ts }),
});

describe('webhooks', () => {
  it('sends the verification POST when the URL is registered, without the auth header', async () => {
    const r = await receiver();
    const { core } = hookCore({ url: r.url, authCode: 'auth-1', verificationCode: 'verify-me' });
    await r.seen(1);
    expect(r.got[0]?.body).toEqual({ verificationCode: 'verify-me' });
    expect(r.got[0]?.headers['x-clover-auth']).toBeUndefined();
    expect(r.got[0]?.headers['content-type']).toBe('application/json');
    expect((await core.webhooks?.flush())?.verification).toBe('ok');
  });

  it('derives a UUID-shaped verification code from the seed when none is given', () => {
    const code = (seed: number) =>
      resolveOptions({ seed, webhooks: { url: 'http://127.0.0.1:1/', authCode: 'a' } }, () => 0)
        .webhooks?.verificationCode;
    expect(code(1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(code(1)).toBe(code(1));
    expect(code(2)).not.toBe(code(1));
  });

  it("batches the window's changes into one POST in Clover's shape, with X-Clover-Auth", async () => {
    const r = await receiver();
    const { core, endWindow } = hookCore({ url: r.url, authCode: 'auth-1', appId: 'APP1' });
    await r.seen(1);
    core.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'CREATE').at(TEST_NOW));
    core.changes.publish(change('MERCHANT00002', 'P:BBBBBBBBBBBBB', 'UPDATE').at(TEST_NOW + 1));
    core.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'DELETE').at(TEST_NOW + 2));
    expect(core.webhooks?.stats.pending).toBe(3);
    endWindow();
    await r.seen(2);
    expect(r.got[1]?.headers['x-clover-auth']).toBe('auth-1');
    expect(r.got[1]?.body).toEqual({
      appId: 'APP1',
      merchants: {
        MERCHANT00001: [
          { objectId: 'O:AAAAAAAAAAAAA', type: 'CREATE', ts: TEST_NOW },
          { objectId: 'O:AAAAAAAAAAAAA', type: 'DELETE', ts: TEST_NOW + 2 },
        ],
        MERCHANT00002: [{ objectId: 'P:BBBBBBBBBBBBB', type: 'UPDATE', ts: TEST_NOW + 1 }],
      },
    });
    expect(await core.webhooks?.flush()).toMatchObject({ delivered: 1, failed: 0, pending: 0 });
  });

  it('flush() sends at once without waiting for the window', async () => {
    const r = await receiver();
    const { core } = hookCore({ url: r.url, authCode: 'a' });
    core.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'UPDATE'));
    const stats = await core.webhooks?.flush();
    expect(stats).toMatchObject({ delivered: 1, verification: 'ok' });
    expect(r.got.map((g) => Object.keys(g.body as object))).toEqual([
      ['verificationCode'],
      ['appId', 'merchants'],
    ]);
  });

  it('counts failures (non-2xx, refused, timed out) and never throws', async () => {
    const failing = await receiver(() => 500);
    const a = hookCore({ url: failing.url, authCode: 'a' }).core;
    a.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'UPDATE'));
    expect(await a.webhooks?.flush()).toMatchObject({
      verification: 'failed',
      failed: 1,
      delivered: 0,
      lastError: 'HTTP 500',
    });

    const refused = hookCore({ url: 'http://127.0.0.1:9/hook', authCode: 'a' }).core;
    refused.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'UPDATE'));
    const stats = await refused.webhooks?.flush();
    expect(stats).toMatchObject({ verification: 'failed', failed: 1 });
    expect(stats?.lastError).toMatch(/ECONNREFUSED|fetch failed/);

    const silent = await receiver((n) => (n === 1 ? 200 : 'hang'));
    const slow = hookCore({ url: silent.url, authCode: 'a', timeoutMs: 50 }).core;
    slow.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'UPDATE'));
    expect(await slow.webhooks?.flush()).toMatchObject({
      failed: 1,
      lastError: 'no answer within 50 ms',
    });
  });

  it('drops POSTs under faults, deterministically by fault seed, and counts them', async () => {
    const r = await receiver();
    const { core } = hookCore({ url: r.url, authCode: 'a' }, { faults: { dropRate: 1 } });
    core.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'UPDATE'));
    expect(await core.webhooks?.flush()).toMatchObject({ dropped: 1, delivered: 0 });
    expect(r.got).toHaveLength(1); // only the verification

    const fates = (seed: number) =>
      Array.from({ length: 40 }, (_, i) =>
        webhookFate(resolveFaults({ seed, dropRate: 0.3, latencyJitterMs: 100 }), i + 1),
      );
    expect(fates(1)).toEqual(fates(1));
    expect(fates(2)).not.toEqual(fates(1));
    const dropped = fates(1).filter((f) => f.dropped).length;
    expect(dropped).toBeGreaterThan(3);
    expect(dropped).toBeLessThan(25);
    expect(webhookFate(resolveFaults({}), 1)).toEqual({ dropped: false, delayMs: 0 });
  });

  it('delays POSTs under latency faults', async () => {
    const r = await receiver();
    const { core, endWindow } = hookCore(
      { url: r.url, authCode: 'a' },
      { faults: { latencyMs: 250 } },
    );
    await r.seen(1);
    core.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'UPDATE'));
    endWindow(); // the batching window
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(core.webhooks?.stats.delayed).toBe(1);
    expect(r.got).toHaveLength(1);
    endWindow(); // the fault's delay
    await r.seen(2);
  });

  it('reset() drops changes not yet sent', async () => {
    const r = await receiver();
    const { core } = hookCore({ url: r.url, authCode: 'a' });
    core.changes.publish(change('MERCHANT00001', 'O:AAAAAAAAAAAAA', 'UPDATE'));
    core.reset();
    expect(await core.webhooks?.flush()).toMatchObject({ pending: 0, delivered: 0 });
    expect(r.got).toHaveLength(1);
  });

  it('queues at most maxPending changes, counting the rest', () => {
    const { core } = hookCore({ url: 'http://127.0.0.1:9/', authCode: 'a' });
    for (let i = 0; i < 100_005; i++) core.changes.publish(change('M', `O:${i}`, 'UPDATE'));
    expect(core.webhooks?.stats).toMatchObject({ pending: 100_000, overflowed: 5 });
  });

  it.each([
    [null, /webhooks must be an object/],
    ['http://x/', /webhooks must be an object/],
    [{ url: 'not a url', authCode: 'a' }, /webhooks.url/],
    [{ url: 'ftp://x/', authCode: 'a' }, /webhooks.url/],
    [{ url: 'http://x/' }, /webhooks.authCode is required/],
    [{ url: 'http://x/', authCode: '' }, /webhooks.authCode/],
    [{ url: 'http://x/', authCode: 'a', batchMs: -1 }, /webhooks.batchMs/],
    [{ url: 'http://x/', authCode: 'a', timeoutMs: 0 }, /webhooks.timeoutMs/],
  ])('rejects bad options %j', (webhooks, message) => {
    expect(() => resolveOptions({ webhooks: webhooks as never }, () => 0)).toThrow(message);
  });
});

describe('webhooks over the admin API', () => {
  it('reports and flushes delivery, and 404s when webhooks are not configured', async () => {
    const r = await receiver();
    const ADMIN = { Authorization: 'Bearer adm' };
    const app = createMockApp({
      adminToken: 'adm',
      clock: { start: TEST_NOW, frozen: true },
      merchants: [{ id: 'MERCHANT00001', token: 't', orders: 1, payments: 1, refunds: 0 }],
      webhooks: { url: r.url, authCode: 'a', verificationCode: 'v' },
    });
    try {
      const flushed = await request(app).post('/_mock/webhooks/flush').set(ADMIN);
      expect(flushed.body).toMatchObject({
        verification: 'ok',
        verificationCode: 'v',
        delivered: 0,
      });
      expect((await request(app).get('/_mock/webhooks').set(ADMIN)).body.verification).toBe('ok');
    } finally {
      await app.mock.webhooks?.close();
    }
    const plain = createMockApp({
      adminToken: 'adm',
      merchants: [{ id: 'M', token: 't', orders: 1, payments: 0, refunds: 0 }],
    });
    expect(plain.mock.webhooks).toBeNull();
    const res = await request(plain).get('/_mock/webhooks').set(ADMIN);
    expect(res.status).toBe(404);
    expect(res.body.details).toBe('Webhooks are not configured');
  });
});

describe('webhooks end to end', () => {
  it("sends the order writes' changes over a socket: create, update, delete", async () => {
    const r = await receiver();
    const mock = await startMockServer({
      clock: { start: TEST_NOW, frozen: true },
      merchants: [{ id: 'MERCHANT00001', token: 't', orders: 5, payments: 0, refunds: 0 }],
      webhooks: { url: r.url, authCode: 'auth-e2e', appId: 'APP1', batchMs: 0 },
    });
    try {
      const api = `${mock.url}/v3/merchants/MERCHANT00001/orders`;
      const send = (url: string, method: string, body?: unknown) =>
        fetch(url, {
          method,
          headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const created = (await (await send(api, 'POST', { title: 'Table 4' })).json()) as {
        id: string;
      };
      mock.clock.advance(1000);
      expect((await send(`${api}/${created.id}`, 'POST', { note: 'no onions' })).status).toBe(200);
      mock.clock.advance(1000);
      expect((await send(`${api}/${created.id}`, 'DELETE')).status).toBe(200);
      expect(await mock.webhooks?.flush()).toMatchObject({ verification: 'ok', failed: 0 });
      const updates = r.got
        .slice(1)
        .flatMap(
          (g) => (g.body as { merchants: Record<string, unknown[]> }).merchants.MERCHANT00001,
        );
      expect(updates).toEqual([
        { objectId: `O:${created.id}`, type: 'CREATE', ts: TEST_NOW },
        { objectId: `O:${created.id}`, type: 'UPDATE', ts: TEST_NOW + 1000 },
        { objectId: `O:${created.id}`, type: 'DELETE', ts: TEST_NOW + 2000 },
      ]);
      expect(r.got.slice(1).every((g) => g.headers['x-clover-auth'] === 'auth-e2e')).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it("sends a living merchant's activity once a read catches the store up", async () => {
    const r = await receiver();
    const mock = await startMockServer({
      seed: 4,
      clock: { start: TEST_NOW, frozen: true },
      merchants: [
        {
          id: 'MERCHANT00001',
          token: 't',
          orders: 5,
          payments: 0,
          refunds: 0,
          activity: { ordersPerDay: 48 },
        },
      ],
      webhooks: { url: r.url, authCode: 'a', batchMs: 0 },
    });
    try {
      mock.clock.advance(86_400_000);
      await fetch(`${mock.url}/v3/merchants/MERCHANT00001/orders?limit=1`, {
        headers: { Authorization: 'Bearer t' },
      });
      await mock.webhooks?.flush();
      const creates = r.got
        .slice(1)
        .flatMap(
          (g) =>
            (g.body as { merchants: Record<string, { type: string; ts: number }[]> }).merchants
              .MERCHANT00001 ?? [],
        )
        .filter((u) => u.type === 'CREATE');
      expect(creates.length).toBeGreaterThan(10);
      expect(creates.every((u) => u.ts > TEST_NOW && u.ts <= TEST_NOW + 86_400_000)).toBe(true);
    } finally {
      await mock.close();
    }
  });
});
