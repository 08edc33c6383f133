/**
 * Helpers for the sync tests: a mock Clover on a frozen virtual clock, client options on it,
 * temp SQLite files, and the database read back as plain rows to compare with the mock's truth.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@cloverql/client';
import { DAY_MS, type ResourceName } from '@cloverql/dsl';
import { type MockServer, type MockServerOptions, startMockServer } from '@cloverql/mock-server';
import { afterAll, beforeAll } from 'vitest';
import { type Destination, openDestination, parseDestination } from '../destination/destination.js';
import { canonicalJson } from '../engine/canonical-json.js';
import type { SyncOptions } from '../engine/sync.js';

export const MERCHANT = 'MERCHANT00001';
export const TOKEN = 'test-token';
/** Virtual "now" of the mocks: a Wednesday, 12:00 UTC. */
export const NOW = Date.UTC(2026, 0, 7, 12, 0, 0);
export const DATA_FROM = NOW - 365 * DAY_MS;

/** Starts a mock with a frozen clock at `NOW` and rate limits off. */
export function startSyncMock(
  o: {
    orders?: number;
    payments?: number;
    refunds?: number;
    /** Earliest generated time (default `DATA_FROM`, a year before `NOW`). */
    from?: number;
    extra?: Partial<MockServerOptions>;
  } = {},
): Promise<MockServer> {
  const { extra = {} } = o;
  return startMockServer({
    seed: 11,
    region: 'sandbox',
    ...extra,
    merchants: [
      {
        id: MERCHANT,
        token: TOKEN,
        orders: o.orders ?? 300,
        payments: o.payments ?? 300,
        refunds: o.refunds ?? 40,
        from: o.from ?? DATA_FROM,
        to: NOW,
        ...((extra.merchants?.[0] as object | undefined) ?? {}),
      },
    ],
    clock: { start: NOW, frozen: true, ...extra.clock },
    limits: { rateLimits: false, exportDurationMs: 0, ...extra.limits },
  });
}

/**
 * For one `describe` block: a mock started before its tests (as `startSyncMock(o)`) and a temp
 * directory, both gone after them. `mock()` is the running mock; `dir` the directory.
 */
export function useSyncMock(o: Parameters<typeof startSyncMock>[0] = {}): {
  readonly mock: () => MockServer;
  readonly dir: string;
} {
  let mock: MockServer | undefined;
  const tmp = tempDir();
  beforeAll(async () => {
    mock = await startSyncMock(o);
  });
  afterAll(async () => {
    await mock?.close();
    tmp.remove();
  });
  return {
    mock: () => {
      if (!mock) throw new Error('useSyncMock: the mock starts in beforeAll');
      return mock;
    },
    dir: tmp.dir,
  };
}

/** A client clock on the mock's: sleeping advances the mock's virtual time. */
export function mockClock(mock: MockServer): Clock {
  return {
    now: () => mock.clock.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      if (ms > 0) mock.clock.advance(Math.ceil(ms));
      await new Promise<void>((r) => setImmediate(r));
      signal?.throwIfAborted();
    },
  };
}

/** Client options for the mock. */
export function clientOf(mock: MockServer): SyncOptions['client'] {
  return {
    baseUrl: mock.url,
    token: TOKEN,
    merchantId: MERCHANT,
    clock: mockClock(mock),
    random: () => 0.5,
  };
}

/**
 * Where test databases go: /dev/shm when the machine has it (Linux), for a SQLite commit there
 * costs no fsync: a test that commits thousands of times runs at CPU speed instead of the disk's.
 * Crash tests lose nothing by it: a killed process's committed writes are in the page cache.
 */
function testTmpRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** A temp directory removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(testTmpRoot(), 'cloverql-sync-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A live table row, as comparable data: id → canonical JSON of its record. */
export async function tableRecords(
  db: string | Destination,
  resource: ResourceName,
  opts: { includeDeleted?: boolean } = {},
): Promise<Map<string, string>> {
  const dest = typeof db === 'string' ? await openDestination(parseDestination(db)) : db;
  try {
    let q = dest.db
      .selectFrom(resource)
      .select(['id', 'record', '_deleted_at'])
      .where('merchant_id', '=', MERCHANT);
    if (!opts.includeDeleted) q = q.where('_deleted_at', 'is', null);
    const rows = await q.execute();
    return new Map(
      rows.map((r) => [
        String(r.id),
        canonicalJson(typeof r.record === 'string' ? JSON.parse(r.record) : r.record),
      ]),
    );
  } finally {
    if (typeof db === 'string') await dest.close();
  }
}

/** The mock's ground truth of a resource: id → canonical JSON. */
export function truthRecords(mock: MockServer, resource: ResourceName): Map<string, string> {
  return new Map(
    mock.store.records(MERCHANT, resource).map((r) => [String(r.id), canonicalJson(r)]),
  );
}
