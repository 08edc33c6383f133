/**
 * The pager: offsets step by the page size until a short page, the plan's `limit` param is the
 * page size, and bodies that are not collection pages are rejected (so they are retried).
 */
import { compile } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawResponse } from '../http/http-types.js';
import { BadBodyError } from '../retry/with-retry.js';
import { collect } from '../run/run.js';
import { instantClock } from '../testing/test-clocks.js';
import { failure } from '../testing/test-failure.js';
import { type FakeServer, startFakeServer } from '../testing/test-fake-server.js';
import { pageSizeOf, parseEnvelope } from './read-pages.js';

const now = Date.UTC(2026, 0, 7, 12);
let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake refunds collection of `total` records that pages by `limit`/`offset`. */
async function collection(total: number) {
  fake = await startFakeServer((req) => {
    const limit = Number(req.url.searchParams.get('limit'));
    const offset = Number(req.url.searchParams.get('offset'));
    const elements = Array.from(
      { length: Math.max(0, Math.min(limit, total - offset)) },
      (_, i) => ({
        id: `R${String(offset + i).padStart(12, '0')}`,
        amount: 5,
      }),
    );
    return { body: { elements } };
  });
  return fake;
}

const offsets = (f: FakeServer) => f.requests.map((r) => Number(r.url.searchParams.get('offset')));
const options = (url: string) => ({
  baseUrl: url,
  token: 't',
  merchantId: 'M',
  clock: instantClock({ start: now }),
});

describe('paging', () => {
  it('steps the offset by the page size until a short page', async () => {
    const f = await collection(25);
    const got = await collect(
      compile('refunds where amount > 1', { now, pageSize: 10 }),
      options(f.url),
    );
    expect(got).toHaveLength(25);
    expect(offsets(f)).toEqual([0, 10, 20]);
    expect(f.requests.every((r) => r.url.searchParams.get('limit') === '10')).toBe(true);
  });

  it('reads one more, empty page when the total is a multiple of the page size', async () => {
    const f = await collection(20);
    const got = await collect(
      compile('refunds where amount > 1', { now, pageSize: 10 }),
      options(f.url),
    );
    expect(got).toHaveLength(20);
    expect(offsets(f)).toEqual([0, 10, 20]);
  });

  it("uses the plan's limit param as the page size and stops at the query's limit", async () => {
    const f = await collection(100);
    const plan = compile('refunds where amount > 1 limit 7', { now });
    expect(pageSizeOf(plan.requests[0]!, plan.pageSize)).toBe(7);
    const got = await collect(plan, options(f.url));
    expect(got.map((r) => r.id)).toEqual(
      Array.from({ length: 7 }, (_, i) => `R${String(i).padStart(12, '0')}`),
    );
    expect(offsets(f)).toEqual([0]);
  });
});

describe('paging that would not end', () => {
  const refunds = compile('refunds where amount > 1', { now, pageSize: 4 });
  const ids = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `R${String(from + i).padStart(12, '0')}`,
      amount: 5,
    }));

  it('accepts a full page that repeats some ids of the last page (rows inserted meanwhile)', async () => {
    // Two rows were inserted before the second page: it repeats two ids and brings two new ones.
    const pages = [ids(0, 4), ids(2, 4), ids(6, 1)];
    fake = await startFakeServer((req) => {
      const n = Number(req.url.searchParams.get('offset')) / 4;
      return { body: { elements: pages[n] ?? [] } };
    });
    const got = await collect(refunds, options(fake.url));
    expect(got.map((r) => r.id)).toEqual(ids(0, 7).map((r) => r.id));
  });

  it('fails with PROTOCOL when a full page holds only ids of the last two pages', async () => {
    // Pages alternate between two sets: the third page brings nothing new.
    fake = await startFakeServer((req) => {
      const n = Number(req.url.searchParams.get('offset')) / 4;
      return { body: { elements: ids((n % 2) * 4, 4) } };
    });
    const e = await failure(collect(refunds, options(fake.url)));
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toMatch(
      /the page at offset 8 is full but holds only records of the previous pages/,
    );
    expect(e.request).toContain('offset=8');
    expect(fake.requests).toHaveLength(3);
  });

  it('reads exactly paging.maxPages full pages of an unwindowed request, then fails', async () => {
    const f = await collection(1_000_000);
    const e = await failure(collect(refunds, { ...options(f.url), paging: { maxPages: 3 } }));
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toMatch(
      /sent 3 full pages of 4 records and no last page; a request holds at most 3 pages/,
    );
    expect(offsets(f)).toEqual([0, 4, 8]);
  });

  it('ends normally when the last allowed page is short', async () => {
    const f = await collection(10);
    const got = await collect(refunds, { ...options(f.url), paging: { maxPages: 3 } });
    expect(got).toHaveLength(10);
  });
});

describe('parseEnvelope', () => {
  const raw = (body: string): RawResponse => ({
    status: 200,
    headers: {},
    body: Buffer.from(body),
  });

  it('reads elements and href', () => {
    expect(parseEnvelope(raw('{"elements":[{"id":"A"}],"href":"h"}'))).toEqual({
      elements: [{ id: 'A' }],
      href: 'h',
    });
  });

  it.each([
    '{"elements": [',
    '[]',
    '{"elements": {}}',
    '{"elements": [{"name": "x"}]}',
    '{"elements": [null]}',
    '{"elements": [{"id": ""}]}',
  ])('rejects %s', (body) => {
    expect(() => parseEnvelope(raw(body))).toThrow(BadBodyError);
  });
});
