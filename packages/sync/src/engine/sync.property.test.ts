/**
 * The differential property of issue 12: a living mock merchant, a random schedule of clock
 * advances, writes (create, update, delete), sync runs and crashes (a run aborted after any
 * commit, or a sync in a child process SIGKILLed right after a commit or inside a transaction
 * whose rows are written but not committed); after a final sync the database equals the mock's
 * ground truth, row for row and version for version. On SQLite and on a real PostgreSQL, and on
 * both under the mock's faults: 50 schedules each in CI, 1000 with `CLOVERQL_LONG=1`.
 */
import { join } from 'node:path';
import type { Clock } from '@cloverql/client';
import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Destination, openDestination, parseDestination } from '../destination/destination.js';
import { migrateToLatest } from '../schema/migrations.js';
import { childSessionsGone, emptyTables } from '../testing/test-crash-probe.js';
import { startTestPostgres, type TestPostgres } from '../testing/test-postgres.js';
import {
  clientOf,
  MERCHANT,
  NOW,
  startSyncMock,
  TOKEN,
  tableRecords,
  tempDir,
} from '../testing/test-sync.js';
import { type KillPoint, SyncChildren } from '../testing/test-sync-child.js';
import { canonicalJson } from './canonical-json.js';
import { syncInto } from './sync.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const MINUTE = 60_000;
const TIMEOUT = LONG ? 4 * 3_600_000 : 600_000;

type Step =
  | { readonly k: 'advance'; readonly ms: number }
  | { readonly k: 'insert'; readonly resource: ResourceName }
  | {
      readonly k: 'update';
      readonly resource: 'orders' | 'payments';
      readonly pick: number;
      readonly v: number;
    }
  | { readonly k: 'remove'; readonly resource: ResourceName; readonly pick: number }
  | { readonly k: 'sync'; readonly abortAfter: number | null }
  | { readonly k: 'kill'; readonly at: KillPoint['at']; readonly n: number };

const pick = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('advance' as const),
      ms: fc.integer({ min: 1, max: 6 * 60 * MINUTE }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('insert' as const),
      resource: fc.constantFrom(...RESOURCE_NAMES),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('update' as const),
      resource: fc.constantFrom('orders' as const, 'payments' as const),
      pick,
      v: fc.nat(50_000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('remove' as const),
      resource: fc.constantFrom(...RESOURCE_NAMES),
      pick,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('sync' as const),
      abortAfter: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('kill' as const),
      at: fc.constantFrom('commit' as const, 'write' as const),
      n: fc.integer({ min: 1, max: 8 }),
    }),
  },
);

const PATCH = {
  orders: (v: number) =>
    [{ total: v }, { note: `note ${v % 7}` }, { state: ['open', 'locked', 'paid'][v % 3] }][
      v % 3
    ] as Record<string, unknown>,
  payments: (v: number) => ({ amount: v }),
};

/**
 * Applies a write or a clock step to the mock. Returns `resource/id` of a payment or refund removed
 * outright (Clover tells no one of those: only `--reconcile` sees them).
 */
function apply(mock: MockServer, step: Step): string | null {
  const store = mock.store;
  switch (step.k) {
    case 'advance':
      mock.clock.advance(step.ms);
      return null;
    case 'insert':
      store.insert(MERCHANT, step.resource, {});
      return null;
    case 'update':
    case 'remove': {
      const live = store.records(MERCHANT, step.resource);
      const target = live[Math.floor(step.pick * live.length)];
      if (!target) return null;
      const id = String(target.id);
      if (step.k === 'update') {
        store.update(MERCHANT, step.resource, id, PATCH[step.resource](step.v));
        return null;
      }
      store.remove(MERCHANT, step.resource, id);
      return step.resource === 'orders' ? null : `${step.resource}/${id}`;
    }
    case 'sync':
    case 'kill':
      return null;
  }
}

/**
 * Where a schedule runs: the mock; the database, open and migrated (in-process runs sync into it
 * with `syncInto`, which spares each run the open and migrate that `sync` does, a third of a
 * small run on PostgreSQL) and its URL (for the child processes, which open it as `sync` does).
 */
interface Env {
  readonly mock: MockServer;
  readonly db: string;
  readonly dest: Destination;
  readonly children: SyncChildren;
}

