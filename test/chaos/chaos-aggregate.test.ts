/**
 * Chaos for select lists and grouping (issue #10): random grouped queries and select lists run
 * with every kind of fault on (see chaos.test.ts), and the rows must still be exactly the oracle's
 * — a record lost or read twice under a retry changes a count or a sum.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '@cloverql/client';
import { RESOURCE_NAMES } from '@cloverql/dsl';
import type { FaultOptions } from '@cloverql/mock-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateBatchArbitrary, selectBatchArbitrary } from '../support/aggregate-arbitrary.js';
import { checkAggregateQueries, checkSelectQueries } from '../support/check-rows.js';
import { groundTruth, type Mock, NOW, startFixtureMock } from '../support/mock-fixture.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const SEED = Number(process.env.CLOVERQL_SEED ?? 424243);

/** The faults of chaos.test.ts: latency, 5xx, 429/503 bursts, drops and truncated bodies. */
const FAULTS: FaultOptions = {
  seed: SEED,
  latencyMs: 1,
  latencyJitterMs: 4,
  errorRate: 0.08,
  errorStatuses: [429, 503, 500, 502, 504],
  burstLength: 3,
  dropRate: 0.04,
  truncateRate: 0.04,
};

/** Backoffs and Retry-After advance the mock's clock instead of waiting (see chaos.test.ts). */
function fastForward(mock: Mock): Clock {
  return {
    now: () => mock.clock.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      if (ms > 0) mock.clock.advance(ms);
      await delay(Math.min(Math.max(ms, 0), 2), undefined, signal ? { signal } : {});
    },
  };
}

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
            const run = { mock, pageSize, records, run: runOptions(mock) };
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
