import { NESTED_LIST_MAX, type ResourceName, resourceSpec } from '@cloverql/dsl';
import { fieldsOf } from './record-fields.js';
import type {
  FieldAccessor,
  FieldValue,
  MockRecord,
  RecordOptions,
  ResourceTable,
} from './resource-table.js';
import type { Bound, OrderedIndex } from './time-index.js';

/** A record the overlay holds as an object: inserted, or a generated one that changed. */
export interface OverlayRow {
  readonly id: string;
  /** The record as the API returns it, without `href` and nested lists. */
  readonly body: MockRecord;
  /** The order's line items when they were changed; null keeps the generated ones. */
  readonly lineItems: readonly MockRecord[] | null;
  /** Removed outright (payments, refunds): gone from every answer. */
  readonly gone: boolean;
}

interface StoredRow extends OverlayRow {
  readonly fields: Map<string, FieldValue>;
}

/** Nested lists a record never keeps in its body. */
const NESTED = ['lineItems', 'payments'] as const;

/** The body of a record: no `href`, no nested lists. */
export function bodyOf(record: MockRecord): MockRecord {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k !== 'href' && !(NESTED as readonly string[]).includes(k)) out[k] = v;
  }
  return out;
}

/**
 * The index of one time field over base and overlay: the generated table's sorted index, minus
 * the positions the overlay took over, merged on the fly with a small sorted list of the
 * overlay's entries. A change costs a binary search and an array splice, never a re-sort.
 */
class MergedIndex implements OrderedIndex {
  /** Overlay positions by `(key, id)`, with their keys alongside. */
  private readonly positions: number[] = [];
  private readonly keys: number[] = [];

  constructor(
    private readonly base: OrderedIndex | undefined,
    /** The field's value at a generated position. */
    private readonly baseKey: FieldAccessor,
    private readonly table: OverlayTable,
  ) {}

  /** Compares the entry in slot `i` with `(key, pos)`: negative when it comes first. */
  private cmp(i: number, key: number, pos: number): number {
    return (
      (this.keys[i] as number) - key || this.table.compareIds(this.positions[i] as number, pos)
    );
  }

