import { DAY_MS, EXPORT_TTL_MS, HOUR_MS } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import type { MockErrorCode } from '../errors/mock-error.js';
import type { MockRegion } from '../options/mock-options.js';
import { MockStore } from '../store/mock-store.js';
import { TEST_NOW, testMerchant } from '../testing/test-fixtures.js';
import { type ExportFile, type ExportJob, ExportRegistry } from './export-registry.js';
import { exportFileName } from './export-view.js';

// 2024-06-01 is a Saturday; US SAT 10:00-15:00 UTC, EU SAT 02:00-05:00 UTC.
const SPAN = { from: TEST_NOW - 20 * DAY_MS, to: TEST_NOW - DAY_MS };
const SIZES = [0, 1, 999, 1000, 1001, 2500];

function setup(options: { region?: MockRegion; now?: number; maxConcurrent?: number } = {}) {
  const clock = new VirtualClock({ start: options.now ?? TEST_NOW, frozen: true, source: () => 0 });
  const store = new MockStore({
    seed: 7,
    region: 'us',
    merchants: SIZES.map((n) =>
      testMerchant({ id: `M${n}`, token: `t${n}`, orders: n, payments: n, refunds: 0, ...SPAN }),
    ),
  });
  let secrets = 0;
  const registry = new ExportRegistry({
    clock,
    region: options.region ?? 'us',
    store,
    timing: { durationMs: 10_000, pendingMs: 2_000 },
    maxConcurrent: options.maxConcurrent ?? 3,
    randomSecret: () => `s${++secrets}`,
  });
  return { clock, store, registry };
}

const all = { startTime: SPAN.from, endTime: SPAN.to };
const failure = (fn: () => unknown): MockErrorCode | 'ok' => {
  try {
    fn();
  } catch (err) {
    return (err as { code: MockErrorCode }).code;
  }
  return 'ok';
};

describe('export files hold 1000 objects each (the Clover docs page "Export merchant data" "Returns 1000 objects per file")', () => {
  for (const n of SIZES) {
    it(`${n} orders (deleted ones left out) -> one file per 1000`, () => {
      const { registry, clock, store } = setup({ maxConcurrent: 10 });
      const job = registry.create(`M${n}`, { type: 'ORDERS', ...all });
      const live = store.count(`M${n}`, 'orders');
      expect(live + store.deleted(`M${n}`, 'orders').length).toBe(n);
      expect(job.objectCount).toBe(live);
      expect(job.files).toHaveLength(Math.ceil(live / 1000));
      expect(job.files.map((f) => f.positions.length)).toEqual(
        Array.from({ length: Math.ceil(live / 1000) }, (_, i) => Math.min(1000, live - i * 1000)),
      );
      clock.advance(10_000);
      for (const f of job.files) expect(registry.file(f.secret, exportFileName(f)).file).toBe(f);
    });
  }

  it('selects createdTime within [startTime, endTime], both inclusive', () => {
    const { registry, store } = setup({ maxConcurrent: 10 });
    const orders = store.records('M2500', 'orders') as { createdTime: number }[];
    const a = orders[100]?.createdTime as number;
    const b = orders[2000]?.createdTime as number;
    const job = registry.create('M2500', { type: 'ORDERS', startTime: a, endTime: b });
    expect(job.objectCount).toBe(
      orders.filter((o) => o.createdTime >= a && o.createdTime <= b).length,
    );
    expect(job.table.record(job.files[0]?.positions[0] ?? -1).createdTime).toBe(a);
  });
});

describe('export concurrency (the Clover docs page "Export merchant data": "returns 503 errors whenever the threshold is reached")', () => {
  it('refuses the fourth running export with EXPORT_LIMIT_REACHED and creates nothing', () => {
    const { registry, clock } = setup();
    for (let i = 0; i < 3; i++) registry.create('M1', { type: 'PAYMENTS', ...all });
    expect(failure(() => registry.create('M1', { type: 'PAYMENTS', ...all }))).toBe(
      'EXPORT_LIMIT_REACHED',
    );
    expect(registry.inProgress()).toBe(3);
    clock.advance(10_000);
    expect(registry.inProgress()).toBe(0);
    expect(failure(() => registry.create('M1', { type: 'PAYMENTS', ...all }))).toBe('ok');
  });
});

describe('export availability hours (the Clover docs page "Export merchant data" "Availability time")', () => {
  const saturday = (h: number) => Date.UTC(2024, 5, 1, h);
  it('US: open SAT 10:00-15:00 UTC, 503 with the hours outside', () => {
    expect(
      failure(() => setup({ now: saturday(10) }).registry.create('M1', { type: 'ORDERS', ...all })),
    ).toBe('ok');
    const { registry } = setup({ now: saturday(15) });
    try {
      registry.create('M1', { type: 'ORDERS', ...all });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'EXPORT_OUTSIDE_HOURS',
        context: { availableHours: 'MON-FRI 10:00-15:00, SAT 10:00-15:00, SUN 10:00-15:00 UTC' },
      });
    }
    expect(registry.inProgress()).toBe(0);
  });

  it('EU: open SAT 02:00-05:00 UTC only', () => {
    expect(
      failure(() =>
        setup({ region: 'eu', now: saturday(2) }).registry.create('M1', { type: 'ORDERS', ...all }),
      ),
    ).toBe('ok');
    expect(
      failure(() =>
        setup({ region: 'eu', now: saturday(1) }).registry.create('M1', { type: 'ORDERS', ...all }),
      ),
    ).toBe('EXPORT_OUTSIDE_HOURS');
    expect(
      failure(() =>
        setup({ region: 'eu', now: saturday(12) }).registry.create('M1', {
          type: 'ORDERS',
          ...all,
        }),
      ),
    ).toBe('EXPORT_OUTSIDE_HOURS');
  });

  it('sandbox: always open', () => {
    for (const h of [0, 3, 9, 16, 23]) {
      expect(
        failure(() =>
          setup({ region: 'sandbox', now: saturday(h) }).registry.create('M1', {
            type: 'ORDERS',
            ...all,
          }),
        ),
      ).toBe('ok');
    }
  });
});

