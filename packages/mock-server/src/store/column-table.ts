import { type ResourceName, resourceSpec } from '@cloverql/dsl';
import { decodeCloverId, encodeCloverId } from '../ids/clover-id.js';
import type { IdPermutation } from '../ids/id-permutation.js';
import type { FieldAccessor, MockRecord, RecordOptions, ResourceTable } from './resource-table.js';
import { type IdColumns, TimeIndex } from './time-index.js';

/** Columns every table has. */
export interface BaseColumns extends IdColumns {
  readonly count: number;
  /** Generation slot -> position, to find a record from its id. */
  readonly posOfSlot: Uint32Array;
  readonly createdTime: Float64Array;
}

/** How a {@link ColumnTable} is built. */
export interface ColumnTableInit<C extends BaseColumns> {
  readonly resource: ResourceName;
  readonly columns: C;
  /** The permutation that turned generation slots into ids. */
  readonly ids: IdPermutation;
  /** Every catalogue field's accessor. */
  readonly accessors: ReadonlyMap<string, FieldAccessor>;
}

/** The id of `pos` in id columns. */
export function idAt(ids: IdColumns, pos: number): string {
  return encodeCloverId(ids.idHi[pos] as number, ids.idLo[pos] as number);
}

/**
 * What all tables share: the sorted index of each of the resource's time fields (the catalogue's
 * `timeFields`; `createdTime` is the storage order itself), id lookups and accessors.
 */
export abstract class ColumnTable<C extends BaseColumns> implements ResourceTable {
  readonly resource: ResourceName;
  readonly count: number;
  readonly byteSize: number;
  protected readonly c: C;
  protected readonly accessors: ReadonlyMap<string, FieldAccessor>;
  private readonly ids: IdPermutation;
  private readonly indexes: ReadonlyMap<string, TimeIndex>;

  constructor(init: ColumnTableInit<C>) {
    const c = init.columns;
    this.resource = init.resource;
    this.c = c;
    this.count = c.count;
    this.ids = init.ids;
    this.accessors = init.accessors;
    const indexes = new Map<string, TimeIndex>();
    for (const field of resourceSpec(init.resource).timeFields) {
      const keys = (c as unknown as Record<string, unknown>)[field];
      if (!(keys instanceof Float64Array)) throw new TypeError(`no time column ${field}`);
      indexes.set(
        field,
        field === 'createdTime' ? new TimeIndex(keys, null) : TimeIndex.build(keys, c),
      );
    }
    this.indexes = indexes;
    let bytes = 0;
    for (const v of Object.values(c)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
    for (const ix of indexes.values()) if (!ix.isIdentity) bytes += ix.size * 4;
    this.byteSize = bytes;
  }

  readonly storedInCreatedOrder = true;
  readonly hasGone = false;

  live(_pos: number): boolean {
    return true;
  }

  timeIndex(field: string): TimeIndex | undefined {
    return this.indexes.get(field);
  }

  accessor(field: string): FieldAccessor | undefined {
    return this.accessors.get(field);
  }

  idOf(pos: number): string {
    return idAt(this.c, pos);
  }

  compareIds(a: number, b: number): number {
    const d =
      (this.c.idHi[a] as number) - (this.c.idHi[b] as number) ||
      (this.c.idLo[a] as number) - (this.c.idLo[b] as number);
    return Math.sign(d);
  }

  findById(id: string): number {
    const decoded = decodeCloverId(id);
    if (decoded === null) return -1;
    const [hi, slot] = this.ids.inverse(decoded.hi, decoded.lo);
    if (hi !== 0 || slot >= this.count) return -1;
    return this.c.posOfSlot[slot] as number;
  }

  /** The value of a field at `pos`, null when absent. */
  protected get(field: string, pos: number): string | number | boolean | null {
    return this.accessors.get(field)?.(pos) ?? null;
  }

  /** A new record object holding `href` (when asked for) and `id`, Clover's first two keys. */
  protected head(pos: number, options: RecordOptions): Record<string, unknown> {
    const id = this.idOf(pos);
    return options.hrefBase === undefined ? { id } : { href: options.hrefBase + id, id };
  }

  abstract record(pos: number, options?: RecordOptions): MockRecord;
}
