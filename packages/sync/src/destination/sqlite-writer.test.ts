/**
 * The SQLite writer thread: a batch commits whole or not at all, a failed batch leaves the writer
 * usable, and a thread that dies fails the batch in flight and every later one at once (no
 * wait goes unbounded); through `sync`, either is one `SyncError('DESTINATION')` and the next
 * run finishes exactly.
 */
import { join } from 'node:path';
import type { MockServer } from '@cloverql/mock-server';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncInto } from '../engine/sync.js';
import { SyncError } from '../errors/sync-error.js';
import { migrateToLatest } from '../schema/migrations.js';
import {
  clientOf,
  NOW,
  startSyncMock,
  tableRecords,
  tempDir,
  truthRecords,
} from '../testing/test-sync.js';
import { openDestination, parseDestination } from './destination.js';
import { startSqliteWriter, type WriterBatch } from './sqlite-writer.js';

const tmp = tempDir();
let n = 0;
const freshFile = () => {
  const file = join(tmp.dir, `w${n++}.db`);
  const db = new Database(file);
  db.exec(
    'create table t (merchant_id text, id text, record text, _deleted_at integer, primary key (merchant_id, id))',
  );
  db.close();
  return file;
};
const batch = (ids: string[], state: WriterBatch['state'] = null): WriterBatch => ({
  table: 't',
  merchantId: 'M',
  columns: ['merchant_id', 'id', 'record', '_deleted_at'],
  recordIndex: 2,
  rows: ids.map((id) => ['M', id, JSON.stringify({ id }), null]),
  modified: ids.map(() => null),
  deleted: null,
  state,
});
const idsIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select id from t order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
};

afterAll(() => tmp.remove());

describe('the SQLite writer thread', () => {
  it('commits a batch and counts it; the same rows again are unchanged', async () => {
    const file = freshFile();
    const writer = await startSqliteWriter(file);
    try {
      expect(await writer.write(batch(['a', 'b']))).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
        deleted: 0,
      });
      expect(await writer.write(batch(['a', 'b', 'c']))).toMatchObject({
        inserted: 1,
        unchanged: 2,
      });
      expect(idsIn(file)).toEqual(['a', 'b', 'c']);
    } finally {
      await writer.close();
    }
  });

  it('rolls a failing batch back whole, rejects with the error, and goes on writing', async () => {
    const file = freshFile();
    const writer = await startSqliteWriter(file);
    try {
      await expect(
        writer.write(batch(['a', 'b'], { sql: 'update no_such_table set x = 1', parameters: [] })),
      ).rejects.toThrow(/no such table: no_such_table/);
      expect(idsIn(file)).toEqual([]);
      await writer.write(batch(['c']));
      expect(idsIn(file)).toEqual(['c']);
    } finally {
      await writer.close();
    }
  });

  it('a thread that dies inside a transaction fails that batch and every later one at once', async () => {
    const file = freshFile();
    const writer = await startSqliteWriter(file, { exitAtWrite: 2 });
    await writer.write(batch(['a']));
    await expect(writer.write(batch(['b']))).rejects.toThrow(
      'the SQLite writer thread stopped (exit code 1)',
    );
    await expect(writer.write(batch(['c']))).rejects.toThrow(/writer thread stopped/);
    await writer.close();
    // The transaction it died in left nothing.
    expect(idsIn(file)).toEqual(['a']);
  });

  it('fails to start, with the reason, when it cannot open the file', async () => {
    await expect(startSqliteWriter(join(tmp.dir, 'no', 'such', 'dir.db'))).rejects.toThrow(
      /the SQLite writer thread failed: .*directory does not exist/i,
    );
  });
});

describe('a writer thread that dies during a sync', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startSyncMock({ orders: 20, payments: 300, refunds: 5 });
  });
  afterAll(() => mock.close());

  it('fails the run with one SyncError line; what was committed stays and the next run is exact', async () => {
    const db = `sqlite:${join(tmp.dir, 'dies.db')}`;
    const dest = await openDestination(parseDestination(db));
    try {
      await migrateToLatest(dest.db, dest.dialect);
      let commits = 0;
      let committed = 0;
      const run = syncInto(
        { ...dest, writerHooks: { exitAtWrite: 3 } },
        {
          client: clientOf(mock),
          since: 'today - 400d',
          now: NOW,
          batchSize: 50,
          resources: ['payments'],
          onCommit: (c) => {
            commits++;
            committed += c.records;
          },
        },
      );
      const e = await run.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(SyncError);
      expect((e as SyncError).code).toBe('DESTINATION');
      expect((e as SyncError).message).toBe(
        `cannot write to ${dest.label}: the SQLite writer thread stopped (exit code 1)`,
      );
      expect(commits).toBe(2);
      // Exactly the two commits acknowledged before the thread died.
      expect(committed).toBeGreaterThan(0);
      expect((await tableRecords(dest, 'payments')).size).toBe(committed);
      const after = await syncInto(dest, {
        client: clientOf(mock),
        now: NOW + 120_000,
        resources: ['payments'],
      });
      expect(after.status).toBe('ok');
      expect(await tableRecords(dest, 'payments')).toEqual(truthRecords(mock, 'payments'));
    } finally {
      await dest.close();
    }
  });
});
