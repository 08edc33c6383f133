/**
 * Differential testing over a mutated store: random sequences of writes (inserts in the past,
 * updates, deletes) and small clock moves, then random queries through the compiler and the
 * client must return exactly what direct evaluation over the mutated ground truth returns. The
 * overlay (issue 11) must be invisible to a reader except through the data it holds.
 */
import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQuery } from '../support/check-query.js';
import {
  deletedTruth,
  FROM,
  groundTruth,
  MERCHANT,
  type Mock,
  NOW,
  startFixtureMock,
  TO,
} from '../support/mock-fixture.js';
import { queryArbitrary } from '../support/query-arbitrary.js';

const RUNS = process.env.CLOVERQL_LONG === '1' ? 200 : 24;
const QUERIES_PER_RUN = 3;

type Op =
  | { readonly k: 'insert'; readonly resource: ResourceName; readonly at: number }
  | {
      readonly k: 'update';
      readonly resource: ResourceName;
      readonly pick: number;
      readonly v: number;
    }
  | { readonly k: 'remove'; readonly resource: ResourceName; readonly pick: number }
  | { readonly k: 'advance'; readonly ms: number };

const resourceArb = fc.constantFrom(...RESOURCE_NAMES);
const pick = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    k: fc.constant('insert' as const),
    resource: resourceArb,
    at: fc.integer({ min: FROM, max: TO }),
  }),
  fc.record({ k: fc.constant('update' as const), resource: resourceArb, pick, v: fc.nat(50_000) }),
  fc.record({ k: fc.constant('remove' as const), resource: resourceArb, pick }),
  // Small moves: writes stamp modifiedTime with the clock, which must stay before the queries' now.
  fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 1_000 }) }),
);

const PATCHES: Readonly<Record<ResourceName, (v: number) => Record<string, unknown>>> = {
  orders: (v) =>
    [
      { total: v },
      { note: `note ${v % 7}` },
      { state: ['open', 'locked', 'paid'][v % 3] },
      { title: null },
    ][v % 4] as Record<string, unknown>,
  payments: (v) => ({ amount: v, tipAmount: v % 3 === 0 ? null : v % 500 }),
  refunds: (v) => ({ amount: v, voided: v % 2 === 0 }),
};

function apply(mock: Mock, op: Op): void {
  if (op.k === 'advance') {
    mock.clock.advance(op.ms);
    return;
  }
  if (op.k === 'insert') {
    mock.store.insert(MERCHANT, op.resource, { createdTime: op.at });
    return;
  }
  const records = mock.store.records(MERCHANT, op.resource);
  const target = records[Math.floor(op.pick * records.length)];
  if (!target) return;
  const id = target.id as string;
  if (op.k === 'update') mock.store.update(MERCHANT, op.resource, id, PATCHES[op.resource](op.v));
  else mock.store.remove(MERCHANT, op.resource, id);
}

let mock: Mock;
beforeAll(async () => {
  mock = await startFixtureMock();
});
afterAll(async () => {
  await mock?.close();
});

describe('differential over a mutated store', () => {
  it(`${RUNS} random write sequences, then random queries, return exactly the ground truth`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          ops: fc.array(opArb, { minLength: 1, maxLength: 40 }),
          resource: resourceArb,
          seed: fc.integer(),
          pageSize: fc.constantFrom(1000, 100),
        }),
        async ({ ops, resource, seed, pageSize }) => {
          mock.reset();
          // The clock starts at the end of the data, a minute before the queries' now.
          mock.clock.set(TO);
          for (const op of ops) apply(mock, op);
          expect(mock.clock.now()).toBeLessThan(NOW);
          // Queries run at the fixture's now, so the mock clamps nothing they ask for.
          mock.clock.set(NOW);
          const records = groundTruth(mock, resource);
          const deleted = resource === 'orders' ? deletedTruth(mock) : [];
          const queries = fc.sample(queryArbitrary({ resource, records, now: NOW }), {
            numRuns: QUERIES_PER_RUN,
            seed,
          });
          for (const q of queries) await checkQuery(q, { mock, pageSize, records, deleted });
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.CLOVERQL_SEED ?? 20261129) },
    );
  }, 600_000);
});
