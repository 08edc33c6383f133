import { ClientError, collect } from '@cloverql/client';
import { compile, RESOURCE_NAMES, type ResourceName } from '@cloverql/dsl';
import type { FaultOptions } from '@cloverql/mock-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQuery } from '../support/check-query.js';
import {
  DAY,
  deletedTruth,
  EARLIEST,
  FROM,
  groundTruth,
  idDiff,
  MERCHANT,
  type Mock,
  NOW,
  startFixtureMock,
  TO,
  TOKEN,
} from '../support/mock-fixture.js';
import { conditionArbitrary, queryArbitrary } from '../support/query-arbitrary.js';
import { evaluate, render } from '../support/query-model.js';
import { chaosFaults, fastForward } from './chaos-settings.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const SEED = Number(process.env.CLOVERQL_SEED ?? 424242);

const FAULTS = chaosFaults(SEED);

const runOptions = (mock: Mock) => ({
  clock: fastForward(mock),
  retry: { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 2000, budget: 100_000 },
  // About one create request in eight fails ambiguously here (drops, cut bodies, bursts of three
  // 500/502/504), far above any real rate, so allow as many re-creations as attempts.
  exports: { pollMs: 500, maxPollMs: 4000, maxAmbiguousCreates: 12 },
});

describe('chaos: REST plans under faults return exactly the ground truth', () => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startFixtureMock({ faults: FAULTS });
  });
  afterAll(async () => {
    await mock?.close();
  });

  for (const resource of RESOURCE_NAMES) {
    const runs = LONG ? 400 : 40;
    it(`${resource}: ${runs} random queries`, async () => {
      const records = groundTruth(mock, resource as ResourceName);
      const before = mock.faults.injected;
      await fc.assert(
        fc.asyncProperty(
          queryArbitrary({ resource, records, now: NOW }),
          fc.constantFrom(1000, 100, 37),
          (q, pageSize) =>
            checkQuery(q, {
              mock,
              pageSize,
              records,
              deleted: deletedTruth(mock),
              run: runOptions(mock),
            }),
        ),
        { numRuns: runs, seed: SEED },
      );
      // The faults really happened (otherwise this suite would prove nothing).
      expect(JSON.stringify(mock.faults.injected)).not.toBe(JSON.stringify(before));
    }, 600_000);
  }
});

describe('chaos: export plans under faults return exactly the ground truth', () => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startFixtureMock({
      faults: FAULTS,
      limits: { rateLimits: false, exportDurationMs: 6000 },
    });
  });
  afterAll(async () => {
    await mock?.close();
  });

  for (const resource of ['orders', 'payments'] as const) {
    const runs = LONG ? 60 : 6;
    it(`${resource}: ${runs} random exports of up to 120 days`, async () => {
      const records = groundTruth(mock, resource);
      const ctx = { resource, records, now: NOW };
      const span = fc.tuple(
        fc.integer({ min: 0, max: Math.floor((TO - FROM) / DAY) - 1 }),
        fc.integer({ min: 1, max: 120 }),
      );
      await fc.assert(
        fc.asyncProperty(
          span,
          fc.option(conditionArbitrary(ctx, 1), { nil: null }),
          async ([startDay, days], cond) => {
            const lo = FROM + startDay * DAY;
            const hi = lo + days * DAY;
            const where = cond
              ? `createdTime >= ${lo} and createdTime < ${hi} and (${render(cond)})`
              : `createdTime >= ${lo} and createdTime < ${hi}`;
            const text = `export ${resource} where ${where}`;
            const plan = compile(text, { now: NOW, earliest: EARLIEST });
            const got = (
              await collect(plan, {
                baseUrl: mock.url,
                token: TOKEN,
                merchantId: MERCHANT,
                rateLimit: 0,
                ...runOptions(mock),
              })
            ).map((r) => r.id);
            const want = records
              .filter(
                (r) =>
                  typeof r.createdTime === 'number' && r.createdTime >= lo && r.createdTime < hi,
              )
              .filter((r) => (cond ? evaluate(cond, r) === true : true))
              .map((r) => r.id);
            expect(new Set(got).size, `query: ${text}\nduplicates`).toBe(got.length);
            expect([...got].sort(), `query: ${text}\n${idDiff(got, want)}`).toEqual(
              [...want].sort(),
            );
          },
        ),
        { numRuns: runs, seed: SEED },
      );
    }, 600_000);
  }
});

describe('chaos: failures that end a run say where and why', () => {
  let mock: Mock;
  beforeAll(async () => {
    mock = await startFixtureMock();
  });
  afterAll(async () => {
    await mock?.close();
  });

  /** Runs `query` with `faults` on and returns the error that ended it. */
  async function failure(args: {
    query: string;
    faults: FaultOptions;
    retry: { maxAttempts: number; budget?: number };
  }): Promise<ClientError> {
    mock.faults.set(args.faults);
    try {
      const plan = compile(args.query, { now: NOW });
      const err = await collect(plan, {
        baseUrl: mock.url,
        token: TOKEN,
        merchantId: MERCHANT,
        rateLimit: 0,
        ...runOptions(mock),
        retry: { baseDelayMs: 1, maxDelayMs: 5, ...args.retry },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClientError);
      return err as ClientError;
    } finally {
      mock.faults.clear();
    }
  }

  it('a server that keeps answering 503 ends the run with UNAVAILABLE, naming the window and request', async () => {
    const err = await failure({
      query: 'payments where createdTime >= 2025-01-01 and createdTime < 2025-02-01',
      faults: { seed: 1, errorRate: 1, errorStatuses: [503], burstLength: 1 },
      retry: { maxAttempts: 3 },
    });
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.status).toBe(503);
    expect(err.message).toContain('2025-01-01T00:00:00.000Z');
    expect(err.message).toContain('/v3/merchants/');
  });

  it('connections dropped every time end the run with NETWORK after the attempts', async () => {
    const err = await failure({
      query: 'refunds where createdTime >= 2025-01-01 and createdTime < 2025-01-05',
      faults: { seed: 2, dropRate: 1 },
      retry: { maxAttempts: 3 },
    });
    expect(err.code).toBe('NETWORK');
  });

  it('the run-wide retry budget stops a run that would retry forever', async () => {
    const err = await failure({
      query: 'payments where createdTime >= 2022-01-01 and createdTime < 2025-01-01',
      faults: { seed: 3, errorRate: 1, errorStatuses: [500] },
      retry: { maxAttempts: 50, budget: 20 },
    });
    expect(err.code).toBe('RETRY_BUDGET');
  });
});
