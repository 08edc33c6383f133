import request from 'supertest';
import type { App } from 'supertest/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../core/mock-handle.js';
import type { MockAppOptions } from '../options/mock-options.js';
import { createMockApp } from '../server/create-mock-app.js';
import { type MockServer, startMockServer } from '../server/start-mock-server.js';
import { AUTH, api, M, TOKEN } from '../testing/test-app.js';
import { TEST_NOW, testEnvironment } from '../testing/test-fixtures.js';

const OPTIONS: MockAppOptions = {
  seed: 42,
  region: 'sandbox',
  clock: { start: TEST_NOW, frozen: true },
  adminToken: 'admin-secret',
  merchants: [{ id: M, token: TOKEN, orders: 300, payments: 300, refunds: 20 }],
  limits: { rateLimits: false },
};
const ADMIN = { Authorization: 'Bearer admin-secret' };

interface Target {
  readonly http: App | string;
  readonly mock: MockHandle;
}

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ ...OPTIONS, port: 0, host: '127.0.0.1' }, testEnvironment());
});
afterAll(async () => {
  await server?.close();
});

const targets: [string, () => Target][] = [
  [
    'in-process',
    () => {
      const app = createMockApp(OPTIONS, testEnvironment());
      return { http: app, mock: app.mock };
    },
  ],
  [
    'over a socket',
    () => {
      server.reset();
      server.clock.set(TEST_NOW);
      return { http: server.url, mock: server };
    },
  ],
];

