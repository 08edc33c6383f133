import { allowedFilterFields, CLAMP_MS, DAY_MS } from '@cloverql/dsl';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AUTH, api, M, testApp } from '../testing/test-app.js';
import { TEST_NOW } from '../testing/test-fixtures.js';

type Rec = Record<string, unknown> & { id: string; createdTime: number };

const { app } = testApp({
  merchants: [
    { id: M, token: 'test-token', orders: 2000, payments: 2000, refunds: 150 },
    { id: 'MERCHANT00002', token: 'other-token', orders: 10, payments: 10, refunds: 0 },
    {
      id: 'MANYPAYMENTS1',
      token: 'many',
      orders: 1,
      payments: 150,
      refunds: 0,
      from: TEST_NOW - 10 * DAY_MS,
    },
  ],
});
const orders = app.mock.store.records(M, 'orders') as readonly Rec[];
const recent = (list: readonly Rec[]) =>
  list.filter((r) => r.createdTime >= TEST_NOW - CLAMP_MS && r.createdTime <= TEST_NOW);
const newestFirst = (list: readonly Rec[]) =>
  [...list].sort((a, b) => b.createdTime - a.createdTime || (a.id < b.id ? 1 : -1));
const get = (path: string) => request(app).get(path).set(AUTH);

describe('auth (docs/mock-server.md: 401, not 403)', () => {
  const body = { message: '401 Unauthorized' };
  it('401s a missing token', async () => {
    const res = await request(app).get(api('/orders'));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject(body);
    expect(res.body.details).toMatch(/Missing/);
  });
  it('401s a bad token and a malformed header', async () => {
    expect(
      (await request(app).get(api('/orders')).set('Authorization', 'Bearer nope')).status,
    ).toBe(401);
    expect((await request(app).get(api('/orders')).set('Authorization', 'test-token')).status).toBe(
      401,
    );
  });
  it("401s another merchant's token", async () => {
    const res = await request(app).get(api('/orders')).set('Authorization', 'Bearer other-token');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject(body);
  });
  it('401s an access_token query parameter by default, accepts it with acceptQueryToken', async () => {
    const res = await request(app).get(api('/orders?access_token=test-token'));
    expect(res.status).toBe(401);
    expect(res.body.details).toMatch(/access_token/);
    const old = testApp({ acceptQueryToken: true }).app;
    expect((await request(old).get(api('/orders?access_token=test-token&limit=1'))).status).toBe(
      200,
    );
  });
  it('401s an unknown merchant', async () => {
    expect((await get(api('/orders', 'NOSUCHMERCHNT'))).status).toBe(401);
  });
});

describe('not found', () => {
  it('answers an unknown object with Clover JSON 404 bodies', async () => {
    const o = await get(api('/orders/0000000000000'));
    expect(o.status).toBe(404);
    expect(o.text).toBe('{"details":"Order not found","message":"Not Found"}');
    expect((await get(api('/payments/ZZZZZZZZZZZZZ'))).body).toEqual({
      details: 'Payment not found',
      message: 'Not Found',
    });
    expect((await get(api('/refunds/x'))).body).toEqual({
      details: 'Refund not found',
      message: 'Not Found',
    });
  });
  it('answers an unknown route with a plain-text 404', async () => {
    for (const path of [
      '/nothing',
      '/v3/merchants',
      api('/items'),
      api('/exports'),
      '/V3/merchants/M/orders',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^text\/plain/);
      expect(res.text).toBe('Not Found');
    }
  });
});

