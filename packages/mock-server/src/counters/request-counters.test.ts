import { describe, expect, it } from 'vitest';
import { RequestCounters } from './request-counters.js';
import { routeKey } from './route-key.js';

describe('request counters', () => {
  it('maps paths to route templates without ids, secrets or unknown names', () => {
    expect(routeKey('GET', '/v3/merchants/M1/orders')).toBe('GET /v3/merchants/{mId}/orders');
    expect(routeKey('GET', '/v3/merchants/M1/payments/ABC/')).toBe(
      'GET /v3/merchants/{mId}/payments/{id}',
    );
    expect(routeKey('POST', '/v3/merchants/M1/exports/')).toBe('POST /v3/merchants/{mId}/exports');
    expect(routeKey('GET', '/export-files/s3cr3t/export-X-1.json')).toBe(
      'GET /export-files/{secret}/{file}',
    );
    expect(routeKey('POST', '/_mock/clock/advance')).toBe('POST /_mock/clock/advance');
    expect(routeKey('GET', '/_mock/whatever')).toBe('GET unmatched');
    expect(routeKey('GET', '/v3/merchants/M1/items')).toBe('GET unmatched');
  });

  it('counts by route and status and resets', () => {
    const c = new RequestCounters();
    c.record('GET a', 200);
    c.record('GET a', 200);
    c.record('GET a', 429);
    c.record('GET b', 'aborted');
    expect(c.snapshot()).toEqual({
      total: 4,
      byRoute: { 'GET a': { 200: 2, 429: 1 }, 'GET b': { aborted: 1 } },
    });
    c.reset();
    expect(c.snapshot()).toEqual({ total: 0, byRoute: {} });
  });
});
