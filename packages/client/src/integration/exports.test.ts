/**
 * The Export API against the real mock (issue #4): 2500 objects over 45 days in two exports,
 * an export started outside the opening hours on the virtual clock, an expired file re-created,
 * and the busy 503 when too many exports run.
 */
import { DAY_MS, HOUR_MS } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientRecord } from '../dedupe/record-gate.js';
import { ClientError } from '../errors/client-error.js';
import type { Progress } from '../progress/progress.js';
import { collect } from '../run/run.js';
import {
  clientOptions,
  compileAt,
  idsOf,
  MERCHANT,
  NOW,
  startTestMock,
  TOKEN,
  truth,
} from '../testing/test-mock.js';

const FROM = NOW - 45 * DAY_MS;
const SINCE = new Date(FROM).toISOString();
let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function exportMock(
  o: { region?: 'us' | 'sandbox'; start?: number; limits?: Record<string, number> } = {},
) {
  mock = await startTestMock({
    orders: 10,
    payments: 2500,
    refunds: 10,
    from: FROM,
    extra: {
      region: o.region ?? 'sandbox',
      clock: { start: o.start ?? NOW, frozen: true },
      limits: { exportDurationMs: 10_000, exportPendingMs: 2000, ...o.limits },
    },
  });
  return mock;
}

const inRange = (r: ClientRecord) =>
  (r.createdTime as number) >= FROM && (r.createdTime as number) <= NOW;

