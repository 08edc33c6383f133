import { collect } from '@cloverql/client';
import { compile } from '@cloverql/dsl';
import { virtualClientClock } from '@cloverql/mock-server';
import { useMockClover } from '@cloverql/mock-server/vitest';
import { describe, expect, it } from 'vitest';
import { type OrderStore, syncOrders } from '../src/sync-orders.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const DAY = 86_400_000;

// One mock Clover for this file, reset before every test.
const clover = useMockClover({
  seed: 7,
  clock: { start: NOW, frozen: true },
  limits: { rateLimits: false },
  merchants: [{ id: 'MERCHANT00001', token: 'test-token', orders: 400, payments: 0, refunds: 0 }],
});

const sync = (store: OrderStore = new Map()) =>
  syncOrders({
    baseUrl: clover.url,
    token: clover.token,
    merchantId: clover.merchantId,
    since: NOW - 30 * DAY,
    store,
  });

/** What the mock holds: the orders the sync should end up with. */
const expected = () =>
  clover.store
    .records(clover.merchantId, 'orders')
    .filter((o) => (o.createdTime as number) >= NOW - 30 * DAY && o.state !== undefined)
    .map((o) => o.id)
    .sort();

describe('syncOrders against the mock Clover', () => {
  it('syncs exactly the orders of the last 30 days, a page of 100 at a time', async () => {
    const store: OrderStore = new Map();
    const written = await sync(store);
    expect([...store.keys()].sort()).toEqual(expected());
    expect(written).toBe(expected().length);
    const pages = clover.journal().filter((r) => r.path.endsWith('/orders'));
    expect(pages.length).toBe(Math.floor(written / 100) + 1);
    expect(pages[0]?.query).toContainEqual(['limit', '100']);
  });

  it('picks up an order rung up after the last sync (written through the Orders API)', async () => {
    const store: OrderStore = new Map();
    const before = await sync(store);
    clover.clock.advance(60_000);
    // The merchant's POS creates an order, as Clover's REST API does it.
    const res = await fetch(`${clover.url}/v3/merchants/${clover.merchantId}/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${clover.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Table 4', total: 1250 }),
    });
    const created = (await res.json()) as { id: string };
    expect(await sync(store)).toBe(before + 1);
    expect(store.get(created.id)).toMatchObject({ title: 'Table 4', total: 1250 });
  });

  it('retries a page once when Clover answers 503', async () => {
    clover.override({
      method: 'GET',
      path: '/v3/merchants/:mId/orders',
      times: 1,
      reply: { status: 503, body: { message: 'Service Unavailable' } },
    });
    const store: OrderStore = new Map();
    await sync(store);
    expect([...store.keys()].sort()).toEqual(expected());
    expect(clover.journal()[0]).toMatchObject({ status: 503, overridden: true });
    expect(clover.journal()[1]?.status).toBe(200);
  });

  it('gives up with a clear error when the outage lasts', async () => {
    clover.override({ path: '/v3/merchants/*', reply: { status: 500 } });
    await expect(sync()).rejects.toThrow(/Clover answered 500/);
    expect(clover.journal().map((r) => r.status)).toEqual([500, 500]);
  });
});

describe('a cloverql export on the mock clock', () => {
  it('finishes at once against the frozen mock: the client waits in virtual time', async () => {
    const plan = compile(
      `export orders where createdTime >= ${new Date(NOW - 7 * DAY).toISOString()}`,
      {
        now: NOW,
      },
    );
    const rows = await collect(plan, {
      baseUrl: clover.url,
      token: clover.token,
      merchantId: clover.merchantId,
      clock: virtualClientClock(clover),
    });
    expect(rows.length).toBeGreaterThan(0);
    // The export took 10 s of the mock's (frozen) time, moved by the client's polling.
    expect(clover.clock.now()).toBeGreaterThanOrEqual(NOW + 10_000);
  });
});
