/**
 * Deletes at the edges of the incremental windows, on a frozen clock: an order deleted exactly
 * at the last watermark (the exclusive end of the window that ran), one deleted in the settle
 * gap (after the watermark, before that run's now), and one deleted while a run is between its
 * `modifiedTime` read and its `deletedTime` read. Each is marked by the next run that covers it,
 * and the live rows end equal to the mock's. (Written while tracing a deleted order that once
 * stayed live in the fleet's end-to-end test; these edges all hold.)
 */
import { join } from 'node:path';
import { MINUTE_MS } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import {
  clientOf,
  MERCHANT,
  NOW,
  tableRecords,
  truthRecords,
  useSyncMock,
} from '../testing/test-sync.js';
import { SYNC_DEFAULTS, sync } from './sync.js';

describe('sync: deletes at the edges of the incremental windows', () => {
  const env = useSyncMock({ orders: 60, payments: 60, refunds: 6 });

  it('marks a delete at the watermark, one in the settle gap and one made during a run', async () => {
    const mock = env.mock();
    const db = `sqlite:${join(env.dir, 'edges.db')}`;
    const client = clientOf(mock);
    // No lookback: each run starts exactly at the last watermark, so the edges are sharp.
    const lookbackMs = 0;
    await sync({ client, db, since: 'today - 400d', lookbackMs });
    const watermark = NOW - SYNC_DEFAULTS.settleMs;
    const [atWatermark, inGap, duringRun, updated] = mock.store.records(MERCHANT, 'orders') as {
      id: string;
    }[];
    mock.clock.set(watermark);
    expect(mock.store.remove(MERCHANT, 'orders', atWatermark!.id).deletedTime).toBe(watermark);
    mock.clock.set(NOW - 1000);
    mock.store.remove(MERCHANT, 'orders', inGap!.id);
    mock.clock.set(NOW + 2 * MINUTE_MS);
    mock.store.update(MERCHANT, 'orders', updated!.id, { note: 'changed' });
    mock.clock.set(NOW + 5 * MINUTE_MS);

    // The second run: once its modifiedTime read of orders committed, delete another order
    // (at the run's now, after its window's end: the next run's to mark).
    let removedDuring = false;
    const second = await sync({
      client,
      db,
      lookbackMs,
      onCommit: (c) => {
        if (!removedDuring && c.resource === 'orders' && c.phase === 'incremental') {
          removedDuring = true;
          mock.store.remove(MERCHANT, 'orders', duringRun!.id);
        }
      },
    });
    expect(removedDuring).toBe(true);
    expect(second.resources.orders?.deleted).toBe(2);
    const live = await tableRecords(db, 'orders');
    expect(live.has(atWatermark!.id)).toBe(false);
    expect(live.has(inGap!.id)).toBe(false);
    expect(live.has(duringRun!.id)).toBe(true);

    mock.clock.advance(5 * MINUTE_MS);
    const third = await sync({ client, db, lookbackMs });
    expect(third.resources.orders?.deleted).toBe(1);
    expect(await tableRecords(db, 'orders')).toEqual(truthRecords(mock, 'orders'));
  });
});