describe('exports against the mock', () => {
  it('exports 2500 objects over 45 days: two exports, one file per 1000 objects, polled with backoff, exactly the ground truth', async () => {
    const m = await exportMock();
    const plan = compileAt(m, `export payments where createdTime >= ${SINCE}`);
    expect(plan.requests).toHaveLength(2);
    const progress: Progress[] = [];
    const options = clientOptions(m, { onProgress: (p) => progress.push(p) });
    const got = await collect(plan, options);
    const want = truth(m, 'payments', inRange);
    expect(want).toHaveLength(2500);
    expect(idsOf(got)).toEqual(want);
    // File order: each export's objects come oldest first.
    const firstWindow = got.slice(0, 1000).map((r) => r.createdTime as number);
    expect([...firstWindow].sort((a, b) => a - b)).toEqual(firstWindow);

    const counts = m.counters.snapshot().byRoute;
    expect(counts['POST /v3/merchants/{mId}/exports']).toEqual({ '200': 2 });
    const files = Object.entries(counts).filter(([k]) => k.includes('export-files'));
    const perWindow = plan.requests.map((r) => {
      const { startTime, endTime } = r.body as { startTime: number; endTime: number };
      return truth(
        m,
        'payments',
        (p) => (p.createdTime as number) >= startTime && (p.createdTime as number) <= endTime,
      ).length;
    });
    expect(perWindow.reduce((a, b) => a + b, 0)).toBe(2500);
    const expectedFiles = perWindow.reduce((n, k) => n + Math.ceil(k / 1000), 0);
    expect(files.reduce((n, [, v]) => n + (v['200'] ?? 0), 0)).toBe(expectedFiles);

    const phases = progress.map((p) => p.phase).filter((p, i, a) => p !== a[i - 1]);
    expect(phases).toEqual([
      'export-create',
      'export-poll',
      'export-download',
      'export-create',
      'export-poll',
      'export-download',
      'done',
    ]);
    const percents = progress.filter((p) => p.phase === 'export-poll').map((p) => p.exportPercent);
    expect(percents).toContain(100);
    expect(percents.some((p) => p !== undefined && p > 0 && p < 100)).toBe(true);
    // Poll delays: 1000 ms, then ×1.5 each time.
    const slept = options.clock.slept;
    expect(slept.slice(0, 4)).toEqual([1000, 1500, 2250, 3375]);
    expect(progress.at(-1)).toMatchObject({ windowsDone: 2, windowsTotal: 2, records: 2500 });
  });

  it('waits for the opening hours when started outside them, on the virtual clock', async () => {
    // Saturday 2026-01-10 20:00 UTC: the US Export API is closed until Sunday 10:00.
    const saturday = Date.UTC(2026, 0, 10, 20);
    const sunday10 = Date.UTC(2026, 0, 11, 10);
    const m = await exportMock({ region: 'us', start: saturday });
    const plan = compileAt(
      m,
      `export payments where createdTime >= ${SINCE} and createdTime <= ${new Date(NOW).toISOString()}`,
    );
    const progress: Progress[] = [];
    const got = await collect(
      plan,
      clientOptions(m, { region: 'us', onProgress: (p) => progress.push(p) }),
    );
    expect(idsOf(got)).toEqual(truth(m, 'payments', inRange));
    const waiting = progress.find((p) => p.phase === 'export-wait');
    expect(waiting?.waitingUntil).toBe(sunday10);
    expect(m.clock.now()).toBeGreaterThanOrEqual(sunday10);
    // The client waited instead of asking: no 503 at all.
    expect(m.counters.snapshot().byRoute['POST /v3/merchants/{mId}/exports']).toEqual({ '200': 2 });
  });

  it('with wait: false fails outside the hours with EXPORT_UNAVAILABLE saying when it opens', async () => {
    const m = await exportMock({ region: 'us', start: Date.UTC(2026, 0, 10, 20) });
    const plan = compileAt(
      m,
      `export payments where createdTime >= ${SINCE} and createdTime <= ${new Date(NOW).toISOString()}`,
    );
    const e = await collect(plan, clientOptions(m, { exports: { wait: false } })).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ClientError);
    expect((e as ClientError).code).toBe('EXPORT_UNAVAILABLE');
    expect((e as ClientError).message).toContain('2026-01-11T10:00:00.000Z');
    expect((e as ClientError).window).toBe(0);
    expect(m.counters.snapshot().total).toBe(0);
  });

  it('tells the hours 503 from the busy one when its hours disagree with the server', async () => {
    const m = await exportMock({ region: 'us', start: Date.UTC(2026, 0, 10, 20) });
    const plan = compileAt(
      m,
      `export payments where createdTime >= ${SINCE} and createdTime <= ${new Date(NOW).toISOString()}`,
    );
    // The client believes the sandbox hours (always open); the server is a closed US one.
    const e = await collect(
      plan,
      clientOptions(m, { exports: { region: 'sandbox' }, retry: { maxAttempts: 3 } }),
    ).catch((err: unknown) => err);
    expect((e as ClientError).code).toBe('EXPORT_UNAVAILABLE');
    expect((e as ClientError).message).toMatch(/exports\.region/);
    expect((e as ClientError).status).toBe(503);
  });

  it('backs off on the busy 503 while another export runs, then goes ahead', async () => {
    const m = await exportMock({ limits: { maxConcurrentExports: 1 } });
    const other = await fetch(`${m.url}/v3/merchants/${MERCHANT}/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'ORDERS', startTime: FROM, endTime: FROM + DAY_MS }),
    });
    expect(other.status).toBe(200);
    const plan = compileAt(m, `export payments where createdTime >= ${SINCE}`);
    const progress: Progress[] = [];
    const got = await collect(
      plan,
      clientOptions(m, { onProgress: (p) => progress.push(p), retry: { maxAttempts: 20 } }),
    );
    expect(idsOf(got)).toEqual(truth(m, 'payments', inRange));
    expect(progress.some((p) => p.lastRetry?.status === 503)).toBe(true);
    expect(
      m.counters.snapshot().byRoute['POST /v3/merchants/{mId}/exports']?.['503'],
    ).toBeGreaterThan(0);
  });

  it.each([
    // busy: whether creating again meets the busy 503.
    {
      what: 'cut off (the export exists)',
      fault: 'truncateRate',
      orphanWaitMs: 300_000,
      busy: false,
    },
    { what: 'dropped (nothing was created)', fault: 'dropRate', orphanWaitMs: 0, busy: false },
    {
      what: 'cut off and the client does not wait',
      fault: 'truncateRate',
      orphanWaitMs: 0,
      busy: true,
    },
  ] as const)(
    'when the first create request is $what, counts an orphan and returns exactly the ground truth',
    async ({ fault, orphanWaitMs, busy }) => {
      const m = await exportMock({ limits: { maxConcurrentExports: 1 } });
      const plan = compileAt(m, `export payments where createdTime >= ${SINCE}`);
      // The mock's fault on the first POST only: a cut body (the export exists) or a dropped
      // connection (it does not); faults go off with the next request.
      let requests = 0;
      const agent = new Agent();
      const dispatcher = agent.compose(
        (dispatch) => (opts: Dispatcher.DispatchOptions, handler) => {
          requests++;
          if (requests === 1) m.faults.set({ seed: 1, [fault]: 1 });
          if (requests === 2) m.faults.clear();
          return dispatch(opts, handler);
        },
      );
      const progress: Progress[] = [];
      try {
        const got = await collect(
          plan,
          clientOptions(m, {
            dispatcher,
            onProgress: (p) => progress.push(p),
            retry: { maxAttempts: 20 },
            exports: { orphanWaitMs },
          }),
        );
        expect(idsOf(got)).toEqual(truth(m, 'payments', inRange));
        expect(progress.at(-1)?.orphanedExports).toBe(1);
        const posts = m.counters.snapshot().byRoute['POST /v3/merchants/{mId}/exports'];
        expect(posts?.aborted).toBe(1);
        expect(posts?.['200']).toBe(2);
        // A cut-off answer left an orphan holding the only export slot: creating again at once
        // meets the busy 503; after the wait the orphan is done. A dropped one created nothing.
        if (busy) expect(posts?.['503']).toBeGreaterThan(0);
        else expect(posts?.['503']).toBeUndefined();
      } finally {
        await agent.close();
      }
    },
  );

  it('re-creates the export when a file has expired, without yielding anything twice', async () => {
    const m = await exportMock();
    const plan = compileAt(m, `export payments where createdTime >= ${SINCE}`);
    // After the first file of the first export, jump the server clock past the 24 h expiry.
    let fileRequests = 0;
    const agent = new Agent();
    const dispatcher = agent.compose((dispatch) => (opts: Dispatcher.DispatchOptions, handler) => {
      if (opts.path.startsWith('/export-files/') && ++fileRequests === 2)
        m.clock.advance(25 * HOUR_MS);
      return dispatch(opts, handler);
    });
    try {
      const got = await collect(
        plan,
        clientOptions(m, { dispatcher, exports: { downloadConcurrency: 1 } }),
      );
      expect(got).toHaveLength(2500);
      expect(idsOf(got)).toEqual(truth(m, 'payments', inRange));
      const counts = m.counters.snapshot().byRoute;
      expect(counts['POST /v3/merchants/{mId}/exports']).toEqual({ '200': 3 });
      const statuses = Object.entries(counts)
        .filter(([k]) => k.includes('export-files'))
        .map(([, v]) => v);
      expect(statuses.some((v) => (v['410'] ?? 0) + (v['404'] ?? 0) > 0)).toBe(true);
    } finally {
      await agent.close();
    }
  });
});
