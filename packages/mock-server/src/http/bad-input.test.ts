import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { FILTER_LENGTH_MAX } from '../filter/parse-filter.js';
import { AUTH, api, testApp } from '../testing/test-app.js';

const { app } = testApp({ adminToken: 'adm' });
const get = (path: string) => request(app).get(path).set(AUTH);

/** No response may show a stack trace or internal detail. */
function noLeak(res: { text: string }) {
  expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|Error:/);
}

describe('bad input never crashes the server or leaks a stack trace', () => {
  it('malformed JSON -> 400 JSON', async () => {
    const res = await request(app)
      .post(api('/exports'))
      .set(AUTH)
      .set('Content-Type', 'application/json')
      .send('{"type": "ORDERS",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ details: 'Bad Request', message: 'Malformed JSON in request body' });
    noLeak(res);
  });

  it('a huge body -> 413 JSON, on the API and the admin API', async () => {
    const huge = JSON.stringify({
      type: 'ORDERS',
      startTime: 1,
      endTime: 2,
      pad: 'x'.repeat(70_000),
    });
    for (const path of [api('/exports'), '/_mock/reset']) {
      const res = await request(app)
        .post(path)
        .set(path.startsWith('/_mock') ? { Authorization: 'Bearer adm' } : AUTH)
        .set('Content-Type', 'application/json')
        .send(huge);
      expect(res.status, path).toBe(413);
      expect(res.body.message).toBe('Request body too large');
      noLeak(res);
    }
  });

  it('a body that is not a JSON object -> 400', async () => {
    for (const [type, body] of [
      ['application/json', '[1,2]'],
      ['application/json', '"ORDERS"'],
    ] as const) {
      const res = await request(app)
        .post(api('/exports'))
        .set(AUTH)
        .set('Content-Type', type)
        .send(body);
      expect(res.status, `${type} ${body}`).toBe(400);
      noLeak(res);
    }
    const res = await request(app)
      .post(api('/exports'))
      .set(AUTH)
      .set('Content-Type', 'application/json; charset=latin-9')
      .send('{}');
    expect(res.status).toBe(415);
  });

  it('a body without a JSON content type -> 415, on the API and the admin API', async () => {
    const body = '{"type":"ORDERS","startTime":1,"endTime":2}';
    for (const path of [api('/exports'), '/_mock/reset']) {
      const auth = path.startsWith('/_mock') ? { Authorization: 'Bearer adm' } : AUTH;
      for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
        const req = request(app).post(path).set(auth);
        if (type !== undefined) req.set('Content-Type', type);
        // superagent adds a content type to a string body; a Buffer goes without one.
        const res = await req.send(Buffer.from(type === undefined ? body : 'type=ORDERS'));
        expect(res.status, `${path} ${type}`).toBe(415);
        expect(res.headers['x-mock-error-code']).toBe('UNSUPPORTED_MEDIA_TYPE');
        expect(res.body.message).toBe('Unsupported Media Type');
        if (type === undefined) {
          const sent = (res.request as unknown as { header: Record<string, unknown> }).header;
          expect(sent['Content-Type']).toBeUndefined();
        }
        noLeak(res);
      }
    }
    // A POST with no body at all needs no content type.
    const freeze = await request(app)
      .post('/_mock/clock/freeze')
      .set('Authorization', 'Bearer adm');
    expect(freeze.status).toBe(200);
  });

  it('OPTIONS is an unknown method everywhere: plain 404, with or without auth', async () => {
    for (const [path, auth] of [
      [api('/orders'), {}],
      [api('/orders'), AUTH],
      [api('/exports'), AUTH],
      ['/_mock/clock', { Authorization: 'Bearer adm' }],
      ['/_mock/clock', {}],
      ['/export-files/x/y.json', {}],
      ['/', {}],
    ] as const) {
      const res = await request(app).options(path).set(auth);
      expect(res.status, `${path} ${JSON.stringify(auth)}`).toBe(404);
      expect(res.text).toBe('Not Found');
      expect(res.headers.allow).toBeUndefined();
    }
  });

  it('a huge limit, negative or fractional offsets, repeated paging params -> 400', async () => {
    for (const q of [
      'limit=1000000',
      'limit=1e3',
      'limit=-5',
      'offset=-1',
      'offset=1.5',
      'limit=10&limit=20',
      'offset=0&offset=0',
      'orderBy=id&orderBy=total',
      'limit=',
      'limit',
    ]) {
      const res = await get(api(`/orders?${q}`));
      expect(res.status, q).toBe(400);
      expect(res.headers['content-type']).toMatch(/json/);
      noLeak(res);
    }
  });

  it('prototype keys in filters and parameters -> 400 or ignored, never honoured', async () => {
    for (const q of [
      'filter=__proto__=1',
      'filter=constructor.prototype=1',
      'filter=__proto__.polluted=1',
      'filter=toString=1',
    ]) {
      const res = await get(api(`/orders?${q}`));
      expect(res.status, q).toBe(400);
      expect(res.headers['x-mock-error-code']).toBe('UNKNOWN_FILTER_FIELD');
    }
    const ignored = await get(api('/orders?__proto__[limit]=5&constructor=1&limit=3'));
    expect(ignored.status).toBe(200);
    expect(ignored.body.elements).toHaveLength(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('unicode in values and field names', async () => {
    const ok = await get(api(`/orders?filter=${encodeURIComponent('note=ünïcødé ✓ 😀')}`));
    expect(ok.status).toBe(200);
    expect(ok.body.href).toContain(encodeURIComponent('note=ünïcødé ✓ 😀'));
    const bad = await get(api(`/orders?filter=${encodeURIComponent('tötal>5')}`));
    expect(bad.status).toBe(400);
    const named = await get(api(`/orders?filter=${encodeURIComponent('total>fünf')}`));
    expect(named.body.message).toContain('fünf');
    const recent = app.mock.store
      .records('MERCHANT00001', 'orders')
      .filter(
        (o) =>
          (o.createdTime as number) >= app.mock.clock.now() - 80 * 86_400_000 &&
          o.state !== undefined,
      );
    const withMark = recent.find((o) => typeof o.note === 'string' && o.note.includes('✓'));
    expect(withMark).toBeDefined();
    const res = await get(
      api(`/orders?filter=${encodeURIComponent(`note=${withMark?.note}`)}&limit=1000`),
    );
    expect(res.status).toBe(200);
    expect(res.body.elements.map((e: { id: string }) => e.id)).toContain(withMark?.id);
    for (const e of res.body.elements) expect(e.note).toBe(withMark?.note);
  });

  it('malformed percent-encoding in the path or query -> 4xx, not a crash', async () => {
    const path = await get(api('/orders/%E0%A4%A'));
    expect(path.status).toBe(400);
    noLeak(path);
    const query = await get(api('/orders?filter=note%3D%E0%A4%A&limit=%ZZ'));
    expect(query.status).toBe(400);
    noLeak(query);
  });

  it('an empty, huge or odd filter -> 400', async () => {
    for (const q of [
      'filter=',
      'filter',
      `filter=${'a'.repeat(8000)}=1`,
      `filter=note=${'x'.repeat(8000)}&filter=total>x`,
      'filter=total%00>5',
      'filter=id in ()',
      "filter=id in ('x'",
    ]) {
      const res = await get(api(`/orders?${q}`));
      expect(res.status, q.slice(0, 40)).toBe(400);
      expect(res.text.length).toBeLessThan(1500);
      noLeak(res);
    }
  });

  it('a filter value over FILTER_LENGTH_MAX characters -> 400 at once; one that long is read', async () => {
    const spaces = await get(api(`/orders?filter=${'+'.repeat(15_500)}`));
    expect(spaces.status).toBe(400);
    expect(spaces.headers['x-mock-error-code']).toBe('BAD_FILTER_VALUE');
    expect(spaces.body.message).toContain(`longer than ${FILTER_LENGTH_MAX} characters`);
    const longest = await get(api(`/orders?filter=note=${'x'.repeat(FILTER_LENGTH_MAX - 5)}`));
    expect(longest.status).toBe(200);
    expect(longest.body.elements).toEqual([]);
  });

  it('an over-long URL is refused by the HTTP layer', async () => {
    const res = await get(api(`/orders?filter=note=${'x'.repeat(20_000)}`));
    expect(res.status).toBe(431);
  });

  it('methods the API lacks -> plain 404', async () => {
    for (const method of ['put', 'delete', 'patch'] as const) {
      const res = await request(app)[method](api('/orders')).set(AUTH);
      expect(res.status).toBe(404);
      expect(res.text).toBe('Not Found');
    }
  });

  it('the server still answers after all of that', async () => {
    expect((await get(api('/orders?limit=1'))).status).toBe(200);
  });
});
