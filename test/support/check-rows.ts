/**
 * Runs plans with a select list or grouping through the client against the mock and compares
 * the rows with the oracle's (aggregate-model.ts), for the differential and chaos suites.
 */
import { collect, type RunOptions } from '@cloverql/client';
import { compile, type Plan } from '@cloverql/dsl';
import { expect } from 'vitest';
import type { AggregateQuery, SelectQuery } from './aggregate-arbitrary.js';
import { expectedRows, type ModelRow } from './aggregate-model.js';
import { expectedIds, visibleRecords } from './check-query.js';
import { EARLIEST, MERCHANT, type Mock, NOW, TOKEN } from './mock-fixture.js';
import { fieldValue as fieldValueOf } from './query-model.js';

export type RowsRun = {
  mock: Mock;
  pageSize: number;
  run?: Partial<RunOptions>;
  /** Deleted orders, which a plan windowed on deletedTime sees. */
  deleted?: readonly unknown[];
};

/** The records a plan sees: deleted orders join when its requests filter on deletedTime. */
function universeOf<T>(plan: Plan, records: readonly T[], deleted: readonly unknown[] = []): T[] {
  const seen = visibleRecords(plan, records as never, deleted as never);
  if (seen === null)
    throw new Error(`a plan mixes requests with and without deletedTime: ${plan.source}`);
  return seen as unknown as T[];
}

/**
 * The rows the system under test returns for each plan: `collect` of a plan with a select list
 * or grouping yields the client's own rows (projected or aggregated while records stream).
 */
export async function runRowsBatch(plans: readonly Plan[], ctx: RowsRun): Promise<ModelRow[][]> {
  const options = {
    baseUrl: ctx.mock.url,
    token: TOKEN,
    merchantId: MERCHANT,
    rateLimit: 0,
    concurrency: 6,
    ...ctx.run,
  };
  return Promise.all(plans.map((p) => collect(p, options))) as Promise<ModelRow[][]>;
}

/** `runRowsBatch` of one plan. */
export async function runRows(plan: Plan, ctx: RowsRun): Promise<ModelRow[]> {
  const [rows] = await runRowsBatch([plan], ctx);
  return rows!;
}

export function compileFor(text: string, opts: { tz?: string; pageSize: number }): Plan {
  return compile(text, {
    now: NOW,
    earliest: EARLIEST,
    pageSize: opts.pageSize,
    ...(opts.tz ? { tz: opts.tz } : {}),
  });
}

/** The first rows where two row lists differ, for a failure message. */
export function rowDiff(got: readonly ModelRow[], want: readonly ModelRow[]): string {
  const lines: string[] = [`got ${got.length} rows, want ${want.length}`];
  for (let i = 0; i < Math.max(got.length, want.length) && lines.length < 7; i++) {
    const g = JSON.stringify(sortKeys(got[i]));
    const w = JSON.stringify(sortKeys(want[i]));
    if (g !== w) lines.push(`row ${i}:\n  got  ${g}\n  want ${w}`);
  }
  return lines.join('\n');
}

function sortKeys(row: ModelRow | undefined): ModelRow | undefined {
  if (!row) return row;
  return Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Runs grouped queries (one fetch when they share a condition) and requires exactly the oracle's rows, in order. */
export async function checkAggregateQueries(
  qs: readonly AggregateQuery[],
  ctx: RowsRun & { records: readonly unknown[] },
): Promise<void> {
  const plans = qs.map((q) => compileFor(q.text, { tz: q.tz, pageSize: ctx.pageSize }));
  const rows = await runRowsBatch(plans, ctx);
  qs.forEach((q, i) => {
    const records = universeOf(plans[i]!, ctx.records, ctx.deleted);
    checkRows(q, { got: rows[i]!, records, pageSize: ctx.pageSize });
  });
}

function checkRows(
  q: AggregateQuery,
  ctx: { got: ModelRow[]; records: readonly unknown[]; pageSize: number },
): void {
  const got = ctx.got;
  const want = expectedRows(q, ctx.records);
  expect(
    got,
    `query: ${q.text}\ntz: ${q.tz}, pageSize: ${ctx.pageSize}\n${rowDiff(got, want)}`,
  ).toEqual(want);
}

/** Runs queries with select lists and requires exactly the projected rows of the right records. */
export async function checkSelectQueries(
  qs: readonly SelectQuery[],
  ctx: RowsRun & { records: readonly { id: string }[] },
): Promise<void> {
  const plans = qs.map((q) => compileFor(q.text, { pageSize: ctx.pageSize }));
  const rows = await runRowsBatch(plans, ctx);
  qs.forEach((q, i) => {
    const records = universeOf(plans[i]!, ctx.records, ctx.deleted);
    checkProjection(q, { got: rows[i]!, records, pageSize: ctx.pageSize });
  });
}

function checkProjection(
  q: SelectQuery,
  ctx: { got: ModelRow[]; records: readonly { id: string }[]; pageSize: number },
): void {
  const got = ctx.got;
  const byId = new Map(ctx.records.map((r) => [r.id, r]));
  const project = (id: string): ModelRow => {
    const row: ModelRow = {};
    for (const c of q.columns) row[c.alias ?? c.field] = fieldValueOf(byId.get(id), c.field);
    return row;
  };
  const want = expectedIds(q.base, ctx.records as never);
  const wantRows = want.ids.map(project);
  const where = `query: ${q.text}\npageSize: ${ctx.pageSize}`;
  for (const row of got)
    expect(Object.keys(row).sort(), where).toEqual(Object.keys(wantRows[0] ?? row).sort());
  if (want.ordered) {
    expect(got, `${where}\n${rowDiff(got, wantRows)}`).toEqual(wantRows);
    return;
  }
  const canon = (rows: readonly ModelRow[]) => rows.map((r) => JSON.stringify(sortKeys(r))).sort();
  if (q.base.limit === null) {
    expect(canon(got), `${where}\n${rowDiff(got, wantRows)}`).toEqual(canon(wantRows));
    return;
  }
  // Any `limit` of the records: the rows are a sub-multiset of all the rows.
  expect(got.length, `${where}\nlimit`).toBe(Math.min(q.base.limit, wantRows.length));
  const left = new Map<string, number>();
  for (const r of canon(wantRows)) left.set(r, (left.get(r) ?? 0) + 1);
  for (const r of canon(got)) {
    const n = left.get(r) ?? 0;
    expect(n, `${where}\nrow not in the answer: ${r}`).toBeGreaterThan(0);
    left.set(r, n - 1);
  }
}
