import { RESOURCE_NAMES } from '@cloverql/dsl';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateBatchArbitrary, selectBatchArbitrary } from '../support/aggregate-arbitrary.js';
import { checkAggregateQueries, checkSelectQueries } from '../support/check-rows.js';
import {
  deletedTruth,
  groundTruth,
  type Mock,
  NOW,
  startFixtureMock,
} from '../support/mock-fixture.js';
import { chaosFaults, fastForward } from './chaos-settings.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const SEED = Number(process.env.CLOVERQL_SEED ?? 424243);

const FAULTS = chaosFaults(SEED);

const runOptions = (mock: Mock) => ({
  clock: fastForward(mock),
  retry: { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 2000, budget: 100_000 },
});

describe('chaos: grouped rows and select lists under faults are exactly the oracle', () => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startFixtureMock({ faults: FAULTS });
  });
  afterAll(async () => {
    await mock?.close();
  });

  for (const resource of RESOURCE_NAMES) {
    const batches = LONG ? 100 : 8;
    it(`${resource}: ${batches * 3} random grouped queries and ${batches * 2} select lists`, async () => {
      const records = groundTruth(mock, resource);
      const ctx = { resource, records, now: NOW };
      const before = JSON.stringify(mock.faults.injected);
      await fc.assert(
        fc.asyncProperty(
          aggregateBatchArbitrary(ctx, 3),
          selectBatchArbitrary(ctx, 2),
          fc.constantFrom(1000, 100, 37),
          async (grouped, selects, pageSize) => {
            const run = {
              mock,
              pageSize,
              records,
              deleted: deletedTruth(mock),
              run: runOptions(mock),
            };
            await checkAggregateQueries(grouped, run);
            await checkSelectQueries(selects, run);
          },
        ),
        { numRuns: batches, seed: SEED },
      );
      // The faults really happened (otherwise this suite would prove nothing).
      expect(JSON.stringify(mock.faults.injected)).not.toBe(before);
    }, 600_000);
  }
});
