/**
 * The export state handling against a fake Export API: failed and unknown statuses, files that
 * keep expiring, the hours 503 at the edge of the opening hours, and where the objects go.
 */
import { compile } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import type { Progress } from '../progress/progress.js';
import { collect } from '../run/run.js';
import { instantClock } from '../testing/test-clocks.js';
import { failure } from '../testing/test-failure.js';
import {
  type FakeReply,
  type FakeServer,
  type SeenRequest,
  startFakeServer,
} from '../testing/test-fake-server.js';

const start = Date.UTC(2026, 0, 1);
const plan = compile(
  'export payments where createdTime >= 2026-01-01 and createdTime < 2026-01-02',
  {
    now: Date.UTC(2026, 0, 7, 12),
  },
);
const objects = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `P${String(i).padStart(12, '0')}`,
    createdTime: start + i,
  }));
let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Script {
  /** Answers to the POSTs, in order (the last repeats). */
  readonly create?: FakeReply[];
  /** Status of the export on each GET, in order (the last repeats). */
  readonly statuses?: string[];
  /** Per file request number: the reply (default: the file's objects). */
  readonly file?: (n: number, index: number) => FakeReply | undefined;
  readonly files?: unknown[][];
}

async function serve(script: Script, clockStart = Date.UTC(2026, 0, 7, 12)) {
  let creates = 0;
  let polls = 0;
  let fileRequests = 0;
  const files = script.files ?? [objects(3)];
  fake = await startFakeServer((req: SeenRequest, s) => {
    if (req.method === 'POST') {
      const c = script.create ?? [{ body: { id: 'EXP', status: 'PENDING', percentComplete: 0 } }];
      return c[Math.min(creates++, c.length - 1)]!;
    }
    if (req.url.pathname.startsWith('/v3/')) {
      const st = script.statuses ?? ['DONE'];
      const status = st[Math.min(polls++, st.length - 1)]!;
      return {
        body: {
          id: 'EXP',
          status,
          percentComplete: status === 'DONE' ? 100 : 40,
          ...(status === 'DONE'
            ? { exportUrls: { elements: files.map((_, i) => ({ url: `${s.url}/f/${i}.json` })) } }
            : {}),
        },
      };
    }
    const index = Number(req.url.pathname.split('/').at(-1)!.replace('.json', ''));
    return script.file?.(fileRequests++, index) ?? { body: { elements: files[index] } };
  });
  const progress: Progress[] = [];
  const clock = instantClock({ start: clockStart });
  return {
    progress,
    clock,
    options: {
      baseUrl: fake.url,
      token: 't',
      merchantId: 'M',
      clock,
      random: () => 0.5,
      onProgress: (p: Progress) => progress.push(p),
      exports: { region: 'us' as const },
    },
  };
}

describe('export runner', () => {
  it('polls PENDING and IN_PROGRESS until DONE, with growing delays, reporting the percentage', async () => {
    const { options, progress, clock } = await serve({
      statuses: ['PENDING', 'IN_PROGRESS', 'IN_PROGRESS', 'DONE'],
    });
    const got = await collect(plan, options);
    expect(got.map((r) => r.id)).toEqual(['P000000000000', 'P000000000001', 'P000000000002']);
    expect(clock.slept).toEqual([1000, 1500, 2250, 3375]);
    const percents = progress.filter((p) => p.phase === 'export-poll').map((p) => p.exportPercent);
    expect(percents.filter((p, i) => p !== percents[i - 1])).toEqual([0, 40, 100]);
  });

  it('caps the poll delay at maxPollMs', async () => {
    const { options, clock } = await serve({ statuses: [...Array(8).fill('IN_PROGRESS'), 'DONE'] });
    await collect(plan, {
      ...options,
      exports: { ...options.exports, pollMs: 1000, maxPollMs: 3000 },
    });
    expect(clock.slept).toEqual([1000, 1500, 2250, 3000, 3000, 3000, 3000, 3000, 3000]);
  });

  it.each(['FAILED', 'CANCELLED'])('fails with EXPORT_FAILED on status %s', async (status) => {
    const { options } = await serve({ statuses: ['IN_PROGRESS', status] });
    const e = await failure(collect(plan, options));
    expect(e.code).toBe('EXPORT_FAILED');
    expect(e.message).toContain(status);
    expect(e.window).toBe(0);
  });

  it('re-creates the export up to twice when its files expire, then fails with EXPORT_EXPIRED', async () => {
    const { options } = await serve({ file: () => ({ status: 410, body: { message: 'Gone' } }) });
    const e = await failure(collect(plan, options));
    expect(e.code).toBe('EXPORT_EXPIRED');
    expect(e.status).toBe(410);
    expect(fake!.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it.each([
    ['missing', { id: 'PNOTIME000001' }],
    ['null', { id: 'PNOTIME000001', createdTime: null }],
    ['a string', { id: 'PNOTIME000001', createdTime: '1767225600000' }],
  ])('fails with PROTOCOL on an object whose createdTime is %s', async (_, bad) => {
    const { options } = await serve({ files: [[...objects(2), bad]] });
    const e = await failure(collect(plan, options));
    expect(e.code).toBe('PROTOCOL');
    expect(e.message).toContain('no numeric createdTime');
    expect(e.message).toContain('PNOTIME000001');
    expect(e.message).toMatch(/window #0 \[2026-01-01T00:00:00\.000Z/);
  });

  it('does not yield objects twice when a later file expires and the export is re-created', async () => {
    const files = [objects(1000), objects(1500).slice(1000)];
    const { options } = await serve({
      files,
      file: (n, i) => (n === 1 && i === 1 ? { status: 404, body: {} } : undefined),
    });
    const got = await collect(plan, {
      ...options,
      exports: { ...options.exports, downloadConcurrency: 1 },
    });
    expect(got).toHaveLength(1500);
    expect(new Set(got.map((r) => r.id)).size).toBe(1500);
    expect(fake!.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('backs off on an hours 503 its own table calls open, then waits for the opening once closed', async () => {
    // 14:59:59.9 on a Wednesday: open by the table, but the server's clock says closed.
    const edge = Date.UTC(2026, 0, 7, 14, 59, 59, 900);
    const hours503: FakeReply = {
      status: 503,
      body: {
        message: 'Service Unavailable',
        details: 'Exports are available MON-FRI 10:00-15:00 UTC',
      },
    };
    const created: FakeReply = { body: { id: 'EXP', status: 'PENDING' } };
    const { options, progress } = await serve({ create: [hours503, created] }, edge);
    const got = await collect(plan, options);
    expect(got).toHaveLength(3);
    const wait = progress.find((p) => p.phase === 'export-wait');
    expect(wait?.waitingUntil).toBe(Date.UTC(2026, 0, 8, 10));
    expect(progress.some((p) => p.lastRetry?.status === 503)).toBe(true);
  });

  it('fails with UNAVAILABLE when the server stays busy past maxAttempts', async () => {
    const busy: FakeReply = {
      status: 503,
      body: { message: 'Service Unavailable', details: 'Too many exports in progress' },
    };
    const { options } = await serve({ create: [busy] });
    const e = await failure(collect(plan, { ...options, retry: { maxAttempts: 3 } }));
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toContain('Too many exports in progress');
    expect(fake!.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });
});
