/** The comparison at the heart of the differential and chaos suites. */
import { collect, type RunOptions } from '@cloverql/client';
import { compile } from '@cloverql/dsl';
import { expect } from 'vitest';
import {
  type AnyRecord,
  EARLIEST,
  idDiff,
  MERCHANT,
  type Mock,
  NOW,
  TOKEN,
} from './mock-fixture.js';
import type { GeneratedQuery } from './query-arbitrary.js';
import { evaluate, sortRecords } from './query-model.js';

/** What the query must return, by direct evaluation over the ground truth. */
export function expectedIds(
  q: GeneratedQuery,
  records: readonly AnyRecord[],
): { ids: string[]; ordered: boolean } {
  const matching = records.filter((r) => (q.where ? evaluate(q.where, r) === true : true));
  if (q.orderBy) {
    const sorted = sortRecords(matching, q.orderBy);
    return {
      ids: (q.limit === null ? sorted : sorted.slice(0, q.limit)).map((r) => r.id),
      ordered: true,
    };
  }
  return { ids: matching.map((r) => r.id), ordered: false };
}

/** Runs one generated query and checks it; throws with the query and the differing ids. */
export async function checkQuery(
  q: GeneratedQuery,
  ctx: { mock: Mock; pageSize: number; records: readonly AnyRecord[]; run?: Partial<RunOptions> },
): Promise<void> {
  const plan = compile(q.text, { now: NOW, earliest: EARLIEST, pageSize: ctx.pageSize });
  const got = (
    await collect(plan, {
      baseUrl: ctx.mock.url,
      token: TOKEN,
      merchantId: MERCHANT,
      rateLimit: 0,
      concurrency: 6,
      ...ctx.run,
    })
  ).map((r) => r.id);
  const want = expectedIds(q, ctx.records);
  const where = `query: ${q.text}\npageSize: ${ctx.pageSize}`;
  if (want.ordered) {
    expect(got, `${where}\n${idDiff(got, want.ids)}`).toEqual(want.ids);
  } else if (q.limit !== null) {
    expect(new Set(got).size, `${where}\nduplicates`).toBe(got.length);
    expect(got.length, `${where}\nlimit`).toBe(Math.min(q.limit, want.ids.length));
    const allowed = new Set(want.ids);
    expect(
      got.filter((id) => !allowed.has(id)),
      `${where}\nids outside the answer`,
    ).toEqual([]);
  } else {
    expect(new Set(got).size, `${where}\n${idDiff(got, want.ids)}`).toBe(got.length);
    expect([...got].sort(), `${where}\n${idDiff(got, want.ids)}`).toEqual([...want.ids].sort());
  }
}
