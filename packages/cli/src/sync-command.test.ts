import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';
import { parseResources } from './sync-command.js';
import { fakeIo } from './test-io.js';

const NOW = Date.UTC(2026, 0, 7, 12);
const M = 'MERCHANT00001';

describe('cloverql sync', () => {
  let mock: MockServer;
  const dir = mkdtempSync(join(tmpdir(), 'cloverql-cli-sync-'));
  const env = () => ({ CLOVER_TOKEN: 'tok', CLOVER_MERCHANT_ID: M, CLOVER_BASE_URL: mock.url });
  beforeAll(async () => {
    mock = await startMockServer({
      seed: 3,
      region: 'sandbox',
      merchants: [
        {
          id: M,
          token: 'tok',
          orders: 120,
          payments: 100,
          refunds: 10,
          from: NOW - 200 * 86_400_000,
          to: NOW,
        },
      ],
      clock: { start: NOW, frozen: true },
      limits: { rateLimits: false },
    });
  });
  afterAll(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs into the --db, prints a JSON summary, then status shows the watermark and rows', async () => {
    const db = `sqlite:${join(dir, 'a.db')}`;
    const io = fakeIo({ env: env() });
    const args = ['sync', '--db', db, '--since', 'today - 250d', '--now', String(NOW), '--json'];
    expect(await main(args, io)).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary.status).toBe('ok');
    expect(summary.resources.orders.inserted).toBe(mock.store.count(M, 'orders'));
    expect(summary.resources.payments.inserted).toBe(100);
    expect(io.err()).toBe('');

    // Ten minutes later on both clocks (a --now ahead of Clover's clock trips the clamp tripwire).
    mock.clock.advance(600_000);
    const again = fakeIo({ env: env() });
    expect(
      await main(
        ['sync', '--db', db, '--resources', 'payments', '--now', String(NOW + 600_000)],
        again,
      ),
      again.err(),
    ).toBe(0);
    expect(again.out()).toMatch(
      /^synced MERCHANT00001 into sqlite:.*a\.db in [\d.]+ s: \d+ requests, 0 retries\n {2}payments\s+incremental\s+inserted 0 {2}updated 0 {2}deleted 0 {2}unchanged \d+ {2}watermark 2026-01-07T12:09:00Z\n$/,
    );

    const status = fakeIo();
    expect(await main(['sync', 'status', '--db', db], status)).toBe(0);
    expect(status.out()).toMatch(
      /MERCHANT00001 {2}payments +100 rows +watermark 2026-01-07T12:09:00Z {2}last run 2026-01-07T12:10:00Z ok/,
    );
    expect(status.out()).toContain('orders');
    const json = fakeIo();
    expect(await main(['sync', 'status', '--db', db, '--json'], json)).toBe(0);
    expect(
      JSON.parse(json.out()).map((s: { resource: string; rows: number }) => [s.resource, s.rows]),
    ).toEqual([
      ['orders', mock.store.count(M, 'orders')],
      ['payments', 100],
      ['refunds', 10],
    ]);
  });

  it('rejects bad flags with one line and exit 2, before any request', async () => {
    const before = mock.counters.snapshot().total;
    for (const [args, message] of [
      [['--db', 'mysql://x'], '--db must be sqlite:<file> or postgres://'],
      [['--resources', 'orders,bogus'], 'unknown: bogus'],
      [['--since', 'someday'], '--since: expected a date'],
      [['--lookback', 'forever'], '--lookback must be a duration'],
      [['--backfill', 'ftp'], "argument 'ftp' is invalid"],
    ] as const) {
      const io = fakeIo({ env: env() });
      const db = args[0] === '--db' ? [] : ['--db', `sqlite:${join(dir, 'bad.db')}`];
      expect(await main(['sync', ...args, ...db], io)).toBe(2);
      expect(io.err()).toContain(message);
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
    expect(mock.counters.snapshot().total).toBe(before);
  });

  it('sync status without a database says so (exit 2); an unwritable database exits 5', async () => {
    const io = fakeIo();
    expect(await main(['sync', 'status', '--db', `sqlite:${join(dir, 'none.db')}`], io)).toBe(2);
    expect(io.err()).toContain('no sync database at');
    const bad = fakeIo({ env: env() });
    expect(
      await main(
        ['sync', '--db', `sqlite:${join(dir, 'missing-dir', 'x.db')}`, '--now', String(NOW)],
        bad,
      ),
    ).toBe(5);
    expect(bad.err()).toMatch(/^cloverql: cannot open the SQLite database .*x\.db: /);
  });

  it('Ctrl-C before the first commit exits 130 and says it was interrupted', async () => {
    const io = fakeIo({ env: env() });
    const onInterrupt = io.onInterrupt;
    const pressed = {
      ...io,
      onInterrupt: (h: () => void) => {
        const off = onInterrupt(h);
        h();
        return off;
      },
    };
    expect(
      await main(['sync', '--db', `sqlite:${join(dir, 'c.db')}`, '--now', String(NOW)], pressed),
    ).toBe(130);
    expect(io.out()).toMatch(/^interrupted: synced part of MERCHANT00001/);
  });

  it('parses --resources', () => {
    expect(parseResources('payments, orders,payments')).toEqual(['payments', 'orders']);
    expect(() => parseResources(' , ')).toThrow(/--resources must list/);
  });
});
