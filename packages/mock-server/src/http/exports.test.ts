import { DAY_MS, EXPORT_MAX_MS, EXPORT_TTL_MS } from '@cloverql/dsl';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AUTH, api, M, testApp } from '../testing/test-app.js';
import { TEST_NOW } from '../testing/test-fixtures.js';

const from = TEST_NOW - 20 * DAY_MS;
const to = TEST_NOW - DAY_MS;
const SIZES = [0, 1, 999, 1000, 1001, 2500];

function exportsApp(region: 'us' | 'eu' | 'sandbox' = 'us', start = TEST_NOW) {
  return testApp({
    region,
    clock: { start, frozen: true },
    limits: { exportDurationMs: 10_000, exportPendingMs: 2_000 },
    merchants: [
      { id: M, token: 'test-token', orders: 2500, payments: 2500, refunds: 0, from, to },
      ...SIZES.map((n) => ({
        id: `SIZE${String(n).padStart(9, '0')}`,
        token: `t${n}`,
        orders: n,
        payments: 0,
        refunds: 0,
        from,
        to,
      })),
    ],
  }).app;
}
const body = { type: 'ORDERS', startTime: from, endTime: to };
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Creates an export of `body`, lets it finish and returns the path of its first file. */
async function firstFileOfDoneExport(
  app: ReturnType<typeof exportsApp>,
): Promise<{ id: string; url: string }> {
  const { id } = (await request(app).post(api('/exports')).set(AUTH).send(body)).body;
  app.mock.clock.advance(10_000);
  const done = await request(app)
    .get(api(`/exports/${id}`))
    .set(AUTH);
  return { id, url: path(done.body.exportUrls.elements[0].url) };
}

describe('Export API step 1: create (the Clover docs page "Export merchant data")', () => {
  it('answers PENDING at 0 % with the fields of the seed', async () => {
    const app = exportsApp();
    const res = await request(app).post(api('/exports')).set(AUTH).send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{13}$/),
      type: 'ORDERS',
      status: 'PENDING',
      percentComplete: 0,
      startTime: from,
      endTime: to,
      createdTime: TEST_NOW,
      modifiedTime: TEST_NOW,
      merchantRef: { id: M },
    });
  });

  it('accepts a trailing slash and times as numeric strings', async () => {
    const app = exportsApp();
    const res = await request(app)
      .post(api('/exports/'))
      .set(AUTH)
      .send({ type: 'PAYMENTS', startTime: String(from), endTime: String(from + DAY_MS) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'PAYMENTS', startTime: from, endTime: from + DAY_MS });
  });

  it('400s a range over 30 days, an end before the start, a bad type or missing fields', async () => {
    const app = exportsApp();
    for (const bad of [
      { ...body, endTime: from + EXPORT_MAX_MS + 1 },
      { ...body, endTime: from - 1 },
      { ...body, type: 'REFUNDS' },
      { type: 'ORDERS', startTime: from },
    ]) {
      const res = await request(app).post(api('/exports')).set(AUTH).send(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.headers['x-mock-error-code']).toBe('BAD_EXPORT_REQUEST');
    }
    const ok = await request(app)
      .post(api('/exports'))
      .set(AUTH)
      .send({ ...body, endTime: from + EXPORT_MAX_MS });
    expect(ok.status).toBe(200);
  });

  it('needs the merchant token', async () => {
    const app = exportsApp();
    expect((await request(app).post(api('/exports')).send(body)).status).toBe(401);
    expect(
      (await request(app).post(api('/exports')).set('Authorization', 'Bearer t1').send(body))
        .status,
    ).toBe(401);
  });
});