  /** The first slot whose entry is not before `(key, pos)`. */
  private slot(key: number, pos: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cmp(mid, key, pos) < 0) {
        lo = mid + 1;
      } else hi = mid;
    }
    return lo;
  }

  /** The first slot whose key is `>= value` (`> value` when `strict`). */
  private firstAtLeast(value: number, strict: boolean): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid] as number;
      if (k < value || (strict && k === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes the entry `(key, pos)` when present. */
  remove(key: number, pos: number): void {
    const i = this.slot(key, pos);
    if (this.positions[i] === pos) {
      this.positions.splice(i, 1);
      this.keys.splice(i, 1);
    }
  }

  add(key: number, pos: number): void {
    const i = this.slot(key, pos);
    this.positions.splice(i, 0, pos);
    this.keys.splice(i, 0, key);
  }

  estimate(lower: Bound | null, upper: Bound | null): number {
    return (this.base?.estimate(lower, upper) ?? 0) + this.keys.length;
  }

  *scan(lower: Bound | null, upper: Bound | null, desc: boolean): IterableIterator<number> {
    const table = this.table;
    const sign = desc ? -1 : 1;
    // The overlay's entries within bounds, in scan order: a binary-searched slice of its list.
    const lo = lower === null ? 0 : this.firstAtLeast(lower.value, !lower.inclusive);
    const hi = upper === null ? this.keys.length : this.firstAtLeast(upper.value, upper.inclusive);
    const mine: number[] = [];
    for (let j = 0; j < hi - lo; j++) mine.push(desc ? hi - 1 - j : lo + j);
    let m = 0;
    if (this.base) {
      for (const pos of this.base.scan(lower, upper, desc)) {
        if (table.isTaken(pos)) continue;
        const key = this.baseKey(pos) as number;
        while (m < mine.length) {
          const i = mine[m] as number;
          if (this.cmp(i, key, pos) * sign >= 0) {
            break;
          }
          yield this.positions[i] as number;
          m++;
        }
        yield pos;
      }
    }
    for (; m < mine.length; m++) yield this.positions[mine[m] as number] as number;
  }
}

/**
 * A generated table with a mutation overlay: inserted records get positions after the
 * generated ones, changed generated records are held as objects (their columns left as they
 * were), removed ones are marked. Accessors, ids and time indexes answer for base and overlay
 * alike, so filters, the clamp, paging and ordering see the data as it is now. Dropping the
 * overlay (a reset) is dropping this object.
 */
export class OverlayTable implements ResourceTable {
  readonly resource: ResourceName;
  private readonly base: ResourceTable;
  private readonly rows = new Map<number, StoredRow>();
  private readonly inserted = new Map<string, number>();
  private taken: Uint8Array | null = null;
  private readonly indexes = new Map<string, MergedIndex>();
  private readonly indexFields: readonly string[];
  private readonly baseCreated: FieldAccessor;
  private goneCount = 0;
  private nextPos: number;

  constructor(base: ResourceTable) {
    this.base = base;
    this.resource = base.resource;
    this.nextPos = base.count;
    this.indexFields = resourceSpec(base.resource).timeFields;
    for (const f of this.indexFields) {
      const read = base.accessor(f);
      if (!read) throw new TypeError(`${base.resource} has no time field ${f}`);
      this.indexes.set(f, new MergedIndex(base.timeIndex(f), read, this));
    }
    const created = base.accessor('createdTime');
    if (!created) throw new TypeError(`${base.resource} has no createdTime`);
    this.baseCreated = created;
  }

  get count(): number {
    return this.nextPos;
  }

  get byteSize(): number {
    return this.base.byteSize;
  }

  /** How many records the overlay holds (inserted, changed or removed). */
  get changed(): number {
    return this.rows.size;
  }

  /** Whether positions are still in `(createdTime, id)` order (no overlay at all). */
  get storedInCreatedOrder(): boolean {
    return this.rows.size === 0;
  }

  /** Whether the overlay took over a generated position (the base index must skip it). */
  isTaken(pos: number): boolean {
    return this.taken !== null && this.taken[pos] === 1;
  }

  timeIndex(field: string): OrderedIndex | undefined {
    const index = this.indexes.get(field);
    if (!index) return undefined;
    if (this.rows.size === 0) return this.base.timeIndex(field);
    return index;
  }

  accessor(field: string): FieldAccessor | undefined {
    const read = this.base.accessor(field);
    if (!read || this.rows.size === 0) return read;
    const baseCount = this.base.count;
    return (pos) => {
      if (pos < baseCount && !this.isTaken(pos)) return read(pos);
      return this.rows.get(pos)?.fields.get(field) ?? null;
    };
  }

  /** Whether the record at `pos` exists (not removed outright). */
  live(pos: number): boolean {
    return this.goneCount === 0 || !this.rows.get(pos)?.gone;
  }

  /** Whether any record was removed outright, so scans must ask {@link live}. */
  get hasGone(): boolean {
    return this.goneCount > 0;
  }

  idOf(pos: number): string {
    return this.rows.get(pos)?.id ?? this.base.idOf(pos);
  }

  compareIds(a: number, b: number): number {
    const baseCount = this.base.count;
    if (a < baseCount && b < baseCount) return this.base.compareIds(a, b);
    const ia = this.idOf(a);
    const ib = this.idOf(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  }

  findById(id: string): number {
    const pos = this.inserted.get(id) ?? this.base.findById(id);
    if (pos < 0 || this.rows.get(pos)?.gone) return -1;
    return pos;
  }

  /** The overlay's row at `pos`, if it holds one. */
  row(pos: number): OverlayRow | undefined {
    return this.rows.get(pos);
  }

  /** The generated line items of an order at a generated position (for a change to them). */
  baseRecord(pos: number, options?: RecordOptions): MockRecord {
    return this.base.record(pos, options);
  }

  record(pos: number, options: RecordOptions = {}): MockRecord {
    const row = this.rows.get(pos);
    if (!row) return this.base.record(pos, options);
    const r: Record<string, unknown> =
      options.hrefBase === undefined ? {} : { href: options.hrefBase + row.id };
    Object.assign(r, row.body);
    if (options.expand?.has('lineItems')) {
      const items =
        row.lineItems ??
        (pos < this.base.count
          ? ((
              (this.base.record(pos, { expand: new Set(['lineItems']) }).lineItems as {
                elements: MockRecord[];
              }) ?? { elements: [] }
            ).elements as readonly MockRecord[])
          : []);
      r.lineItems = { elements: items.slice(0, NESTED_LIST_MAX) };
    }
    if (options.expand?.has('payments') && this.resource === 'orders') {
      const hrefBase = options.hrefBase;
      const payments =
        pos < this.base.count
          ? ((
              this.base.record(pos, {
                expand: new Set(['payments']),
                ...(hrefBase === undefined ? {} : { hrefBase }),
              }).payments as { elements: MockRecord[] }
            ).elements ?? [])
          : [];
      r.payments = { elements: payments };
    }
    return r;
  }

  /** Writes the record at `pos` (a new position appends), keeping every index in step. */
  put(pos: number, row: OverlayRow): void {
    const old = this.rows.get(pos);
    const oldFields =
      old?.fields ?? (pos < this.base.count ? this.baseFields(pos) : new Map<string, FieldValue>());
    const fields = fieldsOf(this.resource, row.body);
    for (const [field, index] of this.indexes) {
      const before = oldFields.get(field);
      if (old && !old.gone && typeof before === 'number') index.remove(before, pos);
      const after = fields.get(field);
      if (!row.gone && typeof after === 'number') index.add(after, pos);
    }
    if (pos < this.base.count) {
      this.taken ??= new Uint8Array(this.base.count);
      this.taken[pos] = 1;
    } else if (pos === this.nextPos) {
      this.nextPos++;
      this.inserted.set(row.id, pos);
    } else if (!old) {
      throw new RangeError(`position ${pos} is past the table's end`);
    }
    if (row.gone && !old?.gone) this.goneCount++;
    this.rows.set(pos, { ...row, fields });
  }

  private baseFields(pos: number): Map<string, FieldValue> {
    const out = new Map<string, FieldValue>();
    for (const f of this.indexFields) out.set(f, this.base.accessor(f)?.(pos) ?? null);
    return out;
  }

  /** The createdTime of a position, for ordering `records()`. */
  createdTimeOf(pos: number): number {
    return (
      (this.rows.get(pos)?.fields.get('createdTime') as number) ?? (this.baseCreated(pos) as number)
    );
  }
}
