/**
 * Window scheduling over a slow fake server: windows run concurrently up to `concurrency`, the
 * pages of one window strictly one after another, and every request of the run shares the limits.
 */
import { compile } from '@cloverql/dsl';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../run/run.js';
import { instantClock } from '../testing/test-clocks.js';
import { type FakeServer, startFakeServer } from '../testing/test-fake-server.js';

const now = Date.UTC(2026, 0, 7, 12);
let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('window scheduling', () => {
  it('runs windows concurrently up to `concurrency` and the pages of a window in sequence', async () => {
    const inFlight = new Map<string, number>();
    let total = 0;
    let peakTotal = 0;
    let peakPerWindow = 0;
    // The first requests are held until three are in flight at once, so the peak is reached by
    // the client's scheduling and not by how fast this machine happens to answer.
    let releaseFirst: () => void = () => {};
    const threeInFlight = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    fake = await startFakeServer(async (req) => {
      const window = req.url.searchParams.getAll('filter').join('&');
      const lo = Number(req.url.searchParams.getAll('filter')[0]!.split('>=')[1]);
      const offset = Number(req.url.searchParams.get('offset'));
      inFlight.set(window, (inFlight.get(window) ?? 0) + 1);
      total++;
      peakTotal = Math.max(peakTotal, total);
      peakPerWindow = Math.max(peakPerWindow, inFlight.get(window)!);
      if (total >= 3) releaseFirst();
      await threeInFlight;
      inFlight.set(window, inFlight.get(window)! - 1);
      total--;
      // Three full pages of 2, then a short one.
      const n = offset < 6 ? 2 : 1;
      return {
        body: {
          elements: Array.from({ length: n }, (_, i) => ({
            id: `${lo}-${offset + i}`,
            createdTime: lo,
          })),
        },
      };
    });
    const plan = compile('payments where createdTime >= 2025-01-01', { now, pageSize: 2 });
    expect(plan.windows.length).toBeGreaterThan(3);
    const records = run(plan, {
      baseUrl: fake.url,
      token: 't',
      merchantId: 'M',
      concurrency: 3,
      rateLimit: 0,
      clock: instantClock({ start: now }),
    });
    let n = 0;
    for await (const _ of records) n++;
    expect(n).toBe(plan.windows.length * 7);
    expect(fake.requests).toHaveLength(plan.windows.length * 4);
    expect(peakPerWindow).toBe(1);
    expect(peakTotal).toBe(3);
    expect(records.stats.maxInFlight).toBe(3);
  });
});
