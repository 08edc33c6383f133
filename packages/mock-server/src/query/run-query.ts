import { fieldSpec } from '@cloverql/dsl';
import type { TimeRange } from '../clamp/clamp.js';
import { compileCondition, type PositionMatcher } from '../filter/evaluate.js';
import type { Condition } from '../filter/filter-types.js';
import type { SortKey } from '../paging/order-by.js';
import type { FieldValue, ResourceTable } from '../store/resource-table.js';

/** What to fetch from a table. */
export interface QuerySpec {
  /** Conditions checked record by record (all must hold). */
  readonly conditions: readonly Condition[];
  /** Effective time ranges; each is answered from the field's sorted index. */
  readonly ranges: ReadonlyMap<string, TimeRange>;
  readonly orderBy: readonly SortKey[];
  readonly offset: number;
  readonly limit: number;
}

function inRange(value: FieldValue, range: TimeRange): boolean {
  if (typeof value !== 'number') return false;
  const { lower, upper } = range;
  if (lower && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
  if (upper && (upper.inclusive ? value > upper.value : value >= upper.value)) return false;
  return true;
}

function rangeMatcher(table: ResourceTable, field: string, range: TimeRange): PositionMatcher {
  const read = table.accessor(field);
  if (!read) throw new TypeError(`${table.resource} has no time field ${field}`);
  return (pos) => inRange(read(pos), range);
}

/** Compares two positions by the sort keys; nulls sort last; ties by id in the first key's direction. */
function comparator(table: ResourceTable, keys: readonly SortKey[]) {
  const readers = keys.map((k) => {
    const read = table.accessor(k.field);
    if (!read) throw new TypeError(`${table.resource} has no field ${k.field}`);
    return { read, sign: k.direction === 'desc' ? -1 : 1 };
  });
  const idSign = keys[0]?.direction === 'desc' ? -1 : 1;
  return (a: number, b: number): number => {
    for (const { read, sign } of readers) {
      const va = read(a);
      const vb = read(b);
      if (va === vb) continue;
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * sign;
    }
    return table.compareIds(a, b) * idSign;
  };
}

/**
 * The positions of one page: records in the time ranges that satisfy every condition, in the
 * requested order, from `offset`, at most `limit`.
 *
 * Time-bounded requests never scan the table: the candidates are the binary-searched rank range
 * of one bounded field. When the order is a single time key over that field's index (the default,
 * newest first by `createdTime`), the page is read straight off the index and the work is
 * proportional to `offset + limit` plus the records the conditions reject. Otherwise the
 * candidates are collected and sorted. Positions are stored in `(createdTime, id)` order, so
 * sorting by `createdTime` is a numeric sort of positions.
 *
 * @example runQuery(orders, { conditions: [], ranges, orderBy: DEFAULT_ORDER, offset: 0, limit: 100 })
 */
export function runQuery(table: ResourceTable, spec: QuerySpec): number[] {
  const bounded = [...spec.ranges].map(([field, range]) => {
    const index = table.timeIndex(field);
    if (!index) throw new TypeError(`${table.resource} has no index on ${field}`);
    return { field, range, index, size: index.estimate(range.lower, range.upper) };
  });
  const first = spec.orderBy[0];
  // An index leaves out null times, so only a field no record lacks can stream a whole page.
  const streamable =
    spec.orderBy.length === 1 &&
    first !== undefined &&
    fieldSpec(table.resource, first.field)?.nullable === false &&
    table.timeIndex(first.field) !== undefined;
  const source =
    (streamable ? bounded.find((b) => b.field === first.field) : undefined) ??
    bounded.reduce<(typeof bounded)[number] | undefined>(
      (best, b) => (best === undefined || b.size < best.size ? b : best),
      undefined,
    );
  const matchers: PositionMatcher[] = spec.conditions.map((c) => compileCondition(c, table));
  for (const b of bounded) if (b !== source) matchers.push(rangeMatcher(table, b.field, b.range));
  const matches = (pos: number) => matchers.every((m) => m(pos));
  const index = source?.index ?? (streamable ? table.timeIndex(first.field) : undefined);
  const lower = source?.range.lower ?? null;
  const upper = source?.range.upper ?? null;

  if (streamable && index && (source === undefined || source.field === first.field)) {
    const page: number[] = [];
    let skip = spec.offset;
    for (const pos of index.scan(lower, upper, first.direction === 'desc')) {
      if (page.length >= spec.limit) break;
      if (!matches(pos)) continue;
      if (skip > 0) skip--;
      else page.push(pos);
    }
    return page;
  }

  const hits: number[] = [];
  if (index) {
    for (const pos of index.scan(lower, upper, false)) if (matches(pos)) hits.push(pos);
  } else {
    // Only an unbounded scan meets removed records: indexes leave them out.
    const gone = table.hasGone;
    for (let pos = 0; pos < table.count; pos++) {
      if ((!gone || table.live(pos)) && matches(pos)) hits.push(pos);
    }
  }
  if (spec.orderBy.length === 1 && first?.field === 'createdTime' && table.storedInCreatedOrder) {
    const sorted = Uint32Array.from(hits).sort();
    if (first.direction === 'desc') sorted.reverse();
    return Array.from(sorted.subarray(spec.offset, spec.offset + spec.limit));
  }
  hits.sort(comparator(table, spec.orderBy));
  return hits.slice(spec.offset, spec.offset + spec.limit);
}
