/**
 * The streaming aggregator: records go in one at a time (after the plan's residual filter), rows
 * come out. Memory grows with the number of groups, not of records — each group keeps one
 * accumulator per aggregate, and only `count(distinct …)` keeps a set (of that group's distinct
 * values). Pure: no I/O, no clock.
 *
 * Semantics, as in SQL: aggregates skip nulls (a missing value, or a value of the wrong type, is a
 * null: `count(field)` counts the rest); a null group key forms its own group. Money sums are
 * exact integer cents (a sum leaves float arithmetic for BigInt before it could lose a cent);
 * `avg` of money is the exact sum divided by the count, rounded half away from zero to whole
 * cents; `avg` of a number is the float quotient; `sum`, `avg`, `min`, `max` of no values are null.
 */
import { readPath } from '../catalogue/lookup.js';
import type { AggregateColumn, AggregateSpec, GroupKey, Plan } from '../planner/plan-types.js';
import { assertNever } from '../predicate/predicate.js';
import { compareRowValues, compileHaving } from './having.js';
import { createBucketer } from './time-bucket.js';

/**
 * A value in a result row: a field's value, a bucket start (UTC ms), a count, money in cents.
 * A money sum beyond ±2^53 cents (±$90 trillion) is the exact number of cents as a decimal string.
 */
export type RowValue = string | number | boolean | null;

/** One result row, keyed as the plan's `aggregate.output` (or `select.columns`) names it. */
export type Row = Readonly<Record<string, RowValue>>;

/** Accumulates records into groups; see `createAggregator`. */
export interface Aggregator {
  /** Adds one record (a record the plan's residual accepted). */
  add(record: unknown): void;
  /** The rows so far: having, then order by (else by group keys), then limit. */
  result(): Row[];
}

/**
 * Creates an aggregator for a plan with an `aggregate` spec (or for the spec itself).
 *
 * @example
 * const plan = compile('payments where createdTime >= 2025-01-01 group by tender.label select count(), sum(amount)');
 * const agg = createAggregator(plan);
 * for (const r of records) agg.add(r);
 * agg.result(); // [{ 'tender.label': 'Cash', 'count()': 12, 'sum(amount)': 48250 }, …]
 */
export function createAggregator(source: Plan | AggregateSpec): Aggregator {
  const spec = 'version' in source ? source.aggregate : source;
  if (!spec) throw new TypeError('createAggregator: the plan has no group by or aggregates');
  const keyReaders = spec.groupBy.map((k) => keyReader(k, spec.tz));
  const groups = new Map<string, Group>();
  const having = spec.having ? compileHaving(spec.having) : null;

  const groupOf = (keys: RowValue[]): Group => {
    // One key needs no array around it; the type prefix keeps 1 and '1' apart.
    const id = keys.length === 1 ? idOf(keys[0]!) : JSON.stringify(keys);
    let g = groups.get(id);
    if (!g) {
      g = { keys, accumulators: spec.aggregates.map(createAccumulator) };
      groups.set(id, g);
    }
    return g;
  };
  // `select count()` without group by is one group even with no records, as in SQL.
  if (spec.groupBy.length === 0) groupOf([]);

  return {
    add(record) {
      const g = groupOf(keyReaders.map((read) => read(record)));
      for (const a of g.accumulators) a.add(record);
    },
    result() {
      const rows: Map<string, RowValue>[] = [];
      for (const g of groups.values()) {
        const values = new Map<string, RowValue>();
        spec.groupBy.forEach((k, i) => {
          values.set(k.key, g.keys[i]!);
        });
        spec.aggregates.forEach((a, i) => {
          values.set(a.key, g.accumulators[i]!.value());
        });
        if (!having || having(values) === true) rows.push(values);
      }
      rows.sort(rowOrder(spec));
      const kept = spec.limit === null ? rows : rows.slice(0, spec.limit);
      return kept.map((values) => {
        const row: Record<string, RowValue> = {};
        for (const o of spec.output) row[o.name] = values.get(o.key) ?? null;
        return row;
      });
    },
  };
}

interface Group {
  readonly keys: RowValue[];
  readonly accumulators: Accumulator[];
}

interface Accumulator {
  add(record: unknown): void;
  value(): RowValue;
}

function idOf(v: RowValue): string {
  return v === null ? 'null' : `${typeof v}:${String(v)}`;
}

