import { join } from 'node:path';
import { RESOURCE_NAMES } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDestination, parseDestination } from '../destination/destination.js';
import { type ResourceState, readAllStates } from '../state/state.js';
import {
  childHoldsWriteTransaction,
  childSessionsGone,
  committedSnapshot,
  pendingKey,
} from '../testing/test-crash-probe.js';
import { startTestPostgres, type TestPostgres } from '../testing/test-postgres.js';
import {
  clientOf,
  MERCHANT,
  NOW,
  startSyncMock,
  TOKEN,
  tableRecords,
  tempDir,
  truthRecords,
} from '../testing/test-sync.js';
import { SyncChildren } from '../testing/test-sync-child.js';
import { sync } from './sync.js';

/**
 * What a database must hold after any crash: only true records, and every record the state
 * claims (created inside the backfilled range) in its current version.
 */
async function expectConsistent(mock: MockServer, db: string): Promise<ResourceState[]> {
  const dest = await openDestination(parseDestination(db));
  try {
    const states = await readAllStates(dest.db);
    for (const r of RESOURCE_NAMES) {
      const truth = truthRecords(mock, r);
      const rows = await tableRecords(dest, r);
      for (const [id, json] of rows) expect(json).toBe(truth.get(id));
      const s = states.find((x) => x.resource === r);
      if (!s) continue;
      for (const rec of mock.store.records(MERCHANT, r)) {
        const t = rec.createdTime as number;
        if (t >= s.backfillFrom && t < s.backfillDone)
          expect(rows.get(String(rec.id))).toBeDefined();
      }
    }
    return states;
  } finally {
    await dest.close();
  }
}

const expectExact = async (mock: MockServer, db: string) => {
  for (const r of RESOURCE_NAMES) expect(await tableRecords(db, r)).toEqual(truthRecords(mock, r));
};

describe('crash safety', () => {
  let mock: MockServer;
  const tmp = tempDir();
  beforeAll(async () => {
    mock = await startSyncMock({ orders: 200, payments: 200, refunds: 30 });
  });
  afterAll(async () => {
    await mock.close();
    tmp.remove();
  });

  it('an abort after any commit stops there, consistent, and the next run finishes exactly', async () => {
    // Count the commits of a whole run first, then stop a fresh run after each of them.
    let total = 0;
    const probe = `sqlite:${join(tmp.dir, 'probe.db')}`;
    await sync({
      client: clientOf(mock),
      db: probe,
      since: 'today - 400d',
      now: NOW,
      batchSize: 40,
      onCommit: () => total++,
    });
    expect(total).toBeGreaterThan(15);
    for (let k = 1; k < total; k += 4) {
      const db = `sqlite:${join(tmp.dir, `abort-${k}.db`)}`;
      const controller = new AbortController();
      let commits = 0;
      const s = await sync({
        client: clientOf(mock),
        db,
        since: 'today - 400d',
        now: NOW,
        batchSize: 40,
        signal: controller.signal,
        onCommit: () => {
          if (++commits === k) controller.abort();
        },
      });
      expect(s.status).toBe('aborted');
      // The abort lands between two commits: nothing after the k-th.
      expect(commits).toBe(k);
      await expectConsistent(mock, db);
      const after = await sync({ client: clientOf(mock), db, now: NOW + 120_000, batchSize: 40 });
      expect(after.status).toBe('ok');
      await expectExact(mock, db);
    }
  });
});

/**
 * SIGKILL, on both destinations: a child process syncs and stops dead at a chosen point (right
 * after its k-th commit, or inside a transaction right after an upsert has written rows, before
 * COMMIT), says so, and is killed there. After each kill the database holds only committed,
 * consistent data (a killed transaction leaves nothing); the next run resumes from it.
 */
describe.each(['sqlite', 'postgres'] as const)('SIGKILL of a sync process on %s', (dialect) => {
  let mock: MockServer;
  let pg: TestPostgres | undefined;
  const children = new SyncChildren();
  const tmp = tempDir();
  beforeAll(async () => {
    children.warm();
    [mock, pg] = await Promise.all([
      startSyncMock({ orders: 200, payments: 200, refunds: 30 }),
      dialect === 'postgres' ? startTestPostgres() : undefined,
    ]);
  });
  afterAll(async () => {
    await children.close();
    await Promise.all([mock?.close(), pg?.stop()]);
    tmp.remove();
  });

  it('killed after a commit or inside a transaction, it resumes from its last commit, exactly', async () => {
    const db = pg ? await pg.database('killed') : `sqlite:${join(tmp.dir, 'killed.db')}`;
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const kills = { commit: 0, write: 0 };
    for (let round = 0; round < 10; round++) {
      const at = round % 2 === 0 ? 'commit' : 'write';
      const out = await children.run({
        baseUrl: mock.url,
        token: TOKEN,
        merchantId: MERCHANT,
        db,
        now: NOW,
        since: 'today - 400d',
        batchSize: 25,
        pause: { at, n: 1 + Math.floor(random() * 6) },
      });
      if (out.kind === 'done') {
        expect(out.status).toBe('ok');
        break;
      }
      const before = await committedSnapshot(db);
      if (out.at === 'write') {
        // The child sits inside a transaction that has written rows: they are not committed.
        expect(await childHoldsWriteTransaction(db, out.pid)).toBe(true);
        const table = before.tables[out.resource ?? ''] as Map<string, string>;
        const uncommitted = (out.rows ?? []).filter(
          (r) => table.get(`${MERCHANT}/${r.id}`) !== pendingKey(r),
        );
        expect(uncommitted.length).toBeGreaterThan(0);
      }
      await out.kill();
      await childSessionsGone(db, out.pid);
      kills[out.at]++;
      // The kill rolled the open transaction back: the database is what was committed before.
      expect(await committedSnapshot(db)).toEqual(before);
      await expectConsistent(mock, db);
    }
    expect(kills.commit).toBeGreaterThan(1);
    expect(kills.write).toBeGreaterThan(1);
    const after = await sync({ client: clientOf(mock), db, now: NOW + 120_000, batchSize: 40 });
    expect(after.status).toBe('ok');
    await expectExact(mock, db);
  }, 120_000);
});