describe('Export API step 2: PENDING -> IN_PROGRESS -> DONE on the virtual clock', () => {
  it('reports a rising percentComplete and DONE with file URLs, available for 24 h', async () => {
    const app = exportsApp();
    const { id } = (await request(app).post(api('/exports')).set(AUTH).send(body)).body;
    const poll = async () =>
      (
        await request(app)
          .get(api(`/exports/${id}`))
          .set(AUTH)
      ).body;
    expect(await poll()).toMatchObject({ status: 'PENDING', percentComplete: 0 });
    app.mock.clock.advance(3_000);
    const early = await poll();
    app.mock.clock.advance(5_000);
    const later = await poll();
    expect(early.status).toBe('IN_PROGRESS');
    expect(later.status).toBe('IN_PROGRESS');
    expect(later.percentComplete).toBeGreaterThan(early.percentComplete);
    expect(early).not.toHaveProperty('exportUrls');
    app.mock.clock.advance(2_000);
    const done = await poll();
    expect(done).toMatchObject({
      id,
      type: 'ORDERS',
      status: 'DONE',
      percentComplete: 100,
      availableUntil: TEST_NOW + 10_000 + EXPORT_TTL_MS,
      merchantRef: { id: M },
    });
    expect(done.exportUrls.elements).toHaveLength(3);
    for (const e of done.exportUrls.elements) {
      expect(e.url).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/export-files\/[^/]+\/export-[0-9A-Z]{13}-\d\.json$/,
      );
      expect(e.export).toEqual({ id });
    }
  });

  it('with exportDurationMs 0 is DONE at the first GET', async () => {
    const { app } = testApp({ region: 'sandbox', limits: { exportDurationMs: 0 } });
    const created = await request(app)
      .post(api('/exports'))
      .set(AUTH)
      .send({ ...body, startTime: to - DAY_MS });
    expect(created.body.status).toBe('PENDING');
    const got = await request(app)
      .get(api(`/exports/${created.body.id}`))
      .set(AUTH);
    expect(got.body.status).toBe('DONE');
  });

  it("404s an unknown export and another merchant's", async () => {
    const app = exportsApp();
    const { id } = (await request(app).post(api('/exports')).set(AUTH).send(body)).body;
    expect((await request(app).get(api('/exports/0000000000000')).set(AUTH)).body).toEqual({
      details: 'Export not found',
      message: 'Not Found',
    });
    expect(
      (
        await request(app)
          .get(api(`/exports/${id}`, 'SIZE000000001'))
          .set('Authorization', 'Bearer t1')
      ).status,
    ).toBe(404);
  });
});

describe('Export API step 3: files (1000 objects per file, pre-signed, 24 h)', () => {
  for (const n of SIZES) {
    it(`${n} orders give one file per 1000 live ones, all in createdTime order`, async () => {
      const app = exportsApp();
      const merchant = `SIZE${String(n).padStart(9, '0')}`;
      const live = app.mock.store.count(merchant, 'orders');
      expect(live + app.mock.store.deleted(merchant, 'orders').length).toBe(n);
      const headers = { Authorization: `Bearer t${n}` };
      const { id } = (await request(app).post(api('/exports', merchant)).set(headers).send(body))
        .body;
      app.mock.clock.advance(10_000);
      const done = (
        await request(app)
          .get(api(`/exports/${id}`, merchant))
          .set(headers)
      ).body;
      expect(done.exportUrls.elements).toHaveLength(Math.ceil(live / 1000));
      const objects: { id: string; createdTime: number; href: string }[] = [];
      for (const [i, e] of done.exportUrls.elements.entries()) {
        const file = await request(app).get(path(e.url));
        expect(file.status).toBe(200);
        expect(Object.keys(file.body)).toEqual(['elements']);
        expect(file.body.elements).toHaveLength(Math.min(1000, live - i * 1000));
        objects.push(...file.body.elements);
      }
      const truth = app.mock.store.records(merchant, 'orders');
      expect(objects.map((o) => o.id)).toEqual(truth.map((o) => o.id));
      if (n > 0) {
        const { href, ...first } = objects[0] as Record<string, unknown>;
        expect(first).toEqual(truth[0]);
        expect(href).toMatch(new RegExp(`/v3/merchants/${merchant}/orders/${truth[0]?.id}$`));
      }
    });
  }

  it('downloads without an Authorization header, but only with the right secret', async () => {
    const app = exportsApp();
    const { url } = await firstFileOfDoneExport(app);
    expect((await request(app).get(url)).status).toBe(200);
    const [, , secret, name] = url.split('/');
    expect((await request(app).get(`/export-files/${secret}x/${name}`)).status).toBe(404);
    expect(
      (await request(app).get(`/export-files/${secret}/export-0000000000000-1.json`)).status,
    ).toBe(404);
    expect(secret?.length).toBeGreaterThanOrEqual(20);
  });

  it('removes the export (404) and its files (410) 24 h after DONE', async () => {
    const app = exportsApp();
    const { id, url } = await firstFileOfDoneExport(app);
    app.mock.clock.advance(EXPORT_TTL_MS - 1);
    expect((await request(app).get(url)).status).toBe(200);
    app.mock.clock.advance(1);
    expect(
      (
        await request(app)
          .get(api(`/exports/${id}`))
          .set(AUTH)
      ).status,
    ).toBe(404);
    const gone = await request(app).get(url);
    expect(gone.status).toBe(410);
    expect(gone.body.message).toBe('Gone');
    // Expired exports are purged: setting the clock back does not bring one back.
    app.mock.clock.set(TEST_NOW + 10_000);
    const purged = await request(app)
      .get(api(`/exports/${id}`))
      .set(AUTH);
    expect(purged.status).toBe(404);
    expect(purged.body).toEqual({ details: 'Export not found', message: 'Not Found' });
    expect((await request(app).get(url)).status).toBe(410);
  });
});

