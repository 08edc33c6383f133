import { describe, expect, it } from 'vitest';
import { OverrideTable } from './override-table.js';
import { compilePathPattern } from './path-pattern.js';

describe('compilePathPattern', () => {
  it('matches exact paths, :param segments and * rests, ignoring a trailing slash', () => {
    const exact = compilePathPattern('/v3/merchants/M1/orders');
    expect(exact.test('/v3/merchants/M1/orders')).toBe(true);
    expect(exact.test('/v3/merchants/M1/orders/')).toBe(true);
    expect(exact.test('/v3/merchants/M2/orders')).toBe(false);
    const param = compilePathPattern('/v3/merchants/:mId/orders/:id');
    expect(param.test('/v3/merchants/M1/orders/ABC')).toBe(true);
    expect(param.test('/v3/merchants/M1/orders')).toBe(false);
    expect(param.test('/v3/merchants/M1/orders/ABC/line_items')).toBe(false);
    const star = compilePathPattern('/v3/merchants/*');
    expect(star.test('/v3/merchants/M1/orders/ABC/line_items')).toBe(true);
    expect(star.test('/v3/merchants/M1')).toBe(true);
    expect(star.test('/export-files/x')).toBe(false);
  });

  it('treats regex characters in a path literally', () => {
    const p = compilePathPattern('/a.b/(c)');
    expect(p.test('/a.b/(c)')).toBe(true);
    expect(p.test('/aXb/(c)')).toBe(false);
  });

  it('rejects a pattern that does not start with /', () => {
    expect(() => compilePathPattern('v3/orders')).toThrow(/must start with "\/"/);
  });
});

describe('OverrideTable', () => {
  it('answers with the newest matching override, and one with times removes itself', () => {
    const t = new OverrideTable();
    t.add({ path: '/v3/merchants/:mId/orders', reply: { status: 503 } });
    t.add({ method: 'get', path: '/v3/merchants/:mId/orders', times: 2, reply: { status: 500 } });
    expect(t.take('POST', '/v3/merchants/M/orders')).toEqual({ status: 503 });
    expect(t.take('GET', '/v3/merchants/M/orders')).toEqual({ status: 500 });
    expect(t.list()[0]).toMatchObject({ method: 'GET', remaining: 1, hits: 1 });
    expect(t.take('GET', '/v3/merchants/M/orders')).toEqual({ status: 500 });
    expect(t.list()).toHaveLength(1);
    expect(t.take('GET', '/v3/merchants/M/orders')).toEqual({ status: 503 });
    expect(t.take('GET', '/v3/merchants/M/payments')).toBeNull();
  });

  it('removes one override by id, and clears them all', () => {
    const t = new OverrideTable();
    const a = t.add({ path: '/a', reply: { drop: true } });
    t.add({ path: '/b', reply: { delayMs: 10 } });
    expect(t.remove(a)).toBe(true);
    expect(t.remove(a)).toBe(false);
    expect(t.take('GET', '/a')).toBeNull();
    expect(t.take('GET', '/b')).toEqual({ delayMs: 10 });
    t.clear();
    expect(t.list()).toEqual([]);
  });

  it.each([
    [{ path: '/a', reply: {} }, /exactly one of/],
    [{ path: '/a', reply: { status: 500, drop: true } }, /exactly one of/],
    [{ path: '/a', reply: { status: 99 } }, /reply.status/],
    [{ path: '/a', reply: { drop: false } }, /reply.drop/],
    [{ path: '/a', reply: { delayMs: -1 } }, /reply.delayMs/],
    [{ path: '/a', reply: { status: 200, headers: { 'Bad Name': 'x' } } }, /reply.headers/],
    [{ path: '/a', reply: { status: 200, headers: { X: 'a\nb' } } }, /reply.headers/],
    [{ path: '/a', times: 0, reply: { status: 500 } }, /times/],
    [{ path: '/a', method: 'GE T', reply: { status: 500 } }, /method/],
    [{ path: 'a', reply: { status: 500 } }, /path/],
    [{ path: '/a', reply: null }, /reply must be an object/],
  ])('rejects a bad spec %j', (spec, message) => {
    const t = new OverrideTable();
    expect(() => t.add(spec as never)).toThrow(message);
    expect(t.list()).toEqual([]);
  });
});
