/**
 * What `--since` bounds: the backfill reads records created since it; incremental runs read
 * every record modified (or, for orders, deleted) in their windows, whatever its creation time.
 * So a record created before `since` and changed after the backfill joins the copy, and an order
 * created before `since` and deleted later joins it as a deleted row. docs/sync.md says so; this
 * pins it down.
 */
import { join } from 'node:path';
import { DAY_MS, MINUTE_MS } from '@cloverql/dsl';
import { describe, expect, it } from 'vitest';
import {
  clientOf,
  MERCHANT,
  NOW,
  tableRecords,
  truthRecords,
  useSyncMock,
} from '../testing/test-sync.js';
import { sync } from './sync.js';

describe('sync: the scope of --since', () => {
  const env = useSyncMock({ orders: 80, payments: 10, refunds: 2 });

  it('backfills records created since it, then also takes older records changed later', async () => {
    const mock = env.mock();
    const db = `sqlite:${join(env.dir, 'since.db')}`;
    const client = clientOf(mock);
    // `today - 60d` at NOW (noon UTC): midnight UTC 60 days before NOW's day.
    const since = Math.floor(NOW / DAY_MS) * DAY_MS - 60 * DAY_MS;
    const created = (r: { createdTime?: unknown }) => Number(r.createdTime);
    const all = mock.store.records(MERCHANT, 'orders') as { id: string; createdTime: number }[];
    const recent = all.filter((r) => created(r) >= since);
    const [older, olderDeleted] = all.filter((r) => created(r) < since);
    expect(recent.length).toBeGreaterThan(0);
    expect(older && olderDeleted).toBeTruthy();

    const first = await sync({ client, db, since: 'today - 60d', resources: ['orders'] });
    expect(first.resources.orders?.inserted).toBe(recent.length);
    const truth = truthRecords(mock, 'orders');
    const afterBackfill = await tableRecords(db, 'orders');
    expect([...afterBackfill.keys()].sort()).toEqual(recent.map((r) => r.id).sort());

    mock.clock.set(NOW + 2 * MINUTE_MS);
    mock.store.update(MERCHANT, 'orders', older!.id, { note: 'changed after the backfill' });
    mock.store.remove(MERCHANT, 'orders', olderDeleted!.id);
    mock.clock.set(NOW + 10 * MINUTE_MS);
    const second = await sync({ client, db, resources: ['orders'] });
    // The changed order is new to the copy; the deleted one arrives as a deleted row.
    expect(second.resources.orders).toMatchObject({ inserted: 1, deleted: 1, updated: 0 });

    const live = await tableRecords(db, 'orders');
    expect(live.get(older!.id)).toBe(truthRecords(mock, 'orders').get(older!.id));
    expect(live.size).toBe(recent.length + 1);
    const withDeleted = await tableRecords(db, 'orders', { includeDeleted: true });
    expect(withDeleted.has(olderDeleted!.id)).toBe(true);
    // Older records nobody touched stay out of the copy.
    const untouched = all.find(
      (r) => created(r) < since && r.id !== older!.id && r !== olderDeleted,
    );
    expect(untouched && truth.has(untouched.id) && !withDeleted.has(untouched.id)).toBe(true);
  });
});
