import type { MockServer } from '@cloverql/mock-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../testing/test-postgres.js';
import { fleetAdd, fleetRunOnce, fleetSchedule, fleetStatus } from '../fleet.js';
import { openFleetDb } from '../fleet-db.js';
import { TICK_KEY } from '../runs/enqueue.js';
import { parseFleetKey } from '../secrets/token-cipher.js';
import {
  count429,
  fleetMerchant,
  merchantTables,
  merchantTruth,
  newFleetKey,
  startFleetMock,
  waitForNoSessions,
} from '../testing/fleet-fixture.js';
import { type FleetWorker, type FleetWorkerEvent, startFleetWorker } from './fleet-worker.js';

describe('fleet workers in one process', () => {
  let server: TestPostgres;
  let mock: MockServer;
  const workers: FleetWorker[] = [];
  const key = parseFleetKey(newFleetKey());

  beforeAll(async () => {
    [server, mock] = await Promise.all([startTestPostgres(), startFleetMock(4)]);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    if (server) await waitForNoSessions(server.url);
    await Promise.all([mock?.close(), server?.stop()]);
  });

  it('syncs every merchant exactly through two workers, under the app limits, and reports status', async () => {
    const db = await server.database('inproc');
    for (let i = 0; i < 4; i++) {
      const m = fleetMerchant(i);
      expect(await fleetAdd({ db, key, merchantId: m.id, token: m.token, baseUrl: mock.url })).toBe(
        'added',
      );
    }
    // A merchant whose token Clover refuses.
    await fleetAdd({ db, key, merchantId: 'BADTOKEN00001', token: 'nope', baseUrl: mock.url });
    const events: FleetWorkerEvent[] = [];
    for (let w = 0; w < 2; w++) {
      workers.push(
        await startFleetWorker({
          db,
          key,
          concurrency: 2,
          sync: { since: 'today - 40d' },
          client: { retry: { maxAttempts: 1 } },
          pollIntervalMs: 200,
          onEvent: (e) => events.push(e),
        }),
      );
    }
    const result = await fleetRunOnce({ db, wait: true, maxAttempts: 1, timeoutMs: 60_000 });
    expect(result.results?.[0]).toMatchObject({ merchantId: 'BADTOKEN00001', state: 'failed' });
    expect(result.results?.[0]?.error).toContain('AUTH');
    expect(result.results?.slice(1).map((r) => r.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (let i = 0; i < 4; i++) {
      const id = fleetMerchant(i).id;
      expect(await merchantTables(db, id)).toEqual(merchantTruth(mock, id));
    }
    expect(count429(mock)).toBe(0);
    const status = await fleetStatus({ db });
    expect(status.merchants[0]).toMatchObject({ merchantId: 'BADTOKEN00001', state: 'failed' });
    const ok = status.merchants.slice(1);
    expect(ok.map((m) => m.state)).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (const m of ok) {
      const truth = merchantTruth(mock, m.merchantId);
      expect(m.rows).toBe(truth.orders.size + truth.payments.size + truth.refunds.size);
      expect(Object.keys(m).sort()).toEqual([
        'lastFinishedAt',
        'merchantId',
        'rows',
        'state',
        'watermarkLagMs',
      ]);
      // Synced a moment ago: behind by the settle time and the sync's length, not more.
      expect(m.watermarkLagMs).toBeGreaterThan(0);
      expect(m.watermarkLagMs).toBeLessThan(10 * 60_000);
    }
    expect(events.filter((e) => e.kind === 'job-ok')).toHaveLength(4);

    // The schedule: its tick runs at once on a worker, queues every merchant without a job
    // outstanding, and comes back `every` later under its one key; --off removes it.
    await fleetSchedule({ db, everyMs: 3_600_000 });
    await expect
      .poll(() => events.filter((e) => e.kind === 'tick').length, { timeout: 20_000 })
      .toBe(1);
    expect(events.find((e) => e.kind === 'tick')).toEqual({ kind: 'tick', merchants: 5 });
    const fleet = await openFleetDb(db, { poolSize: 1 });
    try {
      const ticks = async () =>
        (
          await sql<{
            run_at: Date;
          }>`select run_at from graphile_worker.jobs where key = ${TICK_KEY}`.execute(fleet.db)
        ).rows;
      const next = await ticks();
      expect(next).toHaveLength(1);
      expect(next[0]!.run_at.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
      await fleetSchedule({ db, everyMs: null });
      expect(await ticks()).toEqual([]);
    } finally {
      await fleet.close();
    }
  }, 60_000);
});