describe('export expiry (the Clover docs page "Export merchant data" "Deletes exported files after 24 hours")', () => {
  it('serves files once DONE, then the export is 404 and its files 410 24 h later', () => {
    const { registry, clock } = setup();
    const job = registry.create('M1000', { type: 'ORDERS', ...all });
    const first = job.files[0] as ExportFile;
    const { secret } = first;
    const name = exportFileName(first);
    expect(failure(() => registry.file(secret, name))).toBe('NOT_FOUND');
    clock.advance(10_000);
    expect(registry.file(secret, name).job).toBe(job);
    clock.advance(EXPORT_TTL_MS - 1);
    expect(registry.get('M1000', job.id)).toBe(job);
    clock.advance(1);
    expect(failure(() => registry.get('M1000', job.id))).toBe('NOT_FOUND');
    expect(failure(() => registry.file(secret, name))).toBe('GONE');
    expect(failure(() => registry.file('unknown', name))).toBe('GONE');
    expect(failure(() => registry.file('unknown', 'export-0000000000000-1.json'))).toBe(
      'NOT_FOUND',
    );
    expect(failure(() => registry.file('unknown', 'x.json'))).toBe('NOT_FOUND');
  });

  it('purges expired exports at the next call; a purged one stays 404 and its files 410', () => {
    const { registry, clock } = setup({ region: 'sandbox', maxConcurrent: 1 });
    const jobs = [];
    for (let i = 0; i < 5; i++) {
      jobs.push(registry.create('M1', { type: 'ORDERS', ...all }));
      clock.advance(HOUR_MS);
    }
    expect(registry.size).toBe(5);
    // The first two expire: created at +0 h and +1 h, DONE 10 s later, gone 24 h after that.
    clock.set(TEST_NOW + HOUR_MS + 10_000 + EXPORT_TTL_MS);
    expect(registry.size).toBe(5);
    const [oldest, purged, live] = jobs as [ExportJob, ExportJob, ExportJob];
    expect(failure(() => registry.get('M1', purged.id))).toBe('NOT_FOUND');
    expect(registry.size).toBe(3);
    expect(registry.get('M1', live.id)).toBe(live);
    for (const job of [oldest, purged]) {
      const file = job.files[0] as ExportFile;
      expect(failure(() => registry.file(file.secret, exportFileName(file)))).toBe('GONE');
    }
    // Purged means forgotten: setting the clock back does not bring them back.
    clock.set(TEST_NOW);
    expect(failure(() => registry.get('M1', oldest.id))).toBe('NOT_FOUND');
    expect(registry.get('M1', live.id)).toBe(live);
    clock.set(TEST_NOW + 4 * HOUR_MS + 10_000 + EXPORT_TTL_MS);
    registry.create('M1', { type: 'ORDERS', ...all });
    expect(registry.size).toBe(1);
  });

  it('creates in constant work however many exports exist (no scan of all of them)', () => {
    const inner = new VirtualClock({ start: TEST_NOW, frozen: true, source: () => 0 });
    let reads = 0;
    const clock = {
      now: () => {
        reads++;
        return inner.now();
      },
    };
    const store = new MockStore({
      seed: 7,
      region: 'us',
      merchants: [
        testMerchant({ id: 'M', token: 't', orders: 1, payments: 1, refunds: 0, ...SPAN }),
      ],
    });
    const registry = new ExportRegistry({
      clock,
      region: 'sandbox',
      store,
      timing: { durationMs: 1_000, pendingMs: 200 },
      maxConcurrent: 3,
      randomSecret: () => String(Math.random()),
    });
    // Each phase computation reads the clock once, so reads count the work a create does.
    const readsOfCreate = () => {
      const before = reads;
      registry.create('M', { type: 'ORDERS', ...all });
      return reads - before;
    };
    const first = readsOfCreate();
    for (let i = 0; i < 2000; i++) {
      readsOfCreate();
      inner.advance(1_000);
    }
    expect(registry.size).toBe(2001);
    expect(readsOfCreate()).toBeLessThanOrEqual(first + 4);
  });

  it("hides one merchant's export from another", () => {
    const { registry } = setup();
    const job = registry.create('M1', { type: 'ORDERS', ...all });
    expect(failure(() => registry.get('M0', job.id))).toBe('NOT_FOUND');
    expect(registry.get('M1', job.id).id).toMatch(/^[0-9A-Z]{13}$/);
    expect(HOUR_MS).toBeGreaterThan(0);
  });
});
