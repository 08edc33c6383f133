import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../testing/test-postgres.js';
import { fleetAdd, fleetRunOnce, fleetStatus } from '../fleet.js';
import { parseFleetKey } from '../secrets/token-cipher.js';
import {
  count429,
  fleetMerchant,
  merchantTables,
  merchantTruth,
  newFleetKey,
  startFleetMock,
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
      expect(Object.keys(m).sort()).toEqual(['lastFinishedAt', 'merchantId', 'rows', 'state']);
    }
    expect(events.filter((e) => e.kind === 'job-ok')).toHaveLength(4);
  });
});
