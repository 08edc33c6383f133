import { join } from 'node:path';
import { DAY_MS, RESOURCE_NAMES } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDestination, parseDestination } from '../destination/destination.js';
import { readAllStates } from '../state/state.js';
import {
  clientOf,
  DATA_FROM,
  NOW,
  startSyncMock,
  tableRecords,
  tempDir,
  truthRecords,
} from '../testing/test-sync.js';
import { sync } from './sync.js';

describe('sync into SQLite against the mock', () => {
  let mock: MockServer;
  const tmp = tempDir();
  beforeAll(async () => {
    mock = await startSyncMock();
  });
  afterAll(async () => {
    await mock.close();
    tmp.remove();
  });

  it('backfills every resource exactly, then an incremental run changes nothing', async () => {
    const db = `sqlite:${join(tmp.dir, 'a.db')}`;
    const first = await sync({ client: clientOf(mock), db, since: 'today - 400d', now: NOW });
    expect(first.status).toBe('ok');
    for (const r of RESOURCE_NAMES) {
      const truth = truthRecords(mock, r);
      expect(await tableRecords(db, r)).toEqual(truth);
      expect(first.resources[r]?.inserted).toBe(truth.size);
      expect(first.resources[r]?.mode).toBe('backfill+incremental');
    }
    const second = await sync({ client: clientOf(mock), db, now: NOW + 60 * 60_000 });
    for (const r of RESOURCE_NAMES) {
      expect(second.resources[r]).toMatchObject({ mode: 'incremental', inserted: 0, updated: 0 });
    }
    // One hour later: one window per resource (two request streams for orders), nothing else.
    expect(second.requests).toBeLessThanOrEqual(6);
    const dest = await openDestination(parseDestination(db));
    const states = await readAllStates(dest.db);
    await dest.close();
    expect(states.map((s) => [s.resource, s.watermark, s.lastRunStatus])).toEqual(
      ['orders', 'payments', 'refunds'].map((r) => [r, NOW + 60 * 60_000 - 60_000, 'ok']),
    );
  });

  it('finds the earliest window with data for --since earliest', async () => {
    const db = `sqlite:${join(tmp.dir, 'b.db')}`;
    const s = await sync({ client: clientOf(mock), db, resources: ['payments'], now: NOW });
    expect(await tableRecords(db, 'payments')).toEqual(truthRecords(mock, 'payments'));
    const dest = await openDestination(parseDestination(db));
    const [state] = await readAllStates(dest.db);
    await dest.close();
    expect(state?.backfillFrom).toBeLessThanOrEqual(DATA_FROM);
    expect(state?.backfillFrom).toBeGreaterThan(DATA_FROM - 90 * DAY_MS);
    expect(s.resources.payments?.inserted).toBe(mock.store.count('MERCHANT00001', 'payments'));
  });
});
