import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AUTH, api, M, testApp } from '../testing/test-app.js';
import { TEST_NOW } from '../testing/test-fixtures.js';

const ADMIN = { Authorization: 'Bearer admin-secret' };
const admin = () =>
  testApp({
    adminToken: 'admin-secret',
    merchants: [{ id: M, token: 'test-token', orders: 300, payments: 300, refunds: 20 }],
  });

describe('admin API under /_mock/', () => {
  it('does not exist without an admin token', async () => {
    const { app } = testApp();
    const res = await request(app).get('/_mock/clock').set(ADMIN);
    expect(res.status).toBe(404);
    expect(res.text).toBe('Not Found');
  });

  it('401s a missing or wrong admin token, and merchant tokens', async () => {
    const { app } = admin();
    expect((await request(app).get('/_mock/clock')).status).toBe(401);
    expect((await request(app).get('/_mock/clock').set(AUTH)).status).toBe(401);
    expect(
      (await request(app).get('/_mock/clock').set('Authorization', 'Bearer admin-secretx')).status,
    ).toBe(401);
  });

  it('reads, sets, advances, freezes and resumes the virtual clock', async () => {
    const { app, env } = admin();
    expect((await request(app).get('/_mock/clock').set(ADMIN)).body).toEqual({
      now: TEST_NOW,
      iso: '2024-06-01T12:00:00.000Z',
      frozen: true,
    });
    expect(
      (await request(app).post('/_mock/clock/advance').set(ADMIN).send({ ms: 1500 })).body.now,
    ).toBe(TEST_NOW + 1500);
    expect(
      (await request(app).post('/_mock/clock/set').set(ADMIN).send({ now: '2024-01-01T00:00:00Z' }))
        .body.now,
    ).toBe(Date.UTC(2024, 0, 1));
    expect((await request(app).post('/_mock/clock/set').set(ADMIN).send({ now: 5 })).body.now).toBe(
      5,
    );
    expect((await request(app).post('/_mock/clock/resume').set(ADMIN)).body.frozen).toBe(false);
    env.tick(250);
    expect(app.mock.clock.now()).toBe(255);
    expect((await request(app).post('/_mock/clock/freeze').set(ADMIN)).body).toMatchObject({
      now: 255,
      frozen: true,
    });
    for (const [path, bad] of [
      ['/_mock/clock/advance', { ms: -1 }],
      ['/_mock/clock/advance', { ms: 'x' }],
      ['/_mock/clock/set', { now: 'yesterday' }],
      ['/_mock/clock/set', {}],
      ['/_mock/clock/set', [1]],
    ] as const) {
      const res = await request(app).post(path).set(ADMIN).send(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers['x-mock-error-code']).toBe('INVALID_ARGUMENT');
    }
  });

  it('refuses a clock time outside 1970..9999, changing nothing, and keeps answering', async () => {
    const { app } = admin();
    for (const [path, bad, says] of [
      ['/_mock/clock/advance', { ms: 1e308 }, 'would pass 9999-12-31'],
      ['/_mock/clock/advance', { ms: Date.UTC(9999, 11, 31) }, 'would pass 9999-12-31'],
      ['/_mock/clock/set', { now: 1e308 }, 'must be from 1970-01-01'],
      ['/_mock/clock/set', { now: -1 }, 'must be from 1970-01-01'],
      ['/_mock/clock/set', { now: Date.UTC(10_000, 0, 1) }, 'must be from 1970-01-01'],
      ['/_mock/clock/set', { now: '+010000-01-01T00:00:00Z' }, 'must be from 1970-01-01'],
      ['/_mock/clock/set', { now: '1969-12-31T23:59:59.999Z' }, 'must be from 1970-01-01'],
    ] as const) {
      const res = await request(app).post(path).set(ADMIN).send(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers['x-mock-error-code']).toBe('INVALID_ARGUMENT');
      expect(res.body.message).toContain(says);
      const clock = await request(app).get('/_mock/clock').set(ADMIN);
      expect(clock.status).toBe(200);
      expect(clock.body.now).toBe(TEST_NOW);
    }
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    await request(app)
      .post('/_mock/clock/set')
      .set(ADMIN)
      .send({ now: last - 1 });
    const edge = await request(app).post('/_mock/clock/advance').set(ADMIN).send({ ms: 1 });
    expect(edge.body).toMatchObject({ now: last, iso: '9999-12-31T23:59:59.999Z' });
    const epoch = await request(app).post('/_mock/clock/set').set(ADMIN).send({ now: 0 });
    expect(epoch.body.iso).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses out-of-range fault and reset seeds, changing nothing', async () => {
    const { app } = admin();
    await request(app).put('/_mock/faults').set(ADMIN).send({ seed: 9 });
    for (const bad of [{ seed: 1e308 }, { seed: -1e300 }, { latencyMs: 1e308 }]) {
      const res = await request(app).put('/_mock/faults').set(ADMIN).send(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers['x-mock-error-code']).toBe('INVALID_ARGUMENT');
    }
    expect((await request(app).get('/_mock/faults').set(ADMIN)).body.seed).toBe(9);
    for (const seed of [1e308, 2 ** 53, 'x']) {
      const res = await request(app).post('/_mock/reset').set(ADMIN).send({ seed });
      expect(res.status, String(seed)).toBe(400);
    }
    expect(app.mock.store.seed).toBe(app.mock.options.seed);
  });

  it('resets and re-seeds the data, forgetting exports', async () => {
    const { app } = admin();
    const before = app.mock.store.records(M, 'orders').map((o) => o.id);
    const exp = await request(app)
      .post(api('/exports'))
      .set(AUTH)
      .send({ type: 'ORDERS', startTime: TEST_NOW - 1000, endTime: TEST_NOW });
    const reseeded = await request(app).post('/_mock/reset').set(ADMIN).send({ seed: 7 });
    expect(reseeded.body).toEqual({
      seed: 7,
      merchants: [{ id: M, orders: app.mock.store.count(M, 'orders'), payments: 300, refunds: 20 }],
    });
    expect(app.mock.store.records(M, 'orders').map((o) => o.id)).not.toEqual(before);
    expect(
      (
        await request(app)
          .get(api(`/exports/${exp.body.id}`))
          .set(AUTH)
      ).status,
    ).toBe(404);
    await request(app).post('/_mock/reset').set(ADMIN).send({ seed: 42 });
    expect(app.mock.store.records(M, 'orders').map((o) => o.id)).toEqual(before);
    expect((await request(app).post('/_mock/reset').set(ADMIN)).body.seed).toBe(42);
    expect((await request(app).post('/_mock/reset').set(ADMIN).send({ seed: 1.5 })).status).toBe(
      400,
    );
  });

  it('sets, reads and clears faults, which never touch /_mock/ itself', async () => {
    const { app } = admin();
    const set = await request(app)
      .put('/_mock/faults')
      .set(ADMIN)
      .send({ errorRate: 1, errorStatuses: [503], seed: 9 });
    expect(set.body).toMatchObject({ errorRate: 1, errorStatuses: [503], seed: 9, burstLength: 1 });
    const faulted = await request(app).get(api('/orders')).set(AUTH);
    expect(faulted.status).toBe(503);
    expect(faulted.headers['retry-after']).toBe('1');
    expect((await request(app).get('/_mock/faults').set(ADMIN)).body.errorRate).toBe(1);
    expect((await request(app).put('/_mock/faults').set(ADMIN).send({ errorRate: 5 })).status).toBe(
      400,
    );
    expect((await request(app).delete('/_mock/faults').set(ADMIN)).body.errorRate).toBe(0);
    expect((await request(app).get(api('/orders?limit=1')).set(AUTH)).status).toBe(200);
  });

  it('counts requests by route and status, and resets the counts', async () => {
    const { app } = admin();
    await request(app).get(api('/orders?limit=1')).set(AUTH);
    await request(app).get(api('/orders?limit=0')).set(AUTH);
    await request(app).get(api('/payments/ABC')).set(AUTH);
    await request(app).get('/favicon.ico');
    const counters = (await request(app).get('/_mock/counters').set(ADMIN)).body;
    expect(counters).toMatchObject({
      total: 4,
      byRoute: {
        'GET /v3/merchants/{mId}/orders': { 200: 1, 400: 1 },
        'GET /v3/merchants/{mId}/payments/{id}': { 404: 1 },
        'GET unmatched': { 404: 1 },
      },
      faults: { errors: 0, drops: 0, truncations: 0, delayed: 0 },
      inFlight: 0,
    });
    await request(app).delete('/_mock/counters').set(ADMIN);
    expect((await request(app).get('/_mock/counters').set(ADMIN)).body.byRoute).toEqual({
      'DELETE /_mock/counters': { 200: 1 },
    });
    expect(app.mock.counters.snapshot().total).toBe(2);
  });
});
