/**
 * Differential testing: random queries over a seeded dataset, run through the
 * compiler and the client against the mock, must return exactly the ids that direct evaluation of
 * the query over the mock's ground truth returns — no more, no fewer, no duplicates. The oracle
 * (test/support/query-model.ts) is written independently of the compiler.
 *
 * CI runs 500 queries; `pnpm test:long` (CLOVERQL_LONG=1) runs thousands.
 */
import { RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQuery } from '../support/check-query.js';
import {
  deletedTruth,
  groundTruth,
  type Mock,
  NOW,
  startFixtureMock,
} from '../support/mock-fixture.js';
import { queryArbitrary } from '../support/query-arbitrary.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const RUNS_PER_RESOURCE = LONG ? 1500 : 170;

let mock: Mock;
beforeAll(async () => {
  mock = await startFixtureMock();
});
afterAll(async () => {
  await mock?.close();
});

describe('differential: client + mock == direct evaluation', () => {
  for (const resource of RESOURCE_NAMES) {
    it(`${resource}: ${RUNS_PER_RESOURCE} random queries return exactly the ground truth`, async () => {
      const records = groundTruth(mock, resource as ResourceName);
      expect(records.length).toBeGreaterThan(100);
      await fc.assert(
        fc.asyncProperty(
          queryArbitrary({ resource, records, now: NOW }),
          fc.constantFrom(1000, 100, 37),
          (q, pageSize) => checkQuery(q, { mock, pageSize, records, deleted: deletedTruth(mock) }),
        ),
        { numRuns: RUNS_PER_RESOURCE, seed: Number(process.env.CLOVERQL_SEED ?? 20261123) },
      );
    }, 600_000);
  }
});
