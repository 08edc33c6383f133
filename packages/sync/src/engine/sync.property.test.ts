/**
 * The differential property of issue 12: a living mock merchant, a random schedule of clock
 * advances, writes (create, update, delete), sync runs and crashes (a run aborted after any
 * commit); after a final sync the database equals the mock's ground truth, row for row and
 * version for version. On SQLite and on a real PostgreSQL, and under the mock's faults.
 */
import { join } from 'node:path';
import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import type { MockServer } from '@cloverql/mock-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/test-postgres.js';
import {
  clientOf,
  MERCHANT,
  NOW,
  startSyncMock,
  tableRecords,
  tempDir,
} from '../testing/test-sync.js';
import { canonicalJson } from './canonical-json.js';
import { sync } from './sync.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const MINUTE = 60_000;

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
  | { readonly k: 'sync'; readonly abortAfter: number | null };

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
);

const PATCH = {
  orders: (v: number) =>
    [{ total: v }, { note: `note ${v % 7}` }, { state: ['open', 'locked', 'paid'][v % 3] }][
      v % 3
    ] as Record<string, unknown>,
  payments: (v: number) => ({ amount: v }),
};

function apply(mock: MockServer, step: Step): void {
  const store = mock.store;
  switch (step.k) {
    case 'advance':
      mock.clock.advance(step.ms);
      return;
    case 'insert':
      store.insert(MERCHANT, step.resource, {});
      return;
    case 'update':
    case 'remove': {
      const live = store.records(MERCHANT, step.resource);
      const target = live[Math.floor(step.pick * live.length)];
      if (!target) return;
      if (step.k === 'update')
        store.update(MERCHANT, step.resource, String(target.id), PATCH[step.resource](step.v));
      else store.remove(MERCHANT, step.resource, String(target.id));
      return;
    }
    case 'sync':
      return;
  }
}

async function runSchedule(mock: MockServer, db: string, steps: readonly Step[]): Promise<void> {
  const client = clientOf(mock);
  const opts = { client, db, since: 'today - 85d', batchSize: 20 } as const;
  for (const step of steps) {
    if (step.k !== 'sync') {
      apply(mock, step);
      continue;
    }
    const controller = new AbortController();
    let commits = 0;
    const s = await sync({
      ...opts,
      signal: controller.signal,
      onCommit: () => {
        if (step.abortAfter !== null && ++commits === step.abortAfter) controller.abort();
      },
    });
    expect(['ok', 'aborted']).toContain(s.status);
  }
  // The final sync sees everything before its now (settle 0) and reconciles what payments and
  // refunds lost outright, which no incremental read can see.
  mock.clock.advance(1);
  const now = mock.clock.now();
  const last = await sync({ ...opts, settleMs: 0, reconcile: true });
  expect(last.status).toBe('ok');
  for (const r of RESOURCE_NAMES) {
    const truth = new Map(
      mock.store
        .records(MERCHANT, r)
        .filter((x) => ((x.modifiedTime ?? x.createdTime) as number) < now)
        .map((x) => [String(x.id), canonicalJson(x)]),
    );
    expect(await tableRecords(db, r), r).toEqual(truth);
  }
  // Deleted orders the copy knows of are marked in their deleted version.
  const deleted = new Map(
    mock.store.deleted(MERCHANT, 'orders').map((x) => [String(x.id), canonicalJson(x)]),
  );
  const all = await tableRecords(db, 'orders', { includeDeleted: true });
  const live = await tableRecords(db, 'orders');
  for (const [id, json] of all) {
    if (live.has(id)) continue;
    expect(deleted.has(id) ? json : 'in the database, not deleted on the server').toBe(
      deleted.get(id) ?? json,
    );
  }
}

async function freshMock(mock: MockServer): Promise<void> {
  mock.clock.set(NOW);
  mock.store.reset();
}

const living = (faults: boolean) =>
  startSyncMock({
    orders: 80,
    payments: 80,
    refunds: 10,
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

describe('differential property: a synced database equals the living mock', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('on SQLite', async () => {
    const mock = await living(false);
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
          await freshMock(mock);
          await runSchedule(mock, `sqlite:${join(tmp.dir, `p${n++}.db`)}`, steps);
        }),
        { numRuns: LONG ? 1000 : 50, seed: 1201 },
      );
    } finally {
      await mock.close();
    }
  }, 600_000);

  it('on SQLite under 429, 503, 5xx, drops and cut bodies', async () => {
    const mock = await living(true);
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (steps) => {
          await freshMock(mock);
          await runSchedule(mock, `sqlite:${join(tmp.dir, `f${n++}.db`)}`, steps);
        }),
        { numRuns: LONG ? 300 : 15, seed: 1202 },
      );
    } finally {
      await mock.close();
    }
  }, 600_000);

  describe('on PostgreSQL', () => {
    let pg: TestPostgres;
    beforeAll(async () => {
      pg = await startTestPostgres();
    });
    afterAll(async () => {
      await pg?.stop();
    });
    it('the same property', async () => {
      const mock = await living(false);
      let n = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 10 }), async (steps) => {
            await freshMock(mock);
            await runSchedule(mock, await pg.database(`p${n++}`), steps);
          }),
          { numRuns: LONG ? 300 : 15, seed: 1203 },
        );
      } finally {
        await mock.close();
      }
    }, 600_000);
  });
});
