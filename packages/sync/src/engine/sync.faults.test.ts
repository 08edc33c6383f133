import { join } from 'node:path';
import { RESOURCE_NAMES } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import { clientOf, NOW, tableRecords, truthRecords, useSyncMock } from '../testing/test-sync.js';
import { sync } from './sync.js';

describe('sync under the mock faults', () => {
  const env = useSyncMock({
    orders: 400,
    payments: 400,
    refunds: 60,
    // Every kind of fault at once: 5xx, 429 and 503 bursts, dropped connections, cut bodies.
    extra: {
      faults: {
        seed: 99,
        errorRate: 0.1,
        errorStatuses: [429, 503, 500, 502, 504],
        burstLength: 3,
        dropRate: 0.05,
        truncateRate: 0.05,
      },
    },
  });

  it('backfill and incremental runs are still exactly the server data', async () => {
    const mock = env.mock();
    const db = `sqlite:${join(env.dir, 'faults.db')}`;
    const client = clientOf(mock);
    const first = await sync({
      client,
      db,
      since: 'today - 400d',
      now: NOW,
      batchSize: 30,
      pageSize: 50,
    });
    expect(first.retries).toBeGreaterThan(0);
    const second = await sync({ client, db, now: NOW + 30 * 60_000 });
    expect(second.status).toBe('ok');
    for (const r of RESOURCE_NAMES) {
      expect(await tableRecords(db, r)).toEqual(truthRecords(mock, r));
      expect(second.resources[r]).toMatchObject({ inserted: 0, updated: 0 });
    }
  });
});
