/**
 * Each tripwire trigger, end to end through `run`: a fake server answers the way a truncating
 * server would, and the run must fail with TRUNCATED naming the window and the request — never
 * return a short result. (a) is also shown against the real mock in the integration tests.
 */
import { compile, type Plan } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientError } from '../errors/client-error.js';
import type { RunOptions } from '../options/run-options.js';
import { collect } from '../run/run.js';
import { instantClock } from '../testing/test-clocks.js';
import {
  type FakeReply,
  type FakeServer,
  type SeenRequest,
  startFakeServer,
} from '../testing/test-fake-server.js';

const DAY = 86_400_000;
const now = Date.UTC(2026, 0, 7, 12);
let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const options = (url: string): RunOptions => ({
  baseUrl: url,
  token: 't',
  merchantId: 'M',
  rateLimit: 0,
  clock: instantClock({ start: now }),
  random: () => 0.5,
});

async function failure(
  plan: Plan,
  handler: (req: SeenRequest, s: { url: string }) => FakeReply,
): Promise<ClientError> {
  fake = await startFakeServer(handler);
  try {
    await collect(plan, options(fake.url));
  } catch (e) {
    if (e instanceof ClientError) return e;
    throw e;
  }
  throw new Error('the run should have failed');
}

const bounds = (req: SeenRequest) =>
  req.url.searchParams.getAll('filter').filter((f) => f.startsWith('createdTime'));
const pay = (id: string, createdTime: number) => ({ id, createdTime, amount: 100 });

describe('truncation tripwire through run()', () => {
  const plan = compile('payments where createdTime >= 2025-12-01', { now });

  it('(a) fails when href shows narrower time bounds than were sent', async () => {
    const e = await failure(plan, (req) => {
      const [lo, hi] = bounds(req);
      const raised = `createdTime>=${Number(lo!.slice('createdTime>='.length)) + DAY}`;
      const href = `${req.url.origin}${req.url.pathname}?filter=${encodeURIComponent(raised)}&filter=${encodeURIComponent(hi!)}&limit=1000`;
      return { body: { elements: [], href } };
    });
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/clamped the range/);
    expect(e.window).toBe(0);
    expect(e.request).toMatch(/^GET \/v3\/merchants\/M\/payments\?filter=createdTime>=/);
    expect(fake!.requests).toHaveLength(1);
  });

  it('(b) fails when a record lies outside the window its request sent', async () => {
    const e = await failure(plan, (req) => {
      const lo = Number(bounds(req)[0]!.slice('createdTime>='.length));
      return { body: { elements: [pay('OUTSIDE00001', lo - 1)] } };
    });
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/outside the requested/);
    expect(e.message).toContain('OUTSIDE00001');
  });

  it('(b) checks nothing for an unwindowed refunds request', async () => {
    fake = await startFakeServer(() => ({
      body: { elements: [{ id: 'R1', createdTime: 1, amount: 5 }] },
    }));
    const refunds = compile('refunds where amount > 1', { now });
    expect((await collect(refunds, options(fake.url))).map((r) => r.id)).toEqual(['R1']);
  });

  it('(c) fails when a page holds more elements than the page size', async () => {
    const small = compile('payments where createdTime >= 2025-12-01', { now, pageSize: 2 });
    const e = await failure(small, (req) => {
      const lo = Number(bounds(req)[0]!.slice('createdTime>='.length));
      return { body: { elements: [pay('A', lo), pay('B', lo), pay('C', lo)] } };
    });
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/holds 3 records but the page size is 2/);
    expect(e.request).toContain('limit=2');
  });

  describe('(d) export files', () => {
    const exportPlan = compile(
      'export payments where createdTime >= 2026-01-01 and createdTime < 2026-01-02',
      { now },
    );
    const start = Date.UTC(2026, 0, 1);
    const objects = (n: number, from = start) =>
      Array.from({ length: n }, (_, i) =>
        pay(`P${String(from - start + i).padStart(12, '0')}`, from + i),
      );
    const exportServer =
      (files: ReturnType<typeof objects>[]) =>
      (req: SeenRequest, s: { url: string }): FakeReply => {
        if (req.method === 'POST')
          return { body: { id: 'EXP000000001', status: 'PENDING', percentComplete: 0 } };
        if (req.url.pathname.includes('/exports/')) {
          return {
            body: {
              id: 'EXP000000001',
              status: 'DONE',
              percentComplete: 100,
              exportUrls: {
                elements: files.map((_, i) => ({ url: `${s.url}/files/secret/${i}.json` })),
              },
            },
          };
        }
        const i = Number(req.url.pathname.split('/').at(-1)!.replace('.json', ''));
        return { body: { elements: files[i] } };
      };

    it('fails when a file before the last holds fewer than 1000 objects', async () => {
      const e = await failure(exportPlan, exportServer([objects(999), objects(10, start + 5000)]));
      expect(e.code).toBe('TRUNCATED');
      expect(e.message).toMatch(/export file 1 of 2 holds 999 objects/);
      expect(e.request).toMatch(/export file 1 of 2/);
      expect(e.request).not.toContain('secret');
    });

    it('fails when the last file holds more than 1000 objects', async () => {
      const e = await failure(exportPlan, exportServer([objects(1001)]));
      expect(e.message).toMatch(/holds 1001 objects/);
    });

    it('fails when an object lies outside [startTime, endTime]', async () => {
      const e = await failure(exportPlan, exportServer([[pay('LATE00000001', start + DAY)]]));
      expect(e.code).toBe('TRUNCATED');
      expect(e.message).toMatch(/outside the export/);
    });

    it('passes full files and downloads them without the Authorization header', async () => {
      fake = await startFakeServer(exportServer([objects(1000), objects(3, start + 5000)]));
      const got = await collect(exportPlan, options(fake.url));
      expect(got).toHaveLength(1003);
      const files = fake.requests.filter((r) => r.url.pathname.startsWith('/files/'));
      expect(files).toHaveLength(2);
      for (const f of files) expect(f.headers.authorization).toBeUndefined();
      const api = fake.requests.filter((r) => r.url.pathname.startsWith('/v3/'));
      for (const r of api) expect(r.headers.authorization).toBe('Bearer t');
    });
  });
});
