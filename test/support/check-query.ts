/** The comparison at the heart of the differential and chaos suites. */
import { collect, type RunOptions } from '@cloverql/client';
import { compile, type Plan } from '@cloverql/dsl';
import fc from 'fast-check';
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

/**
 * The records a plan can see: deleted orders are visible to a request only when it filters on
 * deletedTime (the mock's reading of Clover), so they join the universe when every request
 * does; null when some requests do and others do not (not modelled here).
 */
export function visibleRecords(
  plan: Plan,
  live: readonly AnyRecord[],
  deleted: readonly AnyRecord[],
): readonly AnyRecord[] | null {
  if (deleted.length === 0 || plan.resource !== 'orders') return live;
  const carries = (r: Plan['requests'][number]) =>
    r.query.some(([k, v]) => k === 'filter' && v.startsWith('deletedTime'));
  if (plan.requests.length > 0 && plan.requests.every(carries)) return [...live, ...deleted];
  if (!plan.requests.some(carries)) return live;
  return null;
}

/** Runs one generated query and checks it; throws with the query and the differing ids. */
export async function checkQuery(
  q: GeneratedQuery,
  ctx: {
    mock: Mock;
    pageSize: number;
    records: readonly AnyRecord[];
    /** Deleted orders, which a query filtering on deletedTime sees. */
    deleted?: readonly AnyRecord[];
    run?: Partial<RunOptions>;
  },
): Promise<void> {
  const plan = compile(q.text, { now: NOW, earliest: EARLIEST, pageSize: ctx.pageSize });
  const universe = visibleRecords(plan, ctx.records, ctx.deleted ?? []);
  fc.pre(universe !== null);
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
  const want = expectedIds(q, universe ?? []);
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
