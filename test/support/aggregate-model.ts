/**
 * The oracle of grouped queries: the rows an `AggregateQuery` must return, computed directly from
 * ground-truth records with plain JS and BigInt. Independent of the compiler: it imports nothing
 * from @cloverql/dsl's aggregate, having or time-zone code (buckets come from zone-calendar.ts).
 *
 * The contract (docs/language.md, "select, group by and aggregates"): one row per group holding
 * the group keys then the selected aggregates, named by alias or by their text; nulls skipped by
 * aggregates, a null key a group of its own; money exact in cents, money `avg` rounded half away
 * from zero; `having` in three-valued logic; rows by the order key (nulls last either way), then
 * by the group keys ascending; `limit` counts groups.
 */
import type {
  AggregateQuery,
  AggSpec,
  GroupKeySpec,
  HavingExpr,
  Term,
} from './aggregate-arbitrary.js';
import { sameTerm, termKey } from './aggregate-arbitrary.js';
import { evaluate, fieldValue, type T3 } from './query-model.js';
import { periodStart } from './zone-calendar.js';

export type Cell = string | number | boolean | null;
export type ModelRow = Record<string, Cell>;

/** The records a query's condition keeps. */
export function matching<R>(q: { where: AggregateQuery['where'] }, records: readonly R[]): R[] {
  return records.filter((r) => (q.where ? evaluate(q.where, r) === true : true));
}

function keyOf(k: GroupKeySpec, record: unknown, tz: string): Cell {
  const v = fieldValue(record, k.field);
  if (k.kind === 'field') return v;
  if (typeof v !== 'number') return null;
  return periodStart(v, { unit: k.unit, tz, weekStart: k.weekStart ?? 'monday' });
}

function aggregate(a: AggSpec, records: readonly unknown[]): Cell {
  if (a.field === null) return records.length;
  const values = records.map((r) => fieldValue(r, a.field!)).filter((v) => v !== null);
  if (a.fn === 'count') return a.distinct ? new Set(values).size : values.length;
  const nums = values.filter((v): v is number => typeof v === 'number');
  if (nums.length === 0) return null;
  switch (a.fn) {
    case 'min':
      return Math.min(...nums);
    case 'max':
      return Math.max(...nums);
    case 'sum':
    case 'avg': {
      if (a.type !== 'money') {
        const s = nums.reduce((x, y) => x + y, 0);
        return a.fn === 'sum' ? s : s / nums.length;
      }
      const total = nums.reduce((x, y) => x + BigInt(y), 0n);
      if (a.fn === 'sum') return bigCell(total);
      // Round half away from zero: |q| = floor((2|s| + n) / 2n), sign of s.
      const n = BigInt(nums.length);
      const abs = total < 0n ? -total : total;
      const q = (2n * abs + n) / (2n * n);
      return bigCell(total < 0n ? -q : q);
    }
  }
}

const bigCell = (b: bigint): Cell =>
  b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= -BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(b)
    : b.toString();

/** Ascending order of cells of one column, nulls last; booleans false first. */
function ascending(x: Cell, y: Cell): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x < y ? -1 : 1;
}

function truth(h: HavingExpr, value: (t: Term) => Cell): T3 {
  switch (h.k) {
    case 'cmp': {
      const v = value(h.term);
      if (v === null || typeof v !== typeof h.value) return null;
      const w = h.value;
      switch (h.op) {
        case '=':
          return v === w;
        case '!=':
          return v !== w;
        case '>':
          return v > w;
        case '>=':
          return v >= w;
        case '<':
          return v < w;
        case '<=':
          return v <= w;
      }
      return null;
    }
    case 'null':
      return (value(h.term) === null) !== h.neg;
    case 'not': {
      const v = truth(h.e, value);
      return v === null ? null : !v;
    }
    case 'and': {
      const a = truth(h.a, value);
      const b = truth(h.b, value);
      return a === false || b === false ? false : a === null || b === null ? null : true;
    }
    case 'or': {
      const a = truth(h.a, value);
      const b = truth(h.b, value);
      return a === true || b === true ? true : a === null || b === null ? null : false;
    }
  }
}

/** The rows a grouped query returns over `records` (the whole ground truth; the model filters). */
export function expectedRows(q: AggregateQuery, records: readonly unknown[]): ModelRow[] {
  const kept = matching(q, records);
  const groups = new Map<string, { keys: Cell[]; records: unknown[] }>();
  if (q.groupBy.length === 0) groups.set('[]', { keys: [], records: [] });
  for (const r of kept) {
    const keys = q.groupBy.map((k) => keyOf(k, r, q.tz));
    const id = JSON.stringify(keys.map((k) => [typeof k, k]));
    let g = groups.get(id);
    if (!g) {
      g = { keys, records: [] };
      groups.set(id, g);
    }
    g.records.push(r);
  }

  type G = { keys: Cell[]; value: (t: Term) => Cell };
  const all: G[] = [...groups.values()].map((g) => {
    const cache = new Map<string, Cell>();
    const value = (t: Term): Cell => {
      if (t.k === 'key') {
        const i = q.groupBy.findIndex((k) => sameTerm({ k: 'key', key: k }, t));
        return g.keys[i] ?? null;
      }
      const id = termKey(t);
      if (!cache.has(id)) cache.set(id, aggregate(t.agg, g.records));
      return cache.get(id)!;
    };
    return { keys: g.keys, value };
  });

  const passed = q.having ? all.filter((g) => truth(q.having!, g.value) === true) : all;
  const order = q.orderBy;
  passed.sort((a, b) => {
    if (order) {
      const x = a.value(order.term);
      const y = b.value(order.term);
      // Nulls last in both directions.
      const c =
        x === null || y === null
          ? ascending(x, y)
          : ascending(x, y) * (order.direction === 'desc' ? -1 : 1);
      if (c !== 0) return c;
    }
    for (let i = 0; i < a.keys.length; i++) {
      const c = ascending(a.keys[i]!, b.keys[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  const limited = q.limit === null ? passed : passed.slice(0, q.limit);

  return limited.map((g) => {
    const row: ModelRow = {};
    q.groupBy.forEach((k) => {
      const t: Term = { k: 'key', key: k };
      const item = q.select.find((s) => sameTerm(s.term, t));
      row[item?.alias ?? termKey(t)] = g.value(t);
    });
    for (const s of q.select) {
      if (s.term.k === 'agg') row[s.alias ?? termKey(s.term)] = g.value(s.term);
    }
    return row;
  });
}