async function runSchedule(env: Env, steps: readonly Step[]): Promise<void> {
  const { mock, db, dest } = env;
  const client = clientOf(mock);
  const opts = { client, since: 'today - 85d', batchSize: 20 } as const;
  const removed = new Set<string>();
  for (const step of steps) {
    if (step.k === 'kill') {
      const out = await env.children.run({
        baseUrl: mock.url,
        token: TOKEN,
        merchantId: MERCHANT,
        db,
        now: mock.clock.now(),
        since: opts.since,
        batchSize: opts.batchSize,
        pause: { at: step.at, n: step.n },
      });
      if (out.kind === 'done') expect(out.status).toBe('ok');
      else {
        await out.kill();
        await childSessionsGone(db, out.pid);
      }
      continue;
    }
    if (step.k !== 'sync') {
      const gone = apply(mock, step);
      if (gone !== null) removed.add(gone);
      continue;
    }
    const controller = new AbortController();
    let commits = 0;
    const s = await syncInto(dest, {
      ...opts,
      signal: controller.signal,
      onCommit: () => {
        if (step.abortAfter !== null && ++commits === step.abortAfter) controller.abort();
      },
    });
    expect(['ok', 'aborted']).toContain(s.status);
  }
  // The final sync sees everything before its now (settle 0). Its retries and rate limit wait on
  // a clock of its own, so the living merchant holds still until the comparison.
  mock.clock.advance(1);
  const now = mock.clock.now();
  const still = { ...opts, settleMs: 0, client: { ...client, clock: stillClock(mock) } };
  const last = await syncInto(dest, still);
  expect(last.status).toBe('ok');
  const truthOf = (r: ResourceName) =>
    new Map(
      mock.store
        .records(MERCHANT, r)
        .filter((x) => ((x.modifiedTime ?? x.createdTime) as number) < now)
        .map((x) => [String(x.id), canonicalJson(x)]),
    );
  // Without --reconcile, which re-reads everything and would hide what the incremental reads
  // missed: exact, but for the payments and refunds removed outright, which no read can see.
  for (const r of RESOURCE_NAMES) {
    const rows = await tableRecords(dest, r);
    for (const key of removed) if (key.startsWith(`${r}/`)) rows.delete(key.slice(r.length + 1));
    expect(rows, r).toEqual(truthOf(r));
  }
  // Deleted orders the copy knows of are marked in their deleted version.
  const deleted = new Map(
    mock.store.deleted(MERCHANT, 'orders').map((x) => [String(x.id), canonicalJson(x)]),
  );
  const all = await tableRecords(dest, 'orders', { includeDeleted: true });
  const live = await tableRecords(dest, 'orders');
  for (const [id, json] of all) {
    if (live.has(id)) continue;
    expect(deleted.has(id) ? json : 'in the database, not deleted on the server').toBe(
      deleted.get(id) ?? json,
    );
  }
  if (removed.size === 0) return;
  // --reconcile marks what was removed outright: then the copy is exact, every row.
  const reconciled = await syncInto(dest, { ...still, reconcile: true });
  expect(reconciled.status).toBe('ok');
  for (const r of RESOURCE_NAMES) expect(await tableRecords(dest, r), r).toEqual(truthOf(r));
}

/**
 * A clock that starts at the mock's now and keeps its own time: a run's retries and rate limit
 * wait on it without moving the mock's clock.
 */
function stillClock(mock: MockServer): Clock {
  let slept = 0;
  return {
    now: () => mock.clock.now() + slept,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      if (ms > 0) slept += ms;
      await new Promise<void>((r) => setImmediate(r));
    },
  };
}

/** The mock as it started: data, clock and the faults' sequence, so a schedule replays alike. */
function freshMock(mock: MockServer): void {
  mock.reset();
}

const living = (faults: boolean) =>
  startSyncMock({
    orders: 40,
    payments: 40,
    refunds: 5,
    // Less than one 90-day window of history, so a backfill is one window per resource.
    from: NOW - 80 * 86_400_000,
    extra: {
      merchants: [
        {
          id: MERCHANT,
          activity: {
            ordersPerDay: 40,
            paymentsPerDay: 30,
            refundsPerDay: 3,
            updatesPerDay: 20,
            deletesPerDay: 3,
          },
        } as never,
      ],
      ...(faults
        ? {
            faults: {
              seed: 5,
              errorRate: 0.08,
              errorStatuses: [429, 503, 500, 502],
              burstLength: 2,
              dropRate: 0.03,
              truncateRate: 0.03,
            },
          }
        : {}),
    },
  });

/**
 * Runs the property: `runs` schedules (1000 in the long run) against one living mock, each on a
 * fresh database from `fresh`.
 */
async function property(o: {
  faults: boolean;
  seed: number;
  /** An empty, migrated database for the next schedule, and what to do when it is done. */
  fresh: () => Promise<{ db: string; dest: Destination; done: () => Promise<void> }>;
  children: SyncChildren;
}): Promise<void> {
  const mock = await living(o.faults);
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        freshMock(mock);
        const { db, dest, done } = await o.fresh();
        try {
          await runSchedule({ mock, db, dest, children: o.children }, steps);
        } finally {
          await done();
        }
      }),
      { numRuns: LONG ? 1000 : 50, seed: o.seed },
    );
  } finally {
    await mock.close();
  }
}

describe('differential property: a synced database equals the living mock', () => {
  const children = new SyncChildren();
  beforeAll(() => {
    children.warm();
  });
  afterAll(() => children.close());

  describe('on SQLite', () => {
    const tmp = tempDir();
    afterAll(() => tmp.remove());
    let files = 0;
    const fresh = async () => {
      const db = `sqlite:${join(tmp.dir, `p${files++}.db`)}`;
      const dest = await openDestination(parseDestination(db));
      await migrateToLatest(dest.db, dest.dialect);
      return { db, dest, done: () => dest.close() };
    };

    it('with crashes', () => property({ faults: false, seed: 1201, fresh, children }), TIMEOUT);
    it(
      'under 429, 503, 5xx, drops and cut bodies',
      () => property({ faults: true, seed: 1202, fresh, children }),
      TIMEOUT,
    );
  });

  describe('on PostgreSQL', () => {
    let pg: TestPostgres;
    let db = '';
    let dest: Destination;
    beforeAll(async () => {
      pg = await startTestPostgres();
      db = await pg.database('property');
      dest = await openDestination(parseDestination(db));
      await migrateToLatest(dest.db, dest.dialect);
    });
    afterAll(async () => {
      await dest?.close();
      await pg?.stop();
    });
    // One database for all schedules, emptied between them: far cheaper than one database each.
    const fresh = async () => {
      await emptyTables(dest);
      return { db, dest, done: async () => {} };
    };

    it('with crashes', () => property({ faults: false, seed: 1203, fresh, children }), TIMEOUT);
    it(
      'under 429, 503, 5xx, drops and cut bodies',
      () => property({ faults: true, seed: 1204, fresh, children }),
      TIMEOUT,
    );
  });
});
