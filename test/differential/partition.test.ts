/**
 * Partition checks (ternary logic partitioning): for a query Q and a predicate p on one
 * field f, the results of `Q and p`, `Q and not p` and `Q and f is null` are pairwise disjoint and
 * together are exactly the results of Q. This needs no oracle: it checks the compiler, the planner
 * and the mock against each other, three-valued logic included.
 */
import { collect } from '@cloverql/client';
import { compile, RESOURCE_NAMES } from '@cloverql/dsl';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EARLIEST,
  groundTruth,
  MERCHANT,
  type Mock,
  NOW,
  startFixtureMock,
  TOKEN,
} from '../support/mock-fixture.js';
import { conditionArbitrary, timeRangeArbitrary } from '../support/query-arbitrary.js';
import { render, type TExpr } from '../support/query-model.js';

const LONG = process.env.CLOVERQL_LONG === '1';
const RUNS = LONG ? 400 : 40;

let mock: Mock;
beforeAll(async () => {
  mock = await startFixtureMock();
});
afterAll(async () => {
  await mock?.close();
});

function fieldOf(p: TExpr): string | null {
  return p.k === 'cmp' || p.k === 'between' || p.k === 'in' ? p.field : null;
}

async function ids(text: string): Promise<string[]> {
  const plan = compile(text, { now: NOW, earliest: EARLIEST, pageSize: 100 });
  return (
    await collect(plan, { baseUrl: mock.url, token: TOKEN, merchantId: MERCHANT, rateLimit: 0 })
  ).map((r) => r.id);
}

describe('partition: Q and p | Q and not p | Q and field is null == Q', () => {
  for (const resource of RESOURCE_NAMES) {
    it(`${resource}: ${RUNS} random (Q, p)`, async () => {
      const ctx = { resource, records: groundTruth(mock, resource), now: NOW };
      const q = fc.tuple(
        timeRangeArbitrary(ctx),
        fc.option(conditionArbitrary(ctx, 1), { nil: null }),
      );
      const p = conditionArbitrary(ctx, 0).filter((e) => fieldOf(e) !== null);
      await fc.assert(
        fc.asyncProperty(q, p, async ([range, cond], pred) => {
          const parts = [range, cond]
            .filter((x): x is TExpr => x !== null)
            .map((x) => `(${render(x)})`);
          const base = `${resource}${parts.length ? ` where ${parts.join(' and ')}` : ''}`;
          const glue = parts.length ? ' and ' : ' where ';
          const field = fieldOf(pred)!;
          const [all, yes, no, nul] = await Promise.all([
            ids(base),
            ids(`${base}${glue}(${render(pred)})`),
            ids(`${base}${glue}not (${render(pred)})`),
            ids(`${base}${glue}${field} is null`),
          ]);
          const label = `Q: ${base}\np: ${render(pred)}`;
          const union = [...yes, ...no, ...nul];
          expect(new Set(union).size, `${label}\nthe three parts overlap`).toBe(union.length);
          expect([...union].sort(), `${label}\nthe parts do not add up to Q`).toEqual(
            [...all].sort(),
          );
        }),
        { numRuns: RUNS, seed: Number(process.env.CLOVERQL_SEED ?? 7) },
      );
    }, 600_000);
  }
});
