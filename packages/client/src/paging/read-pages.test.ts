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
