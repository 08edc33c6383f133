import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AUTH, api, M, testApp } from '../testing/test-app.js';

const ADMIN = { Authorization: 'Bearer admin-secret' };
const small = () =>
  testApp({
    adminToken: 'admin-secret',
    merchants: [{ id: M, token: 'test-token', orders: 50, payments: 50, refunds: 5 }],
  });

describe('one-off overrides', () => {
  it('answers the next matching request with the override, then the real route again', async () => {
    const { app } = small();
    app.mock.override({
      method: 'GET',
      path: '/v3/merchants/:mId/orders',
      times: 1,
      reply: { status: 500, headers: { 'X-Why': 'test' }, body: { message: 'boom' } },
    });
    const first = await request(app).get(api('/orders?limit=1')).set(AUTH);
    expect(first.status).toBe(500);
    expect(first.headers['x-why']).toBe('test');
    expect(first.body).toEqual({ message: 'boom' });
    const second = await request(app).get(api('/orders?limit=1')).set(AUTH);
    expect(second.status).toBe(200);
    expect(second.body.elements).toHaveLength(1);
    expect(app.mock.overrides()).toEqual([]);
  });

  it('matches by method and path pattern only, and sends a string body as text', async () => {
    const { app } = small();
    const h = app.mock.override({
      path: '/v3/merchants/*/payments',
      reply: { status: 200, body: 'hi' },
    });
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
    const text = await request(app).post(api('/payments')).set(AUTH);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toBe('hi');
    // Before auth: an override answers even a request without a token.
    expect((await request(app).get(api('/payments'))).text).toBe('hi');
    expect(h.remove()).toBe(true);
    expect(h.remove()).toBe(false);
    expect((await request(app).get(api('/payments'))).status).toBe(401);
  });

  it('drops the connection for a drop reply', async () => {
    const { app } = small();
    app.mock.override({ path: '/v3/merchants/:mId/orders', times: 1, reply: { drop: true } });
    await expect(request(app).get(api('/orders')).set(AUTH)).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
  });

  it('delays, then lets the request through to the real route (auth included)', async () => {
    const { app, env } = small();
    app.mock.override({ path: '/v3/merchants/:mId/orders', reply: { delayMs: 1234 } });
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
    expect((await request(app).get(api('/orders?limit=1'))).status).toBe(401);
    expect(env.slept).toEqual([1234, 1234]);
  });

  it('is counted and journaled like any request, and resetOverrides removes them all', async () => {
    const { app } = small();
    app.mock.override({ path: '/v3/merchants/:mId/orders', reply: { status: 503 } });
    app.mock.override({ path: '/v3/merchants/:mId/payments', reply: { status: 502 } });
    await request(app).get(api('/orders')).set(AUTH);
    expect(app.mock.counters.snapshot().byRoute['GET /v3/merchants/{mId}/orders']).toEqual({
      '503': 1,
    });
    expect(app.mock.journal().at(-1)).toMatchObject({ status: 503, overridden: true });
    app.mock.resetOverrides();
    expect(app.mock.overrides()).toEqual([]);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
  });

  it('throws INVALID_ARGUMENT for a bad spec', () => {
    const { app } = small();
    expect(() => app.mock.override({ path: '/a', reply: { status: 42 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('never touches the admin API', async () => {
    const { app } = small();
    app.mock.override({ path: '/*', reply: { status: 418 } });
    expect((await request(app).get('/_mock/clock').set(ADMIN)).status).toBe(200);
    expect((await request(app).get(api('/orders')).set(AUTH)).status).toBe(418);
  });
});

describe('overrides over the admin API', () => {
  it('adds, lists, removes one and removes all', async () => {
    const { app } = small();
    const added = await request(app)
      .post('/_mock/overrides')
      .set(ADMIN)
      .send({ method: 'GET', path: '/v3/merchants/:mId/orders', times: 2, reply: { status: 429 } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: 1,
      method: 'GET',
      path: '/v3/merchants/:mId/orders',
      remaining: 2,
      hits: 0,
      reply: { status: 429 },
    });
    expect((await request(app).get(api('/orders')).set(AUTH)).status).toBe(429);
    expect((await request(app).get('/_mock/overrides').set(ADMIN)).body[0]).toMatchObject({
      remaining: 1,
      hits: 1,
    });
    expect((await request(app).delete('/_mock/overrides/1').set(ADMIN)).body).toEqual([]);
    expect((await request(app).delete('/_mock/overrides/1').set(ADMIN)).status).toBe(404);
    expect((await request(app).delete('/_mock/overrides/x').set(ADMIN)).status).toBe(404);
    await request(app)
      .post('/_mock/overrides')
      .set(ADMIN)
      .send({ path: '/a', reply: { drop: true } });
    expect((await request(app).delete('/_mock/overrides').set(ADMIN)).body).toEqual([]);
    expect(app.mock.overrides()).toEqual([]);
  });

  it('400s a bad spec and needs the admin token', async () => {
    const { app } = small();
    const bad = await request(app)
      .post('/_mock/overrides')
      .set(ADMIN)
      .send({ path: '/a', reply: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/exactly one of/);
    expect(
      (
        await request(app)
          .post('/_mock/overrides')
          .send({ path: '/a', reply: { status: 500 } })
      ).status,
    ).toBe(401);
    expect((await request(app).get('/_mock/journal')).status).toBe(401);
  });
});

describe('request journal', () => {
  it('records method, path, query, status, merchant and virtual time, not admin calls', async () => {
    const { app } = small();
    await request(app).get(api('/orders?filter=total%3E100&limit=2&filter=state%3Dopen')).set(AUTH);
    await request(app).get(api('/orders'));
    await request(app).get('/nowhere');
    await request(app).get('/_mock/clock').set(ADMIN);
    const entries = app.mock.journal();
    expect(entries.map(({ durationMs: _, ...e }) => e)).toEqual([
      {
        method: 'GET',
        path: `/v3/merchants/${M}/orders`,
        query: [
          ['filter', 'total>100'],
          ['limit', '2'],
          ['filter', 'state=open'],
        ],
        status: 200,
        merchantId: M,
        at: app.mock.clock.now(),
        overridden: false,
      },
      expect.objectContaining({ status: 401, merchantId: M, query: [] }),
      expect.objectContaining({ path: '/nowhere', status: 404, merchantId: null }),
    ]);
    expect(entries.every((e) => e.durationMs >= 0)).toBe(true);
  });

  it('is bounded by journalSize, and clears in-process and over the admin API', async () => {
    const { app } = testApp({
      adminToken: 'admin-secret',
      journalSize: 2,
      merchants: [{ id: M, token: 'test-token', orders: 5, payments: 5, refunds: 0 }],
    });
    for (const p of ['/orders', '/payments', '/refunds']) await request(app).get(api(p)).set(AUTH);
    expect(app.mock.journal().map((e) => e.path)).toEqual([api('/payments'), api('/refunds')]);
    const listed = await request(app).get('/_mock/journal').set(ADMIN);
    expect(listed.body.map((e: { path: string }) => e.path)).toEqual([
      api('/payments'),
      api('/refunds'),
    ]);
    expect((await request(app).delete('/_mock/journal').set(ADMIN)).body).toEqual([]);
    expect(app.mock.journal()).toEqual([]);
    await request(app).get(api('/orders')).set(AUTH);
    app.mock.clearJournal();
    expect(app.mock.journal()).toEqual([]);
  });

  it('rejects a bad journalSize', () => {
    expect(() => testApp({ journalSize: -1 })).toThrow(/journalSize/);
  });
});

describe('virtual Date header', () => {
  it('dates every response by the virtual clock', async () => {
    const { app } = small();
    app.mock.clock.set(Date.UTC(2030, 0, 2, 3, 4, 5));
    const res = await request(app).get(api('/orders?limit=1')).set(AUTH);
    expect(res.headers.date).toBe('Wed, 02 Jan 2030 03:04:05 GMT');
    expect((await request(app).get('/nowhere')).headers.date).toBe('Wed, 02 Jan 2030 03:04:05 GMT');
  });
});