for (const [mode, target] of targets) {
  describe(`order write endpoints (${mode})`, () => {
    it('POST /orders creates an order with Clover-shaped id and href, and lists it', async () => {
      const { http, mock } = target();
      mock.clock.advance(1_000);
      const res = await request(http)
        .post(api('/orders'))
        .set(AUTH)
        .send({ title: 'Table 7', note: 'window', total: 2400, state: 'open' });
      expect(res.status).toBe(200);
      const order = res.body;
      expect(order.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
      expect(order.href).toMatch(new RegExp(`/v3/merchants/${M}/orders/${order.id}$`));
      expect(order).toMatchObject({ title: 'Table 7', note: 'window', total: 2400 });
      expect(order.createdTime).toBe(TEST_NOW + 1_000);
      const { href: _href, ...stored } = order;
      expect(mock.store.record(M, 'orders', order.id)).toEqual(stored);
      const got = await request(http)
        .get(api(`/orders/${order.id}`))
        .set(AUTH);
      // In-process, each supertest request has its own port, so compare without href.
      expect({ ...got.body, href: undefined }).toEqual({ ...order, href: undefined });
      const listed = await request(http)
        .get(api('/orders'))
        .query({ filter: `createdTime>=${TEST_NOW}` })
        .set(AUTH);
      expect(listed.body.elements.map((e: { id: string }) => e.id)).toEqual([order.id]);
    });

    it('POST with no body creates an empty open order', async () => {
      const { http } = target();
      const res = await request(http).post(api('/orders')).set(AUTH);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'open', total: 0 });
    });

    it('POST /orders/{id} updates fields and modifiedTime', async () => {
      const { http, mock } = target();
      const id = mock.store.records(M, 'orders')[3]?.id as string;
      mock.clock.advance(2_000);
      const res = await request(http)
        .post(api(`/orders/${id}`))
        .set(AUTH)
        .send({ state: 'locked', note: 'changed' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, state: 'locked', note: 'changed' });
      expect(res.body.modifiedTime).toBe(TEST_NOW + 2_000);
      const found = await request(http)
        .get(api('/orders'))
        .query({ filter: `modifiedTime>=${TEST_NOW + 2_000}` })
        .set(AUTH);
      expect(found.body.elements.map((e: { id: string }) => e.id)).toEqual([id]);
    });

    it('DELETE /orders/{id} hides the order; a deletedTime filter finds it', async () => {
      const { http, mock } = target();
      const id = mock.store.records(M, 'orders').at(-1)?.id as string;
      mock.clock.advance(3_000);
      const del = await request(http)
        .delete(api(`/orders/${id}`))
        .set(AUTH);
      expect(del.status).toBe(200);
      const gone = await request(http)
        .get(api(`/orders/${id}`))
        .set(AUTH);
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual({ details: 'Order not found', message: 'Not Found' });
      const list = await request(http).get(api('/orders')).query({ limit: 1000 }).set(AUTH);
      expect(list.body.elements.map((e: { id: string }) => e.id)).not.toContain(id);
      const deleted = await request(http)
        .get(api('/orders'))
        .query({ filter: `deletedTime>=${TEST_NOW + 3_000}` })
        .set(AUTH);
      expect(deleted.body.elements).toHaveLength(1);
      expect(deleted.body.elements[0]).toMatchObject({ id, deletedTime: TEST_NOW + 3_000 });
      expect(
        (
          await request(http)
            .delete(api(`/orders/${id}`))
            .set(AUTH)
        ).status,
      ).toBe(404);
    });

    it('line items: list, add, delete', async () => {
      const { http, mock } = target();
      const id = mock.store.records(M, 'orders')[0]?.id as string;
      const before = await request(http)
        .get(api(`/orders/${id}/line_items`))
        .set(AUTH);
      expect(before.status).toBe(200);
      expect(before.body.elements.length).toBeGreaterThan(0);
      expect(before.body.elements[0].href).toMatch(/\/line_items\/[0-9A-Z]{13}$/);
      const added = await request(http)
        .post(api(`/orders/${id}/line_items`))
        .set(AUTH)
        .send({ name: 'Espresso', price: 350 });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({ name: 'Espresso', price: 350, orderRef: { id } });
      const after = await request(http)
        .get(api(`/orders/${id}/line_items`))
        .set(AUTH);
      expect(after.body.elements).toHaveLength(before.body.elements.length + 1);
      const expanded = await request(http)
        .get(api(`/orders/${id}`))
        .query({ expand: 'lineItems' })
        .set(AUTH);
      expect(expanded.body.lineItems.elements.map((i: { id: string }) => i.id)).toContain(
        added.body.id,
      );
      const del = await request(http)
        .delete(api(`/orders/${id}/line_items/${added.body.id}`))
        .set(AUTH);
      expect(del.status).toBe(200);
      const again = await request(http)
        .delete(api(`/orders/${id}/line_items/${added.body.id}`))
        .set(AUTH);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ details: 'Line item not found', message: 'Not Found' });
    });

    it('400s a bad body in Clover error shape, 415 a non-JSON body, 404 an unknown order', async () => {
      const { http, mock } = target();
      const id = mock.store.records(M, 'orders')[0]?.id as string;
      const cases: [string, unknown, string][] = [
        ['/orders', { colour: 'red' }, 'Unrecognized field "colour" for orders'],
        ['/orders', { total: '12' }, 'Field total must be an integer, got "12"'],
        [
          '/orders',
          { state: 'closed' },
          'Field state must be one of open, locked, paid, got "closed"',
        ],
        ['/orders', { id: 'X' }, 'Field id is read-only'],
        ['/orders', [1], 'The body must be a JSON object with orders fields'],
        [
          `/orders/${id}`,
          { employee: 'E' },
          'Field employee must be an object such as {"id": "..."}',
        ],
        [
          `/orders/${id}/line_items`,
          { name: 'x' },
          'Field price must be an integer number of cents',
        ],
      ];
      for (const [path, body, message] of cases) {
        const res = await request(http)
          .post(api(path))
          .set(AUTH)
          .send(body as object);
        expect(res.status, path).toBe(400);
        expect(res.body).toEqual({ details: 'Bad Request', message });
      }
      const text = await request(http)
        .post(api('/orders'))
        .set(AUTH)
        .set('Content-Type', 'text/plain')
        .send('x');
      expect(text.status).toBe(415);
      const bad = await request(http)
        .post(api('/orders'))
        .set(AUTH)
        .set('Content-Type', 'application/json')
        .send('{');
      expect(bad.status).toBe(400);
      for (const res of [
        await request(http).post(api('/orders/NOSUCHORDER00')).set(AUTH).send({}),
        await request(http).delete(api('/orders/NOSUCHORDER00')).set(AUTH),
        await request(http).get(api('/orders/NOSUCHORDER00/line_items')).set(AUTH),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ details: 'Order not found', message: 'Not Found' });
      }
      expect((await request(http).post(api('/orders')).send({})).status).toBe(401);
    });

    it('writes are counted per route', async () => {
      const { http, mock } = target();
      mock.counters.reset();
      await request(http).post(api('/orders')).set(AUTH).send({});
      const id = mock.store.records(M, 'orders')[0]?.id as string;
      await request(http)
        .get(api(`/orders/${id}/line_items`))
        .set(AUTH);
      const snap = mock.counters.snapshot() as unknown as { byRoute: Record<string, number> };
      expect(JSON.stringify(snap)).toContain('POST /v3/merchants/{mId}/orders');
      expect(JSON.stringify(snap)).toContain('GET /v3/merchants/{mId}/orders/{id}/line_items');
    });
  });

  describe(`admin store API (${mode})`, () => {
    it('inserts, updates, removes and lists records and deleted orders', async () => {
      const { http, mock } = target();
      const ins = await request(http)
        .post(`/_mock/store/${M}/orders`)
        .set(ADMIN)
        .send({ note: 'admin' });
      expect(ins.status).toBe(200);
      expect(ins.body.note).toBe('admin');
      const upd = await request(http)
        .patch(`/_mock/store/${M}/orders/${ins.body.id}`)
        .set(ADMIN)
        .send({ total: 99 });
      expect(upd.body.total).toBe(99);
      const list = await request(http).get(`/_mock/store/${M}/orders`).set(ADMIN);
      expect(list.body.elements).toEqual(mock.store.records(M, 'orders'));
      const rem = await request(http).delete(`/_mock/store/${M}/orders/${ins.body.id}`).set(ADMIN);
      expect(rem.body.deletedTime).toBe(mock.clock.now());
      const deleted = await request(http).get(`/_mock/store/${M}/orders/deleted`).set(ADMIN);
      expect(deleted.body.elements.map((r: { id: string }) => r.id)).toContain(ins.body.id);
      expect(
        (await request(http).post(`/_mock/store/${M}/widgets`).set(ADMIN).send({})).status,
      ).toBe(404);
      expect(
        (await request(http).post(`/_mock/store/${M}/orders`).set(ADMIN).send({ x: 1 })).status,
      ).toBe(400);
      expect((await request(http).get(`/_mock/store/${M}/orders`).set(AUTH)).status).toBe(401);
      expect((await request(http).get('/_mock/store/NOPE/orders').set(ADMIN)).status).toBe(404);
    });
  });
}