describe('collections', () => {
  it('return { elements, href } with an href per element and the allowed-fields header', async () => {
    const res = await get(api('/orders'));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['elements', 'href']);
    expect(res.body.elements).toHaveLength(100);
    const origin = res.body.href.slice(0, res.body.href.indexOf('/v3/'));
    for (const e of res.body.elements)
      expect(e.href).toBe(`${origin}/v3/merchants/${M}/orders/${e.id}`);
    expect(res.headers['x-clover-allowed-filter-fields']).toBe(
      'employee.id, note, modifiedTime, orderType, cardTransaction.last4, manualTransaction, employee.name, ' +
        'title, device.id, clientCreatedTime, total, payType, customer.id, testMode, createdTime, id, state, deletedTime',
    );
    for (const r of ['payments', 'refunds'] as const) {
      expect((await get(api(`/${r}?limit=1`))).headers['x-clover-allowed-filter-fields']).toBe(
        allowedFilterFields(r),
      );
    }
    expect(
      (await get(api('/orders?filter=nope=1'))).headers['x-clover-allowed-filter-fields'],
    ).toBe(allowedFilterFields('orders'));
  });

  it('default to the 100 newest orders of the last 90 days, hiding orders without state', async () => {
    const res = await get(api('/orders'));
    const expected = newestFirst(recent(orders).filter((o) => o.state !== undefined)).slice(0, 100);
    expect(res.body.elements.map((e: Rec) => e.id)).toEqual(expected.map((o) => o.id));
    expect(res.body.href).toBe(
      `${res.body.href.split('?')[0]}?filter=createdTime%3E%3D${TEST_NOW - CLAMP_MS}&filter=createdTime%3C%3D${TEST_NOW}` +
        '&filter=stateIS%20NOT%20NULL&limit=100',
    );
  });

  it('return stateless orders only when a filter names state, without the hidden filter in href', async () => {
    const stateless = recent(orders).filter((o) => o.state === undefined);
    expect(stateless.length).toBeGreaterThan(0);
    const res = await get(api('/orders?filter=state IS NULL&limit=1000'));
    expect(res.body.elements.map((e: Rec) => e.id).sort()).toEqual(
      stateless.map((o) => o.id).sort(),
    );
    expect(res.body.href).not.toContain('stateIS');
    expect(res.body.href).toContain('filter=state%20IS%20NULL');
  });

  it('AND every filter, compare enums case-insensitively and read dotted fields', async () => {
    const employee = (orders[0] as unknown as { employee: { id: string } }).employee.id;
    const res = await get(
      api(
        `/orders?filter=total>1000&filter=payType!=full&filter=state=LOCKED&filter=employee.id=${employee}&limit=1000`,
      ),
    );
    const expected = recent(orders).filter(
      (o) =>
        (o.total as number) > 1000 &&
        o.payType !== undefined &&
        o.payType !== 'FULL' &&
        o.state === 'locked' &&
        (o.employee as { id: string }).id === employee,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body.elements.map((e: Rec) => e.id)).toEqual(newestFirst(expected).map((o) => o.id));
    expect(res.body.href).toContain('filter=total%3E1000&filter=payType!%3Dfull');
  });

  it('support in-lists and IS NOT NULL', async () => {
    const ids = recent(orders)
      .slice(0, 3)
      .map((o) => o.id);
    const res = await get(
      api(`/orders?filter=id in (${ids.map((i) => `'${i}'`).join(',')})&filter=note IS NOT NULL`),
    );
    const expected = recent(orders).filter((o) => ids.includes(o.id) && o.note !== undefined);
    expect(res.body.elements.map((e: Rec) => e.id)).toEqual(newestFirst(expected).map((o) => o.id));
  });

  it('400 an unknown field, a bad operator and a bad value, naming them', async () => {
    const cases: [string, RegExp, string][] = [
      ['filter=colour=red', /colour/, 'UNKNOWN_FILTER_FIELD'],
      ['filter=total~5', /total~5/, 'BAD_FILTER_OPERATOR'],
      ['filter=total>lots', /total/, 'BAD_FILTER_VALUE'],
      ['filter=state=closed', /closed/, 'BAD_FILTER_VALUE'],
      ['filter=createdTime>2024-01-01', /createdTime/, 'BAD_FILTER_VALUE'],
      ['filter=testMode=maybe', /testMode/, 'BAD_FILTER_VALUE'],
      ['filter=currency=USD', /currency/, 'UNKNOWN_FILTER_FIELD'],
    ];
    for (const [query, named, code] of cases) {
      const res = await get(api(`/orders?${query}`));
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toMatch(named);
      expect(res.headers['x-mock-error-code'], query).toBe(code);
    }
    const removed = await get(api('/payments?filter=tipAmount>0'));
    expect(removed.status).toBe(400);
    expect(removed.body.message).toContain('tipAmount');
  });

  it('page with limit and offset through every record exactly once', async () => {
    const expected = newestFirst(recent(orders).filter((o) => o.state !== undefined));
    const seen: string[] = [];
    for (let offset = 0; ; offset += 120) {
      const res = await get(api(`/orders?limit=120&offset=${offset}`));
      seen.push(...res.body.elements.map((e: Rec) => e.id));
      expect(res.body.href).toMatch(new RegExp(`&limit=120&offset=${offset}$`));
      if (res.body.elements.length < 120) break;
    }
    expect(seen).toEqual(expected.map((o) => o.id));
  });

  it('sort by orderBy, several keys, ascending or descending', async () => {
    const asc = await get(api('/payments?orderBy=createdTime ASC&limit=5'));
    const times = asc.body.elements.map((e: Rec) => e.createdTime);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(asc.body.href).toContain('orderBy=createdTime%20ASC');
    const multi = await get(api('/orders?orderBy=total DESC, createdTime ASC&limit=50'));
    const totals = multi.body.elements.map((e: Rec) => e.total as number);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('cut nested lists at 100 items: expand=lineItems and expand=payments', async () => {
    const table = app.mock.store.merchant(M)?.orders;
    const big = orders.find((_o, pos) => {
      const r = table?.record(pos, { expand: new Set(['lineItems']) });
      return (r?.lineItems as { elements: unknown[] } | undefined)?.elements.length === 100;
    });
    expect(big).toBeDefined();
    const one = await get(api(`/orders/${big?.id}?expand=lineItems`));
    expect(one.body.lineItems.elements).toHaveLength(100);
    const res = await request(app)
      .get(api('/orders?expand=payments&filter=total>0&limit=1', 'MANYPAYMENTS1'))
      .set('Authorization', 'Bearer many');
    expect(app.mock.store.count('MANYPAYMENTS1', 'payments')).toBe(150);
    expect(res.body.elements[0].payments.elements).toHaveLength(100);
    expect(res.body.elements[0].payments.elements[0].href).toMatch(/\/payments\/[0-9A-Z]{13}$/);
  });

  it('return one object by id, with the same shape as in the collection', async () => {
    const page = await get(api('/payments?limit=1'));
    const one = await get(api(`/payments/${page.body.elements[0].id}`));
    expect(one.status).toBe(200);
    // supertest listens on a new port per request, so hrefs differ in the port only.
    const { href, ...record } = one.body;
    const { href: pageHref, ...pageRecord } = page.body.elements[0];
    expect(record).toEqual(pageRecord);
    expect(href.replace(/:\d+/, '')).toBe(pageHref.replace(/:\d+/, ''));
    expect(record).toEqual(app.mock.store.record(M, 'payments', one.body.id));
  });

  it('serve refunds of all time without a time filter (no clamp without one)', async () => {
    const refunds = app.mock.store.records(M, 'refunds');
    const res = await get(api('/refunds?limit=1000'));
    expect(res.body.elements).toHaveLength(refunds.length);
    expect(refunds.some((r) => (r.createdTime as number) < TEST_NOW - 100 * DAY_MS)).toBe(true);
  });
});
