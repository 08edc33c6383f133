/**
 * Run safety: two runs on the same database and merchant never interleave (the second fails at
 * once with `LOCKED`), and a PostgreSQL connection that breaks while idle fails the run with a
 * `SyncError`, not an uncaught 'error' event.
 */
import { join } from 'node:path';
import type { MockServer } from '@cloverql/mock-server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDestination, parseDestination } from '../destination/destination.js';
import { SyncError } from '../errors/sync-error.js';
import { migrateToLatest } from '../schema/migrations.js';
import { startTestPostgres, type TestPostgres } from '../testing/test-postgres.js';
import {
  clientOf,
  NOW,
  startSyncMock,
  tableRecords,
  tempDir,
  truthRecords,
} from '../testing/test-sync.js';
import { type SyncOptions, sync, syncInto } from './sync.js';

let mock: MockServer;
let postgres: TestPostgres;
const dirs: { remove: () => void }[] = [];
beforeAll(async () => {
  [mock, postgres] = await Promise.all([
    startSyncMock({ orders: 20, payments: 1500, refunds: 5 }),
    startTestPostgres(),
  ]);
});
afterAll(async () => {
  await Promise.all([mock?.close(), postgres?.stop()]);
  for (const d of dirs) d.remove();
});

/**
 * Starts a run that commits in small batches, and once it has committed, starts a second run
 * on the same database: the second must fail with LOCKED while the first goes on to the end.
 */
async function secondRunWhileFirstRuns(db: string): Promise<unknown> {
  const base: SyncOptions = {
    client: clientOf(mock),
    db,
    resources: ['payments'],
    since: 'today - 400d',
    now: NOW,
  };
  let second: Promise<unknown> | undefined;
  const first = sync({
    ...base,
    batchSize: 10,
    onCommit: () => {
      second ??= sync(base).then(
        () => 'the second run was not refused',
        (e: unknown) => e,
      );
    },
  });
  const summary = await first;
  expect(summary.status).toBe('ok');
  expect(await tableRecords(db, 'payments')).toEqual(truthRecords(mock, 'payments'));
  return second;
}

describe('one run at a time', () => {
  it('SQLite: a second run on the same file fails at once with LOCKED; the lock goes with the run', async () => {
    const d = tempDir();
    dirs.push(d);
    const db = `sqlite:${join(d.dir, 'one.db')}`;
    const e = await secondRunWhileFirstRuns(db);
    expect(e).toBeInstanceOf(SyncError);
    expect(e).toMatchObject({ code: 'LOCKED' });
    expect((e as Error).message).toMatch(
      /another cloverql sync of merchant \S+ into sqlite:.*one\.db is running/,
    );
    // Released: the next run takes it.
    const next = await sync({ client: clientOf(mock), db, resources: ['payments'], now: NOW });
    expect(next.status).toBe('ok');
  });

  it('PostgreSQL: a second run of the same merchant fails at once with LOCKED', async () => {
    const db = await postgres.database('locked');
    const e = await secondRunWhileFirstRuns(db);
    expect(e).toMatchObject({ code: 'LOCKED', name: 'SyncError' });
    const next = await sync({ client: clientOf(mock), db, resources: ['payments'], now: NOW });
    expect(next.status).toBe('ok');
  });
});

describe('a PostgreSQL connection lost while idle', () => {
  it('fails the run with a SyncError naming the database, not an uncaught error', async () => {
    const url = await postgres.database('terminated');
    const dest = await openDestination(parseDestination(url));
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      // The pool now holds an idle connection; an administrator terminates it.
      await migrateToLatest(dest.db, dest.dialect);
      const others = () =>
        admin.query<{ n: string }>(
          "select count(*) as n from pg_stat_activity where datname = 'terminated'",
        );
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = 'terminated'",
      );
      while (Number((await others()).rows[0]?.n) > 0) await admin.query('select 1');
      const e = await syncInto(dest, {
        client: clientOf(mock),
        resources: ['payments'],
        since: 'today - 30d',
        now: NOW,
      }).then(
        () => 'the run did not fail',
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(SyncError);
      expect(e).toMatchObject({ code: 'DESTINATION' });
      expect((e as Error).message).toMatch(/^lost the connection to postgres:\/\/postgres:\*\*\*@/);
    } finally {
      await admin.end();
      await dest.close().catch(() => {});
    }
  });
});