describe('Export API 503s: concurrency and availability hours, told apart by availableHours', () => {
  it('503s the fourth export while three run, creating nothing', async () => {
    const app = exportsApp();
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await request(app).post(api('/exports')).set(AUTH).send(body)).body.id);
    const busy = await request(app).post(api('/exports')).set(AUTH).send(body);
    expect(busy.status).toBe(503);
    expect(busy.body).toEqual({
      details: expect.stringMatching(/Too many exports/),
      message: 'Service Unavailable',
    });
    expect(busy.body).not.toHaveProperty('availableHours');
    app.mock.clock.advance(10_000);
    const next = await request(app).post(api('/exports')).set(AUTH).send(body);
    expect(next.status).toBe(200);
    expect(ids).not.toContain(next.body.id);
    expect(new Set([...ids, next.body.id]).size).toBe(4);
  });

  it('503s outside US hours with the hours in the body, creating nothing', async () => {
    const app = exportsApp('us', Date.UTC(2024, 5, 3, 9, 59));
    const closed = await request(app).post(api('/exports')).set(AUTH).send(body);
    expect(closed.status).toBe(503);
    expect(closed.body).toEqual({
      details: 'Exports are available MON-FRI 10:00-15:00, SAT 10:00-15:00, SUN 10:00-15:00 UTC',
      message: 'Service Unavailable',
      availableHours: 'MON-FRI 10:00-15:00, SAT 10:00-15:00, SUN 10:00-15:00 UTC',
    });
    app.mock.clock.advance(60_000);
    const open = await request(app).post(api('/exports')).set(AUTH).send(body);
    expect(open.status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect((await request(app).post(api('/exports')).set(AUTH).send(body)).status).toBe(200);
  });

  it('503s outside EU hours (SUN 02:00-06:00 UTC) and never in the sandbox', async () => {
    const sunday = (h: number) => Date.UTC(2024, 5, 2, h);
    const eu = exportsApp('eu', sunday(6));
    const closed = await request(eu).post(api('/exports')).set(AUTH).send(body);
    expect(closed.body.availableHours).toBe(
      'MON-FRI 01:00-05:00, SAT 02:00-05:00, SUN 02:00-06:00 UTC',
    );
    expect(
      (
        await request(exportsApp('eu', sunday(5)))
          .post(api('/exports'))
          .set(AUTH)
          .send(body)
      ).status,
    ).toBe(200);
    expect(
      (
        await request(exportsApp('sandbox', sunday(23)))
          .post(api('/exports'))
          .set(AUTH)
          .send(body)
      ).status,
    ).toBe(200);
  });
});
