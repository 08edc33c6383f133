/**
 * Differential testing of select lists and grouping (issue #10): random grouped queries — group
 * keys, time buckets in random zones, aggregates, having, order by, limit — run through the
 * compiler and the client against the mock must return exactly the rows the oracle
 * (test/support/aggregate-model.ts, independent of the dsl's aggregate and time-zone code)
 * computes from the ground truth, in order. Random select lists must return exactly the projected
 * rows of the right records. And for any query and any grouping, the counts of the groups add up
 * to the number of records the query returns.
 *
 * Queries come in batches over one condition and zone (grouped queries) or one base query (select
 * lists) whose plans read the same records, fetched once per batch (test/support/check-rows.ts).
 * CI runs 320 grouped queries, 126 select lists and 90 count sums; `pnpm test:long`
 * (CLOVERQL_LONG=1) runs about ten times as many. CLOVERQL_SEED replays a run.
 */
import { collect } from '@cloverql/client';
import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateBatchArbitrary,
  aggregateQueryArbitrary,
  selectBatchArbitrary,
  termText,
  ZONES,
} from '../support/aggregate-arbitrary.js';
import {
  checkAggregateQueries,
  checkSelectQueries,
  compileFor,
  runRowsBatch,
} from '../support/check-rows.js';
import {
  deletedTruth,
  groundTruth,
  MERCHANT,
  type Mock,
  NOW,
  startFixtureMock,
  TOKEN,
} from '../support/mock-fixture.js';
import { queryArbitrary } from '../support/query-arbitrary.js';
import { render } from '../support/query-model.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const SEED = Number(process.env.CLOVERQL_SEED ?? 20261129);
/** Grouped queries per batch, and batches per resource. */
const GROUPED_BATCH = 4;
const GROUPED: Readonly<Record<ResourceName, number>> = LONG
  ? { orders: 300, payments: 300, refunds: 150 }
  : { orders: 30, payments: 30, refunds: 20 };
const SELECT_BATCH = 3;
const SELECTS = LONG ? 140 : 14;
const COUNT_GROUPINGS = 3;
const COUNT_SUMS = LONG ? 100 : 10;
const pageSizes = fc.constantFrom(1000, 1000, 1000, 100, 37);

let mock: Mock;
beforeAll(async () => {
  mock = await startFixtureMock();
});
afterAll(async () => {
  await mock?.close();
});

describe('differential: grouped rows == the oracle', () => {
  for (const resource of RESOURCE_NAMES) {
    const runs = GROUPED[resource];
    it(`${resource}: ${runs * GROUPED_BATCH} random grouped queries return exactly the oracle's rows`, async () => {
      const records = groundTruth(mock, resource);
      await fc.assert(
        fc.asyncProperty(
          aggregateBatchArbitrary({ resource, records, now: NOW }, GROUPED_BATCH),
          pageSizes,
          (qs, pageSize) =>
            checkAggregateQueries(qs, { mock, pageSize, records, deleted: deletedTruth(mock) }),
        ),
        { numRuns: runs, seed: SEED },
      );
    }, 600_000);
  }
});

describe('differential: select lists == projected ground truth', () => {
  for (const resource of RESOURCE_NAMES) {
    it(`${resource}: ${SELECTS * SELECT_BATCH} random select lists return exactly the projected records`, async () => {
      const records = groundTruth(mock, resource);
      await fc.assert(
        fc.asyncProperty(
          selectBatchArbitrary({ resource, records, now: NOW }, SELECT_BATCH),
          pageSizes,
          (qs, pageSize) =>
            checkSelectQueries(qs, { mock, pageSize, records, deleted: deletedTruth(mock) }),
        ),
        { numRuns: SELECTS, seed: SEED },
      );
    }, 600_000);
  }
});

describe('property: the counts of the groups add up to the records of the query', () => {
  for (const resource of RESOURCE_NAMES) {
    it(`${resource}: ${COUNT_SUMS} queries, each with ${COUNT_GROUPINGS} random groupings`, async () => {
      const records = groundTruth(mock, resource);
      const ctx = { resource, records, now: NOW };
      const grouping = aggregateQueryArbitrary(ctx).map((g) => g.groupBy);
      await fc.assert(
        fc.asyncProperty(
          queryArbitrary(ctx),
          fc.array(grouping, { minLength: COUNT_GROUPINGS, maxLength: COUNT_GROUPINGS }),
          fc.constantFrom(...ZONES),
          async (q, groupings, tz) => {
            const where = q.where ? ` where ${render(q.where)}` : '';
            const plain = compileFor(`${resource}${where}`, { tz, pageSize: 1000 });
            const n = (
              await collect(plain, {
                baseUrl: mock.url,
                token: TOKEN,
                merchantId: MERCHANT,
                rateLimit: 0,
                concurrency: 6,
              })
            ).length;
            const texts = groupings.map((keys) => {
              const by = keys.length
                ? ` group by ${keys.map((key) => termText({ k: 'key', key })).join(', ')}`
                : '';
              return `${resource}${where}${by} select count() as n`;
            });
            const plans = texts.map((t) => compileFor(t, { tz, pageSize: 1000 }));
            const results = await runRowsBatch(plans, { mock, pageSize: 1000 });
            results.forEach((rows, i) => {
              const total = rows.reduce((s, r) => s + (r.n as number), 0);
              expect(total, `query: ${texts[i]}\ntz: ${tz}\ngroups: ${rows.length}`).toBe(n);
            });
          },
        ),
        { numRuns: COUNT_SUMS, seed: SEED },
      );
    }, 600_000);
  }
});
