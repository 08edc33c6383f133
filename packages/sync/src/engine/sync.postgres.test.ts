import { RESOURCE_NAMES } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDestination, parseDestination } from '../destination/destination.js';
import { readAllStates } from '../state/state.js';
import { startTestPostgres, type TestPostgres } from '../testing/test-postgres.js';
import { clientOf, NOW, startSyncMock, tableRecords, truthRecords } from '../testing/test-sync.js';
import { sync } from './sync.js';

describe('sync into a real PostgreSQL', () => {
  let mock: MockServer;
  let pg: TestPostgres;
  beforeAll(async () => {
    [mock, pg] = await Promise.all([startSyncMock(), startTestPostgres()]);
  });
  afterAll(async () => {
    await Promise.all([mock?.close(), pg?.stop()]);
  });

  it('backfills exactly, with typed columns, and an incremental run changes nothing', async () => {
    const db = await pg.database('backfill');
    const first = await sync({ client: clientOf(mock), db, since: 'today - 400d', now: NOW });
    for (const r of RESOURCE_NAMES) {
      const truth = truthRecords(mock, r);
      expect(await tableRecords(db, r)).toEqual(truth);
      expect(first.resources[r]?.inserted).toBe(truth.size);
    }
    const second = await sync({ client: clientOf(mock), db, now: NOW + 3_600_000 });
    for (const r of RESOURCE_NAMES) {
      expect(second.resources[r]).toMatchObject({ inserted: 0, updated: 0 });
    }
    const dest = await openDestination(parseDestination(db));
    try {
      const states = await readAllStates(dest.db);
      expect(states.map((s) => s.watermark)).toEqual([1, 2, 3].map(() => NOW + 3_540_000));
      const row = await dest.db
        .selectFrom('payments')
        .select(['created_time', 'amount', 'card_transaction_card_type', 'offline', 'record'])
        .orderBy('created_time')
        .executeTakeFirstOrThrow();
      const truth = mock.store.records('MERCHANT00001', 'payments')[0] as Record<string, unknown>;
      expect(row.created_time).toBeInstanceOf(Date);
      expect((row.created_time as Date).getTime()).toBe(truth.createdTime);
      expect(Number(row.amount)).toBe(truth.amount);
      expect(typeof row.offline).toBe('boolean');
      expect(typeof row.record).toBe('object');
    } finally {
      await dest.close();
    }
  });
});