/** Rows by the order-by key (nulls last either way), then by the group keys ascending. */
function rowOrder(
  spec: AggregateSpec,
): (a: Map<string, RowValue>, b: Map<string, RowValue>) => number {
  const keys = spec.groupBy.map((k) => k.key);
  const order = spec.orderBy;
  return (a, b) => {
    if (order) {
      const c = compareRowValues(a.get(order.key) ?? null, b.get(order.key) ?? null, {
        descending: order.direction === 'desc',
      });
      if (c !== 0) return c;
    }
    for (const k of keys) {
      const c = compareRowValues(a.get(k) ?? null, b.get(k) ?? null, { descending: false });
      if (c !== 0) return c;
    }
    return 0;
  };
}

function scalarAt(record: unknown, path: string): string | number | boolean | null {
  const v = readPath(record, path);
  return typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && !Number.isNaN(v))
    ? v
    : null;
}

function keyReader(k: GroupKey, tz: string): (record: unknown) => RowValue {
  switch (k.kind) {
    case 'field':
      return (r) => scalarAt(r, k.path);
    case 'bucket': {
      const bucket = createBucketer({ unit: k.unit, weekStart: k.weekStart, tz });
      return (r) => {
        const v = readPath(r, k.path);
        return typeof v === 'number' && Number.isFinite(v) ? bucket(v) : null;
      };
    }
    default:
      return assertNever(k);
  }
}

/** A number an aggregate may use: finite, and for money a whole number of cents. */
function numberAt(record: unknown, a: AggregateColumn): number | null {
  const v = readPath(record, a.path ?? '');
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  return a.type === 'money' && !Number.isSafeInteger(v) ? null : v;
}

function createAccumulator(a: AggregateColumn): Accumulator {
  switch (a.fn) {
    case 'count': {
      if (a.path === null) {
        let n = 0;
        return { add: () => void n++, value: () => n };
      }
      const path = a.path;
      if (a.distinct) {
        const seen = new Set<string | number | boolean>();
        return {
          add: (r) => {
            const v = scalarAt(r, path);
            if (v !== null) seen.add(v);
          },
          value: () => seen.size,
        };
      }
      let n = 0;
      return {
        add: (r) => {
          if (scalarAt(r, path) !== null) n++;
        },
        value: () => n,
      };
    }
    case 'sum':
    case 'avg': {
      const exact = a.type === 'money';
      const sum = exact ? exactSum() : floatSum();
      let n = 0;
      return {
        add: (r) => {
          const v = numberAt(r, a);
          if (v === null) return;
          sum.add(v);
          n++;
        },
        value: () => {
          if (n === 0) return null;
          if (a.fn === 'sum') return sum.value();
          return exact ? roundedQuotient(sum.big(), n) : (sum.value() as number) / n;
        },
      };
    }
    case 'min':
    case 'max': {
      const better =
        a.fn === 'min' ? (x: number, y: number) => x < y : (x: number, y: number) => x > y;
      let best: number | null = null;
      return {
        add: (r) => {
          const v = numberAt(r, a);
          if (v !== null && (best === null || better(v, best))) best = v;
        },
        value: () => best,
      };
    }
    default:
      return assertNever(a.fn);
  }
}

interface Sum {
  add(v: number): void;
  /** The sum: a number, or a decimal string when an exact sum is beyond ±2^53. */
  value(): number | string;
  big(): bigint;
}

/** Integer sum, exact at any size: a float while safe, BigInt once a step could round. */
function exactSum(): Sum {
  let small = 0;
  let big: bigint | null = null;
  return {
    add(v) {
      if (big === null) {
        const next = small + v;
        if (Number.isSafeInteger(next)) {
          small = next;
          return;
        }
        big = BigInt(small);
      }
      big += BigInt(v);
    },
    value() {
      if (big === null) return small;
      return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(big)
        : big.toString();
    },
    big: () => big ?? BigInt(small),
  };
}

function floatSum(): Sum {
  let s = 0;
  return {
    add(v) {
      s += v;
    },
    value: () => s,
    big: () => BigInt(Math.trunc(s)),
  };
}

/** `sum / n` rounded half away from zero, exactly; a number when safe, else a decimal string. */
function roundedQuotient(sum: bigint, n: number): number | string {
  const d = BigInt(n);
  let q = sum / d;
  const r = sum % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) q += sum < 0n ? -1n : 1n;
  return q <= BigInt(Number.MAX_SAFE_INTEGER) && q >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(q)
    : q.toString();
}
