/**
 * A sorted index over one time column: positions ordered by `(time, id)`, answered by binary
 * search. A time-bounded page touches only the records in its range, never the whole table.
 */

/** One end of a time range, in UTC ms. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

/**
 * Positions in the order of one time field, `(time, id)`, within bounds: what a query walks
 * instead of the whole table. Records whose field is null are not in it.
 */
export interface OrderedIndex {
  /** The positions within the bounds, ascending by `(time, id)` or descending. */
  scan(lower: Bound | null, upper: Bound | null, desc: boolean): Iterable<number>;
  /** At least as many entries as {@link scan} yields for these bounds; used to pick an index. */
  estimate(lower: Bound | null, upper: Bound | null): number;
}

/** The ids of a table, for breaking ties between equal times. */
export interface IdColumns {
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
}

/**
 * Record positions sorted by `keys[pos]`, then by id. Stable for equal ids (there are none:
 * ids are unique).
 *
 * @example sortByTimeThenId(createdTimes, ids) // Uint32Array of positions
 */
export function sortByTimeThenId(keys: Float64Array, ids: IdColumns): Uint32Array {
  const { idHi, idLo } = ids;
  // Null times (NaN, e.g. `deletedTime` of a live order) are not in the index.
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (!Number.isNaN(keys[i])) n++;
  const order = new Uint32Array(n);
  for (let i = 0, j = 0; i < keys.length; i++) if (!Number.isNaN(keys[i])) order[j++] = i;
  order.sort(
    (a, b) =>
      (keys[a] as number) - (keys[b] as number) ||
      (idHi[a] as number) - (idHi[b] as number) ||
      (idLo[a] as number) - (idLo[b] as number),
  );
  return order;
}

/**
 * Positions of a table in the order of one time field. `order === null` means the table is
 * itself stored in that order (`createdTime`), so position `i` is rank `i`.
 */
export class TimeIndex implements OrderedIndex {
  readonly keys: Float64Array;
  private readonly order: Uint32Array | null;

  constructor(keys: Float64Array, order: Uint32Array | null) {
    this.keys = keys;
    this.order = order;
  }

  /** Builds the index of `keys`, sorting by `(key, id)`. */
  static build(keys: Float64Array, ids: IdColumns): TimeIndex {
    return new TimeIndex(keys, sortByTimeThenId(keys, ids));
  }

  /** Number of entries. */
  get size(): number {
    return this.order === null ? this.keys.length : this.order.length;
  }

  /** The position of rank `i`. */
  at(i: number): number {
    return this.order === null ? i : (this.order[i] as number);
  }

  /** Whether ranks are positions (the table is stored in this index's order). */
  get isIdentity(): boolean {
    return this.order === null;
  }

  private keyAt(i: number): number {
    return this.keys[this.at(i)] as number;
  }

  /** The first rank whose key is `>= value` (or `> value` when `strict`). */
  private search(value: number, strict: boolean): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keyAt(mid);
      if (k < value || (strict && k === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The half-open rank range `[start, end)` of entries within the bounds; a missing bound is
   * open. Empty when `start >= end`.
   *
   * @example index.range({ value: a, inclusive: true }, { value: b, inclusive: false })
   */
  range(lower: Bound | null, upper: Bound | null): { start: number; end: number } {
    const start = lower === null ? 0 : this.search(lower.value, !lower.inclusive);
    const end = upper === null ? this.size : this.search(upper.value, upper.inclusive);
    return { start, end: Math.max(start, end) };
  }

  estimate(lower: Bound | null, upper: Bound | null): number {
    const { start, end } = this.range(lower, upper);
    return end - start;
  }

  *scan(lower: Bound | null, upper: Bound | null, desc: boolean): IterableIterator<number> {
    const { start, end } = this.range(lower, upper);
    if (desc) for (let i = end - 1; i >= start; i--) yield this.at(i);
    else for (let i = start; i < end; i++) yield this.at(i);
  }
}
